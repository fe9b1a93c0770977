#include "write/html.h"

#include <vector>

#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"
#include "write/links.h"

namespace winnow::write {

namespace {

using html::Dom;
using html::NodeId;

enum class Action { kKeep, kUnwrap, kDrop };

Action action_of(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_BASE: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_STYLE: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_PARAM: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK: case GUMBO_TAG_CANVAS: case GUMBO_TAG_MAP: case GUMBO_TAG_AREA:
    case GUMBO_TAG_SVG: case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_OPTION: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_KEYGEN: case GUMBO_TAG_OUTPUT: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_METER:
    case GUMBO_TAG_MENUITEM: case GUMBO_TAG_APPLET: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_ISINDEX: case GUMBO_TAG_NEXTID:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_SPACER: case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_BLINK:
      return Action::kDrop;
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_SPAN: case GUMBO_TAG_FONT:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_FORM: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_NOBR: case GUMBO_TAG_BIG: case GUMBO_TAG_MULTICOL:
      return Action::kUnwrap;
    default:
      return Action::kKeep;
  }
}

// Attributes copied as written (after escaping). URL attributes are handled apart.
constexpr std::string_view kCopied[] = {"alt", "title", "colspan", "rowspan", "headers", "scope", "abbr",
                                        "datetime", "lang", "dir", "start", "reversed", "type", "value",
                                        "span", "open", "display", "mathvariant", "encoding"};

bool is_kept_attribute(std::string_view name) {
  for (std::string_view kept : kCopied)
    if (name == kept) return true;
  return false;
}

class HtmlWriter {
 public:
  HtmlWriter(const Dom& dom, std::string base, std::string* out) : dom_(dom), base_(std::move(base)), out_(*out) {}

  void children(NodeId parent) {
    for (NodeId c = dom_.node(parent).first_child; c != html::kNoNode; c = dom_.node(c).next_sibling) subtree(c);
  }

  void subtree(NodeId root) {
    html::walk(dom_, root, [&](NodeId id) { return enter(id); }, [&](NodeId id) { leave(id); });
  }

 private:
  Action action(NodeId id) const {
    const html::Node& n = dom_.node(id);
    if (n.tag == GUMBO_TAG_SVG) return Action::kDrop;
    if (n.in_foreign_namespace) return Action::kKeep;  // MathML: names are as the page wrote them
    if (n.tag == GUMBO_TAG_UNKNOWN) return Action::kUnwrap;
    return action_of(n.tag);
  }

  bool enter(NodeId id) {
    if (dom_.is_text(id)) {
      append_html_escaped(&out_, dom_.text(id), false);
      return false;
    }
    if (!dom_.is_element(id)) return true;
    switch (action(id)) {
      case Action::kDrop: return false;
      case Action::kUnwrap: return true;
      case Action::kKeep: break;
    }
    const GumboTag tag = dom_.tag(id);
    std::string src;
    if (tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_IMAGE) {
      src = image_url(dom_, id, base_);
      if (src.empty()) return false;
    }
    std::string href;
    if (tag == GUMBO_TAG_A) {
      std::string_view value;
      if (dom_.attribute(id, "href", &value)) href = link_url(base_, value);
      if (href.empty()) {
        unwrapped_links_.push_back(id);
        return true;
      }
    }
    const std::string_view name = tag == GUMBO_TAG_IMAGE ? std::string_view("img") : dom_.tag_name(id);
    out_ += '<';
    out_ += name;
    if (!href.empty()) add_attribute("href", href);
    if (!src.empty()) add_attribute("src", src);
    for (const html::Attribute* a = dom_.attributes_begin(id); a != dom_.attributes_end(id); ++a) {
      const std::string_view attr = dom_.view(a->name);
      if (attr == "cite") {
        if (std::string url = link_url(base_, dom_.view(a->value)); !url.empty()) add_attribute(attr, url);
      } else if (is_kept_attribute(attr)) {
        add_attribute(attr, dom_.view(a->value));
      }
    }
    out_ += '>';
    if (html::drops_leading_newline(tag)) {
      ++pre_depth_;
      const NodeId first = dom_.node(id).first_child;
      if (first != html::kNoNode && dom_.is_text(first) && !dom_.text(first).empty() && dom_.text(first)[0] == '\n')
        out_ += '\n';
    }
    return true;
  }

  void leave(NodeId id) {
    if (!dom_.is_element(id) || action(id) != Action::kKeep) return;
    const GumboTag tag = dom_.tag(id);
    if (tag == GUMBO_TAG_A && !unwrapped_links_.empty() && unwrapped_links_.back() == id) {
      unwrapped_links_.pop_back();
      return;
    }
    if (html::drops_leading_newline(tag)) --pre_depth_;
    if (!html::is_void(tag) || dom_.node(id).in_foreign_namespace) {
      out_ += "</";
      out_ += dom_.tag_name(id);
      out_ += '>';
    }
    if (pre_depth_ == 0 && html::ends_line_in_html(tag) && !dom_.node(id).in_foreign_namespace) out_ += '\n';
  }

  void add_attribute(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    append_html_escaped(&out_, value, true);
    out_ += '"';
  }

  const Dom& dom_;
  const std::string base_;
  std::string& out_;
  int pre_depth_ = 0;
  std::vector<NodeId> unwrapped_links_;  // <a> elements written without their tags
};

}  // namespace

void append_html_escaped(std::string* out, std::string_view text, bool attribute) {
  for (char c : text) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"':
        if (attribute) *out += "&quot;";
        else *out += c;
        break;
      default: *out += c;
    }
  }
}

std::string render_html(const html::Dom& dom, html::NodeId root, const Metadata& metadata) {
  std::string out = "<!DOCTYPE html>\n<html";
  if (!metadata.language.empty()) {
    out += " lang=\"";
    append_html_escaped(&out, metadata.language, true);
    out += '"';
  }
  out += ">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  append_html_escaped(&out, normalize_space(metadata.title), false);
  out += "</title>\n";
  auto meta = [&](std::string_view open, std::string_view value) {
    if (value.empty()) return;
    out += open;
    append_html_escaped(&out, value, true);
    out += "\">\n";
  };
  meta("<link rel=\"canonical\" href=\"", metadata.canonical_url);
  meta("<meta name=\"author\" content=\"", metadata.byline);
  meta("<meta name=\"description\" content=\"", metadata.description);
  out += "</head>\n<body>\n<article>\n";
  if (root != html::kNoNode) {
    HtmlWriter writer(dom, base_url(dom, metadata.url), &out);
    const GumboTag tag = dom.is_element(root) ? dom.tag(root) : GUMBO_TAG_UNKNOWN;
    if (!dom.is_element(root) || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_ARTICLE)
      writer.children(root);
    else
      writer.subtree(root);
    if (out.back() != '\n') out += '\n';
  }
  out += "</article>\n</body>\n</html>\n";
  return out;
}

void keep_html_attributes(html::AttributeFilter* keep) {
  for (std::string_view name : kCopied) keep->keep(name);
  keep->keep("cite");
  keep_link_attributes(keep);
}

}  // namespace winnow::write
