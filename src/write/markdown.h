// Rendering the cleaned article as Markdown (CommonMark, with GitHub's pipe tables and ~~strike~~).
#pragma once

#include <string>

#include "html/attribute_filter.h"
#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::write {

// The subtree at `root` as Markdown. When `include_title` and metadata.title is set, "# Title"
// comes first, unless the article's first heading already says the same.
//
// Blocks: h1-h6 become ATX headings; p, div and other blocks paragraphs separated by a blank
// line; ul/ol lists ("- " and "N. ", honouring start/value/reversed; nested lists indented under
// their item; an item's paragraphs (`li > p`) stay in the item, one-paragraph items stay tight);
// blockquote "> " (nested: "> > "); pre a fenced code block (a fence longer than any run of
// backticks inside; the language from a "language-X" or "lang-X" class); hr "---".
// Inline: a -> [text](absolute url) (javascript: links become plain text); em/i *x*; strong/b **x**;
// s/del/strike ~~x~~; code/kbd/samp/tt a code span; br a hard line break ("\" at the end of the
// line), two in a row end the paragraph.
// Tables: a table with two or more columns becomes a pipe table, its header row the first row
// (whether or not it is made of th); cells' blocks are flattened into one line, "|" escaped, colspan
// padded with empty cells (rowspan is not: later cells shift left); a caption is a paragraph above.
// A one-column table, or one holding another table, is layout: its cells are rendered as blocks.
// Images: one choice, everywhere: ![alt](src) inline where the image stands, src being the real
// (lazy-loaded) source made absolute (see links.h); an image without a usable source is dropped;
// a figcaption is a paragraph of its own below it.
// Text: white space collapsed; characters that would otherwise be read as Markdown are escaped
// with "\" (always * _ ` [ ] ~ \ except intra-word _; < and & only before a tag or entity; # > + -
// = and "1." only at the start of a line; | in table cells). Emphasis markers are placed so that
// CommonMark reads them as emphasis (punctuation that would block an opening marker is moved
// before it; a closing marker that cannot close is dropped with its opener; adjacent elements of
// one kind merge). Links and images resolve against
// metadata.url and the page's <base href>. Hidden content (script, style, form controls, embeds,
// svg...) never appears, as in the text writer.
// Returns "" for kNoNode with no title; otherwise ends with '\n'. Cost: linear in the subtree.
std::string render_markdown(const html::Dom& dom, html::NodeId root, const Metadata& metadata, bool include_title);

// Adds to *keep every attribute render_markdown reads.
void keep_markdown_attributes(html::AttributeFilter* keep);

}  // namespace winnow::write
