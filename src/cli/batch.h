// Cleaning a list of inputs: reading, cleaning on worker threads, and writing results in order.
#pragma once

#include "cli/args.h"

namespace winnow::cli {

// Cleans every input of `args` with `rules` and writes the results (stdout or -o DIR). One failed
// input never stops the others. Returns kExitOk, kExitSomeFailed or kExitUsage (e.g. -o DIR cannot
// be created, or there is no input at all).
int run_batch(const Args& args, const Rules& rules);

}  // namespace winnow::cli
