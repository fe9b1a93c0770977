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
  CHECK(r.err == "winnow: /nonexistent-dir-is-reported: no such directory\n");
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

TEST_CASE("the page's language picks the label files, and --explain says where it came from") {
  const std::string dir = temp_dir();
  // "Lire aussi" and its links: a label in French, a name in a list of an English page's links.
  auto page = [](const std::string& html_tag, const std::string& body) {
    return html_tag + "<body><article><h1>Title</h1>" + body +
           "<div><p>Lire aussi</p><ul><li><a href=\"/a\">Un autre article du site</a></li>"
           "<li><a href=\"/b\">Encore un autre article du site</a></li></ul></div></article></body></html>";
  };
  const std::string french =
      "<p>Le conseil municipal a voté mardi soir le nouveau plan de circulation, qui sera mis en place dans les "
      "prochains mois. Les habitants du quartier ne sont pas tous satisfaits, car une partie des places de "
      "stationnement va disparaître.</p><p>Le maire a promis une réunion publique avec les commerçants pour que "
      "chacun puisse donner son avis sur ce projet, et il a dit que les travaux commenceront au printemps.</p>";
  const std::string english =
      "<p>The city council approved the new traffic plan on Tuesday, and it will be introduced over the coming "
      "months. Residents of the neighbourhood are not entirely happy with the decision, as some of the parking "
      "spaces will be removed.</p><p>The mayor has promised a meeting with the shop owners to hear their views on "
      "the plan, which she said was the work of many years, and the work will start in the spring.</p>";
  write_whole(dir + "/fr.html", page("<html lang=\"fr\">", french));
  write_whole(dir + "/fr-undeclared.html", page("<html>", french));
  write_whole(dir + "/en.html", page("<html lang=\"en\">", english));
  write_whole(dir + "/fr-says-en.html", page("<html lang=\"en\">", french + french));

  RunResult fr = run_winnow({"--explain", dir + "/fr.html"});
  CHECK(fr.exit_code == 0);
  CHECK_FALSE(contains(fr.out, "Lire aussi"));
  CHECK(contains(fr.err, "note: language: fr (declared)\n"));
  CHECK(contains(fr.err, "removed by labels-fr.rules:"));

  RunResult undeclared = run_winnow({"--explain", dir + "/fr-undeclared.html"});
  CHECK_FALSE(contains(undeclared.out, "Lire aussi"));
  CHECK(contains(undeclared.err, "note: language: fr (the text's words)\n"));

  RunResult en = run_winnow({"--explain", dir + "/en.html"});
  CHECK(contains(en.out, "Lire aussi"));
  CHECK(contains(en.err, "note: language: en (declared)\n"));
  CHECK_FALSE(contains(en.err, "labels-fr.rules"));

  RunResult says_en = run_winnow({"--explain", "--format", "json", dir + "/fr-says-en.html"});
  CHECK_FALSE(contains(says_en.out, "Lire aussi"));
  CHECK(contains(says_en.out, "\"language\":\"fr\""));
  CHECK(contains(says_en.err, "note: language: fr (the text's words; the page declares en)\n"));
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

TEST_CASE("a broken site file named after its host fails that host's pages only; the batch goes on") {
  std::string rules;
  const std::string page = setup(&rules);
  const std::string dir = page.substr(0, page.rfind('/'));
  std::string other = kPage;
  other.replace(other.find("news.example.org"), 16, "news.broken.example");
  write_whole(dir + "/other.html", other);
  write_whole(rules + "/broken.example.rules", "site: broken.example\n\ntitl: h1\n");
  // Not read at start-up: the page of example.org is cleaned, the page of broken.example fails
  // with the file's line and column, and the exit status says some input failed.
  RunResult r = run_winnow({"--rules", rules, "-o", dir + "/out", page, dir + "/other.html", page});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "winnow: " + rules + "/broken.example.rules:3:1: unknown directive 'titl', did you mean 'title'? "
                 "in \"titl: h1\" (cleaning " + dir + "/other.html)\n");
  CHECK(contains(read_whole(dir + "/out/page.txt"), "second paragraph"));
  CHECK_FALSE(contains(read_whole(dir + "/out/page.txt"), "Buy our mugs"));
  CHECK_FALSE(std::filesystem::exists(dir + "/out/other.txt"));
  // Two workers: the other pages still come out whole.
  RunResult jobs = run_winnow({"--rules", rules, "--jobs", "2", page, dir + "/other.html", page, dir + "/other.html"});
  CHECK(jobs.exit_code == 1);
  CHECK(contains(jobs.out, "==> " + page + " <==\n"));
  CHECK(contains(jobs.out, "second paragraph"));
  CHECK_FALSE(contains(jobs.out, "==> " + dir + "/other.html <=="));
  // `winnow rules check` reads every file at once and finds it.
  RunResult check = run_winnow({"rules", "check", rules});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.err, rules + "/broken.example.rules:3:1: unknown directive 'titl'"));
}

TEST_CASE("rules check reports a file named after a host whose site: names another host") {
  const std::string dir = temp_dir();
  write_whole(dir + "/a.example.rules", "site: a.example b.example\nremove: .x\n");
  RunResult check = run_winnow({"rules", "check", dir});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.err, dir + "/a.example.rules:1:17: 'b.example' in a file named after a.example: one file per host"));
}

TEST_CASE("rules test runs the tests of files named after a host, read eagerly") {
  const std::string dir = temp_dir();
  write_whole(dir + "/page.html", kPage);
  write_whole(dir + "/example.org.rules",
              "site: example.org\nremove: .plug\ntest: page.html\nurl: https://news.example.org/a\n"
              "must-not-contain: Buy our mugs\nmust-contain: second paragraph\n");
  RunResult ok = run_winnow({"rules", "test", dir});
  CHECK(ok.exit_code == 0);
  CHECK(contains(ok.out, "1 passed, 0 failed"));
  write_whole(dir + "/broken.example.rules", "site: broken.example\nremove: div[\n");
  RunResult broken = run_winnow({"rules", "test", dir});
  CHECK(broken.exit_code == 2);
  CHECK(contains(broken.err, dir + "/broken.example.rules:2:"));
  // A directory without tests is a failure, and no tally of passes is printed before it says so.
  const std::string empty = temp_dir();
  write_whole(empty + "/example.org.rules", "site: example.org\nremove: .plug\n");
  RunResult none = run_winnow({"rules", "test", empty});
  CHECK(none.exit_code == 1);
  CHECK(none.out == "");
  CHECK(none.err == "winnow: no rule tests found\n");
}
