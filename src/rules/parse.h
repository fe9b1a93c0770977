// Parsing one rule file (format: docs/rules.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace winnow::rules {

// How much of a rule file parse_rule_file builds.
enum class ParseMode {
  kCompile,  // every rule, its selector and regex compiled, into RuleFile::rules
  // Everything but the rules: hosts, names, disables and tests are filled in, each selector is
  // parsed and each regex's syntax checked (RE2 with a tiny memory budget: a syntax error is
  // still an error, "pattern too large" then only means the syntax is fine; a `replace:` regex
  // is compiled in full, its replacement needs the group count), but RuleFile::rules stays
  // empty. About 10 us per regex instead of 90: the loader checks site files this way and
  // compiles them on the first page of their host. The one error it cannot see is a regex whose
  // program is too large for RE2's real budget: kCompile reports it.
  kCheck,
};

// Parses `text` into *out. `path` names the file in error messages. Every problem is appended to
// *errors (the parser goes on after an error, so a user sees all of a file's mistakes at once);
// returns true if there were none. Cross-file checks (a `disable:` naming no generic rule) are
// the loader's. Cost: linear in the text plus the cost of compiling (kCheck: parsing) each
// selector and regex once.
bool parse_rule_file(std::string_view path, std::string_view text, RuleFile* out,
                     std::vector<RuleError>* errors, ParseMode mode = ParseMode::kCompile);

// The closest of `candidates` to `word` by edit distance, if close enough to be a plausible typo
// (at most 2 edits, and fewer than half the word's length); "" otherwise.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Levenshtein distance between two ASCII strings. Cost: O(|a| * |b|).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Parses a host name as written in `site:` (lower-cased, "www." folded). Returns "" if `text` is
// not a plausible host name (a URL, a path, characters hosts do not have).
std::string normalize_host(std::string_view text);

// The host a rule file's base name gives, "www." folded ("www.example.com.rules" -> "example.com"),
// or "" when the name is not a host name. A host name is two or more labels separated by single
// dots, each of lower-case ASCII letters, digits and '-' (not first or last), the last one a
// top-level domain: two or more letters, or an IDN's "xn--..." form. So "bbc.co.uk.rules" and
// "site7.example.com.rules" are, "generic-share.rules", "My.Site.rules" and "rules.v2.rules" are not.
std::string host_of_file_name(std::string_view name);

}  // namespace winnow::rules
