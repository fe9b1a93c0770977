#include "rules/load.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

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
