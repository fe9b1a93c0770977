#include "rules/rule_test.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace winnow;
namespace fs = std::filesystem;

TEST_CASE("line_diff shows removed and added lines with context") {
  CHECK(rules::line_diff("a\nb\n", "a\nb") == "");
  const std::string d = rules::line_diff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\n4\nfive\n6\n7\n");
  CHECK(d == "--- expected\n+++ actual\n...\n 3\n 4\n-5\n+five\n 6\n 7\n");
}

TEST_CASE("the shipped rules' own tests pass") {
  const char* source = std::getenv("WINNOW_SOURCE");
  if (source == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping the shipped rule tests");
    return;
  }
  std::vector<rules::TestResult> results;
  Error error;
  REQUIRE(rules::run_rule_tests({(fs::path(source) / "rules").string()}, "", &results, &error));
  CHECK(results.size() >= 5);
  for (const rules::TestResult& r : results) CHECK_MESSAGE(r.passed, rules::format_result(r));
}

TEST_CASE("a failing rule test reports what is wrong, with a diff") {
  const fs::path dir = fs::temp_directory_path() / ("winnow-ruletest-" + std::to_string(std::rand()));
  fs::create_directories(dir);
  std::ofstream(dir / "page.html") << "<html><head><title>T</title></head><body><p>Kept.</p><p class=junk>Junk.</p></body></html>";
  std::ofstream(dir / "page.txt") << "T\n\nKept.\n";
  std::ofstream(dir / "example.org.rules") << "site: example.org\nremove: .nothing\n"
                                              "test: page.html\nexpect: page.txt\nmust-contain: Kept.\n"
                                              "must-contain: Absent\nmust-not-contain: Junk.\n"
                                              "test: missing.html\n";
  std::vector<rules::TestResult> results;
  Error error;
  REQUIRE(rules::run_rule_tests({dir.string()}, "", &results, &error));
  REQUIRE(results.size() == 2);
  CHECK_FALSE(results[0].passed);
  CHECK(results[0].url == "https://example.org/");
  CHECK(results[0].failures.size() == 3);
  CHECK(results[0].failures[0] == "missing: Absent");
  CHECK(results[0].failures[1] == "unwanted: Junk.");
  CHECK(results[0].diff.find("+Junk.") != std::string::npos);
  CHECK(rules::format_result(results[0]).rfind("FAIL " + (dir / "example.org.rules").string() + ":3", 0) == 0);
  CHECK_FALSE(results[1].passed);
  // Fixing the rule makes it pass except for the deliberate must-contain.
  std::ofstream(dir / "example.org.rules") << "site: example.org\nremove: .junk\ntest: page.html\nexpect: page.txt\n";
  results.clear();
  REQUIRE(rules::run_rule_tests({dir.string()}, "", &results, &error));
  REQUIRE(results.size() == 1);
  CHECK_MESSAGE(results[0].passed, rules::format_result(results[0]));
  // A broken rule set is an error, not a failed test.
  std::ofstream(dir / "example.org.rules") << "site: example.org\nremov: .junk\n";
  CHECK_FALSE(rules::run_rule_tests({dir.string()}, "", &results, &error));
  CHECK(error.code == ErrorCode::kRules);
  fs::remove_all(dir);
}
