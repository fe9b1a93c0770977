#include "load/charset.h"

#include "common/ascii.h"
#include "common/text.h"

#include <errno.h>
#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace winnow::load {
namespace {

// ---------------------------------------------------------------------------------------------
// The encodings winnow decodes: the WHATWG Encoding standard's list, minus "replacement" (which
// exists to stop ISO-2022-KR and friends from being decoded at all: we treat its labels as unknown).

enum class Kind {
  kUtf8,
  kUtf16le,
  kUtf16be,
  kSingleByte,  // ASCII below 0x80, a 128-entry table above (built once from iconv)
  kMultiByte,   // CJK: streamed through iconv
};

struct Encoding {
  std::string_view name;  // canonical WHATWG name, lower case
  const char* iconv;      // glibc name of the table that matches the WHATWG one best
  Kind kind;
};

// glibc names are chosen for the WHATWG behaviour, not the label: the web's "shift_jis" is
// Microsoft's CP932 (0x5C is a backslash, NEC/IBM extensions exist), "euc-kr" is CP949, "big5"
// is Big5-HKSCS, "gbk" is decoded as GB18030 (a superset), and "koi8-u" is KOI8-RU.
constexpr Encoding kEncodings[] = {
    {"utf-8", "UTF-8", Kind::kUtf8},
    {"ibm866", "IBM866", Kind::kSingleByte},
    {"iso-8859-2", "ISO-8859-2", Kind::kSingleByte},
    {"iso-8859-3", "ISO-8859-3", Kind::kSingleByte},
    {"iso-8859-4", "ISO-8859-4", Kind::kSingleByte},
    {"iso-8859-5", "ISO-8859-5", Kind::kSingleByte},
    {"iso-8859-6", "ISO-8859-6", Kind::kSingleByte},
    {"iso-8859-7", "ISO-8859-7", Kind::kSingleByte},
    {"iso-8859-8", "ISO-8859-8", Kind::kSingleByte},
    {"iso-8859-8-i", "ISO-8859-8", Kind::kSingleByte},
    {"iso-8859-10", "ISO-8859-10", Kind::kSingleByte},
    {"iso-8859-13", "ISO-8859-13", Kind::kSingleByte},
    {"iso-8859-14", "ISO-8859-14", Kind::kSingleByte},
    {"iso-8859-15", "ISO-8859-15", Kind::kSingleByte},
    {"iso-8859-16", "ISO-8859-16", Kind::kSingleByte},
    {"koi8-r", "KOI8-R", Kind::kSingleByte},
    {"koi8-u", "KOI8-RU", Kind::kSingleByte},
    {"macintosh", "MACINTOSH", Kind::kSingleByte},
    {"windows-874", "CP874", Kind::kSingleByte},
    {"windows-1250", "CP1250", Kind::kSingleByte},
    {"windows-1251", "CP1251", Kind::kSingleByte},
    {"windows-1252", nullptr, Kind::kSingleByte},  // built in: it is also the last resort
    {"windows-1253", "CP1253", Kind::kSingleByte},
    {"windows-1254", "CP1254", Kind::kSingleByte},
    {"windows-1255", "CP1255", Kind::kSingleByte},
    {"windows-1256", "CP1256", Kind::kSingleByte},
    {"windows-1257", "CP1257", Kind::kSingleByte},
    {"windows-1258", "CP1258", Kind::kSingleByte},
    {"x-mac-cyrillic", "MAC-CYRILLIC", Kind::kSingleByte},
    {"x-user-defined", nullptr, Kind::kSingleByte},  // built in: 0x80-0xFF -> U+F780-U+F7FF
    {"gbk", "GB18030", Kind::kMultiByte},
    {"gb18030", "GB18030", Kind::kMultiByte},
    {"big5", "BIG5-HKSCS", Kind::kMultiByte},
    {"euc-jp", "EUC-JP", Kind::kMultiByte},
    {"iso-2022-jp", "ISO-2022-JP", Kind::kMultiByte},
    {"shift_jis", "CP932", Kind::kMultiByte},
    {"euc-kr", "CP949", Kind::kMultiByte},
    {"utf-16be", nullptr, Kind::kUtf16be},
    {"utf-16le", nullptr, Kind::kUtf16le},
};
constexpr std::size_t kEncodingCount = std::size(kEncodings);

struct Label {
  std::string_view label;
  std::string_view name;
};

// Every label of the WHATWG Encoding standard (encodings.json), except the replacement encoding's.
constexpr Label kLabels[] = {
    {"unicode-1-1-utf-8", "utf-8"}, {"unicode11utf8", "utf-8"}, {"unicode20utf8", "utf-8"},
    {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"x-unicode20utf8", "utf-8"},
    {"866", "ibm866"}, {"cp866", "ibm866"}, {"csibm866", "ibm866"}, {"ibm866", "ibm866"},
    {"csisolatin2", "iso-8859-2"}, {"iso-8859-2", "iso-8859-2"}, {"iso-ir-101", "iso-8859-2"},
    {"iso8859-2", "iso-8859-2"}, {"iso88592", "iso-8859-2"}, {"iso_8859-2", "iso-8859-2"},
    {"iso_8859-2:1987", "iso-8859-2"}, {"l2", "iso-8859-2"}, {"latin2", "iso-8859-2"},
    {"csisolatin3", "iso-8859-3"}, {"iso-8859-3", "iso-8859-3"}, {"iso-ir-109", "iso-8859-3"},
    {"iso8859-3", "iso-8859-3"}, {"iso88593", "iso-8859-3"}, {"iso_8859-3", "iso-8859-3"},
    {"iso_8859-3:1988", "iso-8859-3"}, {"l3", "iso-8859-3"}, {"latin3", "iso-8859-3"},
    {"csisolatin4", "iso-8859-4"}, {"iso-8859-4", "iso-8859-4"}, {"iso-ir-110", "iso-8859-4"},
    {"iso8859-4", "iso-8859-4"}, {"iso88594", "iso-8859-4"}, {"iso_8859-4", "iso-8859-4"},
    {"iso_8859-4:1988", "iso-8859-4"}, {"l4", "iso-8859-4"}, {"latin4", "iso-8859-4"},
    {"csisolatincyrillic", "iso-8859-5"}, {"cyrillic", "iso-8859-5"},
    {"iso-8859-5", "iso-8859-5"}, {"iso-ir-144", "iso-8859-5"}, {"iso8859-5", "iso-8859-5"},
    {"iso88595", "iso-8859-5"}, {"iso_8859-5", "iso-8859-5"}, {"iso_8859-5:1988", "iso-8859-5"},
    {"arabic", "iso-8859-6"}, {"asmo-708", "iso-8859-6"}, {"csiso88596e", "iso-8859-6"},
    {"csiso88596i", "iso-8859-6"}, {"csisolatinarabic", "iso-8859-6"}, {"ecma-114", "iso-8859-6"},
    {"iso-8859-6", "iso-8859-6"}, {"iso-8859-6-e", "iso-8859-6"}, {"iso-8859-6-i", "iso-8859-6"},
    {"iso-ir-127", "iso-8859-6"}, {"iso8859-6", "iso-8859-6"}, {"iso88596", "iso-8859-6"},
    {"iso_8859-6", "iso-8859-6"}, {"iso_8859-6:1987", "iso-8859-6"},
    {"csisolatingreek", "iso-8859-7"}, {"ecma-118", "iso-8859-7"}, {"elot_928", "iso-8859-7"},
    {"greek", "iso-8859-7"}, {"greek8", "iso-8859-7"}, {"iso-8859-7", "iso-8859-7"},
    {"iso-ir-126", "iso-8859-7"}, {"iso8859-7", "iso-8859-7"}, {"iso88597", "iso-8859-7"},
    {"iso_8859-7", "iso-8859-7"}, {"iso_8859-7:1987", "iso-8859-7"}, {"sun_eu_greek", "iso-8859-7"},
    {"csiso88598e", "iso-8859-8"}, {"csisolatinhebrew", "iso-8859-8"}, {"hebrew", "iso-8859-8"},
    {"iso-8859-8", "iso-8859-8"}, {"iso-8859-8-e", "iso-8859-8"}, {"iso-ir-138", "iso-8859-8"},
    {"iso8859-8", "iso-8859-8"}, {"iso88598", "iso-8859-8"}, {"iso_8859-8", "iso-8859-8"},
    {"iso_8859-8:1988", "iso-8859-8"}, {"visual", "iso-8859-8"},
    {"csiso88598i", "iso-8859-8-i"}, {"iso-8859-8-i", "iso-8859-8-i"}, {"logical", "iso-8859-8-i"},
    {"csisolatin6", "iso-8859-10"}, {"iso-8859-10", "iso-8859-10"}, {"iso-ir-157", "iso-8859-10"},
    {"iso8859-10", "iso-8859-10"}, {"iso885910", "iso-8859-10"}, {"l6", "iso-8859-10"},
    {"latin6", "iso-8859-10"},
    {"iso-8859-13", "iso-8859-13"}, {"iso8859-13", "iso-8859-13"}, {"iso885913", "iso-8859-13"},
    {"iso-8859-14", "iso-8859-14"}, {"iso8859-14", "iso-8859-14"}, {"iso885914", "iso-8859-14"},
    {"csisolatin9", "iso-8859-15"}, {"iso-8859-15", "iso-8859-15"}, {"iso8859-15", "iso-8859-15"},
    {"iso885915", "iso-8859-15"}, {"iso_8859-15", "iso-8859-15"}, {"l9", "iso-8859-15"},
    {"iso-8859-16", "iso-8859-16"},
    {"cskoi8r", "koi8-r"}, {"koi", "koi8-r"}, {"koi8", "koi8-r"}, {"koi8-r", "koi8-r"},
    {"koi8_r", "koi8-r"},
    {"koi8-ru", "koi8-u"}, {"koi8-u", "koi8-u"},
    {"csmacintosh", "macintosh"}, {"mac", "macintosh"}, {"macintosh", "macintosh"},
    {"x-mac-roman", "macintosh"},
    {"dos-874", "windows-874"}, {"iso-8859-11", "windows-874"}, {"iso8859-11", "windows-874"},
    {"iso885911", "windows-874"}, {"tis-620", "windows-874"}, {"windows-874", "windows-874"},
    {"cp1250", "windows-1250"}, {"windows-1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"cp1251", "windows-1251"}, {"windows-1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"}, {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"}, {"csisolatin1", "windows-1252"}, {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"}, {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"}, {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"}, {"l1", "windows-1252"}, {"latin1", "windows-1252"},
    {"us-ascii", "windows-1252"}, {"windows-1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"cp1253", "windows-1253"}, {"windows-1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"cp1254", "windows-1254"}, {"csisolatin5", "windows-1254"}, {"iso-8859-9", "windows-1254"},
    {"iso-ir-148", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"}, {"iso_8859-9:1989", "windows-1254"}, {"l5", "windows-1254"},
    {"latin5", "windows-1254"}, {"windows-1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"cp1255", "windows-1255"}, {"windows-1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"cp1256", "windows-1256"}, {"windows-1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"cp1257", "windows-1257"}, {"windows-1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"cp1258", "windows-1258"}, {"windows-1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"chinese", "gbk"}, {"csgb2312", "gbk"}, {"csiso58gb231280", "gbk"}, {"gb2312", "gbk"},
    {"gb_2312", "gbk"}, {"gb_2312-80", "gbk"}, {"gbk", "gbk"}, {"iso-ir-58", "gbk"},
    {"x-gbk", "gbk"},
    {"gb18030", "gb18030"},
    {"big5", "big5"}, {"big5-hkscs", "big5"}, {"cn-big5", "big5"}, {"csbig5", "big5"},
    {"x-x-big5", "big5"},
    {"cseucpkdfmtjapanese", "euc-jp"}, {"euc-jp", "euc-jp"}, {"x-euc-jp", "euc-jp"},
    {"csiso2022jp", "iso-2022-jp"}, {"iso-2022-jp", "iso-2022-jp"},
    {"csshiftjis", "shift_jis"}, {"ms932", "shift_jis"}, {"ms_kanji", "shift_jis"},
    {"shift-jis", "shift_jis"}, {"shift_jis", "shift_jis"}, {"sjis", "shift_jis"},
    {"windows-31j", "shift_jis"}, {"x-sjis", "shift_jis"},
    {"cseuckr", "euc-kr"}, {"csksc56011987", "euc-kr"}, {"euc-kr", "euc-kr"},
    {"iso-ir-149", "euc-kr"}, {"korean", "euc-kr"}, {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"}, {"ksc5601", "euc-kr"}, {"ksc_5601", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"unicodefffe", "utf-16be"}, {"utf-16be", "utf-16be"},
    {"csunicode", "utf-16le"}, {"iso-10646-ucs-2", "utf-16le"}, {"ucs-2", "utf-16le"},
    {"unicode", "utf-16le"}, {"unicodefeff", "utf-16le"}, {"utf-16", "utf-16le"},
    {"utf-16le", "utf-16le"},
    {"x-user-defined", "x-user-defined"},
};

// Names uchardet reports that are not WHATWG labels, for the same tables.
constexpr Label kDetectorNames[] = {
    {"mac-cyrillic", "x-mac-cyrillic"},
    {"uhc", "euc-kr"},
    {"cp949", "euc-kr"},
};

const Encoding* by_name(std::string_view name) {
  for (const Encoding& e : kEncodings) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const Encoding& encoding_named(std::string_view name) { return *by_name(name); }

// The WHATWG "get an encoding"; nullptr for an unknown label.
const Encoding* lookup_label(std::string_view label) {
  label = trim_ascii_space(label);
  if (label.empty() || label.size() > 32) return nullptr;
  for (const Label& l : kLabels) {
    if (equals_lower(label, l.label)) return by_name(l.name);
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// UTF-8.

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The bounds of the second byte after lead byte `c` (C2..F4), and the sequence length.
struct LeadInfo {
  unsigned lo, hi;
  std::size_t length;
};

LeadInfo lead_info(unsigned char c) {
  if (c < 0xE0) return {0x80u, 0xBFu, 2};
  if (c < 0xF0) return {c == 0xE0 ? 0xA0u : 0x80u, c == 0xED ? 0x9Fu : 0xBFu, 3};
  return {c == 0xF0 ? 0x90u : 0x80u, c == 0xF4 ? 0x8Fu : 0xBFu, 4};
}

// Length of the longest prefix of p[0, n) that is well-formed UTF-8.
std::size_t valid_utf8_prefix(const unsigned char* p, std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most of a page is markup.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c < 0xC2 || c > 0xF4) return i;
    const LeadInfo lead = lead_info(c);
    if (n - i < lead.length) return i;
    if (p[i + 1] < lead.lo || p[i + 1] > lead.hi) return i;
    for (std::size_t k = 2; k < lead.length; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += lead.length;
  }
  return n;
}

// True if `s` has a byte above 0x7F and is well-formed UTF-8. Cheap on legacy-encoded pages: the
// scan stops at the first non-ASCII byte that does not start a valid character.
bool is_non_ascii_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t first = 0;
  while (first < n && p[first] < 0x80) ++first;
  return first < n && valid_utf8_prefix(p + first, n - first) == n - first;
}

// Length of the ill-formed sequence at p[0, n) (known not to start a valid character) that one
// U+FFFD replaces: its "maximal subpart", as the Encoding standard and Unicode recommend.
std::size_t invalid_utf8_length(const unsigned char* p, std::size_t n) {
  const unsigned char c = p[0];
  if (c < 0xC2 || c > 0xF4) return 1;
  const LeadInfo lead = lead_info(c);
  std::size_t k = 1;
  if (k < n && p[1] >= lead.lo && p[1] <= lead.hi) {
    ++k;
    while (k < lead.length && k < n && (p[k] & 0xC0) == 0x80) ++k;
  }
  return std::min(k, lead.length - 1);  // never swallow a whole (valid) character
}

void decode_utf8(std::string_view in, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::size_t pos = valid_utf8_prefix(p, n);
  if (pos == n) {
    out->assign(in);
    return;
  }
  out->reserve(n + n / 8 + 16);
  out->assign(in.data(), pos);
  while (pos < n) {
    pos += invalid_utf8_length(p + pos, n - pos);
    out->append(kReplacement);
    const std::size_t valid = valid_utf8_prefix(p + pos, n - pos);
    out->append(in.data() + pos, valid);
    pos += valid;
  }
}

}  // namespace

std::string valid_utf8(std::string_view in) {
  std::string out;
  decode_utf8(in, &out);
  return out;
}

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-16: by hand, so that a lone surrogate costs one U+FFFD and the rest stays aligned.

void decode_utf16(std::string_view in, bool big_endian, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  out->reserve(n + n / 2 + 4);
  auto unit = [&](std::size_t i) -> std::uint32_t {
    return big_endian ? (p[i] << 8 | p[i + 1]) : (p[i] | p[i + 1] << 8);
  };
  std::size_t i = 0;
  while (i + 1 < n) {
    const std::uint32_t u = unit(i);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 >= n) {  // a lead surrogate and at most one byte left: one error for both
        out->append(kReplacement);
        return;
      }
      const std::uint32_t low = unit(i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
      } else {
        out->append(kReplacement);  // the next unit is decoded on its own
      }
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      out->append(kReplacement);
    } else {
      append_utf8(out, u);
    }
  }
  if (i < n) out->append(kReplacement);  // an odd trailing byte
}

// ---------------------------------------------------------------------------------------------
// Single-byte charsets: the bytes 0x80-0xFF through a table of ready UTF-8, built once per process.

struct ByteTable {
  // entry[b - 0x80][0] is the UTF-8 length (1 to 3), then the bytes.
  unsigned char entry[128][4];
};

void set_entry(ByteTable* t, unsigned b, std::uint32_t cp) {
  std::string s;
  append_utf8(&s, cp);
  t->entry[b - 0x80][0] = static_cast<unsigned char>(s.size());
  std::memcpy(&t->entry[b - 0x80][1], s.data(), s.size());
}

// WHATWG windows-1252 for 0x80-0x9F; 0xA0-0xFF are Latin-1.
constexpr std::uint16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void build_windows1252(ByteTable* t) {
  for (unsigned b = 0x80; b <= 0xFF; ++b) set_entry(t, b, b < 0xA0 ? kWindows1252High[b - 0x80] : b);
}

// Fills *t by converting each byte on its own with iconv. Bytes iconv rejects become U+FFFD, except
// 0x80-0x9F in the windows-* code pages, where the WHATWG tables (like Windows itself) give the C1
// control of the same value. Decoding byte by byte also keeps glibc's CP1255/CP1258 from composing
// characters, which the WHATWG decoders do not do. Returns false if iconv lacks the charset.
bool build_from_iconv(const Encoding& enc, ByteTable* t) {
  iconv_t cd = iconv_open("UTF-8", enc.iconv);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  const bool windows = enc.name.starts_with("windows-");
  for (unsigned b = 0x80; b <= 0xFF; ++b) {
    char in = static_cast<char>(b);
    char buf[16];
    char* inp = &in;
    std::size_t inleft = 1;
    char* outp = buf;
    std::size_t outleft = sizeof buf;
    const std::size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
    if (r != static_cast<std::size_t>(-1)) iconv(cd, nullptr, nullptr, &outp, &outleft);  // flush
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
    const std::size_t produced = sizeof buf - outleft;
    if (r == static_cast<std::size_t>(-1) || produced == 0 || produced > 3) {
      set_entry(t, b, windows && b < 0xA0 ? b : 0xFFFD);
    } else {
      t->entry[b - 0x80][0] = static_cast<unsigned char>(produced);
      std::memcpy(&t->entry[b - 0x80][1], buf, produced);
    }
  }
  iconv_close(cd);
  // Where glibc's table and the WHATWG one differ on a byte that matters.
  if (enc.name == "x-mac-cyrillic") set_entry(t, 0xFF, 0x20AC);
  return true;
}

struct TableSlot {
  std::once_flag once;
  bool ok = false;
  ByteTable table;
};

// The table for single-byte `enc`, or nullptr if iconv cannot provide it. Thread-safe.
const ByteTable* byte_table(const Encoding& enc) {
  static TableSlot slots[kEncodingCount];
  TableSlot& slot = slots[&enc - kEncodings];
  std::call_once(slot.once, [&] {
    if (enc.name == "windows-1252") {
      build_windows1252(&slot.table);
      slot.ok = true;
    } else if (enc.name == "x-user-defined") {
      for (unsigned b = 0x80; b <= 0xFF; ++b) set_entry(&slot.table, b, 0xF780 + b - 0x80);
      slot.ok = true;
    } else {
      slot.ok = build_from_iconv(enc, &slot.table);
    }
  });
  return slot.ok ? &slot.table : nullptr;
}

void decode_single_byte(std::string_view in, const ByteTable& t, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  out->reserve(n + n / 2 + 16);
  std::size_t i = 0;
  while (i < n) {
    const std::size_t start = i;
    while (i < n && p[i] < 0x80) ++i;
    out->append(in.data() + start, i - start);
    while (i < n && p[i] >= 0x80) {
      const unsigned char* e = t.entry[p[i] - 0x80];
      out->append(reinterpret_cast<const char*>(e + 1), e[0]);
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Multi-byte charsets through iconv, one bad byte at a time.

bool decode_iconv(std::string_view in, const char* name, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  // CJK: 2 bytes in give 3 out; ASCII 1 to 1. Grown on E2BIG.
  out->resize(in.size() + in.size() / 2 + 64);
  std::size_t used = 0;
  auto ensure = [&](std::size_t need) {
    if (out->size() - used < need) out->resize(std::max(out->size() * 2, used + need));
  };
  char* inp = const_cast<char*>(in.data());  // iconv's signature; it does not write
  std::size_t inleft = in.size();
  while (inleft > 0) {
    char* outp = out->data() + used;
    std::size_t outleft = out->size() - used;
    const std::size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
    used = static_cast<std::size_t>(outp - out->data());
    if (r != static_cast<std::size_t>(-1)) break;
    const int err = errno;
    if (err == E2BIG) {
      ensure(out->size());  // doubles
      continue;
    }
    ensure(kReplacement.size());
    std::memcpy(out->data() + used, kReplacement.data(), kReplacement.size());
    used += kReplacement.size();
    if (err == EINVAL) break;  // an incomplete sequence at the end: one U+FFFD for all of it
    ++inp;                     // EILSEQ: replace the first byte and resume at the next one
    --inleft;
  }
  for (;;) {  // flush a stateful converter (ISO-2022-JP, Big5-HKSCS's pending pair)
    ensure(16);
    char* outp = out->data() + used;
    std::size_t outleft = out->size() - used;
    const std::size_t r = iconv(cd, nullptr, nullptr, &outp, &outleft);
    used = static_cast<std::size_t>(outp - out->data());
    if (r == static_cast<std::size_t>(-1) && errno == E2BIG) {
      ensure(out->size());
      continue;
    }
    break;
  }
  iconv_close(cd);
  out->resize(used);
  return true;
}

// Decodes `in` as `enc` into *out. Returns false (with *out unspecified) only if the system's
// iconv lacks the charset.
bool decode(std::string_view in, const Encoding& enc, std::string* out) {
  switch (enc.kind) {
    case Kind::kUtf8:
      decode_utf8(in, out);
      return true;
    case Kind::kUtf16le:
      decode_utf16(in, false, out);
      return true;
    case Kind::kUtf16be:
      decode_utf16(in, true, out);
      return true;
    case Kind::kSingleByte:
      if (const ByteTable* t = byte_table(enc)) {
        decode_single_byte(in, *t, out);
        return true;
      }
      return false;
    case Kind::kMultiByte:
      return decode_iconv(in, enc.iconv, out);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The <meta> charset sniff: the HTML standard's "prescan a byte stream to determine its encoding".

// The standard's "extracting a character encoding from a meta element", applied to a content
// attribute's value (or a Content-Type header): nullptr if there is no known charset in it.
const Encoding* charset_from_content(std::string_view s) {
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = find_lower(s, "charset", from);
    if (at == std::string_view::npos) return nullptr;
    std::size_t i = at + 7;
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      from = at + 7;
      continue;
    }
    ++i;
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    if (i >= s.size()) return nullptr;
    if (s[i] == '"' || s[i] == '\'') {
      const std::size_t end = s.find(s[i], i + 1);
      if (end == std::string_view::npos) return nullptr;
      return lookup_label(s.substr(i + 1, end - i - 1));
    }
    std::size_t end = i;
    while (end < s.size() && !is_ascii_space(s[end]) && s[end] != ';') ++end;
    return lookup_label(s.substr(i, end - i));
  }
}

enum class Got { kAttribute, kNone, kEnd };

// The standard's "get an attribute" at *pos. kNone: at a '>' (*pos stays on it). kEnd: the input
// ran out, which ends the sniff. Names and values come back lower-cased, as the standard says.
Got get_attribute(std::string_view s, std::size_t* pos, std::string* name, std::string* value) {
  const std::size_t n = s.size();
  std::size_t i = *pos;
  while (i < n && (is_ascii_space(s[i]) || s[i] == '/')) ++i;
  if (i >= n) return Got::kEnd;
  if (s[i] == '>') {
    *pos = i;
    return Got::kNone;
  }
  name->clear();
  value->clear();
  bool has_value = false;
  for (;; ++i) {
    if (i >= n) return Got::kEnd;
    const char c = s[i];
    if (c == '=' && !name->empty()) {
      ++i;
      has_value = true;
      break;
    }
    if (is_ascii_space(c)) break;
    if (c == '/' || c == '>') {
      *pos = i;
      return Got::kAttribute;
    }
    name->push_back(lower_ascii(c));
  }
  if (!has_value) {
    while (i < n && is_ascii_space(s[i])) ++i;
    if (i >= n) return Got::kEnd;
    if (s[i] != '=') {
      *pos = i;
      return Got::kAttribute;
    }
    ++i;
  }
  while (i < n && is_ascii_space(s[i])) ++i;
  if (i >= n) return Got::kEnd;
  const char quote = s[i];
  if (quote == '"' || quote == '\'') {
    for (++i; i < n; ++i) {
      if (s[i] == quote) {
        *pos = i + 1;
        return Got::kAttribute;
      }
      value->push_back(lower_ascii(s[i]));
    }
    return Got::kEnd;
  }
  if (quote == '>') {
    *pos = i;
    return Got::kAttribute;
  }
  for (; i < n; ++i) {
    if (is_ascii_space(s[i]) || s[i] == '>') {
      *pos = i;
      return Got::kAttribute;
    }
    value->push_back(lower_ascii(s[i]));
  }
  return Got::kEnd;
}


const Encoding* meta_charset(std::string_view bytes) {
  const std::string_view s = bytes.substr(0, 1024);
  const std::size_t n = s.size();
  std::string name, value;
  std::size_t pos = 0;
  while (pos < n) {
    if (s[pos] != '<') {
      const std::size_t lt = s.find('<', pos);
      if (lt == std::string_view::npos) return nullptr;
      pos = lt;
    }
    const std::string_view rest = s.substr(pos);
    if (rest.starts_with("<!--")) {
      // The '>' of the first "-->" after "<!": "<!-->" closes itself, as the standard says.
      const std::size_t end = s.find("-->", pos + 2);
      if (end == std::string_view::npos) return nullptr;
      pos = end + 3;
      continue;
    }
    if (rest.size() > 5 && equals_lower(rest.substr(0, 5), "<meta") &&
        (is_ascii_space(rest[5]) || rest[5] == '/')) {
      pos += 6;
      bool seen_http_equiv = false, seen_content = false, seen_charset = false;
      bool got_pragma = false;
      int need_pragma = -1;  // -1: null (no charset-bearing attribute), 0: false, 1: true
      bool charset_set = false;
      const Encoding* charset = nullptr;
      for (;;) {
        const Got got = get_attribute(s, &pos, &name, &value);
        if (got == Got::kEnd) return nullptr;
        if (got == Got::kNone) break;
        if (name == "http-equiv") {
          if (seen_http_equiv) continue;
          seen_http_equiv = true;
          if (value == "content-type") got_pragma = true;
        } else if (name == "content") {
          if (seen_content) continue;
          seen_content = true;
          if (!charset_set) {
            if (const Encoding* e = charset_from_content(value)) {
              charset = e;
              charset_set = true;
              need_pragma = 1;
            }
          }
        } else if (name == "charset") {
          if (seen_charset) continue;
          seen_charset = true;
          charset = lookup_label(value);  // an unknown label is a failure, not "not set"
          charset_set = true;
          need_pragma = 0;
        }
      }
      if (need_pragma != -1 && !(need_pragma == 1 && !got_pragma) && charset != nullptr) {
        // A page that says it is UTF-16 is not (it could not be read to find the tag).
        if (charset->kind == Kind::kUtf16le || charset->kind == Kind::kUtf16be)
          return &encoding_named("utf-8");
        if (charset->name == "x-user-defined") return &encoding_named("windows-1252");
        return charset;
      }
      ++pos;  // past the '>'
      continue;
    }
    if (rest.size() > 1 &&
        (is_ascii_alpha(rest[1]) || (rest[1] == '/' && rest.size() > 2 && is_ascii_alpha(rest[2])))) {
      // Any other tag: skip its name, then its attributes (a '>' inside a quoted value does
      // not end it).
      while (pos < n && !is_ascii_space(s[pos]) && s[pos] != '>') ++pos;
      Got got;
      while ((got = get_attribute(s, &pos, &name, &value)) == Got::kAttribute) {
      }
      if (got == Got::kEnd) return nullptr;
      ++pos;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?")) {
      const std::size_t gt = s.find('>', pos + 2);
      if (gt == std::string_view::npos) return nullptr;
      pos = gt + 1;
      continue;
    }
    ++pos;
  }
  return nullptr;
}

// uchardet's guess, or nullptr when it has none we can decode.
const Encoding* detect(std::string_view bytes) {
  // uchardet costs ~100 ns a byte and, on single-byte charsets, is rarely "sure" early, so it is
  // given the evidence only: the text between tags, in runs that have a non-ASCII byte, up to
  // 32 KB. Markup is ASCII and would only pull the guess toward the Latin charsets. When the text
  // has no such run (the non-ASCII bytes are all in attributes), the raw start of the page goes.
  constexpr std::size_t kSample = 32 << 10;
  std::string sample;
  sample.reserve(kSample);
  std::size_t pos = 0;
  while (pos < bytes.size() && sample.size() < kSample) {
    const std::size_t lt = std::min(bytes.find('<', pos), bytes.size());
    const std::string_view run = bytes.substr(pos, lt - pos);
    if (std::any_of(run.begin(), run.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      sample.append(run.substr(0, kSample - sample.size()));
      sample.push_back(' ');
    }
    pos = std::min(bytes.find('>', lt), bytes.size());
    if (pos < bytes.size()) ++pos;
  }
  if (sample.empty()) sample.assign(bytes.substr(0, kSample));

  uchardet_t ud = uchardet_new();
  if (ud == nullptr) return nullptr;
  uchardet_handle_data(ud, sample.data(), sample.size());
  uchardet_data_end(ud);
  const std::string_view guess = uchardet_get_charset(ud);
  const Encoding* e = lookup_label(guess);
  if (e == nullptr) {
    for (const Label& l : kDetectorNames) {
      if (equals_lower(guess, l.label)) e = by_name(l.name);
    }
  }
  uchardet_delete(ud);
  return e;
}

}  // namespace

std::string canonical_charset(std::string_view label) {
  const Encoding* e = lookup_label(label);
  return e ? std::string(e->name) : std::string();
}

std::string sniff_meta_charset(std::string_view bytes) {
  const Encoding* e = meta_charset(bytes);
  return e ? std::string(e->name) : std::string();
}

Decoded to_utf8(std::string_view bytes, std::string_view declared) {
  const Encoding* enc = nullptr;
  const auto starts = [&](std::string_view prefix) { return bytes.starts_with(prefix); };
  if (starts("\xEF\xBB\xBF")) {
    enc = &encoding_named("utf-8");
    bytes.remove_prefix(3);
  } else if (starts("\xFE\xFF")) {
    enc = &encoding_named("utf-16be");
    bytes.remove_prefix(2);
  } else if (starts("\xFF\xFE")) {
    enc = &encoding_named("utf-16le");
    bytes.remove_prefix(2);
  }
  if (enc == nullptr && !declared.empty()) {
    // A bare label ("koi8-r") or a whole header value ("text/html; charset=koi8-r").
    enc = declared.find_first_of(";=/") == std::string_view::npos ? lookup_label(declared)
                                                                  : charset_from_content(declared);
  }
  if (enc == nullptr) {
    enc = meta_charset(bytes);
    // Pages saved by browsers, crawlers and test fixtures are often re-encoded as UTF-8 but keep
    // their original <meta charset=Shift_JIS>. Legacy-encoded text almost never validates as
    // UTF-8 once it has a non-ASCII byte, so such bytes are taken as what they are. (An outside
    // declaration is not second-guessed: a user's --charset means what it says.)
    if (enc != nullptr && enc->kind != Kind::kUtf8 && is_non_ascii_utf8(bytes)) {
      enc = &encoding_named("utf-8");
    }
  }
  Decoded d;
  if (enc == nullptr) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    if (valid_utf8_prefix(p, bytes.size()) == bytes.size()) {
      d.utf8.assign(bytes);
      d.charset = "utf-8";
      return d;
    }
    enc = detect(bytes);
  }
  if (enc == nullptr || !decode(bytes, *enc, &d.utf8)) {
    enc = &encoding_named("windows-1252");
    d.utf8.clear();
    decode(bytes, *enc, &d.utf8);
  }
  d.charset = std::string(enc->name);
  return d;
}

}  // namespace winnow::load
