// The pre-scan's end tags, by the insertion mode the tree builder is in (see prescan_scanner.h):
// which open elements each one closes in the model, and where it reaches outside a drop.
#include "html/prescan_scanner.h"
#include "html/tags.h"

namespace winnow::html::prescan_internal {

namespace {

bool bounds_list_item_scope(const Open& e) {
  return bounds_scope(e) || (e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_OL || e.tag == GUMBO_TAG_UL));
}

bool bounds_table_scope(const Open& e) {
  return e.ns == Ns::kHtml &&
         (e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_TABLE || e.tag == GUMBO_TAG_TEMPLATE);
}

}  // namespace

// An end tag, by the same modes as a start tag: the head, foreign content, the inside of a
// dropped noscript, select, the inside of a dropped svg, template, and the body.
std::size_t Scanner::on_end_tag(std::size_t lt) {
  Tag t;
  if (!read_tag(lt, lt + 2, &t)) return n_;
  if (head_phase_ && frames_ == 0)
    if (const auto done = end_in_head(t)) return *done;
  if (foreign())
    if (const auto done = end_in_foreign(t)) return *done;
  if (region_ == Region::kNoscript) return end_in_dropped_noscript(t);
  if (in_select() && !foreign())
    if (const auto done = end_in_select(t)) return *done;
  if (region_ == Region::kSvg) return end_in_dropped_svg(t);
  if (t.tag == GUMBO_TAG_TEMPLATE) return end_template(t);
  return end_in_body(t);
}

// "in head noscript" ignores every end tag but its own; </head>, </body>, </html> and </br> end
// the head.
std::optional<std::size_t> Scanner::end_in_head(const Tag& t) {
  if (top_is(GUMBO_TAG_NOSCRIPT)) {
    if (t.tag == GUMBO_TAG_BR) end_head_phase();
    if (t.tag != GUMBO_TAG_NOSCRIPT) return t.end;
  } else if (t.tag == GUMBO_TAG_HEAD || t.tag == GUMBO_TAG_BODY || t.tag == GUMBO_TAG_HTML ||
             t.tag == GUMBO_TAG_BR) {
    end_head_phase();
  }
  return std::nullopt;
}

// Gumbo matches an end tag to svg and math elements by its whole text between "</" and ">", so
// "</svg >" closes nothing; it looks down to the first HTML element, then goes on with the HTML
// rules.
std::optional<std::size_t> Scanner::end_in_foreign(const Tag& t) {
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
  if (is_formatting(t.tag) && count(t.key) == 0) {
    // The tree builder may have reopened (reconstructed) this formatting element, which the
    // model does not follow; if so this end tag closes the svg or math around us and changes how
    // what follows is tokenized. Rather than guess, nothing from here on is dropped.
    if (region_ != Region::kNone) return bail(t.begin);
    keep_rest_ = true;
    no_region_before_ = kNpos;
  }
  return std::nullopt;
}

// Inside a dropped noscript every end tag must close the current element, or be one the tree
// builder ignores; anything else reaches outside, and the noscript is kept.
std::size_t Scanner::end_in_dropped_noscript(const Tag& t) {
  if (!stack_.empty() && stack_.back().key == t.key) {
    pop_to(stack_.size() - 1, stack_.size() - 1 == region_index_, t.begin);
    return t.end;
  }
  if (is_heading(t.tag)) return heading_open() ? bail(t.begin) : t.end;
  // Formatting elements can be open without the model knowing (reconstructed ones).
  if (is_formatting(t.tag)) return bail(t.begin);
  // An end tag with no open match is ignored (or, </p> and </br>, adds an empty element here).
  if (count(t.key) > 0) return bail(t.begin);
  return t.end;
}

std::optional<std::size_t> Scanner::end_in_select(const Tag& t) {
  switch (t.tag) {
    case GUMBO_TAG_OPTION:
      if (top_is(GUMBO_TAG_OPTION)) pop_one();
      return t.end;
    case GUMBO_TAG_OPTGROUP:
      if (top_is(GUMBO_TAG_OPTION) && stack_.size() >= 2 && stack_[stack_.size() - 2].tag == GUMBO_TAG_OPTGROUP)
        pop_one();
      if (top_is(GUMBO_TAG_OPTGROUP)) pop_one();
      return t.end;
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEMPLATE:
      return std::nullopt;
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      if (!in_table()) return t.end;
      return std::nullopt;  // a select in a table closes, and the table end tag goes on
    default:
      return t.end;
  }
}

// Gumbo's HTML rules may close elements outside the svg with this (scope and "special" differ
// from the spec there): keep the svg whole if anything could match. Formatting elements can be
// open without the model knowing (reconstructed ones), and table elements the tree builder
// implied.
std::size_t Scanner::end_in_dropped_svg(const Tag& t) {
  bool open = count(t.key) > 0 || is_formatting(t.tag) || (t.tag == GUMBO_TAG_TEMPLATE && frames_ > 0);
  switch (t.tag) {
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_COLGROUP:
      open = open || in_table();
      break;
    default:
      break;
  }
  if (is_heading(t.tag)) open = open || heading_open();
  return open ? bail(t.begin) : t.end;
}

// </template> closes the innermost template, whatever is open in it.
std::size_t Scanner::end_template(const Tag& t) {
  if (frames_ == 0) return t.end;
  std::size_t index = stack_.size();
  while (index-- > 0 && !stack_[index].opens_frame) {
  }
  const bool own = region_ == Region::kTemplate && index == region_index_;
  if (own && template_marker_) return bail(t.begin);
  pop_to(index, own, t.begin);
  return t.end;
}

std::size_t Scanner::end_in_body(const Tag& t) {
  const GumboTag tag = t.tag;
  const std::uint64_t key = t.key;
  auto same = [key](const Open& e) { return e.ns == Ns::kHtml && e.key == key; };
  switch (tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_BR:
      return t.end;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      // Any open heading closes any other.
      if (heading_open())
        close_in_scope([](const Open& e) { return e.ns == Ns::kHtml && is_heading(e.tag); },
                       bounds_scope, t.begin);
      return t.end;
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

}  // namespace winnow::html::prescan_internal
