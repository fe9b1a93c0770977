// The one text normaliser. Every stage that compares, measures or prints text goes through it, so
// that "the text of a block" means the same thing to rules, detection and writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// Appends `in` to *out with every run of white space (ASCII white space, U+00A0 no-break space and
// the other Unicode spaces) folded into one ' ', and invisible characters (soft hyphen, zero-width
// space, BOM) dropped. *pending_space carries a space that is owed across calls: a run of white
// space at the end of `in` is not written but recorded, and written before the next visible
// character (never at the start of *out, nor after a '\n'). Cost: one pass over `in`.
void append_collapsed(std::string* out, std::string_view in, bool* pending_space);

// `in` with white space collapsed as above and trimmed at both ends.
std::string normalize_space(std::string_view in);

// True if `in` holds nothing but white space and invisible characters.
bool is_blank(std::string_view in);

// Bytes of `in` that are not ASCII white space: a measure of text that the pre-scan, which folds
// white space, leaves unchanged. Cost: one pass over `in`.
std::size_t visible_bytes(std::string_view in);

// Number of Unicode code points in UTF-8 `in` (not bytes: CJK pages must not look 3x longer).
std::size_t utf8_length(std::string_view in);

// Appends code point `cp` to *out as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string* out, std::uint32_t cp);

// Decodes the UTF-8 sequence at in[*i] and advances *i past it (by at least one byte). Malformed
// or truncated sequences are read leniently: they advance and return what their bits say, never
// past the end of `in`.
std::uint32_t next_code_point(std::string_view in, std::size_t* i);

// True for Han, kana, Hangul and the other CJK scripts, whose words are not separated by spaces
// and whose paragraphs are short in characters.
bool is_cjk(std::uint32_t cp);

}  // namespace winnow
