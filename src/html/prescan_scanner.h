// The pre-scan's insides, private to html/prescan*; see prescan.h for what the pre-scan does.
// One Scanner makes one pass over the page, in four files:
//   prescan.cc            the pass over the bytes: text, comments, tags read, script and raw-text
//                         bodies, what is dropped and written out;
//   prescan_start_tag.cc  start tags, by the tree builder's insertion mode (select, head,
//                         template, body; the <noscript>, <svg> and <template> whose contents are
//                         dropped start in start_content_apart);
//   prescan_end_tag.cc    end tags, by insertion mode (head, foreign content, a dropped noscript,
//                         select, a dropped svg, template, body);
//   prescan_tree.cc       the model of the stack of open elements they act on.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "html/prescan.h"
#include "html/tags.h"

namespace winnow::html::prescan_internal {

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

// Predicates on an open element (HTML, svg or math), for the start- and end-tag rules.

// Elements that bound the default scope: an element below one of them is not "in scope" for
// end tags that close it (</div>, </b>, </h1>...), nor for start tags that close it (<p>, <li>).
inline bool bounds_scope(const Open& e) {
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
  return bounds_default_scope(e.tag);
}

inline bool bounds_button_scope(const Open& e) {
  return bounds_scope(e) || (e.ns == Ns::kHtml && e.tag == GUMBO_TAG_BUTTON);
}

// The HTML "special" category: "any other end tag" stops looking for its element at one of these.
// (Gumbo leaves svg <title> out.)
inline bool is_special(const Open& e) {
  if (e.ns != Ns::kHtml) return bounds_scope(e) && !(e.ns == Ns::kSvg && e.tag == GUMBO_TAG_TITLE);
  return html::is_special(e.tag);
}

// One pass over the page: a tokenizer that knows which state the tree builder puts it in, and a
// rough model of the open elements, by insertion mode: enough for that, for the nesting depth,
// and to know where dropping cannot change the tree.
class Scanner {
 public:
  Scanner(std::string_view in, bool drop, const AttributeFilter& keep)
      : s_(in.data()), n_(in.size()), dropping_(drop), keep_(keep) {
    if (dropping_) out_.reserve(n_);
  }

  Prescan run();

 private:
  // Markup and text (prescan.cc).
  std::size_t on_markup(std::size_t lt);
  std::size_t on_comment(std::size_t lt, std::size_t end);
  void on_text(std::size_t begin, std::size_t end);
  void collapse_spaces(std::size_t begin, std::size_t end);
  bool between_blocks(std::size_t begin, std::size_t end) const;
  std::size_t script(const Tag& t);
  std::size_t raw_text(const Tag& t, bool drop_body);

  // Tags, by the insertion mode the tree builder is in. A mode's handler returns where scanning
  // goes on when it dealt with the tag, or nothing when the tag goes on to the next mode's rules.
  // Start tags (prescan_start_tag.cc).
  std::size_t on_start_tag(std::size_t lt);
  std::size_t on_html_start(const Tag& t);
  std::optional<std::size_t> start_in_select(const Tag& t);
  std::optional<std::size_t> start_in_head(const Tag& t);
  std::optional<std::size_t> start_in_template(const Tag& t);
  std::size_t start_in_body(const Tag& t);
  std::optional<std::size_t> start_content_apart(const Tag& t);
  std::optional<std::size_t> close_before(const Tag& t);
  std::optional<std::size_t> start_table_part(const Tag& t);
  // End tags (prescan_end_tag.cc).
  std::size_t on_end_tag(std::size_t lt);
  std::optional<std::size_t> end_in_head(const Tag& t);
  std::optional<std::size_t> end_in_foreign(const Tag& t);
  std::size_t end_in_dropped_noscript(const Tag& t);
  std::optional<std::size_t> end_in_select(const Tag& t);
  std::size_t end_in_dropped_svg(const Tag& t);
  std::size_t end_template(const Tag& t);
  std::size_t end_in_body(const Tag& t);

  // Tokenizer pieces (prescan.cc).
  bool joins_text(std::size_t lt) const;
  bool read_tag(std::size_t lt, std::size_t name_begin, Tag* t);
  std::size_t read_attributes(std::size_t i, Tag* t);
  void mark_unread(std::size_t space_begin, std::size_t name_begin, std::size_t end, Tag* t) const;
  std::size_t script_end(std::size_t i, std::size_t* end);
  bool end_tag_at(std::size_t lt, std::string_view name, std::size_t* end);

  // Open elements (prescan_tree.cc; find_open and close_in_scope below).
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
  bool heading_open() const {
    for (GumboTag h = GUMBO_TAG_H1; h <= GUMBO_TAG_H6; h = static_cast<GumboTag>(h + 1))
      if (count(h) > 0) return true;
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

  // Dropping (prescan.cc).
  // Drops input [begin, end), writing `replacement` instead.
  void drop(std::size_t begin, std::size_t end, std::string_view replacement = {});
  void begin_region(Region kind, const Tag& t);
  // Keeps a <link>, <meta> or <base> start tag for Prescan::url_tags.
  void note_url_tag(const Tag& t);
  std::size_t bail(std::size_t at);
  std::size_t undo_region();

  const char* s_;
  std::size_t n_;
  bool dropping_;  // prescan()'s `drop`: off, nothing is dropped and out_ stays empty
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
  std::string url_tags_;
  std::uint32_t url_tags_hidden_ = 0;  // open elements hides_url_tags() is true of
};

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

}  // namespace winnow::html::prescan_internal
