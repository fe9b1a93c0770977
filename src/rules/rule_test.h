// Running the tests that rule files declare (`test:` lines), behind `winnow rules test [DIR]`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "winnow/winnow.h"

namespace winnow::rules {

struct TestResult {
  std::string where;  // "file:line" of the `test:` line
  std::string page;   // the fixture path as resolved
  std::string url;    // the URL the page was cleaned as
  bool passed = false;
  std::vector<std::string> failures;  // one line per problem ("missing: ...", "unwanted: ...")
  std::string diff;                   // expected vs actual text when an `expect:` file differs
};

// Loads the embedded rules plus `dirs` (as load_rules does) and runs every test declared by a rule
// file read from `dirs`: each page is cleaned by winnow::clean() as plain text with its title, with
// Options::url set to the test's `url:` (default https://<the file's first host>/), and compared
// with its `expect:` file and `must-contain:` / `must-not-contain:` lines. Paths are relative to
// the rule file's directory. Tests of embedded files not overridden from `dirs` run too when
// `embedded_dir` names the directory holding their fixtures (the source tree's rules/); otherwise
// they are skipped. Every site file is read and compiled first (a file named after a host is
// otherwise read on first use). Returns false and sets *error (the first problem) if the rule set
// does not load or a site file is broken; a missing or
// unreadable fixture is a failed test, not an error. Cost: one clean() per test.
bool run_rule_tests(const std::vector<std::string>& dirs, std::string_view embedded_dir,
                    std::vector<TestResult>* results, Error* error);

// A line diff of `expected` against `actual`: "--- expected", "+++ actual", then every line
// prefixed by ' ', '-' or '+', with runs of more than 2 unchanged lines elided. "" when equal.
// Cost: O(lines(expected) * lines(actual)); long texts past 4,000 lines are reported whole.
std::string line_diff(std::string_view expected, std::string_view actual);

// The text of a test result for a terminal: "PASS where" or "FAIL where" followed by the
// failures and the diff, indented.
std::string format_result(const TestResult& result);

}  // namespace winnow::rules
