#include "extract/article_body.h"

#include <string>

#include "common/text.h"
#include "extract/counts.h"
#include "extract/jsonld.h"

namespace winnow::extract {

namespace {

// articleBody must be this much longer than what detection found to be trusted over it: the JSON
// often adds captions and "read more" lines the page does not show.
constexpr float kMuchLonger = 2.5f;
constexpr float kMinBody = 500;

}  // namespace

void use_article_body_if_better(html::Dom* dom, html::NodeId body, float found_chars, Article* article) {
  if (found_chars >= 2000) return;  // detection found a real article; skip the JSON parse
  const JsonLd ld = read_jsonld(*dom);
  if (ld.article_body.empty()) return;
  const float body_chars = text_counts(ld.article_body).chars;
  if (body_chars < kMinBody || body_chars < kMuchLonger * found_chars) return;
  const html::NodeId div = dom->add_element(body, GUMBO_TAG_DIV, "");
  std::size_t start = 0;
  const std::string& text = ld.article_body;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = normalize_space(std::string_view(text).substr(start, end - start));
    if (!line.empty()) dom->add_text(dom->add_element(div, GUMBO_TAG_P, ""), line);
    start = end + 1;
  }
  article->root = div;
  article->notes.push_back("detector: unsure, the page's text was short; used its JSON-LD articleBody instead");
}

}  // namespace winnow::extract
