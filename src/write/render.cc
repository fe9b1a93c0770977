#include "write/render.h"

#include "write/text.h"

namespace winnow::write {

void render(const html::Dom& dom, html::NodeId root, const Options& options, Document* doc) {
  doc->text = root == html::kNoNode ? std::string() : render_text(dom, root);
  switch (options.format) {
    case Format::kText:
    default:
      doc->output.clear();
      if (options.include_title && !doc->metadata.title.empty()) {
        doc->output = doc->metadata.title;
        doc->output += doc->text.empty() ? "\n" : "\n\n";
      }
      doc->output += doc->text;
      break;
  }
}

}  // namespace winnow::write
