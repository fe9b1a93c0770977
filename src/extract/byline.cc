#include "extract/byline.h"

#include "common/text.h"

namespace winnow::extract {

bool looks_like_byline(const html::Dom& dom, html::NodeId id) {
  if (!dom.is_element(id)) return false;
  if (ascii_lower(dom.attr(id, "rel")) == "author") return true;
  if (ascii_lower(dom.attr(id, "itemprop")).find("author") != std::string::npos) return true;
  const std::string match = ascii_lower(dom.attr(id, "class")) + " " + ascii_lower(dom.attr(id, "id"));
  for (std::string_view word : {"byline", "author", "dateline", "writtenby", "p-author"})
    if (match.find(word) != std::string::npos) return true;
  return false;
}

bool is_valid_byline(std::string_view text) {
  const std::size_t n = utf8_length(normalize_space(text));
  return n > 0 && n < 100;
}

}  // namespace winnow::extract
