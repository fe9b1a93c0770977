// Which attributes the pre-scan (html/prescan) hands on to Gumbo: each stage after the parse says
// which names it reads, and the pre-scan drops the rest.
#pragma once

#include <gumbo.h>

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::html {

// Which attributes the pre-scan hands on to Gumbo. Attributes are two thirds of a pre-scanned
// page's bytes, and Gumbo copies every one character by character; most (data-*, aria-*, title,
// value, tabindex, ...) are read by no later stage. The stages after the parse say which names they
// read, and the pre-scan drops the rest.
//
// A default-made filter keeps every attribute. A selective() one keeps only the names keep() adds,
// every attribute of the elements keep_all_on() names, and the few the tree builder itself reads
// (an <input>'s type, a <font>'s color, face and size, annotation-xml's encoding, isindex's
// prompt), so that the tree keeps its shape. Event handlers and srcdoc are dropped whatever the
// filter says (see is_dropped_attribute). Cost: keep() is a hash insert, keeps() one hash of the
// name and a compare or two.
class AttributeFilter {
 public:
  AttributeFilter() = default;
  static AttributeFilter selective();

  // Keeps `name` (any case). Returns true if the filter dropped it until now. A filter that keeps
  // everything stays so (and returns false).
  bool keep(std::string_view name);
  // Keeps every attribute of `tag` elements (for a stage that looks at all of them).
  void keep_all_on(GumboTag tag);
  // True if the attribute `name` (any case) of a `tag` element is kept.
  bool keeps(GumboTag tag, std::string_view name) const;
  bool keeps_everything() const { return !selective_; }

 private:
  std::size_t slot_of(std::string_view name) const;

  bool selective_ = false;
  std::vector<std::string> slots_;  // open addressing, lower-case names; "" is a free slot
  std::size_t used_ = 0;
  std::bitset<GUMBO_TAG_LAST + 1> all_on_;
};

// True for the attributes the pre-scan drops from every tag: event handlers ("on" and at least one
// more character, any case: onclick, onLoad) and srcdoc. Selectors cannot test them.
bool is_dropped_attribute(std::string_view name);

}  // namespace winnow::html
