#include "html/prescan.h"

#include <cstring>

#include "html/prescan_scanner.h"
#include "html/tags.h"

namespace winnow::html {

namespace prescan_internal {

Prescan Scanner::run() {
  std::size_t p = 0;
  while (p < n_) {
    const void* hit = std::memchr(s_ + p, '<', n_ - p);
    const std::size_t lt = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - s_) : n_;
    if (lt > p) on_text(p, lt);
    if (lt >= n_) break;
    p = on_markup(lt);
    if (bailed_) p = undo_region();
  }
  Prescan result;
  if (dropping_) {
    if (keep_all_)
      out_.assign(s_, n_);
    else if (region_ == Region::kNone)
      out_.append(s_ + copy_from_, n_ - copy_from_);
    result.bytes_skipped = n_ - out_.size();
    result.html = std::move(out_);
  }
  result.max_depth = max_depth_ + 2;  // <html> and <body> are always there
  result.url_tags = std::move(url_tags_);
  return result;
}

void Scanner::on_text(std::size_t begin, std::size_t end) {
  if (dropping_ && between_blocks(begin, end)) return drop(begin, end);
  if (dropping_ && open_pre_ == 0) collapse_spaces(begin, end);
  if (!head_phase_ || frames_ != 0) return;
  for (std::size_t i = begin; i < end; ++i)
    if (!is_ascii_space(s_[i])) return end_head_phase();
}

// Each run of white space outside <pre> becomes one character: every stage after the parse reads
// text with white space collapsed, and Gumbo makes a token of every character, so the indentation
// of real pages (a fifth of what is left after the dropped bodies) costs a third of the parse.
// The run stays white space, so the tree builder treats it the same (in tables, after <head>).
void Scanner::collapse_spaces(std::size_t begin, std::size_t end) {
  std::size_t i = begin;
  while (i < end) {
    // Skip eight bytes at a time while none is a control character or space (<= 0x20).
    while (i + 8 <= end) {
      std::uint64_t w;
      std::memcpy(&w, s_ + i, 8);
      if (((w - 0x2121212121212121ull) & ~w & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= end) break;
    if (!is_ascii_space(s_[i])) {
      ++i;
      continue;
    }
    const std::size_t run = i;
    bool newline = false;
    for (; i < end && is_ascii_space(s_[i]); ++i) newline = newline || s_[i] == '\n' || s_[i] == '\r';
    if (i - run >= 2) drop(run, i, newline ? "\n" : " ");
  }
}

// White space between two blocks (html::is_block) never shows, and html::parse leaves it out of
// the Dom; dropped here, Gumbo need not make a node of it either (a quarter of a page's text
// nodes). Only where the tree is sure to be the same without it: right after an end tag that
// closed the current element (a plain block), before the start tag of a plain block or the end
// tag of the element around (itself a plain block, or a table cell, in the body, not in a table
// directly, select, template or pre), with no formatting element open or left to reconstruct.
// The Dom then has the same nodes either way (tests/html/prescan_test.cc compares the trees).
bool Scanner::between_blocks(std::size_t begin, std::size_t end) const {
  if (begin != block_closed_at_ || end >= n_ || region_ != Region::kNone || stack_.empty()) return false;
  if (formatting_open_ != 0 || formatting_lost_ || frames_ != 0 || open_pre_ != 0 || head_phase_) return false;
  for (std::size_t i = begin; i < end; ++i)
    if (!is_ascii_space(s_[i])) return false;
  const Open& parent = stack_.back();
  if (parent.ns != Ns::kHtml || in_select()) return false;
  const bool cell = parent.tag == GUMBO_TAG_TD || parent.tag == GUMBO_TAG_TH;
  if (!cell && !is_plain_block(parent.tag) && parent.tag != GUMBO_TAG_BODY) return false;
  if (!cell && in_table()) {
    // In a table, a block must sit in a cell (else it was foster-parented, and so would be text).
    const std::size_t k = find_open([](const Open& e) {
      return e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH || e.tag == GUMBO_TAG_CAPTION ||
                                   e.tag == GUMBO_TAG_TABLE);
    }, [](const Open&) { return false; });
    if (k >= stack_.size() || stack_[k].tag == GUMBO_TAG_TABLE) return false;
  }
  // What follows: a start tag of a plain block, or the end tag of the parent.
  std::size_t i = end + 1;
  const bool end_tag = i < n_ && s_[i] == '/';
  if (end_tag) ++i;
  if (i >= n_ || !is_ascii_alpha(s_[i])) return false;
  char name[16];
  std::size_t length = 0;
  for (; i < n_ && !ends_name(s_[i]); ++i) {
    if (length == sizeof name) return false;
    name[length++] = lower_ascii(s_[i]);
  }
  if (i >= n_ || std::memchr(s_ + i, '>', n_ - i) == nullptr) return false;  // an unfinished tag
  const GumboTag next = gumbo_tagn_enum(name, static_cast<unsigned>(length));
  if (end_tag) return next == parent.tag;
  return is_plain_block(next) || is_heading(next) || next == GUMBO_TAG_HR || next == GUMBO_TAG_TABLE;
}

std::size_t Scanner::on_markup(std::size_t lt) {
  block_closed_at_ = kNpos;
  const std::size_t at = lt + 1;
  if (at >= n_) {
    on_text(lt, n_);
    return n_;
  }
  const char c = s_[at];
  if (is_ascii_alpha(c)) return on_start_tag(lt);
  if (c == '/') {
    if (at + 1 >= n_) {
      on_text(lt, n_);
      return n_;
    }
    const char d = s_[at + 1];
    if (is_ascii_alpha(d)) return on_end_tag(lt);
    if (d == '>') return at + 2;  // "</>" is nothing
    return on_comment(lt, at + 1);  // "</ 3>": a bogus comment to the next '>'
  }
  if (c == '!') {
    const std::size_t rest = n_ - at - 1;
    if (rest >= 2 && s_[at + 1] == '-' && s_[at + 2] == '-') {
      // A comment ends at "-->" or "--!>"; "<!-->" and "<!--->" are whole comments.
      std::size_t q = at + 3;
      std::size_t end = n_;
      if (q < n_ && s_[q] == '>') {
        end = q + 1;
      } else if (q + 1 < n_ && s_[q] == '-' && s_[q + 1] == '>') {
        end = q + 2;
      } else {
        while (q < n_) {
          const void* dash = std::memchr(s_ + q, '-', n_ - q);
          if (!dash) break;
          q = static_cast<std::size_t>(static_cast<const char*>(dash) - s_);
          if (q + 2 < n_ && s_[q + 1] == '-') {
            if (s_[q + 2] == '>') {
              end = q + 3;
              break;
            }
            if (s_[q + 2] == '!' && q + 3 < n_ && s_[q + 3] == '>') {
              end = q + 4;
              break;
            }
          }
          ++q;
        }
      }
      return on_comment(lt, end == n_ ? n_ : end - 1);
    }
    if (rest >= 7 && equals_lower(std::string_view(s_ + at + 1, 7), "doctype")) {
      const void* gt = std::memchr(s_ + at, '>', n_ - at);
      return gt ? static_cast<std::size_t>(static_cast<const char*>(gt) - s_) + 1 : n_;
    }
    if (foreign() && rest >= 7 && std::memcmp(s_ + at + 1, "[CDATA[", 7) == 0) {
      // CDATA exists only in svg and math; its text is kept (and dropped with an svg).
      const std::string_view tail(s_ + at + 8, n_ - at - 8);
      const std::size_t close = tail.find("]]>");
      const std::size_t after = close == std::string_view::npos ? n_ : at + 8 + close + 3;
      // Gumbo 0.10.1 fails an assertion (and aborts) on CDATA at an integration point inside a
      // table, e.g. "<table><math><mi><![CDATA[a]]>b": such a section is dropped.
      const Open& top = stack_.back();
      const bool text_point =
          top.ns == Ns::kMath && top.tag >= GUMBO_TAG_MI && top.tag <= GUMBO_TAG_MTEXT;
      if (count(GUMBO_TAG_TABLE) > 0 && (top.integration || text_point)) drop(lt, after);
      return after;
    }
    return on_comment(lt, at + 1);
  }
  if (c == '?') return on_comment(lt, at);
  on_text(lt, at);  // a lone '<' is text
  return at;
}

// A comment from `lt`; `end` is its closing '>' (comments) or where to look for it (bogus
// comments), n_ when it runs to the end of the input. Returns the position after it.
std::size_t Scanner::on_comment(std::size_t lt, std::size_t end) {
  if (end < n_ && s_[end] != '>') {
    const void* gt = std::memchr(s_ + end, '>', n_ - end);
    end = gt ? static_cast<std::size_t>(static_cast<const char*>(gt) - s_) : n_;
  }
  const std::size_t after = end < n_ ? end + 1 : n_;
  // Where the comment separates text that the tree builder treats differently when joined, an
  // empty comment takes its place: the newline right after <pre> (dropped when first), text in a
  // table (whitespace stays in the table, other text moves before it), text in a form (Gumbo
  // places text pending at </form> after the form), and text that would run into what follows.
  bool separates =
      after < n_ && (lt == keep_comment_at_ || joins_text(lt) || count(GUMBO_TAG_FORM) > 0);
  if (!separates && !stack_.empty() && stack_.back().ns == Ns::kHtml) {
    switch (stack_.back().tag) {
      case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_TR: case GUMBO_TAG_COLGROUP:
        separates = true;
        break;
      default:
        break;
    }
  }
  if (separates) {
    if (after - lt > 7) drop(lt, after, "<!---->");
    return after;
  }
  drop(lt, after);
  return after;
}

// Whether the text before `lt` would run into the text after a comment there: a lone '<' would
// start a tag, "&amp" a character reference ("&amp<!---->;" is "&;"), CR a CRLF pair.
bool Scanner::joins_text(std::size_t lt) const {
  if (lt == 0) return false;
  const char before = s_[lt - 1];
  if (before == '<' || before == '\r' || before == '&') return true;
  for (std::size_t i = lt, seen = 0; i-- > 0 && seen < 40; ++seen) {
    const char c = s_[i];
    if (c == '&') return true;
    if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '#') return false;
  }
  return false;
}

bool Scanner::read_tag(std::size_t lt, std::size_t name_begin, Tag* t) {
  t->begin = lt;
  std::size_t i = name_begin;
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a of the lower-case name
  name_.clear();
  while (i < n_ && !ends_name(s_[i])) {
    const char c = lower_ascii(s_[i]);
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    if (name_.size() < 32) name_.push_back(c);
    ++i;
  }
  if (i >= n_) return false;  // the input ends inside the tag: the tokenizer drops it
  const std::size_t length = i - name_begin;
  t->tag = length <= 32 ? gumbo_tagn_enum(name_.data(), static_cast<unsigned>(length))
                        : GUMBO_TAG_UNKNOWN;
  t->key = static_cast<std::uint64_t>(t->tag);
  t->foreign_key = hash | (1ull << 63);
  t->bare = s_[i] == '>';
  t->end = read_attributes(i, t);
  if (t->end == kNpos) return false;
  // Not from end tags: the tree builder ignores their attributes, but Gumbo matches an end tag in
  // svg or math by all its text ("</svg x>" does not close an svg).
  if (s_[lt + 1] != '/')
    for (const auto& [begin, end] : t->unread) drop(begin, end);
  if (t->attributes_cut != 0) drop(t->attributes_cut, t->end - (t->self_closing ? 2 : 1));
  return true;
}

// Reads attributes from `i` (after the tag name) to the '>' that ends the tag. Returns one past
// it, or kNpos if the input ends first.
std::size_t Scanner::read_attributes(std::size_t i, Tag* t) {
  int attributes = 0;
  while (true) {
    const std::size_t space_begin = i;
    while (i < n_ && is_ascii_space(s_[i])) ++i;
    if (i >= n_) return kNpos;
    if (s_[i] == '>') return i + 1;
    if (s_[i] == '/') {
      ++i;
      if (i < n_ && s_[i] == '>') {
        t->self_closing = true;
        return i + 1;
      }
      continue;
    }
    const std::size_t name_begin = i++;  // a leading '=' belongs to the name
    if (++attributes > kMaxAttributes && t->attributes_cut == 0) t->attributes_cut = name_begin;
    while (i < n_ && !ends_name(s_[i]) && s_[i] != '=') ++i;
    const std::string_view name(s_ + name_begin, i - name_begin);
    const std::size_t name_end = i;
    while (i < n_ && is_ascii_space(s_[i])) ++i;
    if (i >= n_) return kNpos;
    std::string_view value;
    bool ends_tag = false;
    const bool has_value = s_[i] == '=';
    if (has_value) {
      ++i;
      while (i < n_ && is_ascii_space(s_[i])) ++i;
      if (i >= n_) return kNpos;
      const char q = s_[i];
      if (q == '"' || q == '\'') {
        const void* close = std::memchr(s_ + i + 1, q, n_ - i - 1);
        if (!close) return kNpos;
        const std::size_t c = static_cast<std::size_t>(static_cast<const char*>(close) - s_);
        value = std::string_view(s_ + i + 1, c - i - 1);
        i = c + 1;
      } else if (q == '>') {
        ends_tag = true;
      } else {
        const std::size_t v = i;
        while (i < n_ && !is_ascii_space(s_[i]) && s_[i] != '>') ++i;
        if (i >= n_) return kNpos;
        value = std::string_view(s_ + v, i - v);
      }
    }
    if (t->attributes_cut == 0 && (is_dropped_attribute(name) || !keep_.keeps(t->tag, name)))
      mark_unread(space_begin, name_begin, has_value ? i : name_end, t);
    // The first of duplicate attributes wins, as in the tree.
    if (name.size() == 4 && equals_lower(name, "type")) {
      if (!t->type_seen) t->type = value;
      t->type_seen = true;
    } else if (name.size() == 8 && equals_lower(name, "encoding")) {
      if (!t->encoding_seen) t->encoding = value;
      t->encoding_seen = true;
    } else if (equals_lower(name, "color") || equals_lower(name, "face") || equals_lower(name, "size")) {
      t->font_attr = true;
    }
    if (ends_tag) return i + 1;
  }
}

// Marks the attribute [name_begin, end) for dropping, with the white space before it (from
// space_begin) where what is left still reads the same: the attributes around it stay apart
// (`<a onclick="x"href=y>` must not become `<ahref=y>`), an unquoted value does not run into a
// '/' (`<a href=x download/>`), and a '/' does not come to close the tag (`<svg/onload=x>` is not
// a self-closing svg).
void Scanner::mark_unread(std::size_t space_begin, std::size_t name_begin, std::size_t end, Tag* t) const {
  const char next = end < n_ ? s_[end] : '>';
  const char before = s_[space_begin - 1];  // the tag name, a value, a quote or a '/'
  if (is_ascii_space(next) || (next == '>' && before != '/')) {
    t->unread.emplace_back(space_begin, end);
  } else if (space_begin < name_begin) {
    t->unread.emplace_back(space_begin + 1, end);  // one white space character stays
  } else if (next == '>') {
    t->unread.emplace_back(name_begin - 1, end);  // "/onload=x>": the '/' goes too
  } else {
    t->unread.emplace_back(name_begin, end);  // after a quote or a '/': nothing runs together
  }
}

// Whether an end tag `</name` (followed by white space, '/' or '>') starts at `lt`; if so *end is
// set past it (its attributes may quote a '>').
bool Scanner::end_tag_at(std::size_t lt, std::string_view name, std::size_t* end) {
  const std::size_t after = lt + 2 + name.size();
  if (after >= n_ || s_[lt + 1] != '/' || !equals_lower(std::string_view(s_ + lt + 2, name.size()), name) || !ends_name(s_[after]))
    return false;
  Tag ignored;
  *end = read_attributes(after, &ignored);
  if (*end == kNpos) *end = n_;
  return true;
}

// Finds the end of script data starting at `i`, following the tokenizer's script states: inside
// "<!--" a "<script" starts the double-escaped state, where "</script>" does not end the script.
// Returns the '<' of the closing end tag and sets *end past it; returns n_ (and *end = n_) when the
// script runs to the end of the input.
std::size_t Scanner::script_end(std::size_t i, std::size_t* end) {
  enum State {
    kData, kEscaped, kEscapedDash, kEscapedDashDash, kDouble, kDoubleDash, kDoubleDashDash
  };
  State st = kData;
  while (i < n_) {
    if (st == kData) {
      const void* hit = std::memchr(s_ + i, '<', n_ - i);
      if (!hit) break;
      const std::size_t lt = static_cast<std::size_t>(static_cast<const char*>(hit) - s_);
      if (end_tag_at(lt, "script", end)) return lt;
      i = lt + 1;
      if (i + 2 < n_ && s_[i] == '!' && s_[i + 1] == '-' && s_[i + 2] == '-') {
        st = kEscapedDashDash;
        i += 3;
      }
      continue;
    }
    const char c = s_[i];
    if (c == '<') {
      const std::size_t lt = i++;
      const bool escaped = st == kEscaped || st == kEscapedDash || st == kEscapedDashDash;
      if (escaped) {
        if (end_tag_at(lt, "script", end)) return lt;
        if (i < n_ && s_[i] == '/') {
          st = kEscaped;
          ++i;
          continue;
        }
      } else if (i < n_ && s_[i] == '/') {
        ++i;  // a "</script" here leaves the double-escaped state
      } else {
        st = kDouble;
        continue;
      }
      // "<script" (escaped) or "</script" (double escaped), then white space, '/' or '>'.
      std::size_t j = i;
      while (j < n_ && is_ascii_alpha(s_[j])) ++j;
      const bool script = j - i == 6 && equals_lower(std::string_view(s_ + i, 6), "script");
      if (j < n_ && ends_name(s_[j]) && j > i) {
        st = script ? (escaped ? kDouble : kEscaped) : (escaped ? kEscaped : kDouble);
        i = j + 1;
      } else {
        st = escaped ? kEscaped : kDouble;
        i = j;
      }
      continue;
    }
    switch (st) {
      case kEscaped: if (c == '-') st = kEscapedDash; break;
      case kEscapedDash: st = c == '-' ? kEscapedDashDash : kEscaped; break;
      case kEscapedDashDash: if (c == '>') st = kData; else if (c != '-') st = kEscaped; break;
      case kDouble: if (c == '-') st = kDoubleDash; break;
      case kDoubleDash: st = c == '-' ? kDoubleDashDash : kDouble; break;
      case kDoubleDashDash: if (c == '>') st = kData; else if (c != '-') st = kDouble; break;
      case kData: break;
    }
    ++i;
  }
  *end = n_;
  return n_;
}

std::size_t Scanner::script(const Tag& t) {
  std::size_t end = 0;
  const std::size_t close = script_end(t.end, &end);
  if (!(t.type_seen && equals_lower(trim_ascii_space(t.type), "application/ld+json"))) drop(t.end, close);
  return end;
}

// RAWTEXT and RCDATA: nothing is markup until the element's own end tag.
std::size_t Scanner::raw_text(const Tag& t, bool drop_body) {
  const std::string_view name = gumbo_normalized_tagname(t.tag);
  std::size_t i = t.end;
  while (i < n_) {
    const void* hit = std::memchr(s_ + i, '<', n_ - i);
    if (!hit) break;
    const std::size_t lt = static_cast<std::size_t>(static_cast<const char*>(hit) - s_);
    std::size_t end = 0;
    if (end_tag_at(lt, name, &end)) {
      if (drop_body) drop(t.end, lt);
      return end;
    }
    i = lt + 1;
  }
  if (drop_body) drop(t.end, n_);
  return n_;
}

void Scanner::note_url_tag(const Tag& t) {
  if (t.tag != GUMBO_TAG_LINK && t.tag != GUMBO_TAG_META && t.tag != GUMBO_TAG_BASE) return;
  // Not in the tree (a body dropped), or in a subtree extract::page_url does not walk.
  if (region_ != Region::kNone || frames_ != 0 || url_tags_hidden_ != 0) return;
  if (t.attributes_cut == 0) {
    url_tags_.append(s_ + t.begin, t.end - t.begin);
  } else {
    url_tags_.append(s_ + t.begin, t.attributes_cut - t.begin);
    url_tags_ += '>';
  }
}

void Scanner::drop(std::size_t begin, std::size_t end, std::string_view replacement) {
  if (!dropping_ || region_ != Region::kNone || keep_all_ || keep_rest_ || begin >= end) return;
  out_.append(s_ + copy_from_, begin - copy_from_);
  out_.append(replacement);
  copy_from_ = end;
}

void Scanner::begin_region(Region kind, const Tag& t) {
  if (!dropping_ || region_ != Region::kNone || t.begin < no_region_before_) return;
  out_.append(s_ + copy_from_, t.end - copy_from_);
  copy_from_ = t.end;
  region_ = kind;
  region_formatting_lost_ = formatting_lost_;
  template_marker_ = false;
  region_index_ = stack_.size() - 1;
  region_body_ = t.end;
}

std::size_t Scanner::bail(std::size_t at) {
  bailed_ = true;
  bail_at_ = at;
  return at;
}

// The element being dropped turned out to reach outside itself: forget what was scanned inside
// it and scan its contents again, keeping them, with no new drop region starting before the point
// that failed (so no byte is scanned more than twice).
std::size_t Scanner::undo_region() {
  bailed_ = false;
  region_ = Region::kNone;
  while (stack_.size() > region_index_ + 1) pop_one();
  formatting_lost_ = region_formatting_lost_;  // the contents are scanned again
  no_region_before_ = bail_at_;
  copy_from_ = region_body_;
  return region_body_;
}

}  // namespace prescan_internal

Prescan prescan(std::string_view utf8, bool drop, const AttributeFilter& keep) {
  return prescan_internal::Scanner(utf8, drop, keep).run();
}

}  // namespace winnow::html
