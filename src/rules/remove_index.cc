#include "rules/remove_index.h"

#include <re2/re2.h>

#include "common/ascii.h"

namespace winnow::rules {

using html::Dom;
using html::NodeId;

bool selects_elsewhere(std::string_view pattern) {
  for (std::size_t i = pattern.find(':'); i != std::string_view::npos; i = pattern.find(':', i + 1)) {
    const std::string_view after = pattern.substr(i + 1);
    if (starts_with_lower(after, "upward") || starts_with_lower(after, "and-after")) return true;
  }
  return false;
}

void RemoveIndex::matching_texts(std::string_view text, TextFilter::Scratch* scratch, std::vector<int>* out) const {
  text_filter.candidates(text, scratch, out);
  const re2::StringPiece piece(text.data(), text.size());
  std::size_t kept = 0;
  for (int i : *out)
    if (RE2::FullMatch(piece, *text_entries[static_cast<std::size_t>(i)].rule->regex)) (*out)[kept++] = i;
  out->resize(kept);
}

RemoveIndex::ByAttribute& RemoveIndex::attribute(std::string_view name) {
  for (ByAttribute& a : by_attribute)
    if (a.name == name) return a;
  by_attribute.push_back({std::string(name), {}, {}, {}});
  return by_attribute.back();
}

void RemoveIndex::candidates(const Dom& dom, NodeId id, std::vector<std::uint32_t>* out) const {
  auto add = [&](const std::vector<std::uint32_t>& list) { out->insert(out->end(), list.begin(), list.end()); };
  add(universal);
  if (dom.tag(id) < by_tag.size()) add(by_tag[dom.tag(id)]);
  for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
    const std::string_view name = dom.view(a->name), value = dom.view(a->value);
    if (name == "id" && !by_id.empty()) {
      if (auto it = by_id.find(value); it != by_id.end()) add(it->second);
    } else if (name == "class" && !by_class.empty()) {
      std::size_t i = 0;
      while (i < value.size()) {
        while (i < value.size() && static_cast<unsigned char>(value[i]) <= ' ') ++i;
        const std::size_t start = i;
        while (i < value.size() && static_cast<unsigned char>(value[i]) > ' ') ++i;
        if (i > start)
          if (auto it = by_class.find(value.substr(start, i - start)); it != by_class.end()) add(it->second);
      }
    }
    for (const ByAttribute& b : by_attribute) {
      if (!equals_lower(name, b.name)) continue;
      add(b.present);
      if (!b.contains.empty()) b.contains.scan(value, out);
    }
  }
}

std::shared_ptr<const RemoveIndex> index_remove_rules(const std::vector<const RuleFile*>& files) {
  auto index = std::make_shared<RemoveIndex>();
  index->by_tag.resize(GUMBO_TAG_LAST + 1);
  for (const RuleFile* f : files) {
    for (const Rule& r : f->rules) {
      if (r.action == Action::kRemoveText || r.action == Action::kRemoveLabel) index->text_entries.push_back({&r, f});
      if (r.action != Action::kRemove || selects_elsewhere(r.pattern)) continue;
      const auto n = static_cast<std::uint32_t>(index->entries.size());
      index->entries.push_back({&r, f});
      // The most selective key each selector of the list offers: an id, a class, the longest
      // attribute substring, a known tag, an attribute's presence, else none.
      for (const html::SelectorKeys& k : r.selector.keys()) {
        const html::SelectorKeys::Attribute* longest = nullptr;
        for (const auto& a : k.attributes)
          if (!a.contains.empty() && (longest == nullptr || a.contains.size() > longest->contains.size())) longest = &a;
        if (!k.id.empty()) index->by_id[k.id].push_back(n);
        else if (!k.classes.empty()) index->by_class[k.classes.front()].push_back(n);
        else if (longest != nullptr) index->attribute(longest->name).needles.emplace_back(longest->contains, n);
        else if (k.tag != GUMBO_TAG_LAST && k.tag != GUMBO_TAG_UNKNOWN) index->by_tag[k.tag].push_back(n);
        else if (!k.attributes.empty()) index->attribute(k.attributes.front().name).present.push_back(n);
        else index->universal.push_back(n);
      }
    }
  }
  for (RemoveIndex::ByAttribute& b : index->by_attribute) {
    b.contains.build(b.needles);
    b.needles.clear();
  }
  std::vector<const RE2*> regexes;
  for (const Active& a : index->text_entries) regexes.push_back(a.rule->regex.get());
  index->text_filter.build(regexes);
  return index;
}

}  // namespace winnow::rules
