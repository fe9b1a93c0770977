// The numbers the block model reads for each block: its own text (length, links, punctuation,
// digits), where it sits (the elements above it, their class words, its place on the page), its
// neighbours, whether the Readability-style detector put it in the article, and the page's signals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/blocks.h"
#include "extract/page_signals.h"

namespace winnow::extract {

// The feature names, in column order (the model file refers to features by these names).
const std::vector<std::string>& block_feature_names();

// Fills *out with blocks.blocks.size() rows of block_feature_names().size() columns, row by row.
// `detected[i]` is 1 when block i lies in the article the scoring detector found, whose best
// candidate is `top` (kNoNode if none); `title` is the page's title (may be empty). Cost: linear in the number of blocks and their text, plus a walk up
// from each block's owner.
void block_features(const html::Dom& dom, const BlockSet& blocks, const std::vector<std::uint8_t>& detected,
                    html::NodeId top, const PageSignals& page, std::string_view title, std::vector<float>* out);

}  // namespace winnow::extract
