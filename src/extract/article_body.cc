#include "extract/article_body.h"

#include <string>

#include "common/ascii.h"
#include "common/text.h"
#include "extract/counts.h"
#include "extract/jsonld.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

// articleBody must be this much longer than what detection found to be trusted over it: the JSON
// often adds captions and "read more" lines the page does not show.
constexpr float kMuchLonger = 2.5f;
constexpr float kMinBody = 500;
// A product description shorter than this is a tagline, not worth adding.
constexpr float kMinDescription = 80;

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

void add_product_description(html::Dom* dom, const Metadata& metadata, Article* article) {
  if (metadata.page_type != "product" || article->root == html::kNoNode) return;
  const std::string description = read_product_description(*dom);
  if (text_counts(description).chars < kMinDescription) return;
  // Held already when most of its words are in the article.
  std::string text;
  bool pending = false;
  html::walk(*dom, article->root, [&](html::NodeId id) {
    if (dom->is_text(id)) append_collapsed(&text, dom->text(id), &pending);
    return !dom->is_element(id) || !html::is_unrendered(dom->tag(id));
  });
  const std::string folded = ascii_lower(text);
  std::size_t words = 0, held = 0;
  for (std::size_t b = 0; b < description.size();) {
    std::size_t e = description.find(' ', b);
    if (e == std::string::npos) e = description.size();
    if (e - b >= 4) {
      ++words;
      held += folded.find(ascii_lower(std::string_view(description).substr(b, e - b))) != std::string::npos;
    }
    b = e + 1;
  }
  if (words == 0 || held * 2 >= words) return;
  dom->add_text(dom->add_element(article->root, GUMBO_TAG_P, ""), description);
  article->notes.push_back("detector: added the product's description from its JSON-LD, which the page does not show");
}

}  // namespace winnow::extract
