// Pages whose content a script renders often carry the same content for crawlers in <noscript>
// (Discourse forums, some shops and blogs): with no script run, that fallback is the page.
#pragma once

#include "html/dom.h"

namespace winnow::html {

// When the text inside the body's <noscript> elements outweighs the text outside them (and is
// more than a line or two), replaces each <noscript> holding text by its children, so that every
// later stage reads it as the page's content. Otherwise leaves the tree alone: a noscript's
// "please enable JavaScript" or tracking pixel is not content. Returns true if it unwrapped any.
// Cost: one walk of the body.
bool show_noscript_fallback(Dom* dom);

}  // namespace winnow::html
