// What the detector asks of a node whatever the pass's flags: is it hidden, a byline, a heading
// repeating the title, a share row; its class weight; a text node's counts. find_article runs up to
// four passes over one page (each looser than the last), and without this each pass would work all
// of them out again for the same nodes.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "extract/counts.h"
#include "html/dom.h"

namespace winnow::extract {

// Each answer is worked out on first need and kept. The answers read only the Dom (and the title),
// so they stay right as long as the Dom is not changed: make one per page, and drop it before the
// article is cut out of the tree. Cost: about 12 bytes per node of the Dom, allocated at once.
class NodeFacts {
 public:
  // `title` (may be empty) is the page's title, which must outlive this.
  NodeFacts(const html::Dom& dom, std::string_view title);

  std::string_view title() const { return title_; }

  // is_hidden(dom, id) (hints.h).
  bool hidden(html::NodeId id);
  // A modal dialog: role=dialog with aria-modal=true.
  bool modal(html::NodeId id);
  // An author line: looks_like_byline(dom, id) and its text is short enough (byline.h).
  bool byline(html::NodeId id);
  // Its text repeats the title (text_similarity above 0.75); false when the title is empty.
  bool repeats_title(html::NodeId id);
  // is_share(dom, id) (hints.h).
  bool share(html::NodeId id);
  // class_weight(dom, id) (hints.h).
  int class_weight(html::NodeId id);
  // text_counts(dom.text(id)) of text node `id`.
  Counts text_counts(html::NodeId id);

 private:
  enum Fact : std::uint8_t { kHidden = 1, kModal = 2, kByline = 4, kTitle = 8, kShare = 16, kWeight = 32 };
  // Looks the fact up, or works it out with `compute` and keeps it.
  template <class Compute>
  bool fact(html::NodeId id, Fact f, Compute&& compute);

  const html::Dom& dom_;
  std::string_view title_;
  std::vector<std::uint8_t> known_;  // per node: the Facts worked out
  std::vector<std::uint8_t> value_;  // per node: the Facts found true
  std::vector<std::int8_t> weight_;  // per node: class_weight, when kWeight is known (-50..50)
  // Per text node: its counts' only non-zero fields; chars < 0 until worked out.
  struct TextCounts {
    float chars = -1;
    std::uint32_t commas = 0;
  };
  std::vector<TextCounts> text_;
};

}  // namespace winnow::extract
