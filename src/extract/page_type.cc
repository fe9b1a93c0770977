#include "extract/page_type.h"

#include <vector>

#include "extract/models.h"

namespace winnow::extract {

std::string page_type(const PageSignals& signals) {
  const Trees* model = page_type_model();
  if (model == nullptr || model->classes().empty() || signals.values.size() != page_signal_names().size()) return "";
  std::vector<float> scores(model->outputs());
  model->predict(signals.values.data(), scores.data());
  std::size_t best = 0;
  for (std::size_t i = 1; i < scores.size(); ++i)
    if (scores[i] > scores[best]) best = i;
  return model->classes()[best];
}

}  // namespace winnow::extract
