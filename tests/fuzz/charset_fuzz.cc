// libFuzzer target: the encoding step (load::to_utf8 and the meta prescan) on arbitrary bytes with
// a few declared charsets, single-byte, multi-byte, UTF-16 and bogus. The output must be valid UTF-8
// whatever the input: Gumbo requires it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "load/charset.h"

namespace {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2)) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    unsigned char c1 = static_cast<unsigned char>(n > 1 ? s[i + 1] : 0);
    if (n == 3 && ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))) return false;
    if (n == 4 && ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90))) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const char* const kDeclared[] = {"",          "utf-8",     "utf-16le",  "utf-16be",
                                          "shift_jis", "gb18030",   "big5",      "euc-kr",
                                          "iso-2022-jp", "koi8-r",  "windows-1252",
                                          "text/html; charset=\"euc-jp\"", "x-nonsense"};
  for (const char* declared : kDeclared) {
    winnow::load::Decoded d = winnow::load::to_utf8(bytes, declared);
    if (!valid_utf8(d.utf8) || d.charset.empty()) {
      std::fprintf(stderr, "to_utf8(declared '%s') -> charset '%s', invalid UTF-8 output\n", declared,
                   d.charset.c_str());
      std::abort();
    }
  }
  (void)winnow::load::sniff_meta_charset(bytes);
  (void)winnow::load::canonical_charset(bytes.substr(0, 64));
  return 0;
}
