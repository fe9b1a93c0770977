// Recognising the element that carries a page's byline ("By Jane Doe"), for metadata and for the
// detector, which drops it from the article text.
#pragma once

#include <string_view>

#include "html/dom.h"

namespace winnow::extract {

// True if element `id` is marked as the author line: rel=author, an itemprop naming the author, or a
// class or id containing byline, author, dateline, writtenby or p-author. Cost: its attributes.
bool looks_like_byline(const html::Dom& dom, html::NodeId id);

// True if `text` is short enough to be a byline (1 to 99 characters once trimmed).
bool is_valid_byline(std::string_view text);

}  // namespace winnow::extract
