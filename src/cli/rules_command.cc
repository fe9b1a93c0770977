#include "cli/rules_command.h"

#include <cstdio>

#include "rules/load.h"
#include "rules/rule_test.h"

namespace winnow::cli {

int run_rules_check(const Args& args) {
  const std::vector<rules::RuleError> errors = rules::check_rules(args.rule_dirs);
  for (const rules::RuleError& e : errors) std::fprintf(stderr, "%s\n", e.str().c_str());
  if (!args.quiet)
    std::printf("%s: %zu problem%s\n", errors.empty() ? "rules ok" : "rules broken", errors.size(),
                errors.size() == 1 ? "" : "s");
  return errors.empty() ? kExitOk : kExitSomeFailed;
}

int run_rules_test(const Args& args) {
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
  std::printf("%d passed, %d failed\n", passed, failed);
  if (results.empty()) {
    std::fprintf(stderr, "winnow: no rule tests found%s\n",
                 args.rule_dirs.empty() ? ": give the directory of the rule files, e.g. 'winnow rules test rules/'" : "");
    return kExitSomeFailed;
  }
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace winnow::cli
