#include <doctest/doctest.h>

#include <algorithm>

#include "extract/scoring.h"
#include "html/parse.h"

using namespace winnow;

namespace {
html::NodeId by_id(const html::Dom& dom, std::string_view v) {
  for (html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.attr(id, "id") == v) return id;
  return html::kNoNode;
}
const unsigned kAll = extract::kStripUnlikely | extract::kWeightClasses | extract::kCleanConditionally;
// One pass with facts of its own, as find_article's first pass has.
extract::Selection select(const html::Dom& dom, unsigned flags, std::string_view title) {
  extract::NodeFacts facts(dom, title);
  return extract::select_article(dom, dom.find_first(GUMBO_TAG_BODY), flags, &facts);
}
std::string para(int i) {
  return "<p>Paragraph " + std::to_string(i) +
         ": the river rose, the town waited, and the bridge, old as it was, held through the night.</p>";
}
}  // namespace

TEST_CASE("the block with the most prose wins over link lists") {
  std::string html = "<body><div id=menu>";
  for (int i = 0; i < 20; ++i) html += "<p><a href=/x>A link that is long enough to count, with commas, yes</a></p>";
  html += "</div><div id=main>";
  for (int i = 0; i < 6; ++i) html += para(i);
  html += "</div></body>";
  const auto dom = html::parse(html);
  const auto sel = select(dom, kAll, "");
  CHECK(sel.top == by_id(dom, "main"));
  CHECK(sel.top_score > 10);
  CHECK_FALSE(sel.whole_body);
}

TEST_CASE("sibling paragraphs are merged, unlikely blocks and the title heading are marked") {
  std::string html = "<body><div id=wrap><h1 id=h>The river story</h1><div id=a>";
  for (int i = 0; i < 5; ++i) html += para(i);
  html += "</div><p id=s>A sibling paragraph long enough to be part of the article, with no links at all in it.</p>"
          "<div id=c class=comments><p>A comment, with commas, that is long enough to score as a paragraph.</p></div>"
          "</div></body>";
  const auto dom = html::parse(html);
  const auto sel = select(dom, kAll, "The river story");
  CHECK(sel.marks[by_id(dom, "h")] == extract::Reason::kTitle);
  CHECK(sel.marks[by_id(dom, "c")] == extract::Reason::kUnlikely);
  CHECK(std::find(sel.kept.begin(), sel.kept.end(), by_id(dom, "s")) != sel.kept.end());
  const auto loose = select(dom, 0, "");
  CHECK(loose.marks[by_id(dom, "c")] == extract::Reason::kKeep);
}

TEST_CASE("no paragraphs: the body is the article") {
  const auto dom = html::parse("<body><span>tiny</span></body>");
  const auto sel = select(dom, kAll, "");
  CHECK(sel.whole_body);
  CHECK(sel.top == dom.find_first(GUMBO_TAG_BODY));
}

TEST_CASE("short_text stops early") {
  const auto dom = html::parse("<p>" + std::string(10000, 'x') + "</p><p>tail</p>");
  CHECK(extract::short_text(dom, dom.document(), 100).find("tail") == std::string::npos);
  CHECK(extract::short_text(dom, dom.document(), 100000).find("tail") != std::string::npos);
}

namespace {
// An article in chunks of one wrapper class, each deep in grid markup, with a rail and an ad
// between them; `second_class` is the class of the second chunk.
std::string chunked_page(std::string_view second_class, int first, int second) {
  auto chunk = [](std::string_view id, std::string_view cls, int from, int n) {
    std::string s = "<div id=" + std::string(id) + " class='" + std::string(cls) +
                    "'><div class=item><div class=body><div class=inner>";
    for (int i = from; i < from + n; ++i) s += para(i);
    return s + "</div></div></div><div class=rail><a href=/x>Rail link</a></div></div>";
  };
  return "<body><main><div class=chunks>" + chunk("c1", "grid wrapper", 0, first) +
         "<div class=ad-slot><a href=/ad>Buy now</a></div>" + chunk("c2", second_class, 100, second) +
         "</div></main><div id=more class=grid><p><a href=/r>A related story with a long headline, yes</a></p></div></body>";
}
bool kept(const extract::Selection& sel, html::NodeId id) {
  return std::find(sel.kept.begin(), sel.kept.end(), id) != sel.kept.end();
}
}  // namespace

TEST_CASE("an article in look-alike chunks is kept whole") {
  const auto dom = html::parse(chunked_page("grid wrapper", 8, 4));
  const auto sel = select(dom, kAll, "");
  CHECK(sel.top == by_id(dom, "c1"));
  CHECK(kept(sel, by_id(dom, "c1")));
  CHECK(kept(sel, by_id(dom, "c2")));
}

TEST_CASE("a wrapper of another class is not a chunk of the article") {
  const auto dom = html::parse(chunked_page("comments", 8, 4));
  const auto sel = select(dom, extract::kWeightClasses, "");
  // The article stays inside the first chunk: the second's text is not the same article's.
  bool inside = false;
  for (html::NodeId a = sel.top; a != html::kNoNode; a = dom.node(a).parent) inside |= a == by_id(dom, "c1");
  CHECK(inside);
  CHECK_FALSE(kept(sel, by_id(dom, "c2")));
}

TEST_CASE("an only child's wrappers keep its score: a weak block beside them is not merged") {
  // The article sits alone in its wrappers (its sibling, a table of contents filled by script, is
  // empty). Climbing to the outermost wrapper must not lower the bar that the wrapper's siblings
  // are measured against: the related-posts teaser beside it scores far below the article.
  auto page = [](std::string_view toc) {
    std::string html = "<body><section id=outer><div id=wrap><div class=toc>" + std::string(toc) +
                       "</div><div id=article>";
    for (int i = 0; i < 12; ++i) html += para(i);
    html += "</div></div><div id=related><p>Related: how the bridge was built, and who paid for it, "
            "in a story from the archive.</p></div></section></body>";
    return html;
  };
  for (const std::string toc : {"", "<h3>On the page</h3>"}) {
    CAPTURE(toc);
    const auto dom = html::parse(page(toc));
    const auto sel = select(dom, kAll, "");
    REQUIRE_FALSE(sel.whole_body);
    CHECK(std::find(sel.kept.begin(), sel.kept.end(), by_id(dom, "related")) == sel.kept.end());
    CHECK(sel.top_score > 50);
  }
}
