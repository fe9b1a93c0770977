#include "rules/load.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "rules/embedded.h"

using namespace winnow;
using namespace winnow::rules;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temp directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const char* tag) {
    path = fs::temp_directory_path() / ("winnow-rules-" + std::string(tag) + "-" + std::to_string(std::rand()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
  std::string str() const { return path.string(); }
};

std::vector<Source> sources_of(std::vector<std::pair<std::string, std::string>> files, int rank = 1) {
  std::vector<Source> out;
  for (auto& [name, text] : files) out.push_back({name, name, "", text, rank});
  return out;
}

template <class File>
std::vector<std::string> names(const std::vector<File*>& files) {
  std::vector<std::string> out;
  for (const RuleFile* f : files) out.push_back(f->name);
  return out;
}

}  // namespace

TEST_CASE("the embedded rules load, and every rules/*.rules file is embedded") {
  Rules rules;
  Error e = load_rules({}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);
  CHECK(!rules::rule_set(rules)->generic.empty());
  CHECK(check_rules({}).empty());
  const char* source = std::getenv("WINNOW_SOURCE");
  if (source == nullptr) return;
  std::set<std::string> embedded;
  for (std::size_t i = 0; i < kEmbeddedRuleCount; ++i) embedded.insert(std::string(kEmbeddedRules[i].name));
  for (const auto& entry : fs::directory_iterator(fs::path(source) / "rules"))
    if (entry.path().extension() == ".rules")
      CHECK_MESSAGE(embedded.count(entry.path().filename().string()),
                    (entry.path().filename().string() + " is missing from rules/meson.build"));
}

TEST_CASE("site files are found by host, its parent domains, and with www. folded") {
  std::vector<RuleError> errors;
  auto set = build_rule_set(sources_of({{"generic.rules", "name: junk\nremove: .x\n"},
                                        {"bbc.rules", "site: www.bbc.co.uk\nremove: .y\n"},
                                        {"news.rules", "site: news.bbc.co.uk\nremove: .z\n"},
                                        {"two.rules", "site: a.com b.org\nremove: .w\n"}}),
                            &errors);
  CHECK(errors.empty());
  CHECK(names(site_files(*set, "bbc.co.uk")) == std::vector<std::string>{"bbc.rules"});
  CHECK(names(site_files(*set, "news.bbc.co.uk")) == std::vector<std::string>{"bbc.rules", "news.rules"});
  CHECK(names(site_files(*set, "sport.news.bbc.co.uk")) == std::vector<std::string>{"bbc.rules", "news.rules"});
  CHECK(names(site_files(*set, "b.org")) == std::vector<std::string>{"two.rules"});
  CHECK(names(site_files(*set, "a.com")) == std::vector<std::string>{"two.rules"});
  CHECK(site_files(*set, "notbbc.co.uk").empty());
  CHECK(site_files(*set, "co.uk").empty());
  CHECK(site_files(*set, "").empty());
  CHECK(names(set->generic) == std::vector<std::string>{"generic.rules"});
  CHECK(set->generic_names.count("junk"));
}

TEST_CASE("a 5,000-file rule set is indexed: lookups do not depend on its size") {
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 5000; ++i)
    files.emplace_back("s" + std::to_string(i) + ".rules", "site: site" + std::to_string(i) + ".com\nremove: .ad\n");
  std::vector<RuleError> errors;
  auto set = build_rule_set(sources_of(files), &errors);
  CHECK(errors.empty());
  CHECK(set->by_host.size() == 5000);
  CHECK(names(site_files(*set, "www2.site4321.com")) == std::vector<std::string>{"s4321.rules"});
}

TEST_CASE("a user directory overrides embedded files by name, and a site's files by host") {
  TempDir dir("override");
  dir.write("generic-hidden.rules", "name: hidden\nremove: .my-hidden\n");
  dir.write("mine.rules", "site: thehill.com\nremove: .mine\n");
  dir.write("notes.txt", "not a rule file: ignored");
  std::vector<RuleError> errors;
  auto set = build_rule_set(gather_sources({dir.str()}, &errors), &errors);
  REQUIRE(errors.empty());
  int hidden = 0;
  for (const auto& f : set->files)
    if (f->name == "generic-hidden.rules") {
      ++hidden;
      CHECK(f->dir == dir.str());
      REQUIRE(f->rules.size() == 1);
      CHECK(f->rules[0].pattern == ".my-hidden");
    }
  CHECK(hidden == 1);
  // The user's file for thehill.com hides the embedded thehill.com.rules.
  CHECK(names(site_files(*set, "thehill.com")) == std::vector<std::string>{"mine.rules"});
}

TEST_CASE("disable: must name a generic rule") {
  std::vector<RuleError> errors;
  build_rule_set(sources_of({{"g.rules", "name: comments\nremove: #comments\n"},
                             {"s.rules", "site: a.com\ndisable: coments\ndisable: comments\n"}}),
                 &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].str() == "s.rules:2:10: no generic rule is named 'coments', did you mean 'comments'?");
}

TEST_CASE("load_rules refuses a broken rule set with the first error; check_rules lists all") {
  TempDir dir("broken");
  dir.write("a.rules", "site: a.com\ntitl: h1\n");
  dir.write("b.rules", "remove: [\n");
  Rules rules;
  const Rules before = rules;
  Error e = load_rules({dir.str()}, &rules);
  CHECK(e.code == ErrorCode::kRules);
  CHECK(e.message == (dir.path / "a.rules").string() + ":2:1: unknown directive 'titl', did you mean 'title'? in \"titl: h1\"");
  CHECK(rules::rule_set(rules) == rules::rule_set(before));  // unchanged
  const std::vector<RuleError> all = check_rules({dir.str()});
  CHECK(all.size() == 2);
  Error missing = load_rules({(dir.path / "nope").string()}, &rules);
  CHECK(missing.code == ErrorCode::kNotFound);
  CHECK(missing.message == (dir.path / "nope").string() + ": no such directory");
}

namespace {

// The text of `html` cleaned as a page of `url` with `rules`.
std::string cleaned(const Rules& rules, const std::string& url, const std::string& html) {
  Options options;
  options.url = url;
  Document doc;
  Error e = clean(html, options, rules, "page.html", &doc);
  REQUIRE_MESSAGE(e.ok(), e.message);
  return doc.text;
}

// The error of cleaning `html` as a page of `url` with `rules` (ok if it cleaned).
Error clean_error(const Rules& rules, const std::string& url, const std::string& html) {
  Options options;
  options.url = url;
  Document doc;
  return clean(html, options, rules, "page.html", &doc);
}

const std::string kPage =
    "<html><body><article><h1>Title</h1>"
    "<p>The first paragraph of the story, long enough to be the article and not the junk.</p>"
    "<p class=\"promo\">PROMO-BLOCK subscribe now to read every story we publish.</p>"
    "<p>The second paragraph of the story, long enough to be the article as well.</p>"
    "</article></body></html>";

const RuleFile* file_named(const rules::RuleSet& set, const std::string& name) {
  for (const auto& f : set.files)
    if (f->name == name) return f.get();
  return nullptr;
}

}  // namespace

TEST_CASE("site files are checked at load, with the errors a full compile gives, and compiled on first use") {
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"a.rules", "site: a.com\nremove-text: /(unclosed/\n"},
      {"b.rules", "site: b.com\nremove: div[\n"},
      {"c.rules", "site: c.com\nremove-text: /x{2000}/\n"},
      {"d.rules", "site: d.com\nreplace: /(a)/ => \\2\n"},
      {"e.rules", "site: e.com\nremove-text: /ok/q\n"}};
  std::vector<RuleError> compiled, checked;
  build_rule_set(sources_of(broken), &compiled, SiteFiles::kCompile);
  build_rule_set(sources_of(broken), &checked, SiteFiles::kDefer);
  REQUIRE(compiled.size() == 5);
  REQUIRE(checked.size() == compiled.size());
  for (std::size_t i = 0; i < compiled.size(); ++i) CHECK(checked[i].str() == compiled[i].str());

  std::vector<RuleError> errors;
  auto set = build_rule_set(sources_of({{"g.rules", "remove: .g\n"}, {"s.rules", "site: s.com\nremove: .s\nremove-text: /x+/\n"}}),
                            &errors, SiteFiles::kDefer);
  REQUIRE(errors.empty());
  CHECK(file_named(*set, "g.rules")->rules.size() == 1);  // generic: compiled at load
  const RuleFile* site = file_named(*set, "s.rules");
  CHECK(site->rules.empty());
  CHECK(!site->source.empty());
  REQUIRE(names(site_files(*set, "s.com")) == std::vector<std::string>{"s.rules"});
  REQUIRE(site->rules.size() == 2);
  CHECK(site->rules[1].regex->ok());
  CHECK(site->source.empty());  // the text is dropped once compiled
  site_files(*set, "www.s.com");
  CHECK(site->rules.size() == 2);  // once only
}

TEST_CASE("load_rules refuses a broken site file, and applies a good one to its host's pages") {
  TempDir dir("lazy");
  dir.write("promo.example.rules", "site: promo.example\nremove: p.promo\n");
  Rules rules;
  Error e = load_rules({dir.str()}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);
  CHECK(cleaned(rules, "https://other.example/a", kPage).find("PROMO-BLOCK") != std::string::npos);
  CHECK(cleaned(rules, "https://www.promo.example/a", kPage).find("PROMO-BLOCK") == std::string::npos);
  CHECK(cleaned(rules, "https://promo.example/b", kPage).find("PROMO-BLOCK") == std::string::npos);

  dir.write("zz.rules", "site: zz.example\nremove-text: /(open/\n");
  Rules broken;
  Error refused = load_rules({dir.str()}, &broken);
  CHECK(refused.code == ErrorCode::kRules);
  CHECK(refused.message.rfind((dir.path / "zz.rules").string() + ":2:15: bad regex: missing ): (open", 0) == 0);
}

TEST_CASE("a site regex too large to compile fails its host's pages on first use, naming file:line:col") {
  TempDir dir("large");
  // Fine syntax, but a program far over RE2's default budget. Not named after its host: read and
  // checked at load, compiled on first use.
  dir.write("big.rules", "site: big.example\nremove-text: /\\pL{1000}\\pN{1000}/\nremove: p.promo\n");
  CHECK(check_rules({dir.str()}).size() == 1);  // `winnow rules check` compiles, and says so
  Rules rules;
  Error e = load_rules({dir.str()}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);
  const std::string prefix = (dir.path / "big.rules").string() + ":2:15: bad regex: pattern too large";
  for (const char* url : {"https://big.example/a", "https://www.big.example/b"}) {
    Error failed = clean_error(rules, url, kPage);
    CHECK(failed.code == ErrorCode::kRules);
    CHECK(failed.message.rfind(prefix, 0) == 0);
    CHECK(failed.message.find("(cleaning page.html)") != std::string::npos);
    CHECK(failed.message.find('\n') == std::string::npos);
  }
  CHECK(cleaned(rules, "https://small.example/a", kPage).find("PROMO-BLOCK") != std::string::npos);
}

TEST_CASE("a file named after a host is not read at load, and is read on the first page of its host") {
  TempDir dir("named");
  dir.write("broken.example.rules", "site: broken.example\n\ntitl: h1\n");
  dir.write("promo.example.rules", "site: promo.example\nremove: p.promo\n");
  Rules rules;
  Error e = load_rules({dir.str()}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);  // the syntax error is not seen yet
  const RuleFile* promo = file_named(*rules::rule_set(rules), "promo.example.rules");
  REQUIRE(promo != nullptr);
  CHECK(promo->pending == Pending::kRead);
  CHECK(promo->hosts == std::vector<std::string>{"promo.example"});
  // Read when first used, not before: a change made after load_rules is what applies.
  dir.write("promo.example.rules", "site: promo.example\nremove-text: /promo-block.*/i\n");
  CHECK(cleaned(rules, "https://other.example/a", kPage).find("PROMO-BLOCK") != std::string::npos);
  CHECK(cleaned(rules, "https://promo.example/a", kPage).find("PROMO-BLOCK") == std::string::npos);
  REQUIRE(promo->rules.size() == 1);
  CHECK(promo->rules[0].action == Action::kRemoveText);
  // The broken file fails its host's pages and its subdomains', every time, with file:line:col.
  const std::string message = (dir.path / "broken.example.rules").string() +
                              ":3:1: unknown directive 'titl', did you mean 'title'? in \"titl: h1\" (cleaning page.html)";
  for (const char* url : {"https://broken.example/a", "https://news.broken.example/b", "https://broken.example/c"}) {
    Error failed = clean_error(rules, url, kPage);
    CHECK(failed.code == ErrorCode::kRules);
    CHECK(failed.message == message);
  }
  CHECK(cleaned(rules, "https://promo.example/b", kPage).find("second paragraph") != std::string::npos);
  // A file that has gone by its first use is an error of that page, naming the file.
  dir.write("gone.example.rules", "site: gone.example\n");
  Rules later;
  REQUIRE(load_rules({dir.str()}, &later).ok());
  fs::remove(dir.path / "gone.example.rules");
  Error gone = clean_error(later, "https://gone.example/a", kPage);
  CHECK(gone.code == ErrorCode::kRules);
  CHECK(gone.message.rfind((dir.path / "gone.example.rules").string() + ": no such file", 0) == 0);
}

TEST_CASE("a file named after a host is found for its subdomains, with www. folded in its name") {
  TempDir dir("subdomains");
  dir.write("www.promo.example.rules", "site: promo.example\nremove: p.promo\n");
  Rules rules;
  REQUIRE(load_rules({dir.str()}, &rules).ok());
  CHECK(names(site_files(*rules::rule_set(rules), "promo.example")) == std::vector<std::string>{"www.promo.example.rules"});
  CHECK(names(site_files(*rules::rule_set(rules), "a.b.promo.example")) == std::vector<std::string>{"www.promo.example.rules"});
  CHECK(site_files(*rules::rule_set(rules), "notpromo.example").empty());
  CHECK(cleaned(rules, "https://www.news.promo.example/a", kPage).find("PROMO-BLOCK") == std::string::npos);
}

TEST_CASE("a file named after a host must name that host, and only it") {
  TempDir dir("mismatch");
  dir.write("a.example.rules", "site: a.example\nsite: www.a.example, b.example\nremove: p.promo\n");
  dir.write("c.example.rules", "remove: p.promo\n");
  dir.write("d.example.rules", "site: d.example\ndisable: comment\n");
  const std::string a = (dir.path / "a.example.rules").string();
  const std::string c = (dir.path / "c.example.rules").string();
  const std::string d = (dir.path / "d.example.rules").string();
  Rules rules;
  REQUIRE(load_rules({dir.str()}, &rules).ok());
  Error e = clean_error(rules, "https://a.example/x", kPage);
  CHECK(e.code == ErrorCode::kRules);
  CHECK(e.message == a + ":2:22: 'b.example' in a file named after a.example: one file per host (put its rules in "
                         "b.example.rules), or give this file a name that is not a host name (cleaning page.html)");
  // b.example's pages do not see the file at all: it is found by its name.
  CHECK(cleaned(rules, "https://b.example/x", kPage).find("PROMO-BLOCK") != std::string::npos);
  Error generic = clean_error(rules, "https://c.example/x", kPage);
  CHECK(generic.message.rfind(c + ": a file named after a host holds that host's rules: add 'site: c.example'", 0) == 0);
  Error disable = clean_error(rules, "https://d.example/x", kPage);
  CHECK(disable.message.rfind(d + ":2:10: no generic rule is named 'comment', did you mean 'comments'?", 0) == 0);
  // `winnow rules check` reads every file now and reports all of it.
  std::vector<std::string> all;
  for (const RuleError& err : check_rules({dir.str()})) all.push_back(err.str());
  CHECK(all.size() == 3);
  CHECK(std::count_if(all.begin(), all.end(), [&](const std::string& m) { return m.rfind(a + ":2:22: 'b.example'", 0) == 0; }) == 1);
  CHECK(std::count_if(all.begin(), all.end(), [&](const std::string& m) { return m.rfind(c + ": a file named", 0) == 0; }) == 1);
  CHECK(std::count_if(all.begin(), all.end(), [&](const std::string& m) { return m.rfind(d + ":2:10: no generic", 0) == 0; }) == 1);
}

TEST_CASE("rules check reads the files named after a host and reports their syntax errors") {
  TempDir dir("check");
  dir.write("x.example.rules", "site: x.example\nremove: div[\n");
  dir.write("y.example.rules", "site: y.example\nremove: .ok\n");
  Rules rules;
  CHECK(load_rules({dir.str()}, &rules).ok());
  const std::vector<RuleError> errors = check_rules({dir.str()});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == (dir.path / "x.example.rules").string());
  CHECK(errors[0].line == 2);
  // prepare_all_site_files (behind `rules test`) reads them all too.
  const std::vector<RuleError> all = prepare_all_site_files(rules);
  REQUIRE(all.size() == 1);
  CHECK(all[0].str() == errors[0].str());
}

TEST_CASE("a file not named after a host is read at load and indexed by its site: lines") {
  TempDir dir("unnamed");
  dir.write("my-sites.rules", "site: one.example two.example\nremove: p.promo\n");
  Rules rules;
  REQUIRE(load_rules({dir.str()}, &rules).ok());
  const RuleFile* f = file_named(*rules::rule_set(rules), "my-sites.rules");
  REQUIRE(f != nullptr);
  CHECK(f->pending == Pending::kCompile);
  CHECK(cleaned(rules, "https://one.example/a", kPage).find("PROMO-BLOCK") == std::string::npos);
  CHECK(cleaned(rules, "https://two.example/a", kPage).find("PROMO-BLOCK") == std::string::npos);
  dir.write("my-sites.rules", "site: one.example\ntitl: h1\n");
  Rules broken;
  CHECK(load_rules({dir.str()}, &broken).code == ErrorCode::kRules);  // read at load: refused there
}

TEST_CASE("a --rules file named after a shipped site file replaces it, unread until used") {
  TempDir dir("shipped");
  dir.write("thehill.com.rules", "site: thehill.com\nremove: p.promo\n");
  Rules rules;
  REQUIRE(load_rules({dir.str()}, &rules).ok());
  int count = 0;
  for (const auto& f : rules::rule_set(rules)->files)
    if (f->name == "thehill.com.rules") {
      ++count;
      CHECK(f->path == (dir.path / "thehill.com.rules").string());
      CHECK(f->pending == Pending::kRead);
    }
  CHECK(count == 1);
  const std::vector<const RuleFile*> sites = site_files(*rules::rule_set(rules), "thehill.com");
  REQUIRE(sites.size() == 1);
  CHECK(sites[0]->path == (dir.path / "thehill.com.rules").string());
  REQUIRE(sites[0]->rules.size() == 1);
  CHECK(sites[0]->rules[0].pattern == "p.promo");
}

TEST_CASE("a later directory's file for a host hides an earlier one's, whatever the load order") {
  TempDir one("rank1"), two("rank2");
  // two's a.rules overrides one's a.rules by name and takes its place, ahead of one's b.rules;
  // all name h.example. The later directory's file wins alone.
  one.write("a.rules", "site: h.example\nremove: .a\n");
  one.write("b.rules", "site: h.example\nremove: .b\n");
  two.write("a.rules", "site: h.example\nremove: .a2\n");
  Rules rules;
  REQUIRE(load_rules({one.str(), two.str()}, &rules).ok());
  const std::vector<const RuleFile*> sites = site_files(*rules::rule_set(rules), "h.example");
  REQUIRE(sites.size() == 1);
  CHECK(sites[0]->path == (two.path / "a.rules").string());
}

TEST_CASE("two threads cleaning pages of one site at once read and compile its file once and both apply it") {
  TempDir dir("threads");
  // siteN.rules is read at load and compiled on first use; siteN.example.rules is read then too.
  for (int i = 0; i < 20; ++i) {
    const std::string rules = "remove: p.promo\nremove-text: /promo-block.*/i\n";
    dir.write("site" + std::to_string(i) + ".rules", "site: site" + std::to_string(i) + ".example\n" + rules);
    dir.write("named" + std::to_string(i) + ".example.rules", "site: named" + std::to_string(i) + ".example\n" + rules);
  }
  for (int round = 0; round < 40; ++round) {  // a fresh rule set each round: each first use races
    Rules rules;
    Error e = load_rules({dir.str()}, &rules);
    REQUIRE_MESSAGE(e.ok(), e.message);
    const std::string host = (round % 2 ? "named" : "site") + std::to_string(round / 2) + ".example";
    const std::string url = "https://" + host + "/a";
    std::string texts[2];
    std::thread a([&] { texts[0] = cleaned(rules, url, kPage); });
    std::thread b([&] { texts[1] = cleaned(rules, url, kPage); });
    a.join();
    b.join();
    CHECK(texts[0] == texts[1]);
    CHECK(texts[0].find("PROMO-BLOCK") == std::string::npos);
    CHECK(texts[0].find("second paragraph") != std::string::npos);
    const RuleFile* f = file_named(*rules::rule_set(rules), round % 2 ? host + ".rules" : "site" + std::to_string(round / 2) + ".rules");
    REQUIRE(f != nullptr);
    CHECK(f->rules.size() == 2);
  }
}

TEST_CASE("the attributes the rules test are kept by the pre-scan, those of a file named after a host from its first use") {
  TempDir dir("attributes");
  dir.write("mine.rules", "site: eager.example\nremove: div:has(> [data-eager-ad])\n");
  dir.write("tagged.example.rules", "site: tagged.example\nremove: p[data-kind=\"junk\"]\n");
  Rules rules;
  REQUIRE(load_rules({dir.str()}, &rules).ok());
  html::AttributeFilter keep = html::AttributeFilter::selective();
  keep_attributes_read(rules, &keep);
  CHECK(keep.keeps(GUMBO_TAG_DIV, "data-eager-ad"));  // a file read at load, site file or not
  CHECK(keep.keeps(GUMBO_TAG_DIV, "class"));          // the generic rules'
  CHECK(keep.keeps(GUMBO_TAG_TIME, "datetime"));      // what apply() reads itself
  CHECK_FALSE(keep.keeps(GUMBO_TAG_P, "data-kind"));  // not read yet
  CHECK_FALSE(keep_site_attributes(rules, "eager.example", &keep));

  // The first page of the host is pre-scanned keeping data-kind (its file is read first): the
  // rule applies from the first page on, and later pages keep data-kind from the start.
  const std::string page =
      "<html><body><article><h1>Title</h1>"
      "<p>The first paragraph of the story, long enough to be the article and not the junk.</p>"
      "<p data-kind=\"junk\">TAGGED-JUNK subscribe now to read every story we publish.</p>"
      "<p>The second paragraph of the story, long enough to be the article as well.</p>"
      "</article></body></html>";
  CHECK(cleaned(rules, "https://other.example/a", page).find("TAGGED-JUNK") != std::string::npos);
  CHECK(cleaned(rules, "https://tagged.example/a", page).find("TAGGED-JUNK") == std::string::npos);
  html::AttributeFilter later = html::AttributeFilter::selective();
  keep_attributes_read(rules, &later);
  CHECK(later.keeps(GUMBO_TAG_P, "data-kind"));
  CHECK_FALSE(keep_site_attributes(rules, "tagged.example", &later));
  CHECK(cleaned(rules, "https://tagged.example/b", page).find("TAGGED-JUNK") == std::string::npos);
  // With the host taken from the page itself (no URL given), the same.
  Rules fresh;
  REQUIRE(load_rules({dir.str()}, &fresh).ok());
  const std::string canonical = "<link rel=canonical href=\"https://tagged.example/c\">" + page;
  CHECK(cleaned(fresh, "", canonical).find("TAGGED-JUNK") == std::string::npos);
}

TEST_CASE("a lang: file is checked at load and compiled on the first page of one of its languages") {
  std::vector<RuleError> errors;
  auto set = build_rule_set(sources_of({{"g.rules", "remove: .g\n"},
                                        {"labels-de.rules", "lang: de\nremove-text: Lesen Sie auch\nremove: .de-box[data-x]\n"},
                                        {"labels-fr.rules", "lang: fr\nname: lire\nremove-text: Lire aussi\n"}}),
                            &errors, SiteFiles::kDefer);
  REQUIRE(errors.empty());
  const RuleFile* de = file_named(*set, "labels-de.rules");
  const RuleFile* fr = file_named(*set, "labels-fr.rules");
  CHECK(de->rules.empty());
  CHECK(fr->rules.empty());
  CHECK(set->generic_names.count("lire"));  // a site file may disable it from the start
  CHECK(std::count(set->attribute_names.begin(), set->attribute_names.end(), "data-x") == 1);
  CHECK(names(generic_files(*set, "en")) == std::vector<std::string>{"g.rules"});
  CHECK(de->rules.empty());  // a page of another language compiles nothing
  CHECK(names(generic_files(*set, "de")) == std::vector<std::string>{"g.rules", "labels-de.rules"});
  CHECK(de->rules.size() == 2);
  CHECK(fr->rules.empty());
  CHECK(names(generic_files(*set, "")) == std::vector<std::string>{"g.rules", "labels-de.rules", "labels-fr.rules"});
  CHECK(fr->rules.size() == 1);
  CHECK(de->rules.size() == 2);  // once only

  // The load finds the syntax errors of a lang: file as of any other; `rules check` compiles it.
  std::vector<RuleError> checked, compiled;
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"labels-ja.rules", "lang: ja\nremove-text: /(関連/\n"}, {"labels-x.rules", "lang: xx-yy\n"}};
  build_rule_set(sources_of(broken), &checked, SiteFiles::kDefer);
  build_rule_set(sources_of(broken), &compiled, SiteFiles::kCompile);
  REQUIRE(checked.size() == 2);
  REQUIRE(compiled.size() == 2);
  for (std::size_t i = 0; i < checked.size(); ++i) CHECK(checked[i].str() == compiled[i].str());
}

TEST_CASE("a lang: regex too large to compile fails the pages it applies to on first use, naming file:line:col") {
  TempDir dir("large-lang");
  dir.write("labels-big.rules", "lang: de\nremove-text: /\\pL{1000}\\pN{1000}/\n");
  CHECK(check_rules({dir.str()}).size() == 1);
  Rules rules;
  Error e = load_rules({dir.str()}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);
  CHECK(prepare_language_files(rules, "fr", "page.html").ok());
  const std::string prefix = (dir.path / "labels-big.rules").string() + ":2:15: bad regex: pattern too large";
  for (const char* language : {"de", ""}) {
    Error failed = prepare_language_files(rules, language, "page.html");
    CHECK(failed.code == ErrorCode::kRules);
    CHECK(failed.message.rfind(prefix, 0) == 0);
    CHECK(failed.message.find("(cleaning page.html)") != std::string::npos);
  }
  // The broken file is left out of German pages' files; the embedded German labels stay in.
  const std::vector<std::string> german = names(generic_files(*rules::rule_set(rules), "de"));
  CHECK(german.size() == rules::rule_set(rules)->unscoped.size() + 1);
  CHECK(std::find(german.begin(), german.end(), "labels-de.rules") != german.end());
  CHECK(std::find(german.begin(), german.end(), "labels-big.rules") == german.end());
}
