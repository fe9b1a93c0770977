// End-to-end tests of site configs on the command line: --site-config, WINNOW_SITE_CONFIG,
// --explain, `rules check --site-config` and `rules test --site-config --pages`.
#include <doctest/doctest.h>

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
