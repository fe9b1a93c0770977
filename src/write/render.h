// Rendering the cleaned article in the requested format.
#pragma once

#include "html/attribute_filter.h"
#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::write {

// Fills doc->text (plain text of `root`) and doc->output (the article in options.format, with the
// title on top of text and Markdown when options.include_title). Uses doc->metadata, which must be
// complete. `root` may be kNoNode (an empty page): the output is then empty or just the title.
void render(const html::Dom& dom, html::NodeId root, const Options& options, Document* doc);

// Adds to *keep every attribute render() reads for `format` (the pre-scan drops the attributes
// no stage keeps): none for text and JSON, which are the text alone. Cost: a few hash inserts.
void keep_attributes_read(Format format, html::AttributeFilter* keep);

}  // namespace winnow::write
