// End-to-end tests of the rule options of the winnow command: --rules, WINNOW_RULES, --explain,
// refusing a broken rule set, and which site's rules apply to a saved page.
#include <doctest/doctest.h>

#include <filesystem>

#include "run.h"

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A page with one junk box, and a canonical link naming its site.
const char* kPage =
    "<html><head><title>Story</title><link rel=canonical href=\"https://news.example.org/a/story\"></head>"
    "<body><article><p>The story's first paragraph is long enough to be the article text here.</p>"
    "<div class=\"plug\">Buy our mugs</div><p>The story's second paragraph ends the article.</p></article></body></html>";

std::string setup(std::string* rules_dir) {
  const std::string dir = temp_dir();
  write_whole(dir + "/page.html", kPage);
  std::filesystem::create_directories(dir + "/rules");
  write_whole(dir + "/rules/example.org.rules", "site: example.org\nname: plugs\nremove: .plug\n");
  *rules_dir = dir + "/rules";
  return dir + "/page.html";
}

}  // namespace

TEST_CASE("--rules DIR adds site rules, chosen by the page's canonical URL") {
  std::string rules;
  const std::string page = setup(&rules);
  RunResult without = run_winnow({page});
  CHECK(contains(without.out, "Buy our mugs"));
  RunResult with = run_winnow({"--rules", rules, page});
  CHECK(with.exit_code == 0);
  CHECK_FALSE(contains(with.out, "Buy our mugs"));
  CHECK(contains(with.out, "second paragraph"));
}

TEST_CASE("--url beats the page's canonical URL when choosing site rules") {
  std::string rules;
  const std::string page = setup(&rules);
  RunResult other = run_winnow({"--rules", rules, "--url", "https://elsewhere.example.com/x", page});
  CHECK(contains(other.out, "Buy our mugs"));
  RunResult same = run_winnow({"--rules", rules, "--url", "https://www.example.org/x", page});
  CHECK_FALSE(contains(same.out, "Buy our mugs"));
}

TEST_CASE("WINNOW_RULES adds rule directories like --rules") {
  std::string rules;
  const std::string page = setup(&rules);
  RunResult r = run_winnow({page}, "", {"WINNOW_RULES=/nonexistent-dir-is-reported:" + rules});
  // A directory that does not exist is a broken rule set: refused, not ignored.
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "/nonexistent-dir-is-reported"));
  RunResult ok = run_winnow({page}, "", {"WINNOW_RULES=" + rules});
  CHECK(ok.exit_code == 0);
  CHECK_FALSE(contains(ok.out, "Buy our mugs"));
}

TEST_CASE("a broken rule file stops winnow before it cleans anything, naming file:line:col") {
  std::string rules;
  const std::string page = setup(&rules);
  write_whole(rules + "/broken.rules", "site: broken.example\n\ntitl: h1\n");
  RunResult r = run_winnow({"--rules", rules, page});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(contains(r.err, rules + "/broken.rules:3:1: unknown directive 'titl', did you mean 'title'?"));
  RunResult check = run_winnow({"rules", "check", rules});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.err, "broken.rules:3:1:"));
}

TEST_CASE("--explain reports each removal with its rule, and counts per rule, on stderr") {
  std::string rules;
  const std::string page = setup(&rules);
  RunResult r = run_winnow({"--explain", "--rules", rules, page});
  CHECK(r.exit_code == 0);
  CHECK_FALSE(contains(r.out, "explain"));
  CHECK(contains(r.err, "note: rules: " + rules + "/example.org.rules\n"));
  CHECK(contains(r.err, "removed by example.org.rules:3 plugs  .plug  \"Buy our mugs\"\n"));
  CHECK(contains(r.err, "\n  1  example.org.rules:3 plugs\n"));
}

TEST_CASE("a user file overrides the embedded file of the same name") {
  const std::string dir = temp_dir();
  write_whole(dir + "/page.html",
              "<article><p>The article's only paragraph, with enough words to stand as an article.</p>"
              "<p>Your email address will not be published.</p></article>");
  RunResult shipped = run_winnow({dir + "/page.html"});
  CHECK_FALSE(contains(shipped.out, "Your email address"));
  // An empty generic-comments.rules replaces the shipped one: comment-form notices stay.
  std::filesystem::create_directories(dir + "/rules");
  write_whole(dir + "/rules/generic-comments.rules", "# nothing\n");
  RunResult overridden = run_winnow({"--rules", dir + "/rules", dir + "/page.html"});
  CHECK(overridden.exit_code == 0);
  CHECK(contains(overridden.out, "Your email address will not be published."));
}
