#include "extract/byline.h"

#include "common/ascii.h"
#include "common/needles.h"
#include "common/text.h"

namespace winnow::extract {

namespace {

// True if ascii_lower(v) contains byline, author, dateline or writtenby (p-author holds author).
// Asked of every element's class and id: one table step per byte (a test per letter mispredicts).
bool names_byline(std::string_view v) {
  static const NeedleSet words = [] {
    NeedleSet set;
    set.build({{"author", 0}, {"byline", 0}, {"dateline", 0}, {"writtenby", 0}});
    return set;
  }();
  bool found = false;
  words.scan(v, [&](std::uint32_t) { found = true; });
  return found;
}

}  // namespace

bool looks_like_byline(const html::Dom& dom, html::NodeId id) {
  if (!dom.is_element(id)) return false;
  // One pass over the attributes, each name's first occurrence only (as attr() reads them).
  bool rel = false, itemprop = false, cls = false, ident = false;
  for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
    const std::string_view name = dom.view(a->name), value = dom.view(a->value);
    if (name == "rel" && !rel) {
      rel = true;
      if (equals_lower(value, "author")) return true;
    } else if (name == "itemprop" && !itemprop) {
      itemprop = true;
      if (contains_lower(value, "author")) return true;
    } else if ((name == "class" && !cls) || (name == "id" && !ident)) {
      (name == "class" ? cls : ident) = true;
      // The words hold no space, so looking in the class and the id apart is looking in "class id".
      if (names_byline(value)) return true;
    }
  }
  return false;
}

bool is_valid_byline(std::string_view text) {
  const std::size_t n = utf8_length(normalize_space(text));
  return n > 0 && n < 100;
}

}  // namespace winnow::extract
