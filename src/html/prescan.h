// The pre-scan: one pass over the page's bytes before Gumbo parses them.
//
// Gumbo is slow (~22 MB/s) and on news pages more than half the bytes are bodies the cleaner
// throws away. The pre-scan drops them, so Gumbo parses fewer bytes, and it measures how deep the
// elements nest, so that a pathological page (100,000 nested elements make Gumbo's parse
// quadratic) can be refused before Gumbo sees it.
//
// Dropped: the text of <script> (except type="application/ld+json", which metadata reads), of
// <style>, and the contents of <svg>, <template> and <noscript>; comments (also bogus ones,
// "<?...>", "</ 3>") entirely, or emptied to "<!---->" where they keep apart text that the tree
// builder would treat differently joined. The elements' own start and end tags are kept, so the
// tree has the same shape. Event-handler attributes and srcdoc are dropped from every tag (see
// is_dropped_attribute), and so is every attribute the caller's AttributeFilter does not keep.
// Each run of white space in text outside <pre> and <listing> becomes one character (a newline
// if the run held one, else a space): Gumbo spends a token on every character, and every later
// stage collapses white space anyway. Between two blocks, where it never shows and html::parse
// would leave it out, it is dropped when the tree is sure to be the same without it (see
// Scanner::between_blocks). Everything else is copied byte for byte. A page with a <frameset> is
// copied whole (whether the frameset wins depends on all the text before it).
//
// It follows the HTML tokenizer where that decides what is markup: case-insensitive names, quoted
// attribute values holding '>', the script data (escaped and double-escaped) states, RAWTEXT
// (style, xmp, iframe, noembed, noframes), RCDATA (title, textarea), plaintext, CDATA in foreign
// content, and which of those states the tree builder actually enters (not inside svg or math,
// nor for elements a <select> ignores). A drop never changes the tree Gumbo builds outside the
// dropped bodies, as Gumbo 0.10 builds it (its quirks included): where markup inside an <svg>,
// <noscript> or <template> could reach outside it (an HTML tag breaking out of svg, an unbalanced
// element in noscript, a <noscript> inside <head>), that element is kept whole instead. This is
// checked against Gumbo by tests/html/prescan_test.cc (random markup and the shared corpus).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "html/attribute_filter.h"

namespace winnow::html {

struct Prescan {
  std::string html;               // the page with all that dropped; empty when not dropping
  std::size_t max_depth = 0;      // deepest element nesting, counting <html> and <body>
  std::size_t bytes_skipped = 0;  // utf8.size() - html.size() when dropping, else 0
  // The start tags of the page's <link>, <meta> and <base> elements as written (attributes past
  // the 256th left out), in document order, outside <template>s and the bodies dropped: what
  // extract::page_url reads, so that the page's URL is known before the parse (see url_before_parse
  // in winnow.cc). Tags after a <frameset>, or after the model lost track, may not match the tree.
  std::string url_tags;
};

// Scans `utf8` once. With drop=false only max_depth and url_tags are made (html stays empty and
// the caller parses the original); with drop=true all the above is dropped, and so are the
// attributes `keep` does not keep. max_depth follows the tree builder approximately (void elements,
// self-closing foreign elements, implied end tags of p, li, dd, dt, option, td, th, tr, end tags
// that close their nearest open match): close enough to tell a real page (< 1,000) from a
// pathological one (> 10,000). Cost: linear in the input (each byte is read at most twice), memory
// for the output and one entry per open element. Never fails: any bytes are accepted.
Prescan prescan(std::string_view utf8, bool drop, const AttributeFilter& keep = AttributeFilter());

}  // namespace winnow::html
