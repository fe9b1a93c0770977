#include "load/charset.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using winnow::load::canonical_charset;
using winnow::load::Decoded;
using winnow::load::sniff_meta_charset;
using winnow::load::to_utf8;

namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

// The test pages are written here in UTF-8 and encoded by these small, independent encoders, so
// the expected output of a decode is simply the UTF-8 source text.

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string to_cp1251(std::string_view utf8) {
  std::string out;
  for (char32_t cp : code_points(utf8)) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp >= 0x410 && cp <= 0x44F) out += static_cast<char>(0xC0 + (cp - 0x410));
    else if (cp == 0x401) out += '\xA8';  // Ё
    else if (cp == 0x451) out += '\xB8';  // ё
    else if (cp == 0x2014) out += '\x97';  // —
    else if (cp == 0xAB) out += '\xAB';
    else if (cp == 0xBB) out += '\xBB';
    else FAIL("no windows-1251 byte for U+", static_cast<std::uint32_t>(cp));
  }
  return out;
}

std::string to_cp1252(std::string_view utf8) {
  std::string out;
  for (char32_t cp : code_points(utf8)) {
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) out += static_cast<char>(cp);
    else if (cp == 0x153) out += '\x9C';   // œ: windows-1252 only, not ISO-8859-1
    else if (cp == 0x20AC) out += '\x80';  // €
    else FAIL("no windows-1252 byte for U+", static_cast<std::uint32_t>(cp));
  }
  return out;
}

std::string to_utf16(std::string_view utf8, bool big_endian) {
  std::string out;
  auto unit = [&](std::uint32_t u) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    if (big_endian) {
      out += hi;
      out += lo;
    } else {
      out += lo;
      out += hi;
    }
  };
  for (char32_t cp : code_points(utf8)) {
    if (cp < 0x10000) {
      unit(cp);
    } else {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
  }
  return out;
}

const std::string kRussianTitle = "Москва";
const std::string kRussianText =
    "Москва — столица России, крупнейший по численности населения город страны. Город "
    "расположен на реке Москве в центре Восточно-Европейской равнины. Здесь находятся органы "
    "государственной власти, многие научные и учебные заведения, музеи и театры. Ежегодно "
    "столицу посещают миллионы туристов из разных стран мира. Ещё в древности через эти места "
    "проходили важные торговые пути, а вокруг Кремля постепенно вырос большой город.";

std::string russian_page(std::string_view head_extra) {
  return "<!DOCTYPE html>\n<html><head>" + std::string(head_extra) + "<title>" + kRussianTitle +
         "</title></head>\n<body><h1>" + kRussianTitle + "</h1><p>" + kRussianText +
         "</p></body></html>\n";
}

// "日本語のテキストです。東京は日本の首都で、多くの人が住んでいます。" in Shift_JIS.
const std::string kJapaneseUtf8 = "日本語のテキストです。東京は日本の首都で、多くの人が住んでいます。";
const std::string kJapaneseSjis =
    "\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67\x82\xc5\x82\xb7\x81\x42"
    "\x93\x8c\x8b\x9e\x82\xcd\x93\xfa\x96\x7b\x82\xcc\x8e\xf1\x93\x73\x82\xc5\x81\x41\x91\xbd"
    "\x82\xad\x82\xcc\x90\x6c\x82\xaa\x8f\x5a\x82\xf1\x82\xc5\x82\xa2\x82\xdc\x82\xb7\x81\x42";

}  // namespace

TEST_CASE("windows-1251 page with <meta charset>") {
  const std::string utf8 = russian_page("<meta charset=\"windows-1251\">");
  const std::string bytes = to_cp1251(utf8);
  REQUIRE(bytes != utf8);
  CHECK(sniff_meta_charset(bytes) == "windows-1251");
  const Decoded d = to_utf8(bytes, "");
  CHECK(d.charset == "windows-1251");
  CHECK(d.utf8 == utf8);
}

TEST_CASE("windows-1251 page with no declaration is detected") {
  const std::string utf8 = russian_page("");
  const std::string bytes = to_cp1251(utf8);
  CHECK(sniff_meta_charset(bytes) == "");
  const Decoded d = to_utf8(bytes, "");
  CHECK(d.charset == "windows-1251");
  CHECK(d.utf8 == utf8);
}

TEST_CASE("ISO-8859-1 page declared by http-equiv decodes as windows-1252") {
  const std::string utf8 =
      "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">"
      "</head><body><p>Déjà vu au café : crème brûlée, façade, Noël. Le cœur coûte 5 €.</p>"
      "<p>Größe, Straße, übermäßig schön; Ärger über Öl.</p></body></html>";
  const std::string bytes = to_cp1252(utf8);
  CHECK(sniff_meta_charset(bytes) == "windows-1252");
  const Decoded d = to_utf8(bytes, "");
  CHECK(d.charset == "windows-1252");
  CHECK(d.utf8 == utf8);  // 0x9C is œ and 0x80 is €, as in browsers, though ISO-8859-1 lacks them
}

TEST_CASE("windows-1252 gives C1 controls for its undefined bytes") {
  const Decoded d = to_utf8(std::string("a\x81" "b\x80\x9F", 5), "windows-1252");
  CHECK(d.utf8 == "a\xC2\x81" "b€Ÿ");
}

TEST_CASE("Shift_JIS page") {
  const std::string head = "<html><head><meta http-equiv=\"content-type\" content=\"text/html;charset=Shift_JIS\">"
                           "</head><body><p>";
  const std::string tail = "</p></body></html>";
  const Decoded d = to_utf8(head + kJapaneseSjis + tail, "");
  CHECK(d.charset == "shift_jis");
  CHECK(d.utf8 == head + kJapaneseUtf8 + tail);

  SUBCASE("x-sjis label, passed in") {
    const Decoded x = to_utf8("<p>" + kJapaneseSjis + "</p>", "x-sjis");
    CHECK(x.charset == "shift_jis");
    CHECK(x.utf8 == "<p>" + kJapaneseUtf8 + "</p>");
  }
  SUBCASE("a bad byte in the middle costs one U+FFFD and decoding goes on") {
    const Decoded x = to_utf8("\x93\xfa\xff\x96\x7b", "shift_jis");
    CHECK(x.utf8 == "日" + kFFFD + "本");
  }
  SUBCASE("a lead byte with a non-trail byte: the lead is replaced, the ASCII byte kept") {
    const Decoded x = to_utf8("\x93\x3c/p>", "shift_jis");
    CHECK(x.utf8 == kFFFD + "</p>");
  }
  SUBCASE("a truncated character at the end") {
    const Decoded x = to_utf8("\x93\xfa\x96", "shift_jis");
    CHECK(x.utf8 == "日" + kFFFD);
  }
}

TEST_CASE("UTF-16 with a byte order mark") {
  const std::string utf8 = "<html><body><p>Héllo, мир! 日本 \xF0\x9F\x98\x80</p></body></html>";
  SUBCASE("little endian") {
    const Decoded d = to_utf8("\xFF\xFE" + to_utf16(utf8, false), "");
    CHECK(d.charset == "utf-16le");
    CHECK(d.utf8 == utf8);
  }
  SUBCASE("big endian") {
    const Decoded d = to_utf8("\xFE\xFF" + to_utf16(utf8, true), "");
    CHECK(d.charset == "utf-16be");
    CHECK(d.utf8 == utf8);
  }
  SUBCASE("a lone surrogate and an odd last byte become U+FFFD, alignment kept") {
    const std::string bytes = std::string("\xFF\xFE" "a\0\x00\xD8" "b\0\x00\xDC" "c\0z", 13);
    const Decoded d = to_utf8(bytes, "");
    CHECK(d.utf8 == "a" + kFFFD + "b" + kFFFD + "c" + kFFFD);
  }
}

TEST_CASE("a UTF-8 byte order mark is stripped") {
  const Decoded d = to_utf8("\xEF\xBB\xBF<p>naïve</p>", "");
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8 == "<p>naïve</p>");
}

TEST_CASE("a declared charset overrides the page's meta") {
  const std::string utf8 = russian_page("<meta charset=\"iso-8859-1\">");
  const std::string bytes = to_cp1251(utf8);
  CHECK(to_utf8(bytes, "").charset == "windows-1252");
  const Decoded d = to_utf8(bytes, "cp1251");
  CHECK(d.charset == "windows-1251");
  CHECK(d.utf8 == utf8);
  SUBCASE("as a whole Content-Type header value") {
    const Decoded h = to_utf8(bytes, "text/html; charset=\"Windows-1251\"");
    CHECK(h.charset == "windows-1251");
    CHECK(h.utf8 == utf8);
  }
}

TEST_CASE("a page re-encoded as UTF-8 that kept its old <meta charset> is read as UTF-8") {
  const std::string utf8 = "<meta charset=Shift_JIS><p>" + kJapaneseUtf8 + "</p>";
  CHECK(sniff_meta_charset(utf8) == "shift_jis");
  const Decoded d = to_utf8(utf8, "");
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8 == utf8);
  // ... but only on the evidence of non-ASCII bytes: a 7-bit ISO-2022-JP page is all ASCII.
  const Decoded jis = to_utf8("<meta charset=iso-2022-jp><p>\x1b$BF|K\\\x1b(B</p>", "");
  CHECK(jis.charset == "iso-2022-jp");
  CHECK(jis.utf8 == "<meta charset=iso-2022-jp><p>日本</p>");
  // ... and not when the charset was declared from outside.
  CHECK(to_utf8(utf8, "shift_jis").charset == "shift_jis");
}

TEST_CASE("a byte order mark overrides the declared charset") {
  const Decoded d = to_utf8("\xEF\xBB\xBF<p>Привет</p>", "windows-1251");
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8 == "<p>Привет</p>");
}

TEST_CASE("an unknown label falls through to the next source") {
  const std::string utf8 = russian_page("<meta charset=\"windows-1251\">");
  const std::string bytes = to_cp1251(utf8);
  const Decoded d = to_utf8(bytes, "x-no-such-charset");
  CHECK(d.charset == "windows-1251");
  CHECK(d.utf8 == utf8);
  // An unknown <meta charset> is skipped and the sniff goes on to a later one.
  CHECK(sniff_meta_charset("<meta charset=bogus><meta charset=koi8-r>") == "koi8-r");
  // Nothing known anywhere and valid UTF-8: UTF-8.
  const Decoded u = to_utf8("<meta charset=bogus><p>straße</p>", "bogus");
  CHECK(u.charset == "utf-8");
  CHECK(u.utf8 == "<meta charset=bogus><p>straße</p>");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per maximal ill-formed subsequence") {
  const std::string bytes = "a\xFF" "b\xC0\xAF" "c\xE2\x82" "d\xED\xA0\x80" "e\xF0\x9F\x98" "f";
  const Decoded d = to_utf8(bytes, "utf-8");
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8 == "a" + kFFFD + "b" + kFFFD + kFFFD + "c" + kFFFD + "d" + kFFFD + kFFFD + kFFFD +
                      "e" + kFFFD + "f");
}

TEST_CASE("a truncated UTF-8 sequence at the end is one U+FFFD") {
  CHECK(to_utf8("<p>abc\xE2\x82", "utf-8").utf8 == "<p>abc" + kFFFD);
  CHECK(to_utf8("<p>abc\xF0\x9F\x98", "utf-8").utf8 == "<p>abc" + kFFFD);
  CHECK(to_utf8("<p>abc\xC3", "utf-8").utf8 == "<p>abc" + kFFFD);
}

TEST_CASE("a NUL byte is kept") {
  const std::string bytes("a\0b", 3);
  CHECK(to_utf8(bytes, "utf-8").utf8 == bytes);
  CHECK(to_utf8(bytes, "").utf8 == bytes);
  CHECK(to_utf8(bytes, "windows-1251").utf8 == bytes);
  CHECK(to_utf8(bytes, "shift_jis").utf8 == bytes);
}

TEST_CASE("ASCII-only and valid UTF-8 pages with nothing declared are UTF-8") {
  CHECK(to_utf8("<p>plain</p>", "").charset == "utf-8");
  const Decoded d = to_utf8("<p>Ελληνικά, русский, 中文</p>", "");
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8 == "<p>Ελληνικά, русский, 中文</p>");
  CHECK(to_utf8("", "").utf8 == "");
}

TEST_CASE("the <meta> charset sniff: comments, quotes, attribute order, pragma") {
  CHECK(sniff_meta_charset("<!-- <meta charset=koi8-r> --><meta charset=windows-1251>") ==
        "windows-1251");
  CHECK(sniff_meta_charset("<!--><meta charset=koi8-r>") == "koi8-r");  // "<!-->" is a whole comment
  CHECK(sniff_meta_charset("<!-- never closed <meta charset=koi8-r>") == "");
  CHECK(sniff_meta_charset("<div title=\"a > <meta charset=koi8-r>\"><meta charset='gbk'>") == "gbk");
  CHECK(sniff_meta_charset("<META CHARSET = \"  Shift_JIS \" >") == "shift_jis");
  CHECK(sniff_meta_charset("<meta/charset=euc-kr>") == "euc-kr");
  // content= counts only with http-equiv=content-type, which may come after it.
  CHECK(sniff_meta_charset("<meta content=\"text/html; charset=koi8-r\">") == "");
  CHECK(sniff_meta_charset("<meta content='text/html; charset=koi8-r' http-equiv='Content-Type'>") ==
        "koi8-r");
  // charset= wins over content= in the same tag, whatever the order.
  CHECK(sniff_meta_charset("<meta http-equiv=content-type content=\"text/html; charset=koi8-r\" "
                           "charset=big5>") == "big5");
  // A page can't say it is UTF-16: it would not have been readable as ASCII.
  CHECK(sniff_meta_charset("<meta charset=utf-16>") == "utf-8");
  CHECK(sniff_meta_charset("<meta charset=x-user-defined>") == "windows-1252");
  CHECK(sniff_meta_charset("<metadata charset=koi8-r>") == "");
}

TEST_CASE("a meta beyond the first 1024 bytes is not used") {
  const std::string body = "<p>Привет, мир</p>";  // valid UTF-8, so detection says utf-8
  const std::string near =
      "<html><head><meta charset=\"windows-1251\">" + std::string(1100, ' ') + body;
  CHECK(sniff_meta_charset(near) == "windows-1251");
  const Decoded n = to_utf8(to_cp1251(near), "");
  CHECK(n.charset == "windows-1251");
  CHECK(n.utf8 == near);
  const std::string far =
      "<html><head>" + std::string(1100, ' ') + "<meta charset=\"windows-1251\">" + body;
  CHECK(sniff_meta_charset(far) == "");
  const Decoded d = to_utf8(far, "");
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8 == far);
  // A tag cut by the 1024-byte limit does not count either.
  const std::string cut = std::string(1000, ' ') + "<meta charset=\"windows-1251\">";
  CHECK(sniff_meta_charset(cut) == "");
}

TEST_CASE("labels resolve like the WHATWG Encoding standard") {
  CHECK(canonical_charset("latin1") == "windows-1252");
  CHECK(canonical_charset(" ISO-8859-1\t") == "windows-1252");
  CHECK(canonical_charset("US-ASCII") == "windows-1252");
  CHECK(canonical_charset("x-sjis") == "shift_jis");
  CHECK(canonical_charset("Shift_JIS") == "shift_jis");
  CHECK(canonical_charset("gb2312") == "gbk");
  CHECK(canonical_charset("GB18030") == "gb18030");
  CHECK(canonical_charset("UTF8") == "utf-8");
  CHECK(canonical_charset("utf-16") == "utf-16le");
  CHECK(canonical_charset("ks_c_5601-1987") == "euc-kr");
  CHECK(canonical_charset("iso-8859-9") == "windows-1254");
  CHECK(canonical_charset("iso-2022-kr") == "");  // the "replacement" encoding: not decoded
  CHECK(canonical_charset("utf-7") == "");
  CHECK(canonical_charset("") == "");
}

TEST_CASE("other legacy charsets decode through their tables") {
  // KOI8-R "Привет" and GBK "中文" and Big5 "中文" and EUC-KR "한국".
  CHECK(to_utf8("\xf0\xd2\xc9\xd7\xc5\xd4", "koi8-r").utf8 == "Привет");
  CHECK(to_utf8("\xd6\xd0\xce\xc4", "gb2312").utf8 == "中文");
  CHECK(to_utf8("\xa4\xa4\xa4\xe5", "big5").utf8 == "中文");
  CHECK(to_utf8("\xc7\xd1\xb1\xb9", "euc-kr").utf8 == "한국");
  CHECK(to_utf8("\xa4\xa4", "euc-jp").utf8 == "い");
  // A four-byte GB18030 sequence cut short at the end is one U+FFFD, not one per byte.
  CHECK(to_utf8("\xd6\xd0\x81\x30\x81", "gb18030").utf8 == "中" + kFFFD);
  // windows-1251 leaves 0x98 unassigned; browsers (and the WHATWG table) give U+0098.
  CHECK(to_utf8("\xcf\x98", "windows-1251").utf8 == "П\xC2\x98");
  // ISO-8859-7 has holes: 0xAE is unassigned and becomes U+FFFD.
  CHECK(to_utf8("\xe1\xae", "iso-8859-7").utf8 == "α" + kFFFD);
}

namespace {

// Strict UTF-8 check, written independently of the decoder's.
bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    char32_t cp, min;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (t & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace

TEST_CASE("any bytes in any charset give valid UTF-8") {
  const char* labels[] = {"",          "utf-8",       "utf-16le",    "utf-16be",   "windows-1252",
                          "windows-1251", "windows-1255", "windows-1258", "iso-8859-7", "koi8-u",
                          "x-mac-cyrillic", "ibm866",  "x-user-defined", "gbk",      "gb18030",
                          "big5",      "euc-jp",      "iso-2022-jp", "shift_jis",  "euc-kr"};
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (const char* label : labels) {
    if (*label) CHECK_MESSAGE(canonical_charset(label) == label, label);
    for (int round = 0; round < 200; ++round) {
      std::string bytes(next() % 300, '\0');
      // Half the rounds mostly ASCII with some high bytes, half any byte at all.
      for (char& c : bytes) c = static_cast<char>(round % 2 ? next() : (next() % 8 ? next() % 128 : next()));
      const Decoded d = to_utf8(bytes, label);
      if (!is_valid_utf8(d.utf8)) FAIL_CHECK("invalid UTF-8 out of ", label, " round ", round);
      const bool bom = bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
                       bytes.starts_with("\xFE\xFF");
      if (*label && !bom) CHECK(d.charset == label);
      if (bytes.empty()) CHECK(d.utf8.empty());
    }
  }
}
