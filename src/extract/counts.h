// Per-node text measures for the detector, computed bottom-up: a node's counts are the sum of its
// children's plus its own, so one post-order walk measures every subtree of the page in linear time.
#pragma once

#include <cstdint>
#include <string_view>

#include "html/dom.h"

namespace winnow::extract {

struct Counts {
  // Text length in characters of the collapsed text, where a CJK ideograph, kana or hangul syllable
  // counts as two: a Chinese sentence says as much in half the characters, and every threshold
  // (25 characters for a paragraph, 500 for an article) would otherwise fail CJK pages.
  float chars = 0;
  float link_chars = 0;     // chars inside <a>; in-page "#" links weigh 0.3
  float heading_chars = 0;  // chars inside h1-h6 descendants
  float textish_chars = 0;  // chars inside descendant p, div, span, li, td, pre, table, lists, quotes
  float list_chars = 0;     // chars inside ul/ol descendants
  std::uint32_t commas = 0; // ',' and the Arabic, CJK and full-width commas
  std::uint32_t p = 0;      // paragraphs (a <div> of inline content counts as one)
  std::uint32_t img = 0;
  std::uint32_t li = 0;
  std::uint32_t input = 0;
  std::uint32_t embed = 0;  // object, embed, iframe
  std::uint32_t elements = 0;
  std::uint32_t br_hr = 0;
  std::uint32_t rows = 0;      // <tr> descendants
  std::uint32_t max_cols = 0;  // most cells in one row
  bool has_block = false;      // a descendant that is block-level for div-to-paragraph purposes
  bool all_phrasing = true;    // every descendant is inline content
  bool table_hint = false;     // th, thead, tfoot, col or colgroup descendant
  bool nested_table = false;   // a <table> descendant
};

// Counts of one text node.
Counts text_counts(std::string_view text);

// True for inline ("phrasing") elements and text: what a <div> holds when it is really a paragraph.
bool is_phrasing(const html::Dom& dom, html::NodeId id, const Counts& c);

// Adds the counts `c` of child `child` into its parent's `acc`.
void add_child(const html::Dom& dom, html::NodeId child, const Counts& c, Counts* acc);

// Adds element `id`'s own contribution once its children are summed (links, table rows).
void finish_element(const html::Dom& dom, html::NodeId id, Counts* c);

// Link density: link_chars / chars, 0 for an empty node.
inline float link_density(const Counts& c) { return c.chars > 0 ? c.link_chars / c.chars : 0; }

}  // namespace winnow::extract
