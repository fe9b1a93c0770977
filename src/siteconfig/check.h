// Checking and testing site config directories: `winnow rules check --site-config DIR` and
// `winnow rules test --site-config DIR --pages SAVED`.
#pragma once

#include <string>
#include <vector>

#include "rules/rule.h"
#include "winnow/winnow.h"

namespace winnow::siteconfig {

struct CheckReport {
  std::size_t files = 0;                  // files listed (after overrides by name)
  std::size_t expressions = 0;            // XPath expressions written
  std::size_t expressions_compiled = 0;   // ... that pugixml compiled
  std::size_t ignored_lines = 0;          // directives accepted and ignored (tidy, parser, login_*...)
  std::vector<std::string> broken_files;  // paths of the files with an error, in name order
  std::vector<std::string> warned_files;  // paths of the files with a warning only
  std::vector<rules::RuleError> errors;   // file:line:col, in file order
  std::vector<rules::RuleError> warnings;
};

// Reads and compiles every file of `dirs` (as load_rules lists them). Returns false with *error
// when a directory cannot be listed. Cost: reading every file, compiling every expression.
bool check(const std::vector<std::string>& dirs, CheckReport* report, Error* error);

// One test_url of a site config, run against a saved page.
struct ConfigTest {
  std::string where;  // "file:line" of the test_url
  std::string url;
  std::string page;   // the saved page's path; "" when none was saved for the URL (skipped)
  bool passed = false;
  std::vector<std::string> failures;  // "missing: TEXT", "the site config found no body", errors
};

// Runs every test_url of the site configs in `config_dirs` against the pages saved under
// `pages_dir` by `--save-html` (a page is found by its headers file's URL or Requested-URL; a URL
// with no page is skipped): each page is cleaned by winnow::clean() as text, with `rules` (which
// must hold the same site config directories) and the test's URL, and must contain every
// test_contains of the test; a test without test_contains must have its body found by the site
// config. Returns false with *error when a directory cannot be read. Cost: one clean per page.
bool run_tests(const Rules& rules, const std::vector<std::string>& config_dirs, const std::string& pages_dir,
               std::vector<ConfigTest>* results, Error* error);

}  // namespace winnow::siteconfig
