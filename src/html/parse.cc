#include "html/parse.h"

#include <gumbo.h>

#include <utility>
#include <vector>

namespace winnow::html {

namespace {

std::string_view unknown_tag_name(const GumboElement& e, std::string* scratch) {
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  scratch->assign(piece.data, piece.length);
  for (char& c : *scratch)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return *scratch;
}

}  // namespace

Dom parse(std::string_view utf8) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, utf8.data(), utf8.size());
  Dom dom;
  dom.reserve(utf8.size() / 40 + 16, utf8.size() / 2 + 64);
  std::string scratch;

  // Iterative copy: (gumbo node, parent in dom) pairs, children pushed in reverse order.
  std::vector<std::pair<const GumboNode*, NodeId>> stack;
  const GumboVector& top = output->document->v.document.children;
  for (unsigned i = top.length; i-- > 0;)
    stack.emplace_back(static_cast<const GumboNode*>(top.data[i]), dom.document());
  while (!stack.empty()) {
    auto [g, parent] = stack.back();
    stack.pop_back();
    switch (g->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& e = g->v.element;
        std::string_view name = e.tag == GUMBO_TAG_UNKNOWN ? unknown_tag_name(e, &scratch) : "";
        NodeId id = dom.add_element(parent, e.tag, name);
        for (unsigned i = 0; i < e.attributes.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
          dom.add_attribute(id, a->name, a->value);
        }
        for (unsigned i = e.children.length; i-- > 0;)
          stack.emplace_back(static_cast<const GumboNode*>(e.children.data[i]), id);
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        dom.add_text(parent, g->v.text.text);
        break;
      case GUMBO_NODE_COMMENT:
      case GUMBO_NODE_DOCUMENT:
        break;
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return dom;
}

}  // namespace winnow::html
