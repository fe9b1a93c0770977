// Tag sets: the one home for every list of elements that a stage treats alike. Each set is named
// for what its elements share. Where two stages need different lists for what sounds like the same
// thing, each list is a set here, and its comment says why it differs. Every function is a switch
// (or a compare): cheap enough to ask of every element of a page.
#pragma once

#include <gumbo.h>

namespace winnow::html {

// --- What the page shows: rules, detection and writers agree on these, so that "the text of a
// block" means the same thing to all of them.

// True for elements whose content never shows as the page's text: document metadata (head, title,
// meta...), scripts and styles, templates, embedded content (svg, math, iframe, object, video...)
// and form controls (input, button, select, textarea...). Their subtrees are skipped when text is
// measured, matched or written.
bool is_unrendered(GumboTag tag);

// True for elements that start and end a line wherever they stand (p, div, li, td, h1, table,
// section...), and for html, head, body and head's metadata: white space beside them never
// shows, and the text on either side of one never runs together. Not pre (the white space inside
// and around it shows), nor menu (never needed: adding it would change which white space the
// parse keeps).
bool is_block(GumboTag tag);

// h1 to h6.
bool is_heading(GumboTag tag);

// The void elements as Gumbo 0.10's tree builder knows them (br, img, input, meta, ... and the
// obsolete basefont, bgsound, frame, keygen, menuitem): it never holds one open, so they hold
// nothing, and the HTML writer gives them no end tag.
bool is_void(GumboTag tag);

// pre, listing and textarea: the tree builder drops a newline right after their start tag, and
// keeps every other white space inside them.
bool drops_leading_newline(GumboTag tag);

// --- Rules (rules/apply).

// The elements whose text the rules never read (text patterns, the size and link-density guards,
// --explain's excerpts): those holding code or another document (head, title, script, style,
// noscript, template, svg, math, iframe, object). Narrower than is_unrendered on purpose: a
// button's, a form's or a video's fallback text is what junk rules match ("Subscribe", "Your
// browser does not support video"), and the guards count it: with is_unrendered instead, the text
// of 14 of the 1,580 corpus pages changes, and the excerpts of most.
bool is_hidden_from_rules(GumboTag tag);

// Phrasing elements whose text runs on with the text around them (a, b, em, span, font, label,
// ins, del...): text read through one needs no space at its edges, where every other element's
// edge is a word break ("caption" and "credit" in two <div>s do not read "captioncredit").
bool is_inline_text(GumboTag tag);

// --- Detection (extract/), as Readability has them.

// Readability's PHRASING_ELEMS less a, del and ins (which are phrasing when all they hold is): the
// content a run of which makes a paragraph of its own inside a div.
bool is_phrasing(GumboTag tag);

// Readability's DIV_TO_P_ELEMS: a div holding one of these (blockquote, dl, div, img, ol, p, pre,
// table, ul) is a container, not a paragraph.
bool is_paragraph_breaker(GumboTag tag);

// Readability's DEFAULT_TAGS_TO_SCORE (p, td, pre, section, h2 to h6): the elements whose text
// scores their ancestors (a div without a paragraph_breaker inside scores too).
bool is_scored(GumboTag tag);

// iframe, embed and object: where a page embeds a video player.
bool is_embed(GumboTag tag);

// --- The block model (extract/blocks).

// The elements that cut the page into blocks of text: the blocks (is_block) plus pre, whose code
// is a block to a reader even though its white space is kept.
bool separates_text_blocks(GumboTag tag);

// --- The HTML writer (write/html).

// The elements the HTML writer ends a line after, for a readable output that shows the same: the
// blocks (is_block) less the table cells (a row's cells stay on one line), plus pre and menu (for
// the writer the white space after a pre no longer matters). The head's elements, html, body and
// form are left out: the writer never writes their tags.
bool ends_line_in_html(GumboTag tag);

// --- The tree builder, as Gumbo 0.10 builds the tree (html/prescan follows it). HTML elements only:
// an svg or math element of the same name is none of these.

// Blocks whose start tag, in the body, inserts them where the parser stands (after closing an open
// p, li, dd or dt), and whose end tag, when they are the current element, closes just them.
bool is_plain_block(GumboTag tag);

// The formatting elements (a, b, big, code, em, font, i, nobr, s, small, strike, strong, tt, u):
// their end tags run the adoption agency, and the tree builder reopens one closed too early.
bool is_formatting(GumboTag tag);

// Start tags that close an open <p> in button scope (address, div, ul, h1, table, hr, form...).
bool closes_p(GumboTag tag);

// HTML start tags that leave svg and math content (the foreign content rules' list; <font> also
// does, but only with a color, face or size attribute, which the caller knows).
bool breaks_out_of_foreign(GumboTag tag);

// Start tags that may sit inside a <noscript> whose contents the pre-scan drops. The others
// (table parts, form, button, select, svg, math, nested contexts...) act on elements outside the
// noscript, so a noscript holding one is kept whole.
bool may_sit_in_dropped_noscript(GumboTag tag);

// The HTML elements that bound the default scope (applet, caption, html, table, td, th, marquee,
// object, template): an element below one is not "in scope" for the tags that would close it.
bool bounds_default_scope(GumboTag tag);

// The HTML "special" category: "any other end tag" stops looking for its element at one of these.
bool is_special(GumboTag tag);

// Elements that put a marker in the list of active formatting elements (applet, object, marquee,
// td, th, caption).
bool sets_formatting_marker(GumboTag tag);

}  // namespace winnow::html
