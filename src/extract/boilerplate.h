// The second pass: inside the chosen article, drop the blocks that are not part of it. Footers,
// asides, share rows, headings with junk classes, and (Readability's "clean conditionally") forms,
// tables, lists and divs that are mostly links, images, inputs or embeds. Kept whatever the numbers
// say: data tables and everything in them, code, lists of images, blocks with an embedded video.
// Image captions (<figcaption>) are kept: they are part of the article's text.
#pragma once

#include "extract/scoring.h"
#include "html/dom.h"

namespace winnow::extract {

// True for a <table> that holds data rather than layout: a caption, summary, header cells, or
// enough rows and columns. `c` is the table's Counts.
bool is_data_table(const html::Dom& dom, html::NodeId id, const Counts& c);

// Marks the blocks to drop inside sel->kept (in sel->marks) and returns the length of the text
// that remains, in Counts::chars units. `facts` is the page's, shared with select_article. Cost: one
// walk of the kept subtrees.
float clean_article(const html::Dom& dom, unsigned flags, Selection* sel, NodeFacts* facts);

}  // namespace winnow::extract
