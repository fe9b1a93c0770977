// What kind of element a tag is, in the one sense every stage shares: whether its content can
// ever be seen as text. Rules, detection and writers agree on it, so that "the text of a block"
// means the same thing to all of them.
#pragma once

#include <gumbo.h>

namespace winnow::html {

// True for elements whose content never shows as the page's text: document metadata (head, title,
// meta...), scripts and styles, templates, embedded content (svg, math, iframe, object, video...)
// and form controls (input, button, select, textarea...). Their subtrees are skipped when text is
// measured, matched or written. Cost: a switch.
bool is_unrendered(GumboTag tag);

// True for elements that start and end a line wherever they stand (p, div, li, td, h1, table,
// section...), and for html, head, body and head's metadata: white space beside them never
// shows, and the text on either side of one never runs together. Cost: a switch.
bool is_block(GumboTag tag);

}  // namespace winnow::html
