#include "extract/page_type.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "extract/models.h"

namespace winnow::extract {
namespace {

// schema.org types that name the page itself, and that named the page's kind on every
// development page declaring them (DiscussionForumPosting and QAPage: 81 forum pages of 81;
// CollectionPage: 9 of 11 collections, the others listings). Product is not among them: shops
// mark up each card of a grid as a Product too. A page that says what it is is believed before
// the model, which was trained on few pages of some kinds.
struct Declared {
  std::string_view signal;
  std::string_view type;
};
constexpr Declared kDeclared[] = {
    {"ld_discussionforumposting", "forum"}, {"ld_qapage", "forum"},
    {"ld_collectionpage", "collection"},    {"ld_searchresultspage", "collection"},
    {"ld_techarticle", "documentation"},    {"ld_apireference", "documentation"},
};

std::string declared_type(const PageSignals& signals) {
  const std::vector<std::string>& names = page_signal_names();
  for (const Declared& d : kDeclared) {
    const auto at = std::find(names.begin(), names.end(), d.signal);
    if (at != names.end() && signals.values[at - names.begin()] > 0) return std::string(d.type);
  }
  return "";
}

}  // namespace

std::string page_type(const PageSignals& signals) {
  if (signals.values.size() != page_signal_names().size()) return "";
  if (std::string declared = declared_type(signals); !declared.empty()) return declared;
  const Trees* model = page_type_model();
  if (model == nullptr || model->classes().empty()) return "";
  std::vector<float> scores(model->outputs());
  model->predict(signals.values.data(), scores.data());
  std::size_t best = 0;
  for (std::size_t i = 1; i < scores.size(); ++i)
    if (scores[i] > scores[best]) best = i;
  return model->classes()[best];
}

}  // namespace winnow::extract
