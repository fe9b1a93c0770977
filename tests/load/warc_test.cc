// The WARC reader on files the tests write: the three layouts, the records that are not pages,
// and every kind of damage the reader must survive.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <vector>

#include "tests/load/warc_writer.h"
#include "winnow/warc.h"

using namespace winnow;
using namespace warc_test;

namespace {

struct Read {
  std::vector<WarcPage> pages;
  std::vector<std::string> problems;
  WarcCounts counts;
  WarcNext last = WarcNext::kEnd;
};

Read read_all(std::unique_ptr<WarcReader>& reader) {
  Read r;
  for (int guard = 0; guard < 1000000; ++guard) {
    WarcPage page;
    Error problem;
    const WarcNext next = reader->next(&page, &problem);
    if (next == WarcNext::kPage) r.pages.push_back(std::move(page));
    else if (next == WarcNext::kCorrupt) r.problems.push_back(problem.message);
    else {
      r.last = next;
      if (next == WarcNext::kFailed) r.problems.push_back(problem.message);
      break;
    }
  }
  r.counts = reader->counts();
  return r;
}

Read read_bytes(std::string bytes, WarcOptions options = {}) {
  std::unique_ptr<WarcReader> reader;
  Error e = WarcReader::open_bytes(std::move(bytes), "test.warc", options, &reader);
  REQUIRE_MESSAGE(e.ok(), e.message);
  return read_all(reader);
}

Error open_error(std::string bytes) {
  std::unique_ptr<WarcReader> reader;
  return WarcReader::open_bytes(std::move(bytes), "test.warc", {}, &reader);
}

std::string id(int i) { return "rec-" + std::to_string(i); }
std::string url(int i) { return "https://example.com/story/" + std::to_string(i); }
std::string words(int i) { return "Word" + std::to_string(i) + " story"; }

// A crawl as crawlers write it: warcinfo, then request / response / metadata for each page.
std::vector<std::string> crawl_records(int pages) {
  std::vector<std::string> records;
  Record info;
  info.type = "warcinfo";
  info.id = "<urn:uuid:info>";
  info.content_type = "application/warc-fields";
  info.block = "software: test\r\n";
  records.push_back(record(info));
  for (int i = 0; i < pages; ++i) {
    Record request;
    request.type = "request";
    request.id = "<urn:uuid:req-" + std::to_string(i) + ">";
    request.uri = url(i);
    request.content_type = "application/http; msgtype=request";
    request.block = "GET /story/" + std::to_string(i) + " HTTP/1.1\r\nHost: example.com\r\n\r\n";
    records.push_back(record(request));
    records.push_back(page_record(id(i), url(i), words(i)));
    Record meta;
    meta.type = "metadata";
    meta.id = "<urn:uuid:meta-" + std::to_string(i) + ">";
    meta.uri = url(i);
    meta.content_type = "application/warc-fields";
    meta.block = "fetchTimeMs: 12\r\n";
    records.push_back(record(meta));
  }
  return records;
}

std::string join(const std::vector<std::string>& parts, bool gzip_each) {
  std::string out;
  for (const std::string& p : parts) out += gzip_each ? gzip(p) : p;
  return out;
}

void check_pages(const Read& r, int pages) {
  REQUIRE(r.pages.size() == static_cast<std::size_t>(pages));
  for (int i = 0; i < pages; ++i) {
    CHECK(r.pages[i].url == url(i));
    CHECK(r.pages[i].record_id == "<urn:uuid:" + id(i) + ">");
    CHECK(r.pages[i].date == "2024-05-06T07:08:09Z");
    CHECK(r.pages[i].status == 200);
    CHECK(r.pages[i].charset == "utf-8");
    CHECK(r.pages[i].body.find(words(i)) != std::string::npos);
    CHECK(r.pages[i].body.substr(0, 15) == "<!doctype html>");
  }
}

}  // namespace

TEST_CASE("plain, gzip per record and one gzip stream give the same pages") {
  const std::vector<std::string> records = crawl_records(5);
  const std::string plain = join(records, false);
  for (int layout = 0; layout < 3; ++layout) {
    CAPTURE(layout);
    const std::string bytes = layout == 0 ? plain : layout == 1 ? join(records, true) : gzip(plain);
    Read r = read_bytes(bytes);
    CHECK(r.problems.empty());
    CHECK(r.last == WarcNext::kEnd);
    check_pages(r, 5);
    CHECK(r.counts.records == 16);
    CHECK(r.counts.pages == 5);
    CHECK(r.counts.corrupt == 0);
    CHECK(r.counts.skipped == std::map<std::string, std::size_t>{{"metadata", 5}, {"request", 5}, {"warcinfo", 1}});
  }
}

TEST_CASE("offsets: in the file for plain and per-record gzip, uncompressed for one stream") {
  const std::vector<std::string> records = crawl_records(3);
  std::size_t plain_at = 0, gz_at = 0;
  std::vector<std::size_t> plain_offsets, gz_offsets;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i % 3 == 2) {  // the response records
      plain_offsets.push_back(plain_at);
      gz_offsets.push_back(gz_at);
    }
    plain_at += records[i].size();
    gz_at += gzip(records[i]).size();
  }
  Read plain = read_bytes(join(records, false));
  Read gz = read_bytes(join(records, true));
  Read stream = read_bytes(gzip(join(records, false)));
  for (int i = 0; i < 3; ++i) {
    CHECK(plain.pages[i].offset == plain_offsets[i]);
    CHECK(plain.pages[i].offset_in_file);
    CHECK(gz.pages[i].offset == gz_offsets[i]);
    CHECK(gz.pages[i].offset_in_file);
    CHECK(stream.pages[i].offset == plain_offsets[i]);
    CHECK(!stream.pages[i].offset_in_file);
  }
}

TEST_CASE("records that are not pages are skipped and counted by reason") {
  auto response = [](const std::string& block, const std::string& content_type = "application/http; msgtype=response") {
    Record r;
    r.id = "<urn:uuid:x>";
    r.uri = "https://example.com/x";
    r.block = block;
    r.content_type = content_type;
    return record(r);
  };
  const std::string html = "<html><body><p>Hello there, this is a page.</p></body></html>";
  std::string bytes = response(http(html));
  bytes += response(http("%PDF-1.4 ...", "application/pdf"));
  bytes += response(http("", "text/html", 301, "Location: https://example.com/y\r\n"));
  bytes += response(http(html, "text/html", 404));
  bytes += response(http(html, "text/html", 503));
  bytes += response("dns answer", "text/dns");
  bytes += response(http(html, "text/html", 200, "Content-Encoding: br\r\n"));
  Record revisit;
  revisit.type = "revisit";
  revisit.id = "<urn:uuid:r>";
  revisit.block = "HTTP/1.1 200 OK\r\n\r\n";
  bytes += record(revisit);
  bytes += response(http(html, ""));  // no Content-Type at all: sniffed later, like a browser would
  Read r = read_bytes(bytes);
  CHECK(r.problems.empty());
  CHECK(r.pages.size() == 2);
  CHECK(r.counts.skipped == std::map<std::string, std::size_t>{{"Content-Encoding br", 1},
                                                               {"not HTML", 1},
                                                               {"response not HTTP", 1},
                                                               {"revisit", 1},
                                                               {"status 3xx", 1},
                                                               {"status 4xx", 1},
                                                               {"status 5xx", 1}});
}

TEST_CASE("HTTP bodies: chunked, gzip and deflate encodings are undone; the charset is the header's") {
  const std::string html = "<html><body><p>Chunked and compressed body of the page.</p></body></html>";
  auto response = [](const std::string& block) {
    Record r;
    r.id = "<urn:uuid:x>";
    r.uri = "https://example.com/x";
    r.block = block;
    return record(r);
  };
  const std::string chunked = "1a\r\n" + html.substr(0, 26) + "\r\n" +
                              [&] { char b[16]; std::snprintf(b, sizeof b, "%zx", html.size() - 26); return std::string(b); }() +
                              ";ext=1\r\n" + html.substr(26) + "\r\n0\r\n\r\n";
  std::string bytes = response("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"KOI8-R\"\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked);
  bytes += response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + gzip(html));
  // Stored de-chunked though the header still says chunked (as some crawlers do).
  bytes += response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + html);
  bytes += response("HTTP/1.0 200 OK\nContent-Type: text/html\n\n" + html);  // bare LF line ends
  Read r = read_bytes(bytes);
  REQUIRE(r.pages.size() == 4);
  CHECK(r.problems.empty());
  for (const WarcPage& p : r.pages) CHECK(p.body == html);
  CHECK(r.pages[0].charset == "koi8-r");
  CHECK(r.pages[1].charset.empty());
}

TEST_CASE("WARC/1.0 with the URI in angle brackets and folded header lines") {
  std::string bytes = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:a>\r\nWARC-Date: 2008-04-30T20:48:25Z\r\n"
                      "WARC-Target-URI: <http://example.org/old>\r\nContent-Type: application/http;\r\n msgtype=response\r\n";
  const std::string block = http("<html><body><p>Old page.</p></body></html>");
  bytes += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
  Read r = read_bytes(bytes);
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0].url == "http://example.org/old");
}

TEST_CASE("a truncated last record is reported with its offset and id; the pages before it are kept") {
  const std::vector<std::string> records = crawl_records(4);
  const std::string plain = join(records, false);
  std::size_t last_response = plain.rfind("WARC/1.1\r\nWARC-Type: response");
  const std::string cut = plain.substr(0, last_response + 400);
  for (int layout = 0; layout < 3; ++layout) {
    CAPTURE(layout);
    std::string bytes;
    if (layout == 0) bytes = cut;
    else if (layout == 1) {  // per record, the last member cut short
      std::vector<std::string> parts(records.begin(), records.end() - 1);
      parts.back() = records[records.size() - 2];
      bytes = join(parts, true);
      const std::string last = gzip(records[records.size() - 2]);
      bytes.resize(bytes.size() - last.size() / 2);
    } else bytes = gzip(cut);
    Read r = read_bytes(bytes);
    CHECK(r.pages.size() == 3);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("test.warc: ") == 0);
    CHECK(r.problems[0].find("record <urn:uuid:rec-3>") != std::string::npos);
    CHECK(r.problems[0].find(layout == 1 ? "truncated" : "truncated: Content-Length") != std::string::npos);
    if (layout == 0) CHECK(r.problems[0].find("offset " + std::to_string(last_response)) != std::string::npos);
    CHECK(r.counts.corrupt == 1);
    CHECK(r.last == WarcNext::kEnd);
  }
}

TEST_CASE("a wrong Content-Length costs that record only") {
  std::vector<std::string> records;
  for (int i = 0; i < 5; ++i) records.push_back(page_record(id(i), url(i), words(i)));
  for (long delta : {-40L, +40L, +100000L}) {
    CAPTURE(delta);
    std::vector<std::string> bad = records;
    const std::string block = http("x");
    const std::size_t at = bad[2].find("Content-Length: ");
    const std::size_t eol = bad[2].find("\r\n", at);
    const long length = std::stol(bad[2].substr(at + 16, eol - at - 16));
    bad[2] = bad[2].substr(0, at + 16) + std::to_string(length + delta) + bad[2].substr(eol);
    for (bool gz : {false, true}) {
      CAPTURE(gz);
      Read r = read_bytes(join(bad, gz));
      REQUIRE(r.problems.size() == 1);
      CHECK(r.problems[0].find("record <urn:uuid:rec-2>") != std::string::npos);
      std::vector<std::string> urls;
      for (const WarcPage& p : r.pages) urls.push_back(p.url);
      CHECK(urls == std::vector<std::string>{url(0), url(1), url(3), url(4)});
    }
  }
}

TEST_CASE("missing headers: no Content-Length, no WARC-Record-ID, no WARC-Type, no WARC-Date") {
  for (int which = 0; which < 4; ++which) {
    CAPTURE(which);
    Record r;
    r.id = which == 1 ? "" : "<urn:uuid:bad>";
    r.uri = "https://example.com/bad";
    r.block = http("<html><body><p>bad</p></body></html>");
    if (which == 0) r.content_length = -2;
    if (which == 2) r.type = "";
    if (which == 3) r.date = "";
    std::string rec = record(r);
    if (which == 2) rec.replace(rec.find("WARC-Type: \r\n"), 13, "");
    const std::string bytes = page_record(id(0), url(0), words(0)) + rec + page_record(id(1), url(1), words(1));
    Read got = read_bytes(bytes);
    REQUIRE(got.problems.size() == 1);
    const char* expected[] = {"no valid Content-Length", "no WARC-Record-ID", "no WARC-Type", "no WARC-Date"};
    CHECK(got.problems[0].find(expected[which]) != std::string::npos);
    REQUIRE(got.pages.size() == 2);
    CHECK(got.pages[1].url == url(1));
  }
}

TEST_CASE("a corrupt gzip member is reported at its offset and the next member is read") {
  std::vector<std::string> records;
  for (int i = 0; i < 6; ++i) records.push_back(page_record(id(i), url(i), words(i)));
  std::string bytes;
  std::size_t member3 = 0;
  for (int i = 0; i < 6; ++i) {
    std::string m = gzip(records[i]);
    if (i == 3) {
      member3 = bytes.size();
      for (std::size_t k = 20; k < m.size() - 10; k += 7) m[k] = static_cast<char>(m[k] ^ 0x5a);
    }
    bytes += m;
  }
  Read r = read_bytes(bytes);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].find("gzip member at offset " + std::to_string(member3)) != std::string::npos);
  std::vector<std::string> urls;
  for (const WarcPage& p : r.pages) urls.push_back(p.url);
  CHECK(urls == std::vector<std::string>{url(0), url(1), url(2), url(4), url(5)});
}

TEST_CASE("garbage between records, and a damaged gzip header, are skipped") {
  std::string bytes = page_record(id(0), url(0), words(0)) + "some junk\r\nthat is not WARC\r\n" + page_record(id(1), url(1), words(1));
  Read plain = read_bytes(bytes);
  CHECK(plain.pages.size() == 2);
  CHECK(plain.problems.size() == 1);
  std::string gz = gzip(page_record(id(0), url(0), words(0)));
  std::string bad = gzip(page_record(id(9), url(9), words(9)));
  bad[3] = static_cast<char>(0xff);  // reserved flag bits: not a gzip header
  gz += bad + std::string("\0\0\0junk", 7) + gzip(page_record(id(1), url(1), words(1)));
  Read r = read_bytes(gz);
  REQUIRE(r.pages.size() == 2);
  CHECK(r.pages[1].url == url(1));
  CHECK(!r.problems.empty());
}

TEST_CASE("not a WARC file: one clear error") {
  Error html = open_error("<!doctype html><html><body>hi</body></html>");
  CHECK(html.code == ErrorCode::kCorrupt);
  CHECK(html.message == "test.warc: not a WARC file (it starts with \"<!doctype html><html><bo\", where a WARC file "
                        "starts with \"WARC/1.0\" or \"WARC/1.1\")");
  Error gz = open_error(gzip("just some text"));
  CHECK(gz.code == ErrorCode::kCorrupt);
  CHECK(gz.message.find("once gunzipped") != std::string::npos);
  CHECK(open_error("").code == ErrorCode::kEmpty);
  CHECK(open_error(std::string("\x1f\x8b\x08garbage", 10)).code == ErrorCode::kCorrupt);
  std::unique_ptr<WarcReader> reader;
  CHECK(WarcReader::open("/nonexistent/x.warc", {}, &reader).code == ErrorCode::kNotFound);
  CHECK(WarcReader::open("/tmp", {}, &reader).code == ErrorCode::kIsDirectory);
}

TEST_CASE("an unsupported version is reported, the record skipped") {
  std::string bytes = page_record(id(0), url(0), words(0));
  std::string old = page_record(id(1), url(1), words(1));
  old.replace(0, 8, "WARC/0.9");
  Read r = read_bytes(bytes + old + page_record(id(2), url(2), words(2)));
  CHECK(r.pages.size() == 2);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].find("unsupported version \"WARC/0.9\"") != std::string::npos);
}

TEST_CASE("a record over max_record_bytes is skipped without being held") {
  Record big;
  big.id = "<urn:uuid:big>";
  big.uri = "https://example.com/big";
  big.block = http("<html><body><p>" + std::string(300000, 'x') + "</p></body></html>");
  const std::string bytes = page_record(id(0), url(0), words(0)) + record(big) + page_record(id(1), url(1), words(1));
  WarcOptions options;
  options.max_record_bytes = 100000;
  for (bool gz : {false, true}) {
    Read r = read_bytes(gz ? gzip(bytes) : bytes, options);
    CHECK(r.pages.size() == 2);
    CHECK(r.problems.empty());
    CHECK(r.counts.skipped["too large"] == 1);
  }
}

TEST_CASE("1,000 records, gzip per record, from a file on disk") {
  std::vector<std::string> records;
  for (int i = 0; i < 1000; ++i) records.push_back(page_record(id(i), url(i), words(i)));
  char path[] = "/tmp/winnow-warc-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  const std::string bytes = join(records, true);
  REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  close(fd);
  std::unique_ptr<WarcReader> reader;
  REQUIRE(WarcReader::open(path, {}, &reader).ok());
  Read r = read_all(reader);
  unlink(path);
  CHECK(r.problems.empty());
  check_pages(r, 1000);
}

TEST_CASE("random damage never loses an undamaged record of a per-record gzip file") {
  std::vector<std::string> records;
  for (int i = 0; i < 30; ++i) records.push_back(page_record(id(i), url(i), words(i)));
  std::mt19937 rng(12);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> members;
    for (const std::string& r : records) members.push_back(gzip(r));
    const std::size_t victim = rng() % members.size();
    std::string& m = members[victim];
    const int mode = static_cast<int>(rng() % 3);
    if (mode == 0) m[rng() % m.size()] ^= static_cast<char>(1 + rng() % 255);  // one byte
    else if (mode == 1) m.resize(rng() % m.size());                            // cut short
    else m.insert(rng() % m.size(), std::string(1 + rng() % 40, static_cast<char>(rng())));  // bytes inserted
    CAPTURE(round);
    CAPTURE(mode);
    CAPTURE(victim);
    std::string bytes;
    for (const std::string& s : members) bytes += s;
    std::unique_ptr<WarcReader> reader;
    if (!WarcReader::open_bytes(bytes, "t.warc.gz", {}, &reader).ok()) {
      CHECK(victim == 0);  // only a broken first member can make the file look like no WARC at all
      continue;
    }
    Read r = read_all(reader);
    std::set<std::string> got;
    for (const WarcPage& p : r.pages) got.insert(p.url);
    for (std::size_t i = 0; i < records.size(); ++i)
      if (i != victim) CHECK(got.count(url(static_cast<int>(i))) == 1);
    CHECK(r.pages.size() >= records.size() - 1);
  }
}

TEST_CASE("random damage never loses an undamaged record of a plain file") {
  std::vector<std::string> records;
  for (int i = 0; i < 30; ++i) records.push_back(page_record(id(i), url(i), words(i)));
  std::mt19937 rng(34);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> damaged = records;
    const std::size_t victim = 1 + rng() % (damaged.size() - 1);
    std::string& m = damaged[victim];
    const int mode = static_cast<int>(rng() % 3);
    if (mode == 0) m[rng() % m.size()] ^= static_cast<char>(1 + rng() % 255);
    else if (mode == 1) m.resize(rng() % m.size());
    else m.insert(rng() % m.size(), std::string(1 + rng() % 40, static_cast<char>('a' + rng() % 26)));
    CAPTURE(round);
    CAPTURE(mode);
    CAPTURE(victim);
    Read r = read_bytes(join(damaged, false));
    std::set<std::string> got;
    for (const WarcPage& p : r.pages) got.insert(p.url);
    for (std::size_t i = 0; i < records.size(); ++i)
      if (i != victim) CHECK(got.count(url(static_cast<int>(i))) == 1);
    CHECK(r.last == WarcNext::kEnd);
  }
}
