// Rendering a subtree as plain text with HTML's block and inline rules.
#pragma once

#include <string>

#include "html/dom.h"

namespace winnow::write {

// Plain text of the subtree at `root`: block elements start new lines, paragraphs are separated by
// one blank line, list items and table rows stay on their own lines (cells are separated by a tab),
// <br> is a line break, white space is collapsed (kept in <pre>), blocks holding only white space
// vanish, and the text of script, style, noscript, template, svg, math, iframe, head, title, form
// controls (input, button, select, textarea) and embedded objects never appears. The result has no
// leading or trailing blank lines and ends with '\n' unless empty.
std::string render_text(const html::Dom& dom, html::NodeId root);

}  // namespace winnow::write
