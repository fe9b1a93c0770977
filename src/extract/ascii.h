// Case-insensitive comparisons of attribute values against lower-case ASCII words, without the
// lower-case copy that ascii_lower() makes: the detector asks these of every element of a page.
#pragma once

#include <cstddef>
#include <string_view>

namespace winnow::extract {

inline char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True if ascii_lower(s) == lower. `lower` must be lower case. Cost: linear.
inline bool equals_lower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (lower_ascii(s[i]) != lower[i]) return false;
  return true;
}

// True if ascii_lower(s) contains `lower` (lower case, not empty). Cost: O(|s| * |lower|) at worst.
inline bool contains_lower(std::string_view s, std::string_view lower) {
  if (lower.size() > s.size()) return false;
  for (std::size_t i = 0; i + lower.size() <= s.size(); ++i)
    if (lower_ascii(s[i]) == lower[0] && equals_lower(s.substr(i, lower.size()), lower)) return true;
  return false;
}

}  // namespace winnow::extract
