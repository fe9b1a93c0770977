// End-to-end tests of `winnow URL...` against the loopback test server (tests/fetch/http_server.py).
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "../fetch/test_server.h"
#include "run.h"

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("winnow URL prints the fetched article") {
  REQUIRE(Server::get().ok());
  RunResult r = run_winnow({Server::get().url("/page")});
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  CHECK(r.out == "Fixture page\n\nThe article text of the fixture page, long enough to be an article paragraph.\n");
}

TEST_CASE("a failed URL is one line naming it, and the others still run") {
  REQUIRE(Server::get().ok());
  const std::string missing = Server::get().url("/status/404");
  const std::string pdf = Server::get().url("/pdf");
  RunResult r = run_winnow({"-q", missing, Server::get().url("/page"), pdf, "ftp://127.0.0.1/x.html"});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "winnow: " + missing + ": HTTP 404"));
  CHECK(contains(r.err, "winnow: " + pdf + ": not an HTML page (content type application/pdf)"));
  CHECK(contains(r.err, "winnow: ftp://127.0.0.1/x.html: unsupported scheme 'ftp' (only http and https are fetched)\n"));
  CHECK(count_lines(r.err) == 3);
  CHECK(contains(r.out, "The article text of the fixture page"));
}

TEST_CASE("-i with --format jsonl: one JSON object per input, URLs and files mixed") {
  REQUIRE(Server::get().ok());
  const std::string dir = temp_dir();
  write_whole(dir + "/local.html", "<p>a local page</p>");
  std::string list;
  for (int i = 0; i < 6; ++i) list += Server::get().url("/batch/" + std::to_string(i), i % 4) + "\n";
  list += Server::get().url("/status/500") + "\n" + dir + "/local.html\n" + dir + "/missing.html\n";
  write_whole(dir + "/urls.txt", list);
  RunResult r = run_winnow({"-q", "--format", "jsonl", "-i", dir + "/urls.txt"});
  CHECK(r.exit_code == 1);
  const std::vector<std::string> lines = lines_of(r.out);
  REQUIRE(lines.size() == 9);
  int errors = 0;
  for (const std::string& input : lines_of(list)) {
    int seen = 0;
    for (const std::string& line : lines) seen += contains(line, "{\"input\":\"" + input + "\"");
    CHECK_MESSAGE(seen == 1, input);
  }
  for (const std::string& line : lines) {
    CHECK(line.front() == '{');
    CHECK(line.back() == '}');
    errors += contains(line, "\"error\":{");
  }
  CHECK(errors == 2);
  CHECK(contains(r.out, "\"status\":500"));
  CHECK(contains(r.out, "\"text\":\"a local page\\n\""));
}

TEST_CASE("--save-html keeps the page, and cleaning the saved file later knows its URL") {
  REQUIRE(Server::get().ok());
  const std::string dir = temp_dir();
  const std::string url = Server::get().url("/redirect/2");
  RunResult r = run_winnow({"--save-html", dir + "/saved", url});
  CHECK(r.exit_code == 0);
  std::vector<std::string> pages;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir + "/saved"))
    if (e.path().extension() == ".html") pages.push_back(e.path().string());
  REQUIRE(pages.size() == 1);
  CHECK(contains(pages[0], "/127.0.0.1/page.html"));
  RunResult again = run_winnow({"--format", "json", pages[0]});
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "\"url\":\"" + Server::get().url("/page") + "\""));
}

TEST_CASE("a batch of 200 URLs over four hosts: one JSON line each, at most --per-host at once per host") {
  REQUIRE(Server::get().ok());
  const std::string dir = temp_dir();
  std::string list;
  for (int i = 0; i < 200; ++i) list += Server::get().url("/batch/cli-" + std::to_string(i), i % 4) + "\n";
  write_whole(dir + "/urls.txt", list);
  RunResult r = run_winnow({"-q", "--format", "jsonl", "--jobs", "16", "--per-host", "2", "-i", dir + "/urls.txt"});
  CHECK(r.exit_code == 0);
  const std::vector<std::string> lines = lines_of(r.out);
  CHECK(lines.size() == 200);
  std::map<std::string, int> seen;
  for (const std::string& line : lines) {
    const std::size_t start = line.find("{\"input\":\"") + 10;
    seen[line.substr(start, line.find('"', start) - start)]++;
  }
  CHECK(seen.size() == 200);
  for (const auto& entry : seen) CHECK_MESSAGE(entry.second == 1, entry.first);  // (clang 14: no binding in a lambda)
  // The server counted, per Host header, the most requests it ever had in flight at once.
  RunResult stats = run_winnow({"-f", "json", Server::get().url("/stats")});
  const std::string& s = stats.out;
  for (int h = 0; h < 4; ++h) {
    const std::string key = std::string(kHosts[h]) + ":" + std::to_string(Server::get().port(h)) + "\\\": ";
    const std::size_t at = s.find(key);
    REQUIRE_MESSAGE(at != std::string::npos, key);
    const int most = std::stoi(s.substr(at + key.size()));
    CHECK(most >= 1);
    CHECK(most <= 2);
  }
}

namespace {

// A site config for the test server's host (127.0.0.1), in a fresh directory.
std::string site_config(const std::string& text) {
  const std::string dir = temp_dir();
  write_whole(dir + "/127.0.0.1.txt", text);
  return dir;
}

}  // namespace

TEST_CASE("a site config's next_page_link: the pages are fetched and their bodies joined, in order") {
  REQUIRE(Server::get().ok());
  const std::string configs = site_config("body: //article\nnext_page_link: //a[@class='next']\nprune: no\n");
  const std::string saved = temp_dir() + "/saved";
  RunResult r = run_winnow({"--site-config", configs, "--explain", "--save-html", saved, Server::get().url("/article/1")});
  CHECK(r.exit_code == 0);
  const std::size_t one = r.out.find("Part 1"), two = r.out.find("Part 2"), three = r.out.find("Part 3");
  REQUIRE(one != std::string::npos);
  REQUIRE(two != std::string::npos);
  REQUIRE(three != std::string::npos);
  CHECK(one < two);
  CHECK(two < three);
  CHECK_FALSE(contains(r.out, "Junk box"));
  CHECK(contains(r.err, "joined the articles of 3 pages"));
  // Every page fetched is saved.
  int html = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(saved)) html += e.path().extension() == ".html";
  CHECK(html == 3);
  // A page that names itself as the next one ends the article.
  RunResult loop = run_winnow({"--site-config", configs, Server::get().url("/article/loop")});
  CHECK(loop.exit_code == 0);
  CHECK(contains(loop.out, "links to itself"));
  // Without a site config, one page.
  RunResult plain = run_winnow({Server::get().url("/article/1")});
  CHECK_FALSE(contains(plain.out, "Part 2"));
}

TEST_CASE("a site config's single_page_link: the print view is cleaned instead of the page") {
  REQUIRE(Server::get().ok());
  const std::string configs = site_config(
      "body: //article\nsingle_page_link: //a[@class='print']/@href\nnext_page_link: //a[@class='next']\n");
  RunResult r = run_winnow({"--site-config", configs, "--explain", Server::get().url("/article/1")});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "The whole article on one printable page"));
  CHECK_FALSE(contains(r.out, "Part 1"));
  CHECK_FALSE(contains(r.out, "Part 2"));
  CHECK(contains(r.err, "single_page_link followed"));
  // A print view that cannot be fetched leaves the page itself.
  const std::string broken = site_config("body: //article\nsingle_page_link: concat('/status/', '404')\n");
  RunResult fallback = run_winnow({"--site-config", broken, "--explain", Server::get().url("/article/2")});
  CHECK(fallback.exit_code == 0);
  CHECK(contains(fallback.out, "Part 2"));
  CHECK(contains(fallback.err, "not followed"));
}

TEST_CASE("a site config's http_header(...) lines are sent with its site's requests") {
  REQUIRE(Server::get().ok());
  const std::string configs = site_config(
      "http_header(user-agent): Mozilla/5.0 (site config)\nhttp_header(x-site-config): yes\nprune: no\nbody: //pre\n");
  RunResult r = run_winnow({"--site-config", configs, "-H", "X-Common: 1", "-H", "User-Agent: replaced",
                            Server::get().url("/headers")});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "user-agent: Mozilla/5.0 (site config)"));
  CHECK(contains(r.out, "x-site-config: yes"));
  CHECK(contains(r.out, "X-Common: 1"));
  CHECK_FALSE(contains(r.out, "replaced"));
  RunResult plain = run_winnow({Server::get().url("/headers")});
  CHECK_FALSE(contains(plain.out, "site config"));
}
