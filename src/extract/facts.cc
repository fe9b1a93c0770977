#include "extract/facts.h"

#include "common/ascii.h"
#include "extract/byline.h"
#include "extract/hints.h"
#include "extract/scoring.h"
#include "extract/title.h"

namespace winnow::extract {

NodeFacts::NodeFacts(const html::Dom& dom, std::string_view title)
    : dom_(dom), title_(title), known_(dom.size(), 0), value_(dom.size(), 0), weight_(dom.size(), 0),
      text_(dom.size()) {}

template <class Compute>
bool NodeFacts::fact(html::NodeId id, Fact f, Compute&& compute) {
  if (!(known_[id] & f)) {
    known_[id] |= f;
    if (compute()) value_[id] |= f;
  }
  return value_[id] & f;
}

bool NodeFacts::hidden(html::NodeId id) {
  return fact(id, kHidden, [&] { return is_hidden(dom_, id); });
}

bool NodeFacts::modal(html::NodeId id) {
  return fact(id, kModal, [&] {
    return dom_.node(id).attr_count > 0 && equals_lower(dom_.attr(id, "role"), "dialog") &&
           dom_.attr(id, "aria-modal") == "true";
  });
}

bool NodeFacts::byline(html::NodeId id) {
  return fact(id, kByline, [&] { return looks_like_byline(dom_, id) && is_valid_byline(short_text(dom_, id, 400)); });
}

bool NodeFacts::repeats_title(html::NodeId id) {
  return fact(id, kTitle, [&] { return !title_.empty() && text_similarity(title_, short_text(dom_, id, 2000)) > 0.75; });
}

bool NodeFacts::share(html::NodeId id) {
  return fact(id, kShare, [&] { return is_share(dom_, id); });
}

int NodeFacts::class_weight(html::NodeId id) {
  if (!(known_[id] & kWeight)) {
    known_[id] |= kWeight;
    weight_[id] = static_cast<std::int8_t>(extract::class_weight(dom_, id));
  }
  return weight_[id];
}

Counts NodeFacts::text_counts(html::NodeId id) {
  TextCounts& t = text_[id];
  if (t.chars < 0) {
    const Counts c = extract::text_counts(dom_.text(id));
    t.chars = c.chars;
    t.commas = c.commas;
  }
  Counts c;
  c.chars = t.chars;
  c.commas = t.commas;
  return c;
}

}  // namespace winnow::extract
