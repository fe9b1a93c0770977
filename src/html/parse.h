// Parses UTF-8 HTML with Gumbo and copies the tree into a Dom.
#pragma once

#include <string_view>

#include "html/dom.h"

namespace winnow::html {

// Parses `utf8` the way a browser would (broken markup is repaired, never an error) and returns
// the tree. Comments are dropped; whitespace-only text is kept (it separates inline words).
// Cost: Gumbo's parse plus one pass over its tree; Gumbo's memory is freed before returning.
Dom parse(std::string_view utf8);

}  // namespace winnow::html
