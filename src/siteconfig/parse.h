// Parsing one site config file (the FiveFilters / Instapaper format: docs/rules.md#site-configs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "siteconfig/config.h"

namespace winnow::siteconfig {

// What parse_config found besides the config itself.
struct Problems {
  std::vector<rules::RuleError> errors;    // an expression that does not compile: the file is refused
  std::vector<rules::RuleError> warnings;  // an unknown directive ("did you mean"), a bad yes/no, an
                                           // unpaired find_string: that line is skipped
};

// Parses `text`, the file `path`, into *out, compiling every XPath expression with pugixml. The
// format is Full-Text RSS's: one `directive: value` a line, `#` comments, blank lines ignored, a
// line whose value is empty skipped. Every problem is appended to *problems as file:line:col
// (the parser goes on after one). Returns true if there was no error (warnings allowed).
// Cost: linear in the text plus one XPath compile per expression (microseconds each).
bool parse_config(std::string_view path, std::string_view text, Config* out, Problems* problems);

// Adds to *names (each once, lower case) the attributes the XPath expression `xpath` tests:
// `@name`, `attribute::name`; sets *every when it tests any attribute (`@*`, `attribute::*`).
// A lexical scan that skips string literals: it may name an attribute the expression does not
// really read (never the other way round). Cost: linear.
void attributes_tested(std::string_view xpath, std::vector<std::string>* names, bool* every);

}  // namespace winnow::siteconfig
