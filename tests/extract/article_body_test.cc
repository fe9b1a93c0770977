#include <doctest/doctest.h>

#include "extract/article_body.h"
#include "html/parse.h"
#include "write/text.h"

using namespace winnow;

namespace {
std::string page(const std::string& body_text) {
  return "<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"articleBody\":\"" + body_text +
         "\"}</script></head><body><div id=app>Loading</div></body></html>";
}
}  // namespace

TEST_CASE("a long articleBody replaces a near-empty detection") {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "Paragraph number " + std::to_string(i) + " of the story, told at some length.\\n";
  html::Dom dom = html::parse(page(text));
  extract::Article a;
  a.root = dom.find_first(GUMBO_TAG_BODY);
  extract::use_article_body_if_better(&dom, a.root, 7, &a);
  const std::string out = write::render_text(dom, a.root);
  CHECK(out.find("Paragraph number 19") != std::string::npos);
  CHECK(out.find("Loading") == std::string::npos);
  CHECK(out.find("\n\n") != std::string::npos);  // one paragraph per line of the JSON
  CHECK_FALSE(a.notes.empty());
}

TEST_CASE("a short articleBody, or a good detection, changes nothing") {
  html::Dom dom = html::parse(page("Short teaser."));
  extract::Article a;
  a.root = dom.find_first(GUMBO_TAG_BODY);
  const html::NodeId before = a.root;
  extract::use_article_body_if_better(&dom, a.root, 7, &a);
  CHECK(a.root == before);
  std::string text(3000, 'x');
  html::Dom dom2 = html::parse(page(text));
  extract::use_article_body_if_better(&dom2, before, 2500, &a);
  CHECK(a.root == before);
}
