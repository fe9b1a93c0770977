// `winnow crawl.warc.gz`: WARC input end to end, on WARC files the tests write.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/cli/run.h"
#include "tests/load/warc_writer.h"

using Json = nlohmann::json;
using namespace warc_test;

namespace {

std::string url(int i) { return "https://news.example.com/2024/story-" + std::to_string(i); }
std::string words(int i) { return "Story" + std::to_string(i) + " words"; }

// A crawl of `pages` pages (request, response, metadata each), gzip per record, and a PDF.
std::string crawl(int pages, bool gz = true) {
  std::string out;
  Record info;
  info.type = "warcinfo";
  info.id = "<urn:uuid:info>";
  info.content_type = "application/warc-fields";
  info.block = "software: test\r\n";
  out += gz ? gzip(record(info)) : record(info);
  for (int i = 0; i < pages; ++i) {
    Record request;
    request.type = "request";
    request.id = "<urn:uuid:q" + std::to_string(i) + ">";
    request.content_type = "application/http; msgtype=request";
    request.block = "GET / HTTP/1.1\r\n\r\n";
    const std::string page = page_record("p" + std::to_string(i), url(i), words(i));
    out += gz ? gzip(record(request)) + gzip(page) : record(request) + page;
  }
  Record pdf;
  pdf.id = "<urn:uuid:pdf>";
  pdf.uri = "https://news.example.com/a.pdf";
  pdf.block = http("%PDF-1.4", "application/pdf");
  out += gz ? gzip(record(pdf)) : record(pdf);
  return out;
}

std::vector<Json> lines(const std::string& out) {
  std::vector<Json> v;
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = out.find('\n', start);
    v.push_back(Json::parse(out.substr(start, end - start)));
    start = end + 1;
  }
  return v;
}

}  // namespace

TEST_CASE("a WARC file's pages come out as JSON Lines, in record order, with their metadata") {
  const std::string dir = temp_dir();
  write_whole(dir + "/crawl.warc.gz", crawl(5));
  RunResult r = run_winnow({dir + "/crawl.warc.gz"});
  CHECK(r.exit_code == 0);
  std::vector<Json> got = lines(r.out);
  REQUIRE(got.size() == 5);
  for (int i = 0; i < 5; ++i) {
    CHECK(got[i]["url"] == url(i));
    CHECK(got[i]["warc_record_id"] == "<urn:uuid:p" + std::to_string(i) + ">");
    CHECK(got[i]["date"] == "2024-05-06T07:08:09Z");
    CHECK(got[i]["status"] == 200);
    CHECK(got[i]["title"] == "Title p" + std::to_string(i));
    CHECK(got[i]["charset"] == "utf-8");
    CHECK(got[i]["text"].get<std::string>().find(words(i)) != std::string::npos);
    CHECK(!got[i].contains("error"));
  }
  // The first keys, in this order.
  CHECK(r.out.rfind("{\"url\":", 0) == 0);
  CHECK(r.out.find("\"warc_record_id\"") < r.out.find("\"date\""));
  CHECK(r.out.find("\"title\"") < r.out.find("\"text\""));
  CHECK(r.err == "winnow: " + dir + "/crawl.warc.gz: 5 pages cleaned; 7 other records skipped (1 not HTML, "
                                    "5 request, 1 warcinfo)\n");
}

TEST_CASE("a page's text is the same from the WARC file as from the saved page with its URL") {
  const std::string dir = temp_dir();
  write_whole(dir + "/crawl.warc", crawl(3, false));
  RunResult warc = run_winnow({"-q", dir + "/crawl.warc"});
  REQUIRE(warc.exit_code == 0);
  std::vector<Json> got = lines(warc.out);
  REQUIRE(got.size() == 3);
  for (int i = 0; i < 3; ++i) {
    // The page's HTML, as page_record wrote it: cut from the WARC's HTTP body.
    const std::string rec = page_record("p" + std::to_string(i), url(i), words(i));
    const std::string html = rec.substr(rec.find("<!doctype"), rec.find("</html>") + 7 - rec.find("<!doctype"));
    write_whole(dir + "/page.html", html);
    RunResult file = run_winnow({"-f", "jsonl", "--url", url(i), dir + "/page.html"});
    REQUIRE(file.exit_code == 0);
    const Json expected = Json::parse(file.out);
    CHECK(got[i]["text"] == expected["text"]);
    CHECK(got[i]["title"] == expected["title"]);
  }
}

TEST_CASE("--jobs 4 gives exactly what --jobs 1 gives; -o DIR writes DIR/crawl.jsonl atomically") {
  const std::string dir = temp_dir();
  write_whole(dir + "/crawl.warc.gz", crawl(40));
  RunResult one = run_winnow({"-q", "--jobs", "1", dir + "/crawl.warc.gz"});
  RunResult four = run_winnow({"-q", "--jobs", "4", dir + "/crawl.warc.gz"});
  CHECK(one.exit_code == 0);
  CHECK(four.exit_code == 0);
  CHECK(count_lines(one.out) == 40);
  CHECK(one.out == four.out);
  RunResult to_dir = run_winnow({"-q", "--jobs", "3", "-o", dir + "/out", dir + "/crawl.warc.gz"});
  CHECK(to_dir.exit_code == 0);
  CHECK(to_dir.out.empty());
  CHECK(read_whole(dir + "/out/crawl.jsonl") == one.out);
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/out")) files += e.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("standard input with --input-format warc; one stream of gzip") {
  const std::string plain = crawl(2, false);
  RunResult r = run_winnow({"-q", "--input-format", "warc", "-"}, gzip(plain));
  CHECK(r.exit_code == 0);
  CHECK(count_lines(r.out) == 2);
  RunResult no_arg = run_winnow({"-q", "--input-format=warc"}, plain);
  CHECK(no_arg.out == r.out);
}

TEST_CASE("a file that is not WARC is one clear error, exit 1, and no output file") {
  const std::string dir = temp_dir();
  write_whole(dir + "/page.warc", "<html><body><p>Not a crawl.</p></body></html>");
  RunResult r = run_winnow({"-o", dir + "/out", dir + "/page.warc"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + dir + "/page.warc: not a WARC file (it starts with \"<html><body><p>Not a cra\", "
                                    "where a WARC file starts with \"WARC/1.0\" or \"WARC/1.1\")\n");
  CHECK(!std::filesystem::exists(dir + "/out/page.jsonl"));
  RunResult missing = run_winnow({dir + "/none.warc.gz"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "winnow: " + dir + "/none.warc.gz: no such file\n");
}

TEST_CASE("a broken record is reported with its offset and id, the others are cleaned, exit 1") {
  const std::string dir = temp_dir();
  std::string bytes = gzip(page_record("p0", url(0), words(0)));
  const std::size_t offset = bytes.size();
  std::string broken = page_record("p1", url(1), words(1));
  broken.resize(broken.size() - 100);  // cut short: its Content-Length runs into the next record
  bytes += gzip(broken) + gzip(page_record("p2", url(2), words(2)));
  write_whole(dir + "/crawl.warc.gz", bytes);
  RunResult r = run_winnow({dir + "/crawl.warc.gz"});
  CHECK(r.exit_code == 1);
  std::vector<Json> got = lines(r.out);
  REQUIRE(got.size() == 2);
  CHECK(got[0]["url"] == url(0));
  CHECK(got[1]["url"] == url(2));
  CHECK(r.err.find("winnow: " + dir + "/crawl.warc.gz: offset " + std::to_string(offset) + ": record <urn:uuid:p1>: ") == 0);
  CHECK(count_lines(r.err) == 2);
  CHECK(r.err.find("2 pages cleaned; 1 broken record skipped\n") != std::string::npos);
}

TEST_CASE("a page that fails to clean is an error line in the stream and on stderr") {
  const std::string dir = temp_dir();
  Record empty;
  empty.id = "<urn:uuid:empty>";
  empty.uri = "https://news.example.com/empty";
  empty.block = http("   ");
  write_whole(dir + "/crawl.warc", page_record("p0", url(0), words(0)) + record(empty));
  RunResult r = run_winnow({"-q", dir + "/crawl.warc"});
  CHECK(r.exit_code == 1);
  std::vector<Json> got = lines(r.out);
  REQUIRE(got.size() == 2);
  CHECK(got[1]["url"] == "https://news.example.com/empty");
  CHECK(got[1]["error"]["code"] == "empty");
  CHECK(r.err.find("winnow: " + dir + "/crawl.warc: offset ") == 0);
  CHECK(r.err.find(": https://news.example.com/empty: input is empty\n") != std::string::npos);
  CHECK(count_lines(r.err) == 1);
}

TEST_CASE("usage: --url does not go with a WARC file; --input-format takes auto, html or warc") {
  RunResult url_given = run_winnow({"--url", "https://x.com/", "crawl.warc.gz"});
  CHECK(url_given.exit_code == 2);
  CHECK(url_given.err == "winnow: --url does not go with WARC input: each record names its own URL\n");
  RunResult bad = run_winnow({"--input-format", "arc", "x"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "winnow: unknown input format 'arc' (expected auto, html or warc)\n");
}
