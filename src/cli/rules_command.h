// `winnow rules check [DIR...]` and `winnow rules test [DIR...]`.
#pragma once

#include "cli/args.h"

namespace winnow::cli {

// Lints the embedded rules plus args.rule_dirs and prints every problem as "file:line:col: ...".
// Returns kExitOk when there is none, kExitSomeFailed otherwise.
int run_rules_check(const Args& args);

// Runs every test that the rule files of args.rule_dirs declare, printing PASS/FAIL per test with a
// diff for each failure, then "N passed, N failed". Returns kExitOk when all pass (and there was at
// least one), kExitSomeFailed when any fails, kExitUsage when the rule set does not load.
int run_rules_test(const Args& args);

}  // namespace winnow::cli
