#include "rules/load.h"

#include <doctest/doctest.h>

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

std::vector<std::string> names(const std::vector<const RuleFile*>& files) {
  std::vector<std::string> out;
  for (const RuleFile* f : files) out.push_back(f->name);
  return out;
}

}  // namespace

TEST_CASE("the embedded rules load, and every rules/*.rules file is embedded") {
  Rules rules;
  Error e = load_rules({}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);
  CHECK(!rules.impl()->generic.empty());
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
  CHECK(rules.impl() == before.impl());  // unchanged
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

const std::string kPage =
    "<html><body><article><h1>Title</h1>"
    "<p>The first paragraph of the story, long enough to be the article and not the junk.</p>"
    "<p class=\"promo\">PROMO-BLOCK subscribe now to read every story we publish.</p>"
    "<p>The second paragraph of the story, long enough to be the article as well.</p>"
    "</article></body></html>";

const RuleFile* file_named(const Rules::Impl& set, const std::string& name) {
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

TEST_CASE("a site regex too large to compile is left out on first use; the file's other rules still apply") {
  TempDir dir("large");
  // Fine syntax, but a program far over RE2's default budget.
  dir.write("big.example.rules", "site: big.example\nremove-text: /\\pL{1000}\\pN{1000}/\nremove: p.promo\n");
  CHECK(check_rules({dir.str()}).size() == 1);  // `winnow rules check` compiles, and says so
  Rules rules;
  Error e = load_rules({dir.str()}, &rules);
  REQUIRE_MESSAGE(e.ok(), e.message);
  CHECK(cleaned(rules, "https://big.example/a", kPage).find("PROMO-BLOCK") == std::string::npos);
  CHECK(cleaned(rules, "https://big.example/b", kPage).find("PROMO-BLOCK") == std::string::npos);
}

TEST_CASE("two threads cleaning pages of one site at once compile its file once and both apply it") {
  TempDir dir("threads");
  for (int i = 0; i < 20; ++i)
    dir.write("site" + std::to_string(i) + ".rules", "site: site" + std::to_string(i) + ".example\nremove: p.promo\nremove-text: /promo-block.*/i\n");
  for (int round = 0; round < 20; ++round) {  // a fresh rule set each round: each first use races
    Rules rules;
    Error e = load_rules({dir.str()}, &rules);
    REQUIRE_MESSAGE(e.ok(), e.message);
    const std::string url = "https://site" + std::to_string(round) + ".example/a";
    std::string texts[2];
    std::thread a([&] { texts[0] = cleaned(rules, url, kPage); });
    std::thread b([&] { texts[1] = cleaned(rules, url, kPage); });
    a.join();
    b.join();
    CHECK(texts[0] == texts[1]);
    CHECK(texts[0].find("PROMO-BLOCK") == std::string::npos);
    CHECK(texts[0].find("second paragraph") != std::string::npos);
    const RuleFile* f = file_named(*rules.impl(), "site" + std::to_string(round) + ".rules");
    REQUIRE(f != nullptr);
    CHECK(f->rules.size() == 2);
  }
}
