#include "extract/counts.h"

#include <algorithm>
#include <array>
#include <string>

#include "common/text.h"
#include "html/tags.h"

namespace winnow::extract {

namespace {

bool is_comma(std::uint32_t cp) {
  switch (cp) {
    case 0x002C: case 0x060C: case 0xFE50: case 0xFE10: case 0xFE11:
    case 0x2E41: case 0x2E34: case 0x2E32: case 0xFF0C: case 0x3001:
      return true;
    default:
      return false;
  }
}

// What each byte is to text_counts' ASCII path: white space as append_collapsed sees it, a comma,
// another visible character, or a byte past ASCII (the text is then measured the long way).
enum ByteKind : std::uint8_t { kVisibleByte, kSpaceByte, kCommaByte, kOtherByte };
constexpr auto kByteKind = [] {
  std::array<ByteKind, 256> k{};
  for (int b = 0x80; b < 256; ++b) k[b] = kOtherByte;
  for (unsigned char b : {' ', '\t', '\n', '\r', '\f', '\v'}) k[b] = kSpaceByte;
  k[','] = kCommaByte;
  return k;
}();

int colspan(const html::Dom& dom, html::NodeId id) {
  const std::string_view v = dom.attr(id, "colspan");
  int n = 0;
  for (char ch : v) {
    if (ch < '0' || ch > '9') break;
    n = n * 10 + (ch - '0');
    if (n > 1000) break;
  }
  return n > 0 ? n : 1;
}

}  // namespace

Counts text_counts(std::string_view text) {
  Counts c;
  // Plain ASCII (most text nodes): the collapsed text's length is its visible characters plus one
  // space between each two runs of them, so count without building it.
  std::size_t chars = 0;
  bool ascii = true, seen = false, gap = false;
  for (const char ch : text) {
    switch (kByteKind[static_cast<unsigned char>(ch)]) {
      case kSpaceByte:
        gap = seen;
        continue;
      case kOtherByte:
        ascii = false;
        break;
      case kCommaByte:
        ++c.commas;
        [[fallthrough]];
      case kVisibleByte:
        chars += gap ? 2 : 1;
        gap = false;
        seen = true;
        continue;
    }
    break;
  }
  if (ascii) {
    c.chars = static_cast<float>(chars);
    return c;
  }
  c.commas = 0;
  chars = 0;
  // The collapsed text, built in a buffer reused across calls (one per thread: pages are cleaned
  // in parallel).
  thread_local std::string s;
  s.clear();
  bool pending = false;
  append_collapsed(&s, text, &pending);
  for (std::size_t i = 0; i < s.size();) {
    const std::uint32_t cp = next_code_point(s, &i);
    chars += is_cjk(cp) ? 2 : 1;
    if (is_comma(cp)) ++c.commas;
  }
  c.chars = static_cast<float>(chars);
  return c;
}

bool is_phrasing(const html::Dom& dom, html::NodeId id, const Counts& c) {
  if (dom.is_text(id)) return true;
  const GumboTag tag = dom.tag(id);
  if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_DEL || tag == GUMBO_TAG_INS) return c.all_phrasing;
  return html::is_phrasing(tag);
}

void add_child(const html::Dom& dom, html::NodeId child, const Counts& c, Counts* acc) {
  acc->chars += c.chars;
  acc->link_chars += c.link_chars;
  acc->heading_chars += c.heading_chars;
  acc->textish_chars += c.textish_chars;
  acc->list_chars += c.list_chars;
  acc->commas += c.commas;
  acc->p += c.p;
  acc->img += c.img;
  acc->li += c.li;
  acc->input += c.input;
  acc->embed += c.embed;
  acc->elements += c.elements;
  acc->br_hr += c.br_hr;
  acc->rows += c.rows;
  acc->max_cols = std::max(acc->max_cols, c.max_cols);
  acc->has_block |= c.has_block;
  acc->table_hint |= c.table_hint;
  acc->nested_table |= c.nested_table;
  if (!dom.is_element(child)) return;
  acc->all_phrasing &= is_phrasing(dom, child, c);
  acc->elements += 1;
  const GumboTag tag = dom.tag(child);
  acc->has_block |= html::is_paragraph_breaker(tag);
  switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      acc->heading_chars += c.chars;
      break;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL:
      acc->list_chars += c.chars;
      acc->textish_chars += c.chars;
      break;
    case GUMBO_TAG_P:
      acc->p += 1;
      acc->textish_chars += c.chars;
      break;
    case GUMBO_TAG_LI:
      acc->li += 1;
      acc->textish_chars += c.chars;
      break;
    case GUMBO_TAG_SPAN: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
      acc->textish_chars += c.chars;
      acc->nested_table |= tag == GUMBO_TAG_TABLE;
      break;
    case GUMBO_TAG_DIV:
      acc->textish_chars += c.chars;
      if (!c.has_block) acc->p += 1;  // a <div> of inline content is a paragraph
      break;
    case GUMBO_TAG_IMG:
      acc->img += 1;
      break;
    case GUMBO_TAG_INPUT:
      acc->input += 1;
      break;
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_IFRAME:
      acc->embed += 1;
      break;
    case GUMBO_TAG_BR: case GUMBO_TAG_HR:
      acc->br_hr += 1;
      break;
    case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP:
      acc->table_hint = true;
      break;
    case GUMBO_TAG_TR:
      acc->rows += 1;
      break;
    default:
      break;
  }
}

void finish_element(const html::Dom& dom, html::NodeId id, Counts* c) {
  switch (dom.tag(id)) {
    case GUMBO_TAG_A: {
      const std::string_view href = dom.attr(id, "href");
      c->link_chars = c->chars * (href.size() > 1 && href[0] == '#' ? 0.3f : 1.0f);
      break;
    }
    case GUMBO_TAG_TR: {
      std::uint32_t cols = 0;
      for (html::NodeId k = dom.node(id).first_child; k != html::kNoNode; k = dom.node(k).next_sibling)
        if (dom.is_element(k) && (dom.tag(k) == GUMBO_TAG_TD || dom.tag(k) == GUMBO_TAG_TH))
          cols += static_cast<std::uint32_t>(colspan(dom, k));
      c->max_cols = std::max(c->max_cols, cols);
      break;
    }
    default:
      break;
  }
}

}  // namespace winnow::extract
