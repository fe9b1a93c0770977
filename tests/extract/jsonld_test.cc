#include <doctest/doctest.h>

#include "extract/jsonld.h"
#include "html/parse.h"

using namespace winnow::extract;

TEST_CASE("an article object's fields are read") {
  const JsonLd j = parse_jsonld(R"({"@context":"https://schema.org","@type":"NewsArticle",
    "headline":"Big news","author":[{"@type":"Person","name":"Ann"},{"name":"Bob"}],
    "publisher":{"name":"Daily"},"datePublished":"2020-01-02T03:04:05Z","dateModified":"2020-01-03",
    "image":{"url":"https://x/i.png"},"description":"Desc","articleBody":"Body text","inLanguage":"fr"})");
  CHECK(j.found);
  CHECK(j.headline == "Big news");
  CHECK(j.byline == "Ann, Bob");
  CHECK(j.site_name == "Daily");
  CHECK(j.published == "2020-01-02T03:04:05Z");
  CHECK(j.modified == "2020-01-03");
  CHECK(j.image == "https://x/i.png");
  CHECK(j.description == "Desc");
  CHECK(j.article_body == "Body text");
  CHECK(j.language == "fr");
}

TEST_CASE("the article is found in arrays and @graph, other types are skipped") {
  CHECK(parse_jsonld(R"([{"@type":"WebSite","name":"S"},{"@type":"BlogPosting","name":"P"}])").name == "P");
  CHECK(parse_jsonld(R"({"@graph":[{"@type":"Organization"},{"@type":["Article"],"headline":"G"}]})").headline == "G");
  CHECK_FALSE(parse_jsonld(R"({"@type":"WebPage","name":"W"})").found);
  CHECK_FALSE(parse_jsonld("{not json").found);
  CHECK(parse_jsonld("<![CDATA[{\"@type\":\"Article\",\"author\":\"Solo\"}]]>").byline == "Solo");
}

TEST_CASE("read_jsonld takes the first article script of the page") {
  const auto dom = winnow::html::parse(
      "<html><head><script type='application/ld+json'>{\"@type\":\"Organization\"}</script>"
      "<script type=\"application/ld+json\">{\"@type\":\"ReportageNewsArticle\",\"name\":\"First\"}</script>"
      "<script type='application/ld+json'>{\"@type\":\"Article\",\"name\":\"Second\"}</script></head></html>");
  const JsonLd j = read_jsonld(dom);
  CHECK(j.found);
  CHECK(j.name == "First");
}

TEST_CASE("is_article_type") {
  CHECK(is_article_type("Article"));
  CHECK(is_article_type("TechArticle"));
  CHECK(is_article_type("BlogPosting"));
  CHECK_FALSE(is_article_type("WebPage"));
  CHECK_FALSE(is_article_type("Person"));
}
