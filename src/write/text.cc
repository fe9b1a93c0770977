#include "write/text.h"

#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::write {

namespace {

enum class Display { kInline, kNone, kParagraph, kLine, kCell, kBreak, kPre };

Display display_of(GumboTag tag) {
  if (html::is_unrendered(tag)) return Display::kNone;
  switch (tag) {
    case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TR:
    case GUMBO_TAG_OPTION:
      return Display::kLine;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      return Display::kCell;
    case GUMBO_TAG_BR:
      return Display::kBreak;
    case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
      return Display::kPre;
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_SECTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_MENU:
    case GUMBO_TAG_DIR: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
      return Display::kParagraph;
    default:
      return Display::kInline;
  }
}

// Accumulates text, owing line breaks, tabs and spaces until visible text arrives, so that empty
// blocks leave nothing behind and breaks never pile up.
class TextBuilder {
 public:
  void request_break(int lines) {
    if (lines > pending_breaks_) pending_breaks_ = lines;
  }
  void request_cell_separator() { pending_tab_ = true; }
  // <br>: a line break; a second one in a row makes a blank line, as it does on screen.
  void line_break() {
    if (out_.empty()) return;
    pending_breaks_ = pending_breaks_ == 0 ? 1 : 2;
  }

  void add(std::string_view text) {
    if (is_blank(text)) {
      if (!text.empty()) pending_space_ = true;
      return;
    }
    flush();
    append_collapsed(&out_, text, &pending_space_);
  }

  void add_preformatted(std::string_view text) {
    if (text.empty()) return;
    flush();
    pending_space_ = false;
    for (char c : text)
      if (c != '\r') out_.push_back(c);
  }

  std::string finish() {
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
    if (!out_.empty()) out_.push_back('\n');
    return std::move(out_);
  }

 private:
  void flush() {
    if (out_.empty()) {
      pending_breaks_ = 0;
      pending_tab_ = false;
      return;
    }
    if (pending_breaks_ > 0) {
      while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) out_.pop_back();
      int have = 0;
      for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n' && have < 2; ++it) ++have;
      for (int i = have; i < pending_breaks_; ++i) out_.push_back('\n');
      pending_space_ = false;
    } else if (pending_tab_) {
      out_.push_back('\t');
      pending_space_ = false;
    }
    pending_breaks_ = 0;
    pending_tab_ = false;
  }

  std::string out_;
  int pending_breaks_ = 0;
  bool pending_tab_ = false;
  bool pending_space_ = false;
};

}  // namespace

std::string render_text(const html::Dom& dom, html::NodeId root) {
  TextBuilder text;
  int pre_depth = 0;
  html::walk(
      dom, root,
      [&](html::NodeId id) {
        if (dom.is_text(id)) {
          if (pre_depth > 0) text.add_preformatted(dom.text(id));
          else text.add(dom.text(id));
          return false;
        }
        if (!dom.is_element(id)) return true;
        if (dom.node(id).in_foreign_namespace) return false;
        switch (display_of(dom.tag(id))) {
          case Display::kNone: return false;
          case Display::kInline: return true;
          case Display::kParagraph: text.request_break(2); return true;
          case Display::kLine: text.request_break(1); return true;
          case Display::kCell: text.request_cell_separator(); return true;
          case Display::kBreak: text.line_break(); return false;
          case Display::kPre: text.request_break(2); ++pre_depth; return true;
        }
        return true;
      },
      [&](html::NodeId id) {
        if (!dom.is_element(id) || dom.node(id).in_foreign_namespace) return;
        switch (display_of(dom.tag(id))) {
          case Display::kParagraph: text.request_break(2); break;
          case Display::kLine: text.request_break(1); break;
          case Display::kPre: text.request_break(2); --pre_depth; break;
          default: break;
        }
      });
  return text.finish();
}

}  // namespace winnow::write
