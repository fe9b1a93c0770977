#include "extract/models.h"

#include <string>

#include "extract/block_features.h"
#include "extract/page_signals.h"

namespace winnow::extract {

namespace {

struct Loaded {
  Trees blocks, page_type;
  bool have_blocks = false, have_page_type = false;
  std::string error;
};

const Loaded& loaded() {
  static const Loaded models = [] {
    Loaded m;
    for (std::size_t i = 0; i < kEmbeddedModelCount; ++i) {
      const EmbeddedModel& e = kEmbeddedModels[i];
      Error err;
      if (e.name == "blocks.model") {
        err = m.blocks.load(e.text, e.name, block_feature_names());
        m.have_blocks = err.ok();
      } else if (e.name == "page_type.model") {
        err = m.page_type.load(e.text, e.name, page_signal_names());
        m.have_page_type = err.ok();
      }
      if (!err.ok() && m.error.empty()) m.error = err.message;
    }
    return m;
  }();
  return models;
}

}  // namespace

const Trees* block_model() { return loaded().have_blocks ? &loaded().blocks : nullptr; }
const Trees* page_type_model() { return loaded().have_page_type ? &loaded().page_type : nullptr; }
std::string_view model_error() { return loaded().error; }

}  // namespace winnow::extract
