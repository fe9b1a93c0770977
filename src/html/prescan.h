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

#include <gumbo.h>

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::html {

// Which attributes the pre-scan hands on to Gumbo. Attributes are two thirds of a pre-scanned
// page's bytes, and Gumbo copies every one character by character; most (data-*, aria-*, title,
// value, tabindex, ...) are read by no later stage. The stages after the parse say which names they
// read, and the pre-scan drops the rest.
//
// A default-made filter keeps every attribute. A selective() one keeps only the names keep() adds,
// every attribute of the elements keep_all_on() names, and the few the tree builder itself reads
// (an <input>'s type, a <font>'s color, face and size, annotation-xml's encoding, isindex's
// prompt), so that the tree keeps its shape. Event handlers and srcdoc are dropped whatever the
// filter says (see is_dropped_attribute). Cost: keep() is a hash insert, keeps() one hash of the
// name and a compare or two.
class AttributeFilter {
 public:
  AttributeFilter() = default;
  static AttributeFilter selective();

  // Keeps `name` (any case). Returns true if the filter dropped it until now. A filter that keeps
  // everything stays so (and returns false).
  bool keep(std::string_view name);
  // Keeps every attribute of `tag` elements (for a stage that looks at all of them).
  void keep_all_on(GumboTag tag);
  // True if the attribute `name` (any case) of a `tag` element is kept.
  bool keeps(GumboTag tag, std::string_view name) const;
  bool keeps_everything() const { return !selective_; }

 private:
  std::size_t slot_of(std::string_view name) const;

  bool selective_ = false;
  std::vector<std::string> slots_;  // open addressing, lower-case names; "" is a free slot
  std::size_t used_ = 0;
  std::bitset<GUMBO_TAG_LAST + 1> all_on_;
};

struct Prescan {
  std::string html;               // the page with those bodies dropped; empty when not stripping
  std::size_t max_depth = 0;      // deepest element nesting, counting <html> and <body>
  std::size_t bytes_skipped = 0;  // utf8.size() - html.size() when stripping, else 0
  // The start tags of the page's <link>, <meta> and <base> elements as written (attributes past
  // the 256th left out), in document order, outside <template>s and the bodies dropped: what
  // extract::page_url reads, so that the page's URL is known before the parse (see url_before_parse
  // in winnow.cc). Tags after a <frameset>, or after the model lost track, may not match the tree.
  std::string url_tags;
};

// Scans `utf8` once. With strip=false only max_depth is measured (html stays empty and the caller
// parses the original); with strip=true the attributes `keep` does not keep go too. max_depth follows the tree builder approximately (void elements,
// self-closing foreign elements, implied end tags of p, li, dd, dt, option, td, th, tr, end tags
// that close their nearest open match): close enough to tell a real page (< 1,000) from a
// pathological one (> 10,000). Cost: linear in the input (each byte is read at most twice), memory
// for the output and one entry per open element. Never fails: any bytes are accepted.
Prescan prescan(std::string_view utf8, bool strip, const AttributeFilter& keep = AttributeFilter());

// True for the attributes the pre-scan drops from every tag: event handlers ("on" and at least one
// more character, any case: onclick, onLoad) and srcdoc. Selectors cannot test them.
bool is_dropped_attribute(std::string_view name);

}  // namespace winnow::html
