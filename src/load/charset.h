// The encoding step: a page's bytes, in whatever charset it was written, to the UTF-8 that the HTML
// parser (Gumbo) requires. Everything after this step sees UTF-8 only.
#pragma once

#include <string>
#include <string_view>

namespace winnow::load {

struct Decoded {
  std::string utf8;
  std::string charset;  // canonical lower-case name used, e.g. "utf-8", "windows-1251"
};

// Converts a page's bytes to UTF-8. Precedence (the HTML standard's, with an outside declaration):
// 1. a byte order mark (UTF-8, UTF-16LE/BE) — always wins and is stripped;
// 2. `declared` (from an HTTP Content-Type header or the user's --charset), if it is a known label;
//    a whole Content-Type value ("text/html; charset=koi8-r") is accepted too;
// 3. the page's own <meta charset=...> / <meta http-equiv=Content-Type content="...charset=...">,
//    found in the first 1024 bytes as the HTML standard says (see sniff_meta_charset) —
//    unless the bytes have non-ASCII characters and all of them are valid UTF-8: then they are
//    UTF-8 (saved and converted pages keep their old <meta charset>; legacy text is practically
//    never valid UTF-8). This is the one departure from the standard;
// 4. detection: bytes that validate as UTF-8 (ASCII-only included) are UTF-8; otherwise uchardet;
// 5. fallback windows-1252.
// Invalid byte sequences become U+FFFD (EF BF BD), never an exception or crash; a NUL byte is kept
// as is (the caller rejects binary input earlier). Never fails: the worst case is windows-1252,
// which maps every byte to some character.
// Cost: valid UTF-8 (the common case) is one validating pass and one copy. Single-byte charsets are
// one table lookup per byte (the table is built once per process from iconv). Multi-byte legacy
// charsets (Shift_JIS, GBK, Big5, EUC-*) go through glibc iconv. uchardet runs only when nothing is
// declared and the bytes are not UTF-8.
Decoded to_utf8(std::string_view bytes, std::string_view declared);

// `in` with every ill-formed UTF-8 sequence replaced by U+FFFD (as to_utf8 does for a UTF-8 page),
// for text from outside that goes into a message: header values, reason phrases. Cost: one pass.
std::string valid_utf8(std::string_view in);

// The <meta> charset sniff (the HTML standard's "prescan a byte stream to determine its
// encoding"; nothing to do with html::prescan) over the first 1024 bytes: skips comments and
// other tags, reads attributes in any order and quoted or not, and takes the first <meta charset>
// or <meta http-equiv=content-type content="...charset=..."> whose label is known. Returns the canonical name ("utf-16*" is reported as "utf-8" and "x-user-defined" as
// "windows-1252", as the standard says), or "" if there is none. Cost: one pass over <= 1024 bytes.
std::string sniff_meta_charset(std::string_view bytes);

// The WHATWG Encoding standard's "get an encoding": trims ASCII white space, matches the label
// case-insensitively, and returns the encoding's canonical lower-case name (latin1 / iso-8859-1 /
// us-ascii -> "windows-1252", sjis / x-sjis -> "shift_jis", gb2312 -> "gbk"...). Returns "" for an
// unknown label, and for the labels of the standard's "replacement" encoding (iso-2022-kr,
// hz-gb-2312...), which winnow does not decode. Cost: a scan of a ~220-entry table, no allocation
// beyond the result.
std::string canonical_charset(std::string_view label);

}  // namespace winnow::load
