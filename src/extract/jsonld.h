// Reading the schema.org article object that many pages embed as <script type=application/ld+json>.
#pragma once

#include <string>
#include <string_view>

#include "html/dom.h"

namespace winnow::extract {

// The fields of the first schema.org article-like object (Article, NewsArticle, BlogPosting,
// Report, ...; also found inside a top-level array or an @graph). Empty strings mean "absent".
struct JsonLd {
  bool found = false;
  std::string name;
  std::string headline;
  std::string byline;        // author names, comma-separated
  std::string description;
  std::string site_name;     // publisher.name
  std::string published;     // datePublished as written
  std::string modified;      // dateModified as written
  std::string image;         // image URL as written (may be relative)
  std::string language;      // inLanguage
  std::string url;
  std::string article_body;
};

// True for schema.org @type values that name an article (Article, NewsArticle, BlogPosting...).
bool is_article_type(std::string_view type);

// Parses every ld+json script of the page in document order and returns the first article-like
// object. Scripts that are not valid JSON are skipped. Cost: one walk plus the JSON parsing.
JsonLd read_jsonld(const html::Dom& dom);

// The description of the page's schema.org Product (or ProductGroup), white space folded; "" when
// there is none. Cost: one walk plus the JSON parsing.
std::string read_product_description(const html::Dom& dom);

// Same as read_jsonld, from one script's text (exposed for tests). Returns found=false when it
// holds no article.
JsonLd parse_jsonld(std::string_view text);

}  // namespace winnow::extract
