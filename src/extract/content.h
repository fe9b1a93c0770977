// Main-content detection: finding the article root on pages whose rules do not name it, and the
// second pass that drops boilerplate blocks inside it.
#pragma once

#include <string>
#include <vector>

#include "extract/junk_shapes.h"
#include "extract/page_signals.h"
#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::extract {

struct Article {
  html::NodeId root = html::kNoNode;  // never kNoNode when the page has a <body> or any content
  std::vector<std::string> notes;     // how the root was chosen (printed by --explain)
};

// What the block model saw and said on one page, for training it (bench/blocks) and for tests.
struct BlockTrace {
  std::size_t columns = 0;           // block_feature_names().size()
  std::vector<float> features;       // a row of `columns` per block
  std::vector<float> probabilities;  // per block: the model's probability that it is content
  std::vector<std::string> texts;    // per block: its text
  std::vector<float> signals;        // the page's signals (page_signal_names() order)
};

// Finds the article root. `hint` is the root a site rule selected (kNoNode if none): when set it is
// used as is. Removes boilerplate blocks inside the root (recorded in *removals when not null).
// Metadata (already read) lets the second pass recognise the title and byline repeated in the body.
// `page` are the page's signals (read before the rules ran). Fills *trace when not null. Then,
// when no site rule chose the root, removes the blocks of the `junk_shapes` (JunkShape bits) in it.
Article find_article(html::Dom* dom, html::NodeId hint, const Metadata& metadata, const PageSignals& page,
                     std::vector<Removal>* removals, BlockTrace* trace = nullptr,
                     unsigned junk_shapes = kDefaultJunkShapes);

}  // namespace winnow::extract
