#include "html/selector.h"

#include <algorithm>

#include <utility>

#include "common/ascii.h"
#include "common/text.h"
#include "html/selector_match.h"
#include "html/selector_parse.h"
#include "html/walk.h"

namespace winnow::html {

using namespace selector_internal;

struct Selector::Impl {
  std::string text;
  List list;
  std::vector<SelectorKeys> keys;
  std::vector<std::string> attribute_names;
  bool has_actions = false;
  bool has_upward = false;
};

// ---------------------------------------------------------------------------------------------
// MatchCache.

MatchCache::MatchCache(const Dom& dom, NodeId root) : dom_(dom), root_(root) {}

void MatchCache::build_texts() {
  texts_built_ = true;
  text_begin_.assign(dom_.size(), kNoNode);
  text_end_.assign(dom_.size(), kNoNode);
  bool pending = false;
  // One walk lays the whole subtree's text out in document order; an element's text is then the
  // span between entering and leaving it (a leading ' ' there is a space owed from before it).
  walk(
      dom_, root_,
      [&](NodeId id) {
        text_begin_[id] = static_cast<std::uint32_t>(texts_.size());
        if (dom_.is_text(id)) {
          append_collapsed(&texts_, dom_.text(id), &pending);
          return false;
        }
        return !is_raw_text(dom_, id);
      },
      [&](NodeId id) { text_end_[id] = static_cast<std::uint32_t>(texts_.size()); });
}

std::string_view MatchCache::element_text(NodeId id) {
  if (!texts_built_) build_texts();
  if (id < text_begin_.size() && text_begin_[id] != kNoNode) {
    std::string_view text = std::string_view(texts_).substr(text_begin_[id], text_end_[id] - text_begin_[id]);
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    return text;
  }
  compute_text(dom_, id, &scratch_);
  return scratch_;
}

const ChildPosition& MatchCache::child_position(NodeId id) {
  if (positions_.empty()) positions_.resize(dom_.size());
  if (positions_[id].index != 0) return positions_[id];
  const NodeId parent = dom_.node(id).parent;
  // First pass numbers the children, overall and per tag; the second tells each its totals.
  // Siblings use few distinct tags, so a linear list beats a hash map here.
  type_counts_.clear();
  auto type_count = [&](NodeId c) -> std::uint32_t& {
    const std::string_view name = dom_.tag_name(c);
    for (auto& [n, count] : type_counts_)
      if (n == name) return count;
    return type_counts_.emplace_back(name, 0).second;
  };
  std::uint32_t n = 0;
  for (NodeId c = dom_.node(parent).first_child; c != kNoNode; c = dom_.node(c).next_sibling) {
    if (!dom_.is_element(c)) continue;
    positions_[c].index = ++n;
    positions_[c].type_index = ++type_count(c);
  }
  for (NodeId c = dom_.node(parent).first_child; c != kNoNode; c = dom_.node(c).next_sibling) {
    if (!dom_.is_element(c)) continue;
    positions_[c].count = n;
    positions_[c].type_count = type_count(c);
  }
  return positions_[id];
}

std::vector<std::uint8_t>& MatchCache::memo(const void* key) {
  std::vector<std::uint8_t>& memo = memos_[key];
  if (memo.size() != dom_.size()) memo.assign(dom_.size(), 0);
  return memo;
}

// ---------------------------------------------------------------------------------------------
// Selector.

namespace {

// Appends the keys of complex selector `x`: its subject compound's own, or, when that compound
// requires no tag, id, class or attribute of its own but has an :is() / :where(), the keys of
// each of that list's selectors (an element matching `x` matches one of them). Recursion is over
// the selector's nesting only.
void add_keys(const Complex& x, std::vector<SelectorKeys>* out) {
  const Compound& subject = x.compounds.back();
  if (subject.tag == GUMBO_TAG_LAST && subject.ids.empty() && subject.classes.empty() && subject.attrs.empty() &&
      !subject.scope) {
    for (const Pseudo& p : subject.pseudos) {
      if (p.kind != PseudoKind::kIs || p.list->items.empty()) continue;
      for (const Complex& item : p.list->items) add_keys(item, out);
      return;
    }
  }
  SelectorKeys keys;
  keys.tag = subject.tag;
  keys.tag_name = subject.tag_name;
  if (!subject.ids.empty()) keys.id = subject.ids.front();
  keys.classes = subject.classes;
  for (const AttrTest& t : subject.attrs) {
    SelectorKeys::Attribute a{t.name, t.value};
    for (char& c : a.contains) c = lower_ascii(c);
    keys.attributes.push_back(std::move(a));
  }
  out->push_back(std::move(keys));
}

}  // namespace

Selector::Selector() : impl_(std::make_unique<Impl>()) {}
Selector::~Selector() = default;
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;

namespace {

// Every attribute `list` tests, at any depth (:not, :is, :has, :upward arguments included).
// Recursion follows the selector's nesting, which the text bounds, not the page's.
void add_attribute_names(const List& list, std::vector<std::string>* out) {
  auto add = [&](std::string_view name) {
    if (std::find(out->begin(), out->end(), name) == out->end()) out->emplace_back(name);
  };
  for (const Complex& x : list.items) {
    for (const Compound& c : x.compounds) {
      if (!c.ids.empty()) add("id");
      if (!c.classes.empty()) add("class");
      for (const AttrTest& t : c.attrs) add(t.name);
      for (const Pseudo& p : c.pseudos)
        if (p.list) add_attribute_names(*p.list, out);
    }
    for (const Action& a : x.actions)
      if (a.list) add_attribute_names(*a.list, out);
  }
}

}  // namespace

bool Selector::compile(std::string_view text, Selector* out, SelectorError* error) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text);
  if (!parse(impl->text, &impl->list, error)) return false;
  for (const Complex& x : impl->list.items) {
    add_keys(x, &impl->keys);
    for (const Action& a : x.actions) {
      impl->has_actions = true;
      if (a.kind != ActionKind::kAndAfter) impl->has_upward = true;
    }
  }
  add_attribute_names(impl->list, &impl->attribute_names);
  out->impl_ = std::move(impl);
  return true;
}

const std::vector<std::string>& Selector::attribute_names() const { return impl_->attribute_names; }

bool Selector::matches(const Dom& dom, NodeId id) const {
  Ctx ctx{dom, nullptr, {}};
  return match_list(impl_->list, id, kNoNode, ctx);
}

bool Selector::matches(const Dom& dom, NodeId id, MatchCache* cache) const {
  Ctx ctx{dom, cache, {}};
  return match_list(impl_->list, id, kNoNode, ctx);
}

void Selector::select(const Dom& dom, NodeId root, std::vector<NodeId>* out) const {
  MatchCache cache(dom, root);
  Ctx ctx{dom, &cache, {}};
  const List& list = impl_->list;
  if (!impl_->has_actions) {
    // A match is selected with its subtree, so nothing below it needs matching.
    walk(dom, root, [&](NodeId id) {
      if (!dom.is_element(id)) return id == dom.document();
      if (match_list(list, id, kNoNode, ctx)) {
        out->push_back(id);
        return false;
      }
      return true;
    });
    return;
  }
  // Actions select other nodes than the match: flag them, then collect the outermost flags in a
  // second walk. Without :upward, everything a flagged node's descendants could select lies inside
  // it, so its subtree is skipped.
  std::vector<std::uint8_t> selected(dom.size(), 0);
  walk(dom, root, [&](NodeId id) {
    if (!dom.is_element(id)) return id == dom.document();
    if (selected[id] && !impl_->has_upward) return false;
    for (const Complex& x : list.items)
      if (match_complex(x, id, kNoNode, ctx)) apply_actions(x, id, root, ctx, &selected);
    return !(selected[id] && !impl_->has_upward);
  });
  walk(dom, root, [&](NodeId id) {
    if (selected[id]) {
      out->push_back(id);
      return false;
    }
    return dom.is_element(id) || id == dom.document();
  });
}

const std::string& Selector::text() const { return impl_->text; }

const std::vector<SelectorKeys>& Selector::keys() const { return impl_->keys; }

}  // namespace winnow::html
