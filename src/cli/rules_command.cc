#include "cli/rules_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "rules/load.h"
#include "rules/rule_test.h"
#include "siteconfig/check.h"

namespace winnow::cli {

namespace {

// What the command wrote on stdout must have reached it: a summary that never arrived (a full
// disk, a closed pipe) is no success. Returns `code`, or kExitSomeFailed after one line naming the
// output.
int stdout_checked(int code) {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "winnow: standard output: cannot write: %s\n", std::strerror(errno));
    return kExitSomeFailed;
  }
  return code;
}

std::string list(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) out += "\n  " + p;
  return out;
}

// `rules check --site-config DIR`: every file read, every expression compiled; the figures on
// stdout, each problem on stderr. Returns the number of errors (warnings are not errors), or -1
// when a directory cannot be listed.
long check_site_configs(const Args& args) {
  siteconfig::CheckReport report;
  Error error;
  if (!siteconfig::check(args.site_config_dirs, &report, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.message.c_str());
    return -1;
  }
  for (const rules::RuleError& e : report.errors) std::fprintf(stderr, "%s\n", e.str().c_str());
  for (const rules::RuleError& w : report.warnings) {
    rules::RuleError shown = w;
    shown.message = "warning: " + shown.message;
    std::fprintf(stderr, "%s\n", shown.str().c_str());
  }
  if (!args.quiet) {
    std::printf("site configs: %zu files, %zu accepted, %zu with errors; %zu of %zu XPath expressions compiled; "
                "%zu warnings (in %zu more files); %zu lines of ignored directives\n",
                report.files, report.files - report.broken_files.size(), report.broken_files.size(),
                report.expressions_compiled, report.expressions, report.warnings.size(), report.warned_files.size(),
                report.ignored_lines);
    if (!report.broken_files.empty())
      std::printf("files with errors (their broken expressions are left out when they are used):%s\n",
                  list(report.broken_files).c_str());
    if (!report.warned_files.empty())
      std::printf("files with warnings only (the lines warned about are skipped):%s\n", list(report.warned_files).c_str());
  }
  return static_cast<long>(report.errors.size());
}

int test_site_configs(const Args& args) {
  Rules rules;
  if (Error e = load_rules(args.rule_dirs, args.site_config_dirs, &rules); !e.ok()) {
    std::fprintf(stderr, "winnow: %s\n", e.message.c_str());
    return kExitUsage;
  }
  std::vector<siteconfig::ConfigTest> results;
  Error error;
  if (!siteconfig::run_tests(rules, args.site_config_dirs, args.pages_dir, &results, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.message.c_str());
    return kExitUsage;
  }
  int passed = 0, failed = 0, skipped = 0;
  for (const siteconfig::ConfigTest& r : results) {
    if (r.page.empty()) {
      ++skipped;
      continue;
    }
    (r.passed ? passed : failed)++;
    if (r.passed && args.quiet) continue;
    std::printf("%s %s (%s)\n", r.passed ? "PASS" : "FAIL", r.where.c_str(), r.url.c_str());
    for (const std::string& f : r.failures) std::printf("    %s\n", f.c_str());
  }
  std::printf("site configs: %d passed, %d failed, %d skipped (no saved page%s)\n", passed, failed, skipped,
              args.pages_dir.empty() ? ": give --pages DIR, the --save-html directory" : "");
  if (passed + failed == 0) {
    std::fprintf(stderr, "winnow: no site config test had a saved page%s\n",
                 args.pages_dir.empty() ? " (give --pages DIR)" : "");
    return kExitSomeFailed;
  }
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace

int run_rules_check(const Args& args) {
  const std::vector<rules::RuleError> errors = rules::check_rules(args.rule_dirs);
  for (const rules::RuleError& e : errors) std::fprintf(stderr, "%s\n", e.str().c_str());
  long config_errors = 0;
  if (!args.site_config_dirs.empty()) {
    config_errors = check_site_configs(args);
    if (config_errors < 0) return kExitUsage;
  }
  // The verdict last, over rule files and site configs both: "rules ok" is never followed by an
  // error that makes the command fail.
  const std::size_t problems = errors.size() + static_cast<std::size_t>(config_errors);
  if (!args.quiet)
    std::printf("%s: %zu problem%s\n", problems == 0 ? "rules ok" : "rules broken", problems, problems == 1 ? "" : "s");
  return stdout_checked(problems == 0 ? kExitOk : kExitSomeFailed);
}

int run_rules_test(const Args& args) {
  if (!args.site_config_dirs.empty() && args.rule_dirs.empty()) return stdout_checked(test_site_configs(args));
  std::vector<rules::TestResult> results;
  Error error;
  // The embedded files' fixtures live in the source tree, not in the binary: their tests run when
  // that directory is given (`winnow rules test rules/`), as a user directory overriding them.
  if (!rules::run_rule_tests(args.rule_dirs, "", &results, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.message.c_str());
    return kExitUsage;
  }
  int passed = 0, failed = 0;
  for (const rules::TestResult& r : results) {
    (r.passed ? passed : failed)++;
    if (!r.passed || !args.quiet) std::fputs(rules::format_result(r).c_str(), stdout);
  }
  if (results.empty()) {
    std::fprintf(stderr, "winnow: no rule tests found%s\n",
                 args.rule_dirs.empty() ? ": give the directory of the rule files, e.g. 'winnow rules test rules/'" : "");
    return stdout_checked(kExitSomeFailed);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  int code = failed == 0 ? kExitOk : kExitSomeFailed;
  if (!args.site_config_dirs.empty()) {
    const int configs = test_site_configs(args);
    if (configs != kExitOk) code = configs;
  }
  return stdout_checked(code);
}

}  // namespace winnow::cli
