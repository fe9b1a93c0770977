// End-to-end tests of site configs on the command line: --site-config, WINNOW_SITE_CONFIG,
// --explain, `rules check --site-config` and `rules test --site-config --pages`.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "run.h"

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const char* kPage =
    "<html><head><title>Story</title><link rel=canonical href=\"https://www.example.org/a/story\"></head>"
    "<body><div class=\"menu\">Menu words</div><article><p>The story's first paragraph is long enough to be "
    "the article text here.</p><div class=\"plug\">Buy our mugs</div><p>The story's second paragraph ends the "
    "article.</p></article><div id=\"more\">More stories</div></body></html>";

struct Setup {
  std::string dir, page, configs;
};

Setup setup(const std::string& config) {
  Setup s;
  s.dir = temp_dir();
  s.page = s.dir + "/page.html";
  write_whole(s.page, kPage);
  s.configs = s.dir + "/configs";
  std::filesystem::create_directories(s.configs);
  write_whole(s.configs + "/example.org.txt", config);
  return s;
}

}  // namespace

TEST_CASE("--site-config DIR cleans a page by its host's site config, and --explain tells") {
  const Setup s = setup("body: //article\nstrip_id_or_class: plug\n");
  RunResult without = run_winnow({s.page});
  CHECK(contains(without.out, "Buy our mugs"));
  RunResult with = run_winnow({"--site-config", s.configs, "--explain", s.page});
  CHECK(with.exit_code == 0);
  CHECK_FALSE(contains(with.out, "Buy our mugs"));
  CHECK_FALSE(contains(with.out, "Menu words"));
  CHECK(contains(with.out, "second paragraph"));
  CHECK(contains(with.err, "note: site config: " + s.configs + "/example.org.txt"));
  CHECK(contains(with.err, "removed by example.org.txt:2 strip_id_or_class  plug  \"Buy our mugs\""));
  RunResult env = run_winnow({s.page}, "", {"WINNOW_SITE_CONFIG=/nonexistent:" + s.configs});
  CHECK(env.exit_code == 2);  // a listed directory that does not exist
  CHECK(contains(env.err, "/nonexistent: no such directory"));
  RunResult env_ok = run_winnow({s.page}, "", {"WINNOW_SITE_CONFIG=" + s.configs});
  CHECK_FALSE(contains(env_ok.out, "Buy our mugs"));
}

TEST_CASE("a host's own .rules win over its site config") {
  const Setup s = setup("body: //div[@id='more']\n");
  std::filesystem::create_directories(s.dir + "/rules");
  write_whole(s.dir + "/rules/example.org.rules", "site: example.org\nremove: .plug\n");
  RunResult r = run_winnow({"--site-config", s.configs, "--rules", s.dir + "/rules", "--explain", s.page});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "first paragraph"));
  CHECK_FALSE(contains(r.out, "Buy our mugs"));
  CHECK(contains(r.err, "not used: winnow's own rules for the host win"));
}

TEST_CASE("rules check --site-config: figures, errors with file:line:col, warnings with a suggestion") {
  const Setup s = setup("body: //article\ntitl: //h1\n");
  write_whole(s.configs + "/.example.net.txt", "body: //div[contains(@class='x')]\nstrip: //aside\n");
  write_whole(s.configs + "/LICENSE.txt", "Public domain.\n");
  RunResult r = run_winnow({"rules", "check", "--site-config", s.configs});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "site configs: 2 files, 1 accepted, 1 with errors; 2 of 3 XPath expressions compiled"));
  CHECK(contains(r.err, s.configs + "/.example.net.txt:1:"));
  CHECK(contains(r.err, "bad XPath"));
  // The verdict comes last and counts the site configs' errors: no "rules ok" from a failing check.
  CHECK_FALSE(contains(r.out, "rules ok"));
  CHECK(r.out.size() >= 24);
  CHECK(r.out.substr(r.out.size() - 24) == "rules broken: 1 problem\n");
  CHECK(contains(r.err, s.configs + "/example.org.txt:2:1: warning: unknown directive 'titl', did you mean 'title'?"));
  write_whole(s.configs + "/.example.net.txt", "body: //div[contains(@class,'x')]\n");
  RunResult ok = run_winnow({"rules", "check", "--site-config=" + s.configs});
  CHECK(ok.exit_code == 0);  // warnings are not errors
  CHECK(contains(ok.out, "2 accepted, 0 with errors; 2 of 2"));
  CHECK(ok.out.size() >= 21);
  CHECK(ok.out.substr(ok.out.size() - 21) == "rules ok: 0 problems\n");
  RunResult missing = run_winnow({"rules", "check", "--site-config", s.dir + "/nope"});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("rules test --site-config --pages runs test_url against saved pages, offline") {
  const Setup s = setup(
      "body: //article\nstrip_id_or_class: plug\n"
      "test_url: https://www.example.org/a/story\ntest_contains: second paragraph ends\n"
      "test_url: https://www.example.org/b\ntest_contains: never there\n"
      "test_url: https://www.example.org/not-saved\n");
  const std::string saved = s.dir + "/saved/www.example.org";
  std::filesystem::create_directories(saved);
  write_whole(saved + "/a-story.html", kPage);
  write_whole(saved + "/a-story.headers", "URL: https://www.example.org/a/story\nStatus: 200\nContent-Type: text/html\n");
  write_whole(saved + "/b.html", kPage);
  write_whole(saved + "/b.headers", "URL: https://www.example.org/b-final\nRequested-URL: https://www.example.org/b\n");
  RunResult r = run_winnow({"rules", "test", "--site-config", s.configs, "--pages", s.dir + "/saved"});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "PASS " + s.configs + "/example.org.txt:3"));
  CHECK(contains(r.out, "FAIL " + s.configs + "/example.org.txt:5"));
  CHECK(contains(r.out, "missing: never there"));
  CHECK(contains(r.out, "site configs: 1 passed, 1 failed, 1 skipped"));
  write_whole(s.configs + "/example.org.txt", "body: //article\ntest_url: https://www.example.org/a/story\n");
  RunResult ok = run_winnow({"rules", "test", "--site-config", s.configs, "--pages", s.dir + "/saved", "-q"});
  CHECK(ok.exit_code == 0);
  CHECK(contains(ok.out, "site configs: 1 passed, 0 failed, 0 skipped"));
}

TEST_CASE("rules check with site configs only: the figures, the files, then the verdict over all the errors") {
  const Setup s = setup("body: //article\nstrip: //aside\ntidy: no\n");  // 2 expressions, 1 ignored line
  const std::string& d = s.configs;
  write_whole(d + "/b.example.org.txt", "body: //div[contains(@class='x')]\nstrip: //nav\n");   // 1 of 2 broken
  write_whole(d + "/c.example.org.txt", "title: ///h1\nbody: //div[contains(@class='y')]\n");  // 2 of 2 broken
  write_whole(d + "/w1.example.org.txt", "titl: //h1\nbody: //main\n");                         // a warning
  write_whole(d + "/w2.example.org.txt", "bodyy: //main\nbody: //main\n");                      // a warning
  write_whole(d + "/LICENSE.txt", "Public domain.\n");                                          // no site config
  RunResult r = run_winnow({"rules", "check", "--site-config", d});
  CHECK(r.exit_code == 1);
  // Three errors (one file has two), and the warnings after them; none of them counts twice.
  CHECK(r.err == d + "/b.example.org.txt:1:33: bad XPath: Unrecognized function or wrong parameter count in "
                     "\"//div[contains(@class='x')]\"\n" +
                 d + "/c.example.org.txt:1:10: bad XPath: Unrecognized node test in \"///h1\"\n" +
                 d + "/c.example.org.txt:2:33: bad XPath: Unrecognized function or wrong parameter count in "
                     "\"//div[contains(@class='y')]\"\n" +
                 d + "/w1.example.org.txt:1:1: warning: unknown directive 'titl', did you mean 'title'? in \"titl: //h1\"\n" +
                 d + "/w2.example.org.txt:1:1: warning: unknown directive 'bodyy', did you mean 'body'? in \"bodyy: //main\"\n");
  CHECK(r.out ==
        "site configs: 5 files, 3 accepted, 2 with errors; 5 of 8 XPath expressions compiled; 2 warnings (in 2 more "
        "files); 1 lines of ignored directives\n"
        "files with errors (their broken expressions are left out when they are used):\n"
        "  " + d + "/b.example.org.txt\n  " + d + "/c.example.org.txt\n"
        "files with warnings only (the lines warned about are skipped):\n"
        "  " + d + "/w1.example.org.txt\n  " + d + "/w2.example.org.txt\n"
        "rules broken: 3 problems\n");
  // -q: the problems and the status only.
  RunResult quiet = run_winnow({"rules", "check", "-q", "--site-config", d});
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.out == "");
  CHECK(quiet.err == r.err);
}

TEST_CASE("rules check --site-config over the shared collection says what docs/rules.md shows") {
  const char* shared = std::getenv("WINNOW_SHARED");
  const char* source = std::getenv("WINNOW_SOURCE");
  REQUIRE(source != nullptr);
  const std::string collection = shared ? std::string(shared) + "/ftr-site-config" : "";
  if (collection.empty() || !std::filesystem::is_directory(collection)) {
    MESSAGE("skipped: no ../shared/ftr-site-config");
    return;
  }
  // The example after the command in docs/rules.md: its first line up to "; ...", and its last line.
  const std::string doc = read_whole(std::string(source) + "/docs/rules.md");
  const std::string command = "$ winnow rules check --site-config ../shared/ftr-site-config\n";
  const std::size_t at = doc.find(command);
  REQUIRE(at != std::string::npos);
  const std::size_t begin = at + command.size();
  const std::size_t end = doc.find("```", begin);
  REQUIRE(end != std::string::npos);
  const std::string example = doc.substr(begin, end - begin);
  const std::string figures = example.substr(0, example.find("; ...\n"));
  REQUIRE(figures.rfind("site configs: ", 0) == 0);
  REQUIRE(example.size() > 1);
  const std::string verdict = example.substr(example.rfind('\n', example.size() - 2) + 1);
  REQUIRE(verdict.rfind("rules broken: ", 0) == 0);

  RunResult r = run_winnow({"rules", "check", "--site-config", collection});
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind(figures + "; ", 0) == 0);
  REQUIRE(r.out.size() >= verdict.size());
  CHECK(r.out.substr(r.out.size() - verdict.size()) == verdict);
  // As many error lines on stderr as the verdict counts (the rest are warnings).
  int errors = 0;
  std::size_t start = 0;
  while (start < r.err.size()) {
    std::size_t nl = r.err.find('\n', start);
    if (nl == std::string::npos) nl = r.err.size();
    if (r.err.substr(start, nl - start).find(": warning: ") == std::string::npos) ++errors;
    start = nl + 1;
  }
  CHECK(verdict == "rules broken: " + std::to_string(errors) + " problem" + (errors == 1 ? "" : "s") + "\n");
}
