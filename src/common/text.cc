#include "common/text.h"

#include "common/ascii.h"

namespace winnow {

namespace {

enum class CharClass { kVisible, kSpace, kInvisible };

// Classifies the character at in[i] and sets *len to its length in bytes.
CharClass classify(std::string_view in, std::size_t i, std::size_t* len) {
  const auto c = static_cast<unsigned char>(in[i]);
  *len = 1;
  if (is_c_space(static_cast<char>(c))) return CharClass::kSpace;
  if (c < 0x80) return CharClass::kVisible;
  if (c == 0xC2 && i + 1 < in.size()) {
    const auto d = static_cast<unsigned char>(in[i + 1]);
    if (d == 0xA0) { *len = 2; return CharClass::kSpace; }       // U+00A0 no-break space
    if (d == 0xAD) { *len = 2; return CharClass::kInvisible; }   // U+00AD soft hyphen
    if (d == 0x85) { *len = 2; return CharClass::kSpace; }       // U+0085 next line
  }
  if (c == 0xE2 && i + 2 < in.size()) {
    const auto d = static_cast<unsigned char>(in[i + 1]);
    const auto e = static_cast<unsigned char>(in[i + 2]);
    if (d == 0x80) {
      if (e <= 0x8A || e == 0xA8 || e == 0xA9 || e == 0xAF) { *len = 3; return CharClass::kSpace; }  // U+2000-200A, 2028, 2029, 202F
      if (e >= 0x8B && e <= 0x8D) { *len = 3; return CharClass::kInvisible; }  // U+200B-200D zero width
    }
    if (d == 0x81 && e == 0x9F) { *len = 3; return CharClass::kSpace; }       // U+205F
    if (d == 0x81 && e == 0xA0) { *len = 3; return CharClass::kInvisible; }   // U+2060 word joiner
  }
  if (c == 0xE3 && i + 2 < in.size() && in[i + 1] == '\x80' && in[i + 2] == '\x80') { *len = 3; return CharClass::kSpace; }  // U+3000
  if (c == 0xEF && i + 2 < in.size() && in[i + 1] == '\xBB' && in[i + 2] == '\xBF') { *len = 3; return CharClass::kInvisible; }  // U+FEFF
  // Any other lead byte: copy the whole sequence as visible.
  if (c >= 0xF0) *len = 4;
  else if (c >= 0xE0) *len = 3;
  else if (c >= 0xC0) *len = 2;
  if (i + *len > in.size()) *len = in.size() - i;
  return CharClass::kVisible;
}

}  // namespace

void append_collapsed(std::string* out, std::string_view in, bool* pending_space) {
  // Most text nodes of a page are the indentation between tags: they only owe a space.
  std::size_t first = 0;
  while (first < in.size() && (in[first] == ' ' || in[first] == '\n' || in[first] == '\t' ||
                               in[first] == '\r' || in[first] == '\f'))
    ++first;
  if (first == in.size()) {
    if (!in.empty()) *pending_space = true;
    return;
  }
  std::size_t i = 0;
  while (i < in.size()) {
    // Fast path for runs of plain ASCII visible characters, and the single spaces between them
    // (they stay as they are): one append per run of words, not per word.
    std::size_t run = i;
    while (run < in.size()) {
      const auto c = static_cast<unsigned char>(in[run]);
      if (c < 0x80 && c > ' ') {
        ++run;
        continue;
      }
      if (c != ' ' || run == i || run + 1 >= in.size()) break;
      const auto next = static_cast<unsigned char>(in[run + 1]);
      if (next >= 0x80 || next <= ' ') break;
      run += 2;
    }
    if (run > i) {
      if (*pending_space && !out->empty() && out->back() != '\n') out->push_back(' ');
      *pending_space = false;
      out->append(in.substr(i, run - i));
      i = run;
      continue;
    }
    std::size_t len;
    switch (classify(in, i, &len)) {
      case CharClass::kSpace:
        *pending_space = true;
        break;
      case CharClass::kInvisible:
        break;
      case CharClass::kVisible:
        if (*pending_space && !out->empty() && out->back() != '\n') out->push_back(' ');
        *pending_space = false;
        out->append(in.substr(i, len));
        break;
    }
    i += len;
  }
}

std::string normalize_space(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending = false;
  append_collapsed(&out, in, &pending);
  return out;
}

std::size_t visible_bytes(std::string_view in) {
  std::size_t n = 0;
  for (char c : in) n += !is_ascii_space(c);
  return n;
}

bool is_blank(std::string_view in) {
  for (std::size_t i = 0; i < in.size();) {
    std::size_t len;
    if (classify(in, i, &len) == CharClass::kVisible) return false;
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view in) {
  std::size_t n = 0;
  for (char c : in)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

void append_utf8(std::string* out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::uint32_t next_code_point(std::string_view in, std::size_t* i) {
  const auto b = static_cast<unsigned char>(in[*i]);
  std::uint32_t cp = b;
  std::size_t len = 1;
  if (b >= 0xF0) { len = 4; cp = b & 0x07; }
  else if (b >= 0xE0) { len = 3; cp = b & 0x0F; }
  else if (b >= 0xC0) { len = 2; cp = b & 0x1F; }
  for (std::size_t k = 1; k < len && *i + k < in.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(in[*i + k]) & 0x3F);
  *i += len;
  if (*i > in.size()) *i = in.size();
  return cp;
}

bool is_cjk(std::uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

}  // namespace winnow
