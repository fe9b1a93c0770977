#include "html/prescan.h"

#include <gumbo.h>

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "common/ascii.h"
#include "html/tags.h"

namespace winnow::html {

namespace {

constexpr std::size_t kNpos = static_cast<std::size_t>(-1);
constexpr std::size_t kTooDeep = kNpos - 1;  // find_open gave up looking

// The tokenizer's white space is is_ascii_space (CR counts: Gumbo turns it into LF before
// tokenizing). What may follow an end tag's name for it to be one ("</scriptx>" is text).
inline bool ends_name(char c) { return is_ascii_space(c) || c == '/' || c == '>'; }

enum class Ns : std::uint8_t { kHtml, kSvg, kMath };

// One element the tree builder would hold open.
struct Open {
  // What end tags match it by. HTML elements: the GumboTag (Gumbo matches every unknown element
  // to every unknown end tag). svg and math elements: a hash of the lower-case name.
  std::uint64_t key;
  GumboTag tag;
  Ns ns;
  bool integration;       // HTML integration point (svg foreignObject/desc/title, annotation-xml)
  bool opens_frame;       // an HTML <template>: its contents are counted apart
  bool started = false;   // a template that has had a child tag
  bool columns = false;   // a template whose first child is <col>
};

// A start or end tag, from '<' to one past '>'.
struct Tag {
  std::size_t begin = 0;
  std::size_t end = 0;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::uint64_t key = 0;          // as Open::key for an HTML element
  std::uint64_t foreign_key = 0;  // as Open::key for an svg or math element
  bool bare = false;              // nothing between the name and '>' (see on_end_tag)
  bool self_closing = false;
  bool type_seen = false;
  bool encoding_seen = false;
  bool font_attr = false;       // color, face or size (a <font> with one leaves svg)
  std::string_view type;        // raw values, entities not decoded
  std::string_view encoding;
  std::size_t attributes_cut = 0;  // where attributes past kMaxAttributes start; 0: none
  // Attributes no later stage reads (see is_dropped_attribute), with the white space before each.
  std::vector<std::pair<std::size_t, std::size_t>> unread;
};

// Gumbo compares each attribute's name with every earlier one of its tag, so a tag with 40,000
// attributes takes seconds. Real tags have a few dozen; those past this many are dropped.
constexpr int kMaxAttributes = 256;

// The element whose contents are being dropped; only one at a time (those inside it go with it).
enum class Region : std::uint8_t { kNone, kSvg, kTemplate, kNoscript };

// Blocks whose start tag, in the body, inserts them where the parser stands (after closing an open
// p, li, dd or dt), and whose end tag, when they are the current element, closes just them.
bool is_plain_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_P: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
    case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV: case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_HGROUP: case GUMBO_TAG_FIELDSET:
      return true;
    default:
      return false;
  }
}

// Formatting elements: their end tags run the adoption agency, which acts on one in scope.
bool is_formatting(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_CODE: case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_NOBR: case GUMBO_TAG_S:
    case GUMBO_TAG_SMALL: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG: case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
      return true;
    default:
      return false;
  }
}

// Start tags that close an open <p> in button scope.
bool closes_p(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_UL: case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_FORM: case GUMBO_TAG_TABLE: case GUMBO_TAG_HR:
    case GUMBO_TAG_XMP: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_LI: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
      return true;
    default:
      return is_heading(t);
  }
}

// HTML start tags that leave svg/math content (the "breakout" list of the foreign content rules).
bool breaks_out(const Tag& t) {
  switch (t.tag) {
    case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR: case GUMBO_TAG_CENTER: case GUMBO_TAG_CODE: case GUMBO_TAG_DD:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_EM:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_HEAD: case GUMBO_TAG_HR: case GUMBO_TAG_I:
    case GUMBO_TAG_IMG: case GUMBO_TAG_LI: case GUMBO_TAG_LISTING: case GUMBO_TAG_MENU:
    case GUMBO_TAG_META: case GUMBO_TAG_NOBR: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_RUBY: case GUMBO_TAG_S: case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG: case GUMBO_TAG_STRIKE: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_TABLE: case GUMBO_TAG_TT: case GUMBO_TAG_U:
    case GUMBO_TAG_UL: case GUMBO_TAG_VAR:
      return true;
    case GUMBO_TAG_FONT:
      return t.font_attr;
    default:
      return is_heading(t.tag);
  }
}

// Start tags that may sit inside a <noscript> whose contents are dropped. The others act on
// elements outside the noscript (tables, forms, buttons, select, nested contexts), so a noscript
// holding one is kept whole. Tags not listed here can still reach outside (a <p> closing an
// outer p, an <a> closing an outer a): the open-element model catches those.
bool noscript_may_hold(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_COL:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_NOBR: case GUMBO_TAG_APPLET:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_ISINDEX: case GUMBO_TAG_RB:
    case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_RTC: case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_KEYGEN:
      return false;
    default:
      return true;
  }
}

// Elements that bound the default scope: an element below one of them is not "in scope" for
// end tags that close it (</div>, </b>, </h1>...), nor for start tags that close it (<p>, <li>).
bool bounds_scope(const Open& e) {
  switch (e.ns) {
    case Ns::kMath:
      return (e.tag >= GUMBO_TAG_MI && e.tag <= GUMBO_TAG_MTEXT) ||
             e.tag == GUMBO_TAG_ANNOTATION_XML;
    case Ns::kSvg:
      return e.tag == GUMBO_TAG_FOREIGNOBJECT || e.tag == GUMBO_TAG_DESC ||
             e.tag == GUMBO_TAG_TITLE;
    case Ns::kHtml:
      break;
  }
  switch (e.tag) {
    case GUMBO_TAG_APPLET: case GUMBO_TAG_CAPTION: case GUMBO_TAG_HTML: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

bool bounds_button_scope(const Open& e) {
  return bounds_scope(e) || (e.ns == Ns::kHtml && e.tag == GUMBO_TAG_BUTTON);
}

bool bounds_list_item_scope(const Open& e) {
  return bounds_scope(e) || (e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_OL || e.tag == GUMBO_TAG_UL));
}

bool bounds_table_scope(const Open& e) {
  return e.ns == Ns::kHtml &&
         (e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_TABLE || e.tag == GUMBO_TAG_TEMPLATE);
}

// The HTML "special" category: "any other end tag" stops looking for its element at one of these.
// (Gumbo leaves svg <title> out.)
bool is_special(const Open& e) {
  if (e.ns != Ns::kHtml) return bounds_scope(e) && !(e.ns == Ns::kSvg && e.tag == GUMBO_TAG_TITLE);
  switch (e.tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_APPLET: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BUTTON: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_COLGROUP: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_HTML:
    case GUMBO_TAG_LI: case GUMBO_TAG_LISTING: case GUMBO_TAG_MAIN: case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
      return true;
    default:
      return is_heading(e.tag);
  }
}

// Elements that put a marker in the list of active formatting elements (an <a> does not close an
// <a> opened before one; one left open inside a <template> lets the formatting elements opened
// before it outlive the template).
bool sets_marker(const Open& e) {
  return e.ns == Ns::kHtml &&
         (e.tag == GUMBO_TAG_APPLET || e.tag == GUMBO_TAG_OBJECT || e.tag == GUMBO_TAG_MARQUEE ||
          e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH || e.tag == GUMBO_TAG_CAPTION);
}

// One pass over the page: a tokenizer that knows which state the tree builder puts it in, and a
// rough model of the open elements (enough for that, and for the nesting depth).
class Scanner {
 public:
  Scanner(std::string_view in, bool strip, const AttributeFilter& keep)
      : s_(in.data()), n_(in.size()), strip_(strip), keep_(keep) {
    if (strip_) out_.reserve(n_);
  }

  Prescan run();

 private:
  // Markup.
  std::size_t on_markup(std::size_t lt);
  std::size_t on_comment(std::size_t lt, std::size_t end);
  std::size_t on_start_tag(std::size_t lt);
  std::size_t on_html_start(const Tag& t);
  std::size_t on_end_tag(std::size_t lt);
  void on_text(std::size_t begin, std::size_t end);
  bool between_blocks(std::size_t begin, std::size_t end) const;
  void collapse_spaces(std::size_t begin, std::size_t end);
  std::size_t script(const Tag& t);
  std::size_t raw_text(const Tag& t, bool drop_body);

  // Tokenizer pieces.
  bool joins_text(std::size_t lt) const;
  bool read_tag(std::size_t lt, std::size_t name_begin, Tag* t);
  std::size_t read_attributes(std::size_t i, Tag* t);
  void mark_unread(std::size_t space_begin, std::size_t name_begin, std::size_t end, Tag* t) const;
  std::size_t script_end(std::size_t i, std::size_t* end);
  bool end_tag_at(std::size_t lt, std::string_view name, std::size_t* end);

  // Open elements.
  std::uint64_t slot(std::uint64_t key) const { return key ^ (frames_ * 0x9E3779B97F4A7C15ull); }
  std::uint32_t count(std::uint64_t key) const {
    auto it = counts_.find(slot(key));
    return it == counts_.end() ? 0 : it->second;
  }
  bool top_is(GumboTag tag) const {
    return !stack_.empty() && stack_.back().tag == tag && stack_.back().ns == Ns::kHtml;
  }
  bool foreign() const { return !stack_.empty() && stack_.back().ns != Ns::kHtml; }
  bool in_select() const { return count(GUMBO_TAG_SELECT) > 0; }
  // Table structure is open (a template may hold sections, rows or cells without a table).
  bool in_table() const {
    for (GumboTag t : {GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT,
                       GUMBO_TAG_TR, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_CAPTION})
      if (count(t) > 0) return true;
    return false;
  }
  void push(const Tag& t, Ns ns);
  void push_implied(GumboTag tag);
  void pop_one();
  bool pop_to(std::size_t index, bool closes_region, std::size_t tag_begin);
  std::size_t topmost(std::uint64_t key) const;
  template <class Match, class Stop>
  std::size_t find_open(Match match, Stop stop) const;
  template <class Match, class Stop>
  bool close_in_scope(Match match, Stop stop, std::size_t tag_begin);
  bool adopt(std::size_t index, std::size_t tag_begin);
  void end_head_phase();

  // Dropping.
  // Drops input [begin, end), writing `replacement` instead.
  void drop(std::size_t begin, std::size_t end, std::string_view replacement = {});
  void begin_region(Region kind, const Tag& t);
  std::size_t bail(std::size_t at);
  std::size_t undo_region();

  const char* s_;
  std::size_t n_;
  bool strip_;
  const AttributeFilter& keep_;
  std::string out_;
  std::size_t copy_from_ = 0;  // input not yet copied to out_ starts here

  std::vector<Open> stack_;
  std::unordered_map<std::uint64_t, std::uint32_t> counts_;  // open elements per (name, frame)
  std::uint64_t frames_ = 0;  // open <template>s: their contents are a tree of their own
  std::size_t max_depth_ = 0;
  bool keep_all_ = false;     // the page has a <frameset>: copy it whole
  bool keep_rest_ = false;    // the model lost track: copy the rest as it is
  bool head_phase_ = true;    // no body content yet: a <noscript> here is parsed "in head"
  std::size_t keep_comment_at_ = kNpos;  // just after <pre>: a comment there shields a newline
  std::uint32_t open_pre_ = 0;  // open <pre> and <listing> elements: their white space shows
  // White space between blocks (see between_blocks). Formatting elements the model follows: while
  // every one that opened has closed as the current node, the list of active formatting elements
  // has nothing to reconstruct, and white space creates nothing but its own text node.
  std::uint32_t formatting_open_ = 0;
  bool formatting_lost_ = false;       // one left otherwise: reconstruction may happen, stop
  bool region_formatting_lost_ = false;  // formatting_lost_ when the region began (see undo)
  std::size_t block_closed_at_ = kNpos;  // just after an end tag that closed the current block

  Region region_ = Region::kNone;
  std::size_t region_index_ = 0;  // the region's element in stack_
  std::size_t region_body_ = 0;   // where its contents start
  std::size_t no_region_before_ = 0;
  // A template being dropped holds an element that sets a formatting marker: unless closed, the
  // formatting elements before it outlive the template, so it is kept whole.
  bool template_marker_ = false;
  bool bailed_ = false;
  std::size_t bail_at_ = 0;
  std::string name_;  // scratch: lower-case tag name
};

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
  if (strip_) {
    if (keep_all_)
      out_.assign(s_, n_);
    else if (region_ == Region::kNone)
      out_.append(s_ + copy_from_, n_ - copy_from_);
    result.bytes_skipped = n_ - out_.size();
    result.html = std::move(out_);
  }
  result.max_depth = max_depth_ + 2;  // <html> and <body> are always there
  return result;
}

void Scanner::on_text(std::size_t begin, std::size_t end) {
  if (strip_ && between_blocks(begin, end)) return drop(begin, end);
  if (strip_ && open_pre_ == 0) collapse_spaces(begin, end);
  if (!head_phase_ || frames_ != 0) return;
  for (std::size_t i = begin; i < end; ++i)
    if (!is_ascii_space(s_[i])) return end_head_phase();
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

std::size_t Scanner::on_start_tag(std::size_t lt) {
  Tag t;
  if (!read_tag(lt, lt + 1, &t)) return n_;
  if (foreign()) {
    const Open& top = stack_.back();
    const bool html_rules =
        top.integration ||
        (top.ns == Ns::kMath && top.tag >= GUMBO_TAG_MI && top.tag <= GUMBO_TAG_MTEXT &&
         t.tag != GUMBO_TAG_MGLYPH && t.tag != GUMBO_TAG_MALIGNMARK) ||
        (top.ns == Ns::kMath && top.tag == GUMBO_TAG_ANNOTATION_XML && t.tag == GUMBO_TAG_SVG);
    if (!html_rules) {
      if (!breaks_out(t)) {
        // A foreign element: no tokenizer state changes (<style>, <title> are not raw text here).
        if (!t.self_closing) push(t, top.ns);
        return t.end;
      }
      if (region_ == Region::kSvg) return bail(t.begin);
      std::size_t k = stack_.size();
      while (k > 0 && stack_[k - 1].ns != Ns::kHtml && !stack_[k - 1].integration &&
             !(stack_[k - 1].ns == Ns::kMath && stack_[k - 1].tag >= GUMBO_TAG_MI &&
               stack_[k - 1].tag <= GUMBO_TAG_MTEXT))
        --k;
      if (!pop_to(k, false, t.begin)) return t.end;
    }
  }
  // HTML markup inside an svg being dropped could reach outside it: keep that svg.
  if (region_ == Region::kSvg) return bail(t.begin);
  if (region_ == Region::kNoscript && !noscript_may_hold(t.tag)) return bail(t.begin);
  return on_html_start(t);
}

std::size_t Scanner::on_html_start(const Tag& t) {
  const GumboTag tag = t.tag;
  if (in_select()) {
    // Inside <select> most tags are ignored, and with them their tokenizer states.
    switch (tag) {
      case GUMBO_TAG_OPTION:
        if (top_is(GUMBO_TAG_OPTION)) pop_one();
        push(t, Ns::kHtml);
        return t.end;
      case GUMBO_TAG_OPTGROUP:
      case GUMBO_TAG_HR:
        if (top_is(GUMBO_TAG_OPTION)) pop_one();
        if (top_is(GUMBO_TAG_OPTGROUP)) pop_one();
        if (tag == GUMBO_TAG_OPTGROUP) push(t, Ns::kHtml);
        return t.end;
      case GUMBO_TAG_SELECT:
        pop_to(topmost(GUMBO_TAG_SELECT), false, t.begin);
        return t.end;
      case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_TEXTAREA:
        if (!pop_to(topmost(GUMBO_TAG_SELECT), false, t.begin)) return t.end;
        break;
      case GUMBO_TAG_SCRIPT: case GUMBO_TAG_TEMPLATE:
        break;
      case GUMBO_TAG_CAPTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        if (!in_table()) return t.end;
        if (!pop_to(topmost(GUMBO_TAG_SELECT), false, t.begin)) return t.end;
        break;
      default:
        return t.end;
    }
  }
  if (head_phase_ && frames_ == 0) {
    if (top_is(GUMBO_TAG_NOSCRIPT)) {  // "in head noscript"
      switch (tag) {
        case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_STYLE: case GUMBO_TAG_BASEFONT:
        case GUMBO_TAG_BGSOUND: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_HTML:
          break;
        case GUMBO_TAG_HEAD: case GUMBO_TAG_NOSCRIPT:
          return t.end;  // ignored
        default:
          pop_one();  // anything else closes the noscript and is seen again "in head"
          break;
      }
    }
    bool head_tag = false;
    switch (tag) {
      case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT:
      case GUMBO_TAG_BGSOUND: case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_TITLE:
      case GUMBO_TAG_STYLE: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_NOSCRIPT:
      case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_MENUITEM:  // so in Gumbo
        head_tag = true;
        break;
      default:
        break;
    }
    if (!head_tag) end_head_phase();
  }
  if (region_ == Region::kTemplate) {
    switch (tag) {
      case GUMBO_TAG_APPLET: case GUMBO_TAG_OBJECT: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_TD:
      case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
        template_marker_ = true;
        break;
      default:
        break;
    }
  }
  if (top_is(GUMBO_TAG_TEMPLATE)) {
    // The first tag in a template picks its mode; after a <col> every other tag is ignored.
    Open& templ = stack_.back();
    if (templ.columns && tag != GUMBO_TAG_COL && tag != GUMBO_TAG_TEMPLATE) return t.end;
    switch (tag) {
      case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_LINK:
      case GUMBO_TAG_META: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
      case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_TITLE:
        break;  // handled "in head": the mode stays undecided
      default:
        if (!templ.started && tag == GUMBO_TAG_COL) templ.columns = true;
        templ.started = true;
        break;
    }
  }
  switch (tag) {
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_FRAME:
      // Ignored outside a table (but a template may start with them).
      if (!in_table() && !top_is(GUMBO_TAG_TEMPLATE)) return t.end;
      break;
    default:
      break;
  }
  if (closes_p(tag) && !(tag == GUMBO_TAG_FORM && count(GUMBO_TAG_FORM) > 0)) {
    const bool ok = close_in_scope(
        [](const Open& e) { return e.ns == Ns::kHtml && e.tag == GUMBO_TAG_P; },
        bounds_button_scope, t.begin);
    if (!ok) return t.end;
  }
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
      return script(t);
    case GUMBO_TAG_STYLE:
      return raw_text(t, true);
    case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_TEXTAREA:
      return raw_text(t, false);
    case GUMBO_TAG_PLAINTEXT:
      return n_;  // the rest of the input is text
    case GUMBO_TAG_SVG:
      if (t.self_closing) return t.end;
      push(t, Ns::kSvg);
      begin_region(Region::kSvg, t);
      return t.end;
    case GUMBO_TAG_MATH:
      if (!t.self_closing) push(t, Ns::kMath);
      return t.end;
    case GUMBO_TAG_TEMPLATE:
      push(t, Ns::kHtml);
      begin_region(Region::kTemplate, t);
      return t.end;
    case GUMBO_TAG_NOSCRIPT:
      // In the body a noscript's contents are parsed as markup (html::show_noscript_fallback may
      // show them); in the head they are what the tree builder makes of them.
      push(t, Ns::kHtml);
      return t.end;
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY:
      return t.end;
    case GUMBO_TAG_FRAMESET:
      // Whether a frameset replaces the body depends on all the text before it (dropped text
      // included), and in it the tree builder ignores every later tag, raw-text ones included:
      // rather than model that, nothing is dropped from such a page.
      if (frames_ == 0) {
        keep_all_ = true;
        no_region_before_ = kNpos;
      }
      break;
    case GUMBO_TAG_FORM:
      if (count(GUMBO_TAG_FORM) > 0) return t.end;  // a form inside a form is ignored
      break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING:
      keep_comment_at_ = t.end;
      break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      if (!stack_.empty() && stack_.back().ns == Ns::kHtml && is_heading(stack_.back().tag) &&
          !pop_to(stack_.size() - 1, false, t.begin))
        return t.end;
      break;
    case GUMBO_TAG_LI:
      if (!close_in_scope([](const Open& e) { return e.ns == Ns::kHtml && e.tag == GUMBO_TAG_LI; },
                          [](const Open& e) {
                            return is_special(e) && e.tag != GUMBO_TAG_ADDRESS &&
                                   e.tag != GUMBO_TAG_DIV && e.tag != GUMBO_TAG_P;
                          },
                          t.begin))
        return t.end;
      break;
    case GUMBO_TAG_DD: case GUMBO_TAG_DT:
      if (!close_in_scope(
              [](const Open& e) {
                return e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_DD || e.tag == GUMBO_TAG_DT);
              },
              [](const Open& e) {
                return is_special(e) && e.tag != GUMBO_TAG_ADDRESS && e.tag != GUMBO_TAG_DIV &&
                       e.tag != GUMBO_TAG_P;
              },
              t.begin))
        return t.end;
      break;
    case GUMBO_TAG_A: case GUMBO_TAG_NOBR: case GUMBO_TAG_BUTTON:
      // A second one closes the first (the adoption agency, roughly), unless a marker (object,
      // a cell...) or the scope lies between them.
      if (count(t.key) > 0) {
        const std::uint64_t key = t.key;
        auto same = [key](const Open& e) { return e.ns == Ns::kHtml && e.key == key; };
        bool ok = true;
        if (tag == GUMBO_TAG_A)
          ok = adopt(find_open(same, [](const Open& e) { return sets_marker(e) || e.opens_frame; }),
                     t.begin);
        else if (tag == GUMBO_TAG_NOBR)
          ok = adopt(find_open(same, bounds_scope), t.begin);
        else
          ok = close_in_scope(same, bounds_scope, t.begin);
        if (!ok) return t.end;
      }
      break;
    case GUMBO_TAG_OPTION:
      if (top_is(GUMBO_TAG_OPTION)) pop_one();
      break;
    case GUMBO_TAG_OPTGROUP:
      if (top_is(GUMBO_TAG_OPTION)) pop_one();
      break;
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_COL: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: {
      // Table structure clears the stack back to the table, section or row it belongs in
      // (closing an open cell, and what was foster-parented), and implies the levels between.
      const bool row = tag == GUMBO_TAG_TR;
      const bool cell = tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
      const std::size_t k = find_open(
          [row, cell](const Open& e) {
            if (e.ns != Ns::kHtml) return false;
            switch (e.tag) {
              case GUMBO_TAG_TABLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HTML:
                return true;
              case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
                return row || cell;
              case GUMBO_TAG_TR:
                return cell;
              default:
                return false;
            }
          },
          [](const Open&) { return false; });
      if (k == kTooDeep && region_ != Region::kNone) return bail(t.begin);
      if (k < stack_.size() && !pop_to(k + 1, false, t.begin)) return t.end;
      if ((row || cell) && top_is(GUMBO_TAG_TABLE)) push_implied(GUMBO_TAG_TBODY);
      if (cell && (top_is(GUMBO_TAG_TBODY) || top_is(GUMBO_TAG_THEAD) || top_is(GUMBO_TAG_TFOOT)))
        push_implied(GUMBO_TAG_TR);
      break;
    }
    default:
      break;
  }
  if (!is_void(tag)) push(t, Ns::kHtml);
  return t.end;
}

std::size_t Scanner::on_end_tag(std::size_t lt) {
  Tag t;
  if (!read_tag(lt, lt + 2, &t)) return n_;
  const GumboTag tag = t.tag;
  if (head_phase_ && frames_ == 0) {
    if (top_is(GUMBO_TAG_NOSCRIPT)) {  // "in head noscript" ignores all other end tags
      if (tag == GUMBO_TAG_BR) end_head_phase();
      if (tag != GUMBO_TAG_NOSCRIPT) return t.end;
    } else if (tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML ||
               tag == GUMBO_TAG_BR) {
      end_head_phase();
    }
  }
  if (foreign()) {
    // Gumbo matches an end tag to svg and math elements by its whole text between "</" and ">",
    // so "</svg >" closes nothing; it looks down to the first HTML element, then goes on with
    // the HTML rules.
    if (t.bare && count(t.foreign_key) > 0) {
      constexpr std::size_t kLook = 256;
      for (std::size_t k = stack_.size(), seen = 0; k-- > 0 && stack_[k].ns != Ns::kHtml; ++seen) {
        if (seen == kLook) {
          if (region_ != Region::kNone) return bail(t.begin);
          break;
        }
        if (stack_[k].key == t.foreign_key) {
          pop_to(k, k == region_index_, t.begin);
          return t.end;
        }
      }
    }
  }
  if (foreign() && is_formatting(tag) && count(t.key) == 0) {
    // The tree builder may have reopened (reconstructed) this formatting element, which the
    // model does not follow; if so this end tag closes the svg or math around us and changes how
    // what follows is tokenized. Rather than guess, nothing from here on is dropped.
    if (region_ != Region::kNone) return bail(t.begin);
    keep_rest_ = true;
    no_region_before_ = kNpos;
  }
  if (region_ == Region::kNoscript) {
    // Inside a dropped noscript every end tag must close the current element, or be one the tree
    // builder ignores; anything else reaches outside, and the noscript is kept.
    if (!stack_.empty() && stack_.back().key == t.key) {
      pop_to(stack_.size() - 1, stack_.size() - 1 == region_index_, t.begin);
      return t.end;
    }
    if (is_heading(tag)) {
      for (GumboTag h = GUMBO_TAG_H1; h <= GUMBO_TAG_H6; h = static_cast<GumboTag>(h + 1))
        if (count(h) > 0) return bail(t.begin);
      return t.end;
    }
    // Formatting elements can be open without the model knowing (reconstructed ones).
    if (is_formatting(tag)) return bail(t.begin);
    // An end tag with no open match is ignored (or, </p> and </br>, adds an empty element here).
    if (count(t.key) > 0) return bail(t.begin);
    return t.end;
  }
  if (in_select() && !foreign()) {
    switch (tag) {
      case GUMBO_TAG_OPTION:
        if (top_is(GUMBO_TAG_OPTION)) pop_one();
        return t.end;
      case GUMBO_TAG_OPTGROUP:
        if (top_is(GUMBO_TAG_OPTION) && stack_.size() >= 2 &&
            stack_[stack_.size() - 2].tag == GUMBO_TAG_OPTGROUP)
          pop_one();
        if (top_is(GUMBO_TAG_OPTGROUP)) pop_one();
        return t.end;
      case GUMBO_TAG_SELECT: case GUMBO_TAG_TEMPLATE:
        break;
      case GUMBO_TAG_CAPTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        if (!in_table()) return t.end;
        break;  // a select in a table closes, and the table end tag goes on
      default:
        return t.end;
    }
  }
  if (region_ == Region::kSvg) {
    // Gumbo's HTML rules may close elements outside the svg with this (scope and "special"
    // differ from the spec there): keep the svg whole if anything could match.
    // Formatting elements can be open without the model knowing (reconstructed ones), and table
    // elements the tree builder implied.
    bool open =
        count(t.key) > 0 || is_formatting(tag) || (tag == GUMBO_TAG_TEMPLATE && frames_ > 0);
    switch (tag) {
      case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
      case GUMBO_TAG_COLGROUP:
        open = open || in_table();
        break;
      default:
        break;
    }
    if (is_heading(tag))
      for (GumboTag h = GUMBO_TAG_H1; h <= GUMBO_TAG_H6; h = static_cast<GumboTag>(h + 1))
        open = open || count(h) > 0;
    return open ? bail(t.begin) : t.end;
  }
  if (tag == GUMBO_TAG_TEMPLATE) {
    if (frames_ == 0) return t.end;
    std::size_t index = stack_.size();
    while (index-- > 0 && !stack_[index].opens_frame) {
    }
    const bool own = region_ == Region::kTemplate && index == region_index_;
    if (own && template_marker_) return bail(t.begin);
    pop_to(index, own, t.begin);
    return t.end;
  }
  const std::uint64_t key = t.key;
  auto same = [key](const Open& e) { return e.ns == Ns::kHtml && e.key == key; };
  switch (tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_BR:
      return t.end;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: {
      bool open = false;  // any open heading closes any other
      for (GumboTag h = GUMBO_TAG_H1; h <= GUMBO_TAG_H6; h = static_cast<GumboTag>(h + 1))
        open = open || count(h) > 0;
      if (open)
        close_in_scope([](const Open& e) { return e.ns == Ns::kHtml && is_heading(e.tag); },
                       bounds_scope, t.begin);
      return t.end;
    }
    default:
      break;
  }
  if (count(key) == 0) return t.end;
  // The current element closing by its own end tag: white space may follow (between_blocks).
  const bool closes_top = same(stack_.back()) && is_plain_block(tag);
  const std::size_t depth = stack_.size();
  switch (tag) {
    case GUMBO_TAG_P:
      close_in_scope(same, bounds_button_scope, t.begin);
      break;
    case GUMBO_TAG_LI:
      close_in_scope(same, bounds_list_item_scope, t.begin);
      break;
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_COLGROUP: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_APPLET: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_OBJECT:  // so in Gumbo
      close_in_scope(same, bounds_table_scope, t.begin);
      break;
    case GUMBO_TAG_FORM: {
      // </form> takes the form out of the stack and leaves what is open inside it open.
      const std::size_t k = find_open(same, bounds_scope);
      if (k == kTooDeep && region_ != Region::kNone) return bail(t.begin);
      if (k < stack_.size()) {
        if (region_ != Region::kNone && k <= region_index_) return bail(t.begin);
        --counts_[slot(stack_[k].key)];
        stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(k));
      }
      break;
    }
    default:
      // Blocks, formatting elements, dd, dt, form... close when in scope; the rest are "any
      // other end tag", which gives up at the first special element.
      if (is_formatting(tag))
        adopt(find_open(same, bounds_scope), t.begin);
      else if (is_special(Open{key, tag, Ns::kHtml, false, false}))
        close_in_scope(same, bounds_scope, t.begin);
      else
        close_in_scope(same, is_special, t.begin);
      break;
  }
  if (closes_top && stack_.size() + 1 == depth && region_ == Region::kNone) block_closed_at_ = t.end;
  return t.end;
}

void Scanner::push(const Tag& t, Ns ns) {
  Open e;
  e.key = ns == Ns::kHtml ? t.key : t.foreign_key;
  e.tag = t.tag;
  e.ns = ns;
  e.opens_frame = ns == Ns::kHtml && t.tag == GUMBO_TAG_TEMPLATE;
  e.integration = false;
  if (ns == Ns::kSvg) {
    e.integration = t.tag == GUMBO_TAG_FOREIGNOBJECT || t.tag == GUMBO_TAG_DESC ||
                    t.tag == GUMBO_TAG_TITLE;
  } else if (ns == Ns::kMath && t.tag == GUMBO_TAG_ANNOTATION_XML && t.encoding_seen) {
    const std::string_view enc = t.encoding;
    e.integration = equals_lower(enc, "text/html") || equals_lower(enc, "application/xhtml+xml");
  }
  if (ns == Ns::kHtml && is_formatting(t.tag)) {
    // A second <a> or <nobr> runs the adoption agency on the first.
    if ((t.tag == GUMBO_TAG_A || t.tag == GUMBO_TAG_NOBR) && count(e.key) > 0) formatting_lost_ = true;
    ++formatting_open_;
  }
  ++counts_[slot(e.key)];
  if (ns == Ns::kHtml && (t.tag == GUMBO_TAG_PRE || t.tag == GUMBO_TAG_LISTING)) ++open_pre_;
  stack_.push_back(e);
  if (e.opens_frame) ++frames_;
  if (stack_.size() > max_depth_) max_depth_ = stack_.size();
}

void Scanner::push_implied(GumboTag tag) {
  Tag t;
  t.tag = tag;
  t.key = static_cast<std::uint64_t>(tag);
  push(t, Ns::kHtml);
}

void Scanner::pop_one() {
  const Open& e = stack_.back();
  if (e.ns == Ns::kHtml && is_formatting(e.tag)) {
    // Closed by another element's end tag (or implied): it stays in the list of active
    // formatting elements, to be reconstructed.
    --formatting_open_;
    formatting_lost_ = true;
  }
  if (e.opens_frame) --frames_;
  if (e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_PRE || e.tag == GUMBO_TAG_LISTING)) --open_pre_;
  --counts_[slot(e.key)];
  stack_.pop_back();
}

// Pops the open elements from `index` up. If that takes the element whose contents are being
// dropped: fine when `closes_region` (its own end tag, starting at tag_begin), else the drop is
// undone (bail) and nothing is popped; returns false then.
bool Scanner::pop_to(std::size_t index, bool closes_region, std::size_t tag_begin) {
  if (region_ != Region::kNone && index <= region_index_) {
    if (!(closes_region && index == region_index_)) {
      bail(tag_begin);
      return false;
    }
    region_ = Region::kNone;
    copy_from_ = tag_begin;
  }
  while (stack_.size() > index) pop_one();
  return true;
}

std::size_t Scanner::topmost(std::uint64_t key) const {
  for (std::size_t k = stack_.size(); k-- > 0;)
    if (stack_[k].key == key) return k;
  return stack_.size();
}

// The nearest open element that `match`es, unless an element that `stop`s comes first (kNpos).
// Looks at most 256 elements down (real pages never need more) and returns kTooDeep past that,
// which keeps the walks linear on pathological pages.
template <class Match, class Stop>
std::size_t Scanner::find_open(Match match, Stop stop) const {
  constexpr std::size_t kLook = 256;
  for (std::size_t k = stack_.size(), seen = 0; k-- > 0; ++seen) {
    if (seen == kLook) return kTooDeep;
    if (match(stack_[k])) return k;
    if (stop(stack_[k])) return kNpos;
  }
  return kNpos;
}

// Closes what find_open finds. When it cannot tell, a region being dropped is kept whole rather
// than guessed about. Returns false if that bailed.
template <class Match, class Stop>
bool Scanner::close_in_scope(Match match, Stop stop, std::size_t tag_begin) {
  const std::size_t k = find_open(match, stop);
  if (k == kTooDeep) {
    if (region_ == Region::kNone) return true;
    bail(tag_begin);
    return false;
  }
  if (k == kNpos) return true;
  return pop_to(k, false, tag_begin);
}

// The adoption agency, roughly, for the formatting element find_open found at `index`: it and
// the ordinary elements above it leave the stack; the special ones above it (the "furthest
// blocks" its outer loop moves it past) stay open. Returns false if that bailed.
bool Scanner::adopt(std::size_t index, std::size_t tag_begin) {
  if (index == kNpos || (index == kTooDeep && region_ == Region::kNone)) return true;
  if (index == kTooDeep || (region_ != Region::kNone && index <= region_index_)) {
    bail(tag_begin);
    return false;
  }
  // Only a formatting element that is the current node closes without a trace.
  if (index + 1 != stack_.size()) formatting_lost_ = true;
  std::size_t kept = index;
  for (std::size_t k = index; k < stack_.size(); ++k) {
    if (k > index && is_special(stack_[k])) {
      stack_[kept++] = stack_[k];
    } else {
      if (stack_[k].opens_frame) --frames_;
      if (stack_[k].ns == Ns::kHtml && is_formatting(stack_[k].tag)) --formatting_open_;
      --counts_[slot(stack_[k].key)];
    }
  }
  stack_.resize(kept);
  return true;
}

void Scanner::end_head_phase() {
  head_phase_ = false;
  if (top_is(GUMBO_TAG_NOSCRIPT)) pop_one();  // content in a head noscript closes it
}

void Scanner::drop(std::size_t begin, std::size_t end, std::string_view replacement) {
  if (!strip_ || region_ != Region::kNone || keep_all_ || keep_rest_ || begin >= end) return;
  out_.append(s_ + copy_from_, begin - copy_from_);
  out_.append(replacement);
  copy_from_ = end;
}

void Scanner::begin_region(Region kind, const Tag& t) {
  if (!strip_ || region_ != Region::kNone || t.begin < no_region_before_) return;
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

}  // namespace

// Script and markup that nothing after the parse reads: Gumbo need not copy them character by
// character.
bool is_dropped_attribute(std::string_view name) {
  if (name.size() > 2 && lower_ascii(name[0]) == 'o' && lower_ascii(name[1]) == 'n') return true;
  return name.size() == 6 && equals_lower(name, "srcdoc");
}

namespace {

// The attributes the tree builder reads: dropping them would change the tree's shape.
bool shapes_tree(std::string_view name) {
  switch (name.size()) {
    case 4: return equals_lower(name, "type") || equals_lower(name, "face") || equals_lower(name, "size");
    case 5: return equals_lower(name, "color");
    case 6: return equals_lower(name, "prompt");
    case 8: return equals_lower(name, "encoding");
    default: return false;
  }
}

// Attribute names are short and most differ in length or at their ends: three letters and the
// length spread them well enough, at a fraction of a full hash's cost (it runs on every attribute).
std::size_t hash_lower(std::string_view name) {
  const std::size_t n = name.size();
  if (n == 0) return 0;
  const auto at = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(lower_ascii(name[i]))); };
  const std::size_t h = n * 0x9E3779B1u ^ at(0) * 0x85EBCA77u ^ at(n - 1) * 0xC2B2AE3Du ^ at(n / 2) * 0x27D4EB2Fu;
  return h ^ (h >> 13);
}

}  // namespace

std::size_t AttributeFilter::slot_of(std::string_view name) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash_lower(name) & mask;
  while (!slots_[i].empty() && !(slots_[i].size() == name.size() && equals_lower(name, slots_[i]))) i = (i + 1) & mask;
  return i;
}

AttributeFilter AttributeFilter::selective() {
  AttributeFilter filter;
  filter.selective_ = true;
  return filter;
}

bool AttributeFilter::keep(std::string_view name) {
  if (!selective_ || name.empty() || shapes_tree(name)) return false;
  if ((used_ + 1) * 2 > slots_.size()) {  // at most half full: probes stay short
    std::vector<std::string> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), std::string());
    used_ = 0;
    for (std::string& n : old)
      if (!n.empty()) {
        slots_[slot_of(n)] = std::move(n);
        ++used_;
      }
  }
  std::string& slot = slots_[slot_of(name)];
  if (!slot.empty()) return false;
  for (char c : name) slot.push_back(lower_ascii(c));
  ++used_;
  return true;
}

void AttributeFilter::keep_all_on(GumboTag tag) { all_on_.set(static_cast<std::size_t>(tag)); }

bool AttributeFilter::keeps(GumboTag tag, std::string_view name) const {
  if (!selective_ || (!slots_.empty() && !slots_[slot_of(name)].empty())) return true;
  return all_on_.test(static_cast<std::size_t>(tag)) || shapes_tree(name);
}

Prescan prescan(std::string_view utf8, bool strip, const AttributeFilter& keep) {
  return Scanner(utf8, strip, keep).run();
}

}  // namespace winnow::html
