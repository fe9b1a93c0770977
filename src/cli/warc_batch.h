// Cleaning the pages of one WARC file: one thread reads the file, --jobs threads clean, this thread
// writes JSON Lines in record order.
#pragma once

#include <string>

#include "cli/args.h"

namespace winnow::cli {

// Cleans every page of the WARC file `input` ("-": standard input) and writes one JSON line per page
// (write::warc_json_record) to standard output, or atomically to `out_path` when it is not empty.
// Broken records, pages that fail and a file that is not WARC are reported on standard error, one
// line each, then a summary line (unless --quiet). Memory is bounded by --jobs records, however large
// the file. Returns kExitOk if every record was read and every page cleaned, else kExitSomeFailed.
int run_warc(const std::string& input, const std::string& out_path, const Args& args, const Rules& rules);

}  // namespace winnow::cli
