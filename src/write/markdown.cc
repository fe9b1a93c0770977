#include "write/markdown.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "common/ascii.h"
#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"
#include "write/links.h"

namespace winnow::write {

namespace {

using html::Dom;
using html::NodeId;

enum class Kind {
  kSkip, kInline, kBlock, kHeading, kList, kItem, kQuote, kPre, kCode, kEm, kStrong, kStrike, kLink,
  kImage, kBreak, kRule, kTable, kRowGroup, kRow, kCell, kCaption,
};

Kind kind_of(GumboTag tag) {
  if (html::is_unrendered(tag)) return Kind::kSkip;
  switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return Kind::kHeading;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_MENU: case GUMBO_TAG_DIR:
      return Kind::kList;
    case GUMBO_TAG_LI: return Kind::kItem;
    case GUMBO_TAG_BLOCKQUOTE: return Kind::kQuote;
    case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
      return Kind::kPre;
    case GUMBO_TAG_CODE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_TT:
      return Kind::kCode;
    case GUMBO_TAG_EM: case GUMBO_TAG_I: return Kind::kEm;
    case GUMBO_TAG_STRONG: case GUMBO_TAG_B: return Kind::kStrong;
    case GUMBO_TAG_S: case GUMBO_TAG_DEL: case GUMBO_TAG_STRIKE: return Kind::kStrike;
    case GUMBO_TAG_A: return Kind::kLink;
    case GUMBO_TAG_IMG: return Kind::kImage;
    case GUMBO_TAG_BR: return Kind::kBreak;
    case GUMBO_TAG_HR: return Kind::kRule;
    case GUMBO_TAG_TABLE: return Kind::kTable;
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: return Kind::kRowGroup;
    case GUMBO_TAG_TR: return Kind::kRow;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: return Kind::kCell;
    case GUMBO_TAG_CAPTION: return Kind::kCaption;
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_SECTION: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_OPTION:
      return Kind::kBlock;
    default:
      return Kind::kInline;
  }
}

Kind kind_of(const Dom& dom, NodeId id) {
  return dom.node(id).in_foreign_namespace ? Kind::kSkip : kind_of(dom.tag(id));
}

bool is_word_byte(char c) { return static_cast<unsigned char>(c) >= 0x80 || is_ascii_alnum(c); }

// The first code point of `s` (not empty).
char32_t first_code_point(std::string_view s) {
  std::size_t i = 0;
  return next_code_point(s, &i);
}

// The last code point of `s`; a space for empty `s` (the start of a line).
char32_t last_code_point(std::string_view s) {
  if (s.empty()) return U' ';
  std::size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return next_code_point(s, &i);
}

// Punctuation as CommonMark's emphasis rules see it: ASCII punctuation and the Unicode
// punctuation blocks pages use (Latin-1, general punctuation, CJK and fullwidth forms).
bool is_punctuation(char32_t c) {
  if (c < 0x80) return std::ispunct(static_cast<int>(c)) != 0;
  return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x205E) ||
         (c >= 0x2E00 && c <= 0x2E7F) || (c >= 0x3001 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

bool is_space_cp(char32_t c) { return c == ' ' || c == '\n' || c == '\t'; }

// A character beside which a delimiter run is flanking only if the other side is not punctuation.
bool is_word_cp(char32_t c) { return !is_space_cp(c) && !is_punctuation(c); }

// Appends collapsed text `s` to *out, escaping what Markdown would otherwise read as markup.
// `line_start`: s begins a line. `in_cell`: s is in a pipe-table cell.
void append_escaped(std::string* out, std::string_view s, bool line_start, bool in_cell) {
  std::size_t i = 0;
  if (line_start && !s.empty()) {
    const char c = s[0];
    if (c == '#' || c == '>' || c == '+' || c == '-' || c == '=') {
      out->push_back('\\');
    } else if (c >= '0' && c <= '9') {
      // "1. " or "1) " at the start of a line would open an ordered list.
      std::size_t j = 0;
      while (j < s.size() && j < 10 && s[j] >= '0' && s[j] <= '9') ++j;
      if (j < s.size() && (s[j] == '.' || s[j] == ')')) {
        out->append(s.substr(0, j));
        out->push_back('\\');
        i = j;
      }
    }
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    const char prev = i > 0 ? s[i - 1] : (out->empty() ? ' ' : out->back());
    const char next = i + 1 < s.size() ? s[i + 1] : ' ';
    bool escape = false;
    switch (c) {
      case '\\': case '*': case '`': case '[': case ']': case '~': escape = true; break;
      case '_': escape = !(is_word_byte(prev) && is_word_byte(next)); break;
      case '<': escape = is_ascii_alpha(next) || next == '/' || next == '!' || next == '?'; break;
      case '&': escape = is_ascii_alpha(next) || next == '#'; break;
      case '|': escape = in_cell; break;
      default: break;
    }
    if (escape) out->push_back('\\');
    out->push_back(c);
  }
}

std::string escaped(std::string_view s, bool line_start, bool in_cell) {
  std::string out;
  append_escaped(&out, s, line_start, in_cell);
  return out;
}

// A link or image destination: characters that would end it or be read as escapes are
// percent-encoded, so any URL fits between the parentheses.
std::string destination(std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' || c == '|' || u == 0x7f) {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::size_t longest_backtick_run(std::string_view s) {
  std::size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

std::string code_span(std::string_view code, bool in_cell) {
  const std::string fence(longest_backtick_run(code) + 1, '`');
  const bool pad = code.front() == '`' || code.back() == '`';
  std::string out = fence;
  if (pad) out += ' ';
  for (char c : code) {
    if (c == '|' && in_cell) out += '\\';
    out += c;
  }
  if (pad) out += ' ';
  return out + fence;
}

// The collapsed text of a subtree (code spans, headings, alt-less checks). <br> counts as a space.
std::string collapsed_text(const Dom& dom, NodeId root) {
  std::string out;
  bool pending = false;
  html::walk(dom, root, [&](NodeId id) {
    if (dom.is_text(id)) {
      append_collapsed(&out, dom.text(id), &pending);
      return false;
    }
    if (!dom.is_element(id)) return true;
    const Kind kind = kind_of(dom, id);
    if (kind == Kind::kBreak) pending = true;
    return kind != Kind::kSkip;
  });
  return out;
}

bool is_block_kind(Kind kind) {
  return kind != Kind::kInline && kind != Kind::kSkip && kind != Kind::kBreak && kind != Kind::kCode &&
         kind != Kind::kEm && kind != Kind::kStrong && kind != Kind::kStrike && kind != Kind::kLink &&
         kind != Kind::kImage && kind != Kind::kCell;
}

// The text of a <pre> as written: white space kept, <br> a newline, a block element inside (as
// some highlighters wrap lines in <p> or <div>) on lines of its own, trailing blank lines dropped.
std::string preformatted_text(const Dom& dom, NodeId root) {
  std::string out;
  bool owed_newline = false;
  auto block_edge = [&](NodeId id) {
    if (id != root && dom.is_element(id) && is_block_kind(kind_of(dom, id))) owed_newline = true;
  };
  html::walk(
      dom, root,
      [&](NodeId id) {
        if (dom.is_text(id)) {
          if (owed_newline && !out.empty() && out.back() != '\n') out.push_back('\n');
          owed_newline = false;
          for (char c : dom.text(id))
            if (c != '\r') out.push_back(c);
          return false;
        }
        if (!dom.is_element(id)) return true;
        const Kind kind = kind_of(dom, id);
        if (kind == Kind::kBreak) out.push_back('\n');
        block_edge(id);
        return kind != Kind::kSkip;
      },
      block_edge);
  while (!out.empty() && out.front() == '\n') out.erase(0, 1);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

// "language-python" / "lang-js" on the <pre> or its <code>: the fence's info string.
std::string code_language(const Dom& dom, NodeId pre) {
  NodeId candidates[2] = {pre, html::kNoNode};
  for (NodeId c = dom.node(pre).first_child; c != html::kNoNode; c = dom.node(c).next_sibling) {
    if (dom.is_element(c)) {
      if (dom.tag(c) == GUMBO_TAG_CODE) candidates[1] = c;
      break;
    }
  }
  for (NodeId id : candidates) {
    if (id == html::kNoNode) continue;
    const std::string_view cls = dom.attr(id, "class");
    std::size_t i = 0;
    while (i < cls.size()) {
      while (i < cls.size() && cls[i] == ' ') ++i;
      std::size_t end = cls.find(' ', i);
      if (end == std::string_view::npos) end = cls.size();
      std::string_view word = cls.substr(i, end - i);
      i = end;
      for (std::string_view prefix : {"language-", "lang-"}) {
        if (word.substr(0, prefix.size()) != prefix) continue;
        std::string lang;
        for (char ch : word.substr(prefix.size()))
          if (is_word_byte(ch) || ch == '+' || ch == '-' || ch == '.' || ch == '#' || ch == '_') lang.push_back(ch);
        if (!lang.empty()) return lang;
      }
    }
  }
  return {};
}

// A table is data (a pipe table) when some row has two or more cells and no cell holds another
// table; otherwise it only lays out blocks. Nested tables are not entered: each is judged alone.
bool is_data_table(const Dom& dom, NodeId table) {
  int widest = 0, cells = 0;
  bool nested = false;
  html::walk(dom, table, [&](NodeId id) {
    if (!dom.is_element(id) || id == table) return true;
    switch (dom.tag(id)) {
      case GUMBO_TAG_TABLE: nested = true; return false;
      case GUMBO_TAG_TR: cells = 0; return true;
      case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        widest = std::max(widest, ++cells);
        return true;
      default: return true;
    }
  });
  return widest >= 2 && !nested;
}

int int_attribute(const Dom& dom, NodeId id, std::string_view name, int fallback) {
  std::string_view value;
  if (!dom.attribute(id, name, &value)) return fallback;
  const std::string s(value);
  char* end = nullptr;
  const long n = std::strtol(s.c_str(), &end, 10);
  return end == s.c_str() ? fallback : static_cast<int>(std::clamp(n, -1000000L, 1000000L));
}

class MarkdownWriter {
 public:
  MarkdownWriter(const Dom& dom, std::string base) : dom_(dom), base_(std::move(base)) {}

  void title(std::string_view title) { emit_block("# " + escaped(title, true, false)); }

  void article(NodeId root) {
    html::walk(dom_, root, [&](NodeId id) { return enter(id); }, [&](NodeId id) { leave(id); });
    end_block();
  }

  std::string finish() { return std::move(out_); }

 private:
  struct Container {
    bool quote = false;
    std::string marker;  // list items: "- " or "3. "
    bool marker_written = false;  // the container's first line is out
  };
  // An open inline element whose markers are written lazily, just before its first visible
  // content, so that empty or blank elements leave nothing and markers hug the text.
  struct Inline {
    std::string open, close;
    bool written = false;
    std::size_t open_at = 0;  // where `open` was written in line_
  };
  // Markers just written that CommonMark will not read as emphasis if a word character follows:
  // a closing delimiter after punctuation ("*Slate’*s").
  struct Span {
    std::size_t at, size;
  };
  struct List {
    bool ordered = false;
    const char* bullet = "- ";
    long next = 1;
    long step = 1;
    bool emitted = false;  // some item of this list has written its marker
  };
  struct Row {
    std::vector<std::string> cells;
  };
  struct Table {
    bool data = false;
    std::vector<Row> rows;
    std::string caption;
  };

  bool in_cell() const { return open_cell_ != html::kNoNode; }
  bool in_data_table() const { return !in_cell() && !tables_.empty() && tables_.back().data; }

  bool enter(NodeId id) {
    if (dom_.is_text(id)) {
      add_text(dom_.text(id));
      return false;
    }
    if (!dom_.is_element(id)) return true;
    switch (kind_of(dom_, id)) {
      case Kind::kSkip: return false;
      case Kind::kInline: return true;
      case Kind::kBlock: end_block(); return true;
      case Kind::kHeading:
        end_block();
        if (!in_cell()) heading_ = dom_.tag(id) - GUMBO_TAG_H1 + 1;
        return true;
      case Kind::kList: {
        end_block();
        if (in_cell()) return true;
        List list;
        list.ordered = dom_.tag(id) == GUMBO_TAG_OL;
        std::string_view unused;
        if (dom_.attribute(id, "reversed", &unused)) {
          list.step = -1;
          list.next = 0;
          for (NodeId c = dom_.node(id).first_child; c != html::kNoNode; c = dom_.node(c).next_sibling)
            if (dom_.is_element(c) && dom_.tag(c) == GUMBO_TAG_LI) ++list.next;
        }
        list.next = int_attribute(dom_, id, "start", static_cast<int>(list.next));
        // Two lists in a row would merge into one: the second takes the other bullet.
        if (last_list_.end == out_.size() && last_list_.depth == containers_.size() &&
            std::string_view(last_list_.bullet) == "- ")
          list.bullet = "* ";
        lists_.push_back(list);
        return true;
      }
      case Kind::kItem: {
        end_block();
        if (in_cell()) return true;
        if (lists_.empty()) lists_.push_back(List{});  // a stray <li>: a list of its own
        List& list = lists_.back();
        Container item;
        if (list.ordered) {
          list.next = int_attribute(dom_, id, "value", static_cast<int>(list.next));
          item.marker = std::to_string(list.next) + ". ";
          list.next += list.step;
        } else {
          item.marker = list.bullet;
        }
        // Items follow each other without a blank line, and a list nested right after its
        // parent item's text stays tight too; a list after a paragraph gets a blank line.
        const bool nested_tight = !containers_.empty() && !containers_.back().quote &&
                                  containers_.back().marker_written && (!list.ordered || item.marker == "1. ");
        tight_next_ = list.emitted || nested_tight;
        containers_.push_back(item);
        return true;
      }
      case Kind::kQuote:
        end_block();
        if (!in_cell()) containers_.push_back(Container{true, "", false});
        return true;
      case Kind::kPre:
        if (in_cell()) {
          if (std::string code = collapsed_text(dom_, id); !code.empty()) add_atom(code_span(code, true));
        } else {
          end_block();
          const std::string code = preformatted_text(dom_, id);
          if (!is_blank(code)) {
            const std::string fence(std::max<std::size_t>(3, longest_backtick_run(code) + 1), '`');
            emit_block(fence + code_language(dom_, id) + "\n" + code + "\n" + fence);
          }
        }
        return false;
      case Kind::kCode:
        if (std::string code = collapsed_text(dom_, id); !code.empty()) add_atom(code_span(code, in_cell()));
        return false;
      case Kind::kEm: push_inline("*", "*"); return true;
      case Kind::kStrong: push_inline("**", "**"); return true;
      case Kind::kStrike: push_inline("~~", "~~"); return true;
      case Kind::kLink: {
        std::string_view href;
        const std::string url = dom_.attribute(id, "href", &href) ? link_url(base_, href) : std::string();
        if (url.empty()) inlines_.push_back(Inline{});
        else inlines_.push_back(Inline{"[", "](" + destination(url) + ")"});
        return true;
      }
      case Kind::kImage: {
        const std::string src = image_url(dom_, id, base_);
        if (!src.empty())
          add_atom("![" + escaped(normalize_space(dom_.attr(id, "alt")), false, in_cell()) + "](" +
                   destination(src) + ")");
        return false;
      }
      case Kind::kBreak: line_break(); return false;
      case Kind::kRule:
        end_block();
        if (!in_cell()) emit_block("---");
        return false;
      case Kind::kTable:
        end_block();
        if (!in_cell()) tables_.push_back(Table{is_data_table(dom_, id), {}, {}});
        return true;
      case Kind::kRowGroup:
        if (!in_data_table()) end_block();
        return true;
      case Kind::kRow:
        if (in_data_table()) tables_.back().rows.emplace_back();
        else end_block();
        return true;
      case Kind::kCell:
      case Kind::kCaption:
        if (in_data_table()) {
          if (kind_of(dom_, id) == Kind::kCell && tables_.back().rows.empty()) tables_.back().rows.emplace_back();
          begin_cell(id);
        } else {
          end_block();
        }
        return true;
    }
    return true;
  }

  void leave(NodeId id) {
    if (!dom_.is_element(id)) return;
    switch (kind_of(dom_, id)) {
      case Kind::kBlock: end_block(); break;
      case Kind::kHeading:
        end_block();
        heading_ = 0;
        break;
      case Kind::kList:
        end_block();
        if (!in_cell()) {
          if (lists_.back().emitted) last_list_ = {out_.size(), containers_.size(), lists_.back().bullet};
          lists_.pop_back();
          tight_next_ = false;
        }
        break;
      case Kind::kItem:
        end_block();
        if (!in_cell()) {
          if (containers_.back().marker_written) lists_.back().emitted = true;
          containers_.pop_back();
        }
        break;
      case Kind::kQuote:
        end_block();
        if (!in_cell()) containers_.pop_back();
        break;
      case Kind::kEm: case Kind::kStrong: case Kind::kStrike: case Kind::kLink:
        pop_inline();
        break;
      case Kind::kTable:
        end_block();
        if (!in_cell()) {
          Table table = std::move(tables_.back());
          tables_.pop_back();
          if (table.data) emit_table(table);
        }
        break;
      case Kind::kRowGroup: case Kind::kRow:
        if (!in_data_table()) end_block();
        break;
      case Kind::kCell:
      case Kind::kCaption:
        if (id == open_cell_) {
          std::string text = end_cell();
          Table& table = tables_.back();
          if (kind_of(dom_, id) == Kind::kCaption) {
            table.caption = std::move(text);
          } else {
            table.rows.back().cells.push_back(std::move(text));
            for (int span = int_attribute(dom_, id, "colspan", 1); span > 1 && span <= 1000; --span)
              table.rows.back().cells.emplace_back();
          }
        } else {
          end_block();
        }
        break;
      default: break;
    }
  }

  void pop_inline() {
    Inline& in = inlines_.back();
    if (in.written && !in.close.empty()) {
      const bool emphasis = in.open == in.close;  // not a link
      if (emphasis && is_punctuation(last_code_point(line_))) {
        fragile_.push_back({in.open_at, in.open.size()});
        fragile_.push_back({line_.size(), in.close.size()});
        // Where the trailing punctuation starts: the close can move there ("「**x」**と" -> "「**x**」と").
        std::size_t at = line_.size();
        while (at > std::max(in.open_at + in.open.size(), markup_end_) && is_punctuation(last_code_point(std::string_view(line_).substr(0, at)))) {
          --at;
          while (at > 0 && (static_cast<unsigned char>(line_[at]) & 0xC0) == 0x80) --at;
        }
        fragile_punct_at_ = at;
      }
      line_ += in.close;
      markup_end_ = line_.size();
      last_close_ = {in.close, line_.size(), in.open_at};
    }
    inlines_.pop_back();
  }

  // Called before text starting with `next` is appended right after the markers in fragile_:
  // when they could not close, they are taken out (the text stays, unemphasised).
  void settle_fragile(char32_t next) {
    if (!fragile_.empty() && is_word_cp(next) && !pending_space_ && !pending_break_) {
      const Span open = fragile_[0], close = fragile_[1];
      if (fragile_.size() == 2 && fragile_punct_at_ > open.at + open.size && fragile_punct_at_ < close.at &&
          line_.substr(fragile_punct_at_ - 1, 1) != "\\" && !is_space_cp(last_code_point(line_.substr(0, fragile_punct_at_)))) {
        const std::string marker = line_.substr(close.at, close.size);
        line_.erase(close.at, close.size);
        line_.insert(fragile_punct_at_, marker);
        last_close_.end = std::string::npos;
        markup_end_ = line_.size();
        fragile_.clear();
        return;
      }
      std::sort(fragile_.begin(), fragile_.end(), [](const Span& a, const Span& b) { return a.at > b.at; });
      for (const Span& span : fragile_) line_.erase(span.at, span.size);
      last_close_.end = std::string::npos;
      markup_end_ = line_.size();
    }
    fragile_.clear();
  }

  void push_inline(std::string_view open, std::string_view close) {
    // <b><strong>x</strong></b> must not write "****x****".
    for (const Inline& in : inlines_)
      if (in.open == open) {
        inlines_.push_back(Inline{});
        return;
      }
    inlines_.push_back(Inline{std::string(open), std::string(close)});
  }

  // Writes what is owed before visible content: the space or hard break, then unwritten markers.
  // `next`: the first character of what follows the markers.
  void open_pending(char32_t next) {
    fragile_.clear();
    if (!line_.empty() && line_.back() != '\n') {
      if (pending_break_) line_ += "\\\n";
      else if (pending_space_) line_ += ' ';
    }
    pending_break_ = pending_space_ = false;
    for (std::size_t k = 0; k < inlines_.size(); ++k) {
      Inline& in = inlines_[k];
      if (in.written) continue;
      // "word**[link]" cannot open (a delimiter between a letter and punctuation is not
      // left-flanking): such emphasis is left out rather than written as stray asterisks.
      if (!in.open.empty() && in.open == in.close && !line_.empty() && is_word_cp(last_code_point(line_))) {
        char32_t after = next;
        for (std::size_t m = k + 1; m < inlines_.size(); ++m)
          if (!inlines_[m].written && !inlines_[m].open.empty()) {
            after = static_cast<unsigned char>(inlines_[m].open[0]);
            break;
          }
        if (is_punctuation(after)) {
          in = Inline{};
          in.written = true;
          continue;
        }
      }
      // "Wow![link](x)" would read as an image.
      if (in.open == "[" && !line_.empty() && line_.back() == '!') line_.insert(line_.size() - 1, "\\");
      // <em>a</em><em>b</em> must not write "*a**b*" (read as strong): continue the first instead.
      if (!in.open.empty() && in.open == last_close_.marker && line_.size() == last_close_.end) {
        line_.resize(line_.size() - in.open.size());
        in.written = true;
        in.open_at = last_close_.open_at;
        continue;
      }
      in.open_at = line_.size();
      line_ += in.open;
      in.written = true;
      markup_end_ = line_.size();
    }
  }

  void add_text(std::string_view raw) {
    // Collapse behind a sentinel so that leading white space shows as the space after it.
    std::string collapsed = "x";
    bool trailing = false;
    append_collapsed(&collapsed, raw, &trailing);
    const bool leading = collapsed.size() > 1 && collapsed[1] == ' ';
    const std::string_view body = std::string_view(collapsed).substr(leading ? 2 : 1);
    if (body.empty()) {
      if (leading || trailing) pending_space_ = true;
      return;
    }
    std::string_view rest = body;
    if (leading) pending_space_ = true;
    settle_fragile(first_code_point(rest));
    if (!pending_space_ && !pending_break_ && !line_.empty() && is_word_cp(last_code_point(line_)) &&
        has_unwritten_markers()) {
      // "word*. x*" cannot open emphasis (a delimiter between a letter and punctuation is not
      // left-flanking): leading punctuation goes before the marker instead.
      std::size_t n = 0;
      for (std::size_t next = n; n < rest.size() && is_punctuation(next_code_point(rest, &next));) n = next;
      if (n > 0) {
        append_escaped(&line_, rest.substr(0, n), false, in_cell());
        rest.remove_prefix(n);
        if (!rest.empty() && rest.front() == ' ') {
          pending_space_ = true;
          rest.remove_prefix(1);
        }
        if (rest.empty()) {
          pending_space_ = pending_space_ || trailing;
          return;
        }
      }
    }
    open_pending(first_code_point(rest));
    // Block syntax cannot start inside a table cell, so "70.2%" there needs no escape.
    const bool line_start = !in_cell() && (line_.empty() || line_.back() == '\n');
    append_escaped(&line_, rest, line_start, in_cell());
    pending_space_ = trailing;
  }

  bool has_unwritten_markers() const {
    for (const Inline& in : inlines_)
      if (!in.written && !in.open.empty()) return true;
    return false;
  }

  void add_atom(std::string_view markdown) {
    const char32_t first = first_code_point(markdown);
    settle_fragile(first);
    open_pending(first);
    line_ += markdown;
    markup_end_ = line_.size();
  }

  void line_break() {
    if (line_.empty()) return;
    if (in_cell() || heading_ > 0) pending_space_ = true;
    else if (pending_break_) end_block();  // <br><br>: the page's way of starting a paragraph
    else pending_break_ = true;
  }

  void close_written_inlines() {
    for (auto it = inlines_.rbegin(); it != inlines_.rend(); ++it) {
      if (!it->written) continue;
      line_ += it->close;
      it->written = false;
    }
  }

  // Ends the paragraph being built, if any. Inside a table cell, blocks only separate words.
  void end_block() {
    if (in_cell()) {
      if (!line_.empty()) pending_space_ = true;
      return;
    }
    pending_space_ = pending_break_ = false;
    if (line_.empty()) return;
    // Inline elements spanning blocks (<a><p>..</p><p>..</p></a>) close here and reopen in the next.
    close_written_inlines();
    std::string text = std::move(line_);
    line_.clear();
    last_close_.end = std::string::npos;
    fragile_.clear();
    markup_end_ = 0;
    if (heading_ > 0) text.insert(0, std::string(heading_, '#') + " ");
    emit_block(text);
  }

  void begin_cell(NodeId id) {
    open_cell_ = id;
    line_.clear();
    last_close_.end = std::string::npos;
    fragile_.clear();
    markup_end_ = 0;
    pending_space_ = pending_break_ = false;
  }

  std::string end_cell() {
    close_written_inlines();
    open_cell_ = html::kNoNode;
    std::string text = std::move(line_);
    line_.clear();
    last_close_.end = std::string::npos;
    fragile_.clear();
    markup_end_ = 0;
    pending_space_ = pending_break_ = false;
    return text;
  }

  void emit_table(const Table& table) {
    std::vector<const Row*> rows;
    std::size_t columns = 0;
    for (const Row& row : table.rows) {
      if (std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return c.empty(); })) continue;
      rows.push_back(&row);
      columns = std::max(columns, row.cells.size());
    }
    if (!table.caption.empty()) emit_block(table.caption);
    if (rows.empty()) return;
    std::string text;
    auto add_row = [&](const std::vector<std::string>& cells) {
      text += '|';
      for (std::size_t c = 0; c < columns; ++c) {
        text += ' ';
        if (c < cells.size()) text += cells[c];
        text += " |";
      }
      text += '\n';
    };
    add_row(rows[0]->cells);
    text += '|';
    for (std::size_t c = 0; c < columns; ++c) text += " --- |";
    text += '\n';
    for (std::size_t r = 1; r < rows.size(); ++r) add_row(rows[r]->cells);
    text.pop_back();
    emit_block(text);
  }

  // The prefix of a block's lines: "> " per quote, an item's marker on its first line and as many
  // spaces on the others.
  std::string line_prefix() {
    std::string prefix;
    for (Container& c : containers_) {
      if (c.quote) {
        prefix += "> ";
        c.marker_written = true;
      } else if (!c.marker_written) {
        prefix += c.marker;
        c.marker_written = true;
      } else {
        prefix.append(c.marker.size(), ' ');
      }
    }
    return prefix;
  }

  // The blank line between two blocks: the prefixes of the containers it stands in, up to the
  // first one not yet begun (the blank line comes before it).
  std::string blank_line() const {
    std::string line;
    for (const Container& c : containers_) {
      if (!c.marker_written) break;
      line += c.quote ? std::string("> ") : std::string(c.marker.size(), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  }

  void emit_block(std::string_view text) {
    if (!out_.empty() && !tight_next_) out_ += blank_line();
    tight_next_ = false;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string prefix = line_prefix();
      if (end == start)
        while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
      out_ += prefix;
      out_.append(text.substr(start, end - start));
      out_ += '\n';
      start = end + 1;
    }
  }

  const Dom& dom_;
  const std::string base_;
  std::string out_;
  std::string line_;  // the paragraph being built, as Markdown; '\n' only after a hard break
  bool pending_space_ = false;
  bool pending_break_ = false;
  bool tight_next_ = false;  // the next block follows the previous one without a blank line
  int heading_ = 0;
  NodeId open_cell_ = html::kNoNode;  // the data-table cell (or caption) being collected
  std::vector<Container> containers_;
  std::vector<Inline> inlines_;
  struct {
    std::string marker;  // the closing marker written last
    std::size_t end = std::string::npos;  // line_.size() right after it
    std::size_t open_at = 0;              // where its opening marker is
  } last_close_;
  std::vector<Span> fragile_;
  std::size_t fragile_punct_at_ = 0;
  std::size_t markup_end_ = 0;  // line_.size() after the last marker or atom: text starts after it
  std::vector<List> lists_;
  struct {
    std::size_t end = std::string::npos;  // out_.size() when the last list ended
    std::size_t depth = 0;                // containers_.size() then
    const char* bullet = "";
  } last_list_;
  std::vector<Table> tables_;
};

// The collapsed text of the first heading under `root`, or "".
std::string first_heading(const Dom& dom, NodeId root) {
  std::string found;
  bool done = false;
  html::walk(dom, root, [&](NodeId id) {
    if (done || !dom.is_element(id)) return !done && !dom.is_text(id);
    const Kind kind = kind_of(dom, id);
    if (kind == Kind::kHeading) {
      found = collapsed_text(dom, id);
      done = true;
      return false;
    }
    return kind != Kind::kSkip;
  });
  return found;
}

}  // namespace

std::string render_markdown(const html::Dom& dom, html::NodeId root, const Metadata& metadata, bool include_title) {
  MarkdownWriter writer(dom, base_url(dom, metadata.url));
  const std::string title = normalize_space(metadata.title);
  if (include_title && !title.empty() && (root == html::kNoNode || first_heading(dom, root) != title))
    writer.title(title);
  if (root != html::kNoNode) writer.article(root);
  return writer.finish();
}

void keep_markdown_attributes(html::AttributeFilter* keep) {
  // class: a code block's language; the rest: lists, tables and images
  for (std::string_view name : {"class", "reversed", "start", "value", "colspan", "alt"}) keep->keep(name);
  keep_link_attributes(keep);
}

}  // namespace winnow::write
