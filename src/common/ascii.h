// ASCII character classes, case and white space: the one home for them. HTML and CSS names,
// charset labels, HTTP headers, URL schemes and rule-file directives are ASCII and ignore its case;
// none of these helpers look past ASCII (a byte of 0x80 or more is never a space, a letter or
// upper case here). Text that people read goes through common/text.h instead, which knows the
// Unicode spaces. Every function costs one pass over its arguments at most and allocates nothing,
// except ascii_lower, which returns a copy.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace winnow {

// HTML's, CSS's and the URL standard's ASCII white space: space, tab, LF, FF and CR (not VT).
inline constexpr std::string_view kAsciiSpace = " \t\n\f\r";

inline constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
// C's isspace in the "C" locale: ASCII white space and VT. What counts as blank in a page's bytes
// (load/sniff), in a site config's lines, and for the text normaliser.
inline constexpr std::string_view kCSpace = " \t\n\v\f\r";
inline constexpr bool is_c_space(char c) { return is_ascii_space(c) || c == '\v'; }

// Space and tab: the white space of a rule file's lines.
inline constexpr bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }
// Setting bit 5 lowers an ASCII letter and maps nothing else onto one: a single compare.
inline constexpr bool is_ascii_alpha(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
inline constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline constexpr bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
inline constexpr bool is_ascii_hex_digit(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

inline constexpr char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A lower-case copy of `in`.
inline std::string ascii_lower(std::string_view in) {
  std::string out(in);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

// The comparisons below take a `lower` word that must already be lower case (a literal, usually):
// they lower only the other side, and never copy.

// True if ascii_lower(s) == lower.
inline bool equals_lower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (lower_ascii(s[i]) != lower[i]) return false;
  return true;
}

// True if `s` begins with `lower`, ignoring case.
inline bool starts_with_lower(std::string_view s, std::string_view lower) {
  return s.size() >= lower.size() && equals_lower(s.substr(0, lower.size()), lower);
}

// Where `lower` (not empty) first stands in `s` at or after `from`, ignoring case; npos if nowhere.
// Cost: O(|s| * |lower|) at worst.
inline std::size_t find_lower(std::string_view s, std::string_view lower, std::size_t from = 0) {
  if (lower.size() > s.size()) return std::string_view::npos;
  for (std::size_t i = from; i + lower.size() <= s.size(); ++i)
    if (lower_ascii(s[i]) == lower[0] && equals_lower(s.substr(i, lower.size()), lower)) return i;
  return std::string_view::npos;
}

// True if ascii_lower(s) contains `lower` (not empty).
inline bool contains_lower(std::string_view s, std::string_view lower) {
  return find_lower(s, lower) != std::string_view::npos;
}

// True if `a` and `b` are equal ignoring ASCII case, both of any case.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  return true;
}

// `s` without the characters of `chars` at either end.
inline std::string_view trim(std::string_view s, std::string_view chars) {
  const std::size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

// `s` without ASCII white space at either end.
inline std::string_view trim_ascii_space(std::string_view s) { return trim(s, kAsciiSpace); }

}  // namespace winnow
