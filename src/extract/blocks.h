// The page cut into text blocks: the unit the block model keeps or drops. A block is a run of
// inline content (text and inline elements) between two block-level boundaries, with the element
// that holds it and what surrounds it: "<div>Intro <b>x</b><p>Para</p> tail</div>" is three blocks,
// "Intro x" and " tail" owned by the <div>, "Para" by the <p>. Removing a block removes exactly the
// run's nodes, so the writers keep the markup of everything else.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "html/dom.h"

namespace winnow::extract {

// Ancestor kinds a block can sit inside (BlockSet::ancestors bits).
enum AncestorBit : std::uint32_t {
  kInNav = 1u << 0,        // <nav>, role=navigation or menu
  kInHeader = 1u << 1,     // <header>, role=banner
  kInFooter = 1u << 2,     // <footer>, role=contentinfo
  kInAside = 1u << 3,      // <aside>, role=complementary
  kInForm = 1u << 4,       // <form>, <fieldset>
  kInMain = 1u << 5,       // <main>, role=main
  kInArticle = 1u << 6,    // <article>
  kInListItem = 1u << 7,   // <li>
  kInTable = 1u << 8,      // <table>
  kInList = 1u << 9,       // <ul>, <ol>
  kInLink = 1u << 10,      // <a href>
  kInFigure = 1u << 11,    // <figure>
  kInSection = 1u << 12,   // <section>
  kInDialog = 1u << 13,    // <dialog>, role=dialog or alertdialog
  kInHeading = 1u << 14,   // <h1>..<h6>
  kInDefinition = 1u << 15,  // <dl>
  kInQuote = 1u << 16,     // <blockquote>
  kInCode = 1u << 17,      // <pre>, <code>
  kInDetails = 1u << 18,   // <details>
  kInAddress = 1u << 19,   // <address>
  kInLabel = 1u << 20,     // <label>, <legend>
  kInHidden = 1u << 21,    // hidden, aria-hidden=true, display:none
  kInCell = 1u << 22,      // <td>, <th>
  kInPost = 1u << 23,      // microdata or class of a post/comment (itemprop/itemtype comment, post)
};

// The class/id/role/itemprop words the model reads, as a set of bits (kClassWords lists them).
using WordBits = std::array<std::uint64_t, 2>;

// The words, in bit order. Each is matched as a substring of the lower-cased attribute values.
extern const std::vector<std::string_view>& class_words();

struct Block {
  html::NodeId owner = html::kNoNode;  // the element whose children the run is
  html::NodeId first = html::kNoNode;  // the run: first..last are consecutive children of owner
  html::NodeId last = html::kNoNode;
  std::uint32_t text_begin = 0;        // the run's collapsed text in BlockSet::text
  std::uint32_t text_size = 0;
  float chars = 0;                     // Counts::chars units (CJK counts double)
  float link_chars = 0;
  std::uint32_t words = 0;             // runs of letters or digits
  std::uint32_t commas = 0;
  std::uint32_t depth = 0;             // elements above the run
  std::uint32_t ancestors = 0;         // AncestorBit
  WordBits near_words{};               // class words of the owner and its two nearest ancestors
  WordBits far_words{};                // class words of the ancestors above those
  std::uint32_t repeats = 0;           // most look-alike siblings (same tag and class) of an ancestor,
                                       // over the owner and its four nearest ancestors
  GumboTag tag = GUMBO_TAG_UNKNOWN;    // the owner's tag
  std::uint8_t heading = 0;            // 1..6 when inside h1..h6
  bool images = false;                 // the run holds an <img>
};

struct BlockSet {
  std::vector<Block> blocks;  // in document order
  std::string text;           // every block's text, back to back
  std::string_view text_of(const Block& b) const { return std::string_view(text).substr(b.text_begin, b.text_size); }
};

// Cuts the subtree at `root` into blocks. Unrendered elements (script, style, form controls...)
// give no text. Cost: one walk of the subtree, and one pass over each element's class and id.
BlockSet find_blocks(const html::Dom& dom, html::NodeId root);

// Removes block `b`'s run from the tree.
void remove_block(html::Dom* dom, const Block& b);

}  // namespace winnow::extract
