#include "write/render.h"

#include "write/html.h"
#include "write/json.h"
#include "write/markdown.h"
#include "write/text.h"

namespace winnow::write {

void render(const html::Dom& dom, html::NodeId root, const Options& options, Document* doc) {
  doc->text = root == html::kNoNode ? std::string() : render_text(dom, root);
  switch (options.format) {
    case Format::kMarkdown:
      doc->output = render_markdown(dom, root, doc->metadata, options.include_title);
      break;
    case Format::kJson:
      doc->output = render_json(*doc);
      break;
    case Format::kHtml:
      doc->output = render_html(dom, root, doc->metadata);
      break;
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

void keep_attributes_read(Format format, html::AttributeFilter* keep) {
  if (format == Format::kMarkdown) keep_markdown_attributes(keep);
  if (format == Format::kHtml) keep_html_attributes(keep);
}

}  // namespace winnow::write
