// The command line: what the user asked for, parsed and checked.
#pragma once

#include <string>
#include <vector>

#include "fetch/fetch.h"
#include "winnow/winnow.h"

namespace winnow::cli {

// Exit codes, documented in --help and README.md.
inline constexpr int kExitOk = 0;        // every input was cleaned
inline constexpr int kExitSomeFailed = 1;  // some input failed; the others were still cleaned
inline constexpr int kExitUsage = 2;     // bad command line or a broken rule set: nothing was done

enum class Command { kClean, kHelp, kVersion, kRulesCheck, kRulesTest };

// What the inputs are: by name (a *.warc or *.warc.gz file is WARC, anything else a page), or all
// pages, or all WARC files (--input-format).
enum class InputFormat { kAuto, kHtml, kWarc };

struct Args {
  Command command = Command::kClean;
  std::vector<std::string> inputs;      // paths, "-" for stdin, or http(s) URLs
  std::string input_list;               // -i FILE ("-" = stdin): more inputs, one per line
  std::string output_dir;               // -o DIR; empty: stdout
  bool skip_existing = false;           // --skip-existing: leave out inputs whose -o file exists
  InputFormat input_format = InputFormat::kAuto;
  std::vector<std::string> rule_dirs;   // WINNOW_RULES entries, then --rules in order
  std::vector<std::string> site_config_dirs;  // WINNOW_SITE_CONFIG entries, then --site-config
  std::string pages_dir;                // rules test --pages DIR: pages saved by --save-html
  bool jsonl = false;                   // --format jsonl: one JSON object per line
  bool quiet = false;
  unsigned jobs = 0;                    // cleaning threads; 0: one per core
  std::string save_html_dir;            // --save-html DIR: keep fetched pages
  Options options;
  fetch::FetchOptions fetch;
};

// Parses argv. On a usage error returns false and sets *error to a one-line message.
// `env_rules` and `env_site_config` are the WINNOW_RULES and WINNOW_SITE_CONFIG environment
// variables (colon-separated directories), or null.
bool parse_args(int argc, char** argv, const char* env_rules, const char* env_site_config, Args* args,
                std::string* error);

// True if `input` is to be read as a WARC file.
bool is_warc_input(const std::string& input, InputFormat format);

// The --help text.
const char* usage();

}  // namespace winnow::cli
