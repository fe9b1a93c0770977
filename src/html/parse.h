// Parses UTF-8 HTML with Gumbo and copies the tree into a Dom.
#pragma once

#include <string_view>

#include "html/dom.h"

namespace winnow::html {

// Parses `utf8` the way a browser would (broken markup is repaired, never an error) and returns
// the tree. Comments are dropped. White-space-only text is kept where it can show (it separates
// inline words; inside <pre>; alone in an element, which is then not :empty) and left out between
// blocks (html::is_block), where it never shows: 40% of a real page's nodes, which every later
// walk would visit, and a page then reads the same indented or minified.
// Cost: Gumbo's parse plus one pass over its tree; Gumbo's memory is freed before returning.
Dom parse(std::string_view utf8);

}  // namespace winnow::html
