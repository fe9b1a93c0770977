#include "html/attribute_filter.h"

#include <algorithm>

#include "common/ascii.h"

namespace winnow::html {

// Script and markup that nothing after the parse reads: Gumbo need not copy them character by
// character.
bool is_dropped_attribute(std::string_view name) {
  if (name.size() > 2 && lower_ascii(name[0]) == 'o' && lower_ascii(name[1]) == 'n') return true;
  return name.size() == 6 && equals_lower(name, "srcdoc");
}

namespace {

// The attributes the tree builder reads: dropping them would change the tree's shape.
bool shapes_tree(std::string_view name) {
  switch (name.size()) {
    case 4: return equals_lower(name, "type") || equals_lower(name, "face") || equals_lower(name, "size");
    case 5: return equals_lower(name, "color");
    case 6: return equals_lower(name, "prompt");
    case 8: return equals_lower(name, "encoding");
    default: return false;
  }
}

// Attribute names are short and most differ in length or at their ends: three letters and the
// length spread them well enough, at a fraction of a full hash's cost (it runs on every attribute).
std::size_t hash_lower(std::string_view name) {
  const std::size_t n = name.size();
  if (n == 0) return 0;
  const auto at = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(lower_ascii(name[i]))); };
  const std::size_t h = n * 0x9E3779B1u ^ at(0) * 0x85EBCA77u ^ at(n - 1) * 0xC2B2AE3Du ^ at(n / 2) * 0x27D4EB2Fu;
  return h ^ (h >> 13);
}

}  // namespace

std::size_t AttributeFilter::slot_of(std::string_view name) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_lower(name) & mask;
  while (!slots_[i].empty() && !(slots_[i].size() == name.size() && equals_lower(name, slots_[i]))) i = (i + 1) & mask;
  return i;
}

AttributeFilter AttributeFilter::selective() {
  AttributeFilter filter;
  filter.selective_ = true;
  return filter;
}

bool AttributeFilter::keep(std::string_view name) {
  if (!selective_ || name.empty() || shapes_tree(name)) return false;
  if ((used_ + 1) * 2 > slots_.size()) {  // at most half full: probes stay short
    std::vector<std::string> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), std::string());
    used_ = 0;
    for (std::string& n : old)
      if (!n.empty()) {
        slots_[slot_of(n)] = std::move(n);
        ++used_;
      }
  }
  std::string& slot = slots_[slot_of(name)];
  if (!slot.empty()) return false;
  for (char c : name) slot.push_back(lower_ascii(c));
  ++used_;
  return true;
}

void AttributeFilter::keep_all_on(GumboTag tag) { all_on_.set(static_cast<std::size_t>(tag)); }

bool AttributeFilter::keeps(GumboTag tag, std::string_view name) const {
  if (!selective_ || (!slots_.empty() && !slots_[slot_of(name)].empty())) return true;
  return all_on_.test(static_cast<std::size_t>(tag)) || shapes_tree(name);
}

}  // namespace winnow::html
