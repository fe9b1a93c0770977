// The detector's models, compiled into the binary (src/extract/models/*.model, made by
// scripts/train_model.py) and parsed on first use.
#pragma once

#include <cstddef>
#include <string_view>

#include "extract/trees.h"

namespace winnow::extract {

struct EmbeddedModel {
  std::string_view name;  // base name, e.g. "blocks.model"
  std::string_view text;
};

extern const EmbeddedModel kEmbeddedModels[];
extern const std::size_t kEmbeddedModelCount;

// The block model (blocks.model over block_feature_names()): the probability that a block is
// part of the page's main content. Null when the binary was built without it or it does not load
// (model_error() says why); detection then keeps the scoring detector's choice. Thread-safe.
const Trees* block_model();

// The page-type model (page_type.model over page_signal_names()), one score per page type.
const Trees* page_type_model();

// Why a model failed to load, or "" (for tests and --explain).
std::string_view model_error();

}  // namespace winnow::extract
