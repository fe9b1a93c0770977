// The --explain report: what every rule removed, and why.
#pragma once

#include <string>
#include <string_view>

#include "winnow/winnow.h"

namespace winnow::cli {

// One line per removal ("rule  pattern  "excerpt""), then the number of removals per rule, most
// first, then the notes (which rule files applied, how the article root was found).
std::string explain_report(std::string_view input_name, const Document& doc);

}  // namespace winnow::cli
