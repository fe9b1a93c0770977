// The pre-scan's start tags, by the insertion mode the tree builder is in (see prescan_scanner.h):
// what each one opens, closes or implies in the model of the open elements, which tokenizer state
// it starts, and where it ends a drop.
#include "html/prescan_scanner.h"
#include "html/tags.h"

namespace winnow::html::prescan_internal {

namespace {

// HTML start tags that leave svg/math content (the "breakout" list of the foreign content rules).
bool breaks_out(const Tag& t) {
  return t.tag == GUMBO_TAG_FONT ? t.font_attr : breaks_out_of_foreign(t.tag);
}

// Elements that put a marker in the list of active formatting elements (an <a> does not close an
// <a> opened before one; one left open inside a <template> lets the formatting elements opened
// before it outlive the template).
bool sets_marker(const Open& e) { return e.ns == Ns::kHtml && sets_formatting_marker(e.tag); }

// Where a new li (or dd, dt) stops looking for an open one to close: at a special element other
// than address, div and p.
bool stops_item_search(const Open& e) {
  return is_special(e) && e.tag != GUMBO_TAG_ADDRESS && e.tag != GUMBO_TAG_DIV && e.tag != GUMBO_TAG_P;
}

}  // namespace

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
        note_url_tag(t);
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
  if (region_ == Region::kNoscript && !may_sit_in_dropped_noscript(t.tag)) return bail(t.begin);
  return on_html_start(t);
}

// A start tag by the rules of the insertion mode the tree builder is in. Each mode's handler
// returns where scanning goes on when it dealt with the tag (an ignored tag, a raw-text body
// skipped, a drop undone), or nothing when the tag goes on to the next mode's rules: select
// first, then the head, a <template>'s first child, and the body (tables included).
std::size_t Scanner::on_html_start(const Tag& t) {
  if (in_select())
    if (const auto done = start_in_select(t)) return *done;
  if (head_phase_ && frames_ == 0)
    if (const auto done = start_in_head(t)) return *done;
  if (region_ == Region::kTemplate && sets_formatting_marker(t.tag)) template_marker_ = true;
  if (top_is(GUMBO_TAG_TEMPLATE))
    if (const auto done = start_in_template(t)) return *done;
  return start_in_body(t);
}

// Inside <select> most tags are ignored, and with them their tokenizer states.
std::optional<std::size_t> Scanner::start_in_select(const Tag& t) {
  switch (t.tag) {
    case GUMBO_TAG_OPTION:
      if (top_is(GUMBO_TAG_OPTION)) pop_one();
      push(t, Ns::kHtml);
      return t.end;
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_HR:
      if (top_is(GUMBO_TAG_OPTION)) pop_one();
      if (top_is(GUMBO_TAG_OPTGROUP)) pop_one();
      if (t.tag == GUMBO_TAG_OPTGROUP) push(t, Ns::kHtml);
      return t.end;
    case GUMBO_TAG_SELECT:
      pop_to(topmost(GUMBO_TAG_SELECT), false, t.begin);
      return t.end;
    case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_TEXTAREA:
      if (!pop_to(topmost(GUMBO_TAG_SELECT), false, t.begin)) return t.end;
      return std::nullopt;
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_TEMPLATE:
      return std::nullopt;
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      if (!in_table()) return t.end;
      if (!pop_to(topmost(GUMBO_TAG_SELECT), false, t.begin)) return t.end;
      return std::nullopt;
    default:
      return t.end;
  }
}

// Before the body: "in head noscript" closes its noscript at any tag it does not hold, and a tag
// that does not belong in the head ends the head.
std::optional<std::size_t> Scanner::start_in_head(const Tag& t) {
  if (top_is(GUMBO_TAG_NOSCRIPT)) {
    switch (t.tag) {
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
  switch (t.tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND: case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_STYLE: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_MENUITEM:  // so in Gumbo
      break;
    default:
      end_head_phase();
      break;
  }
  return std::nullopt;
}

// The first tag in a template picks its mode; after a <col> every other tag is ignored.
std::optional<std::size_t> Scanner::start_in_template(const Tag& t) {
  Open& templ = stack_.back();
  if (templ.columns && t.tag != GUMBO_TAG_COL && t.tag != GUMBO_TAG_TEMPLATE) return t.end;
  switch (t.tag) {
    case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_TITLE:
      break;  // handled "in head": the mode stays undecided
    default:
      if (!templ.started && t.tag == GUMBO_TAG_COL) templ.columns = true;
      templ.started = true;
      break;
  }
  return std::nullopt;
}

// In the body, and in tables (the model does not tell "in table" apart: table structure is
// handled where it opens, see start_table_part).
std::size_t Scanner::start_in_body(const Tag& t) {
  switch (t.tag) {
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_FRAME:
      // Ignored outside a table (but a template may start with them).
      if (!in_table() && !top_is(GUMBO_TAG_TEMPLATE)) return t.end;
      break;
    default:
      break;
  }
  if (closes_p(t.tag) && !(t.tag == GUMBO_TAG_FORM && count(GUMBO_TAG_FORM) > 0)) {
    const bool ok = close_in_scope(
        [](const Open& e) { return e.ns == Ns::kHtml && e.tag == GUMBO_TAG_P; },
        bounds_button_scope, t.begin);
    if (!ok) return t.end;
  }
  if (const auto done = start_content_apart(t)) return *done;
  if (const auto done = close_before(t)) return *done;
  note_url_tag(t);
  if (!is_void(t.tag)) push(t, Ns::kHtml);
  return t.end;
}

// Elements whose content the tokenizer reads apart (script, raw text, plaintext) or the pre-scan
// drops (svg, template, noscript), and the tags the body ignores.
std::optional<std::size_t> Scanner::start_content_apart(const Tag& t) {
  switch (t.tag) {
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
    default:
      return std::nullopt;
  }
}

// What a start tag closes (or implies) before its element opens: another heading, li, dd or dt,
// a second a, nobr or button, an option, table structure. Returns where to go on if the tag
// stops here (ignored, or the drop undone), nothing if its element opens.
std::optional<std::size_t> Scanner::close_before(const Tag& t) {
  switch (t.tag) {
    case GUMBO_TAG_FRAMESET:
      // Whether a frameset replaces the body depends on all the text before it (dropped text
      // included), and in it the tree builder ignores every later tag, raw-text ones included:
      // rather than model that, nothing is dropped from such a page.
      if (frames_ == 0) {
        keep_all_ = true;
        no_region_before_ = kNpos;
      }
      return std::nullopt;
    case GUMBO_TAG_FORM:
      if (count(GUMBO_TAG_FORM) > 0) return t.end;  // a form inside a form is ignored
      return std::nullopt;
    case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING:
      keep_comment_at_ = t.end;
      return std::nullopt;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      if (!stack_.empty() && stack_.back().ns == Ns::kHtml && is_heading(stack_.back().tag) &&
          !pop_to(stack_.size() - 1, false, t.begin))
        return t.end;
      return std::nullopt;
    case GUMBO_TAG_LI:
      if (!close_in_scope([](const Open& e) { return e.ns == Ns::kHtml && e.tag == GUMBO_TAG_LI; },
                          stops_item_search, t.begin))
        return t.end;
      return std::nullopt;
    case GUMBO_TAG_DD: case GUMBO_TAG_DT:
      if (!close_in_scope(
              [](const Open& e) {
                return e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_DD || e.tag == GUMBO_TAG_DT);
              },
              stops_item_search, t.begin))
        return t.end;
      return std::nullopt;
    case GUMBO_TAG_A: case GUMBO_TAG_NOBR: case GUMBO_TAG_BUTTON:
      // A second one closes the first (the adoption agency, roughly), unless a marker (object,
      // a cell...) or the scope lies between them.
      if (count(t.key) > 0) {
        const std::uint64_t key = t.key;
        auto same = [key](const Open& e) { return e.ns == Ns::kHtml && e.key == key; };
        bool ok = true;
        if (t.tag == GUMBO_TAG_A)
          ok = adopt(find_open(same, [](const Open& e) { return sets_marker(e) || e.opens_frame; }),
                     t.begin);
        else if (t.tag == GUMBO_TAG_NOBR)
          ok = adopt(find_open(same, bounds_scope), t.begin);
        else
          ok = close_in_scope(same, bounds_scope, t.begin);
        if (!ok) return t.end;
      }
      return std::nullopt;
    case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
      if (top_is(GUMBO_TAG_OPTION)) pop_one();
      return std::nullopt;
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_COL: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return start_table_part(t);
    default:
      return std::nullopt;
  }
}

// Table structure clears the stack back to the table, section or row it belongs in (closing an
// open cell, and what was foster-parented), and implies the levels between.
std::optional<std::size_t> Scanner::start_table_part(const Tag& t) {
  const bool row = t.tag == GUMBO_TAG_TR;
  const bool cell = t.tag == GUMBO_TAG_TD || t.tag == GUMBO_TAG_TH;
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
  return std::nullopt;
}

}  // namespace winnow::html::prescan_internal
