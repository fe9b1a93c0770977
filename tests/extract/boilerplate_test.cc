#include <doctest/doctest.h>

#include "extract/boilerplate.h"
#include "html/parse.h"

using namespace winnow;

namespace {
html::NodeId by_id(const html::Dom& dom, std::string_view v) {
  for (html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.attr(id, "id") == v) return id;
  return html::kNoNode;
}
const unsigned kAll = extract::kStripUnlikely | extract::kWeightClasses | extract::kCleanConditionally;
const std::string kSentence =
    "<p>The council met on Tuesday, and after a long debate, it voted to rebuild the old bridge, which had been "
    "closed since the spring floods damaged its eastern pillars.</p>";
}  // namespace

TEST_CASE("data tables") {
  const auto dom = html::parse(
      "<table id=a><tr><th>h</th></tr></table><table id=b><tr><td>x</td></tr></table>"
      "<table id=c role=presentation><tr><th>h</th></tr></table><table id=d summary=s><tr><td>1</td></tr></table>");
  extract::NodeFacts facts(dom, "");
  auto sel = extract::select_article(dom, dom.find_first(GUMBO_TAG_BODY), 0, &facts);
  CHECK(extract::is_data_table(dom, by_id(dom, "a"), sel.counts[by_id(dom, "a")]));
  CHECK_FALSE(extract::is_data_table(dom, by_id(dom, "b"), sel.counts[by_id(dom, "b")]));
  CHECK_FALSE(extract::is_data_table(dom, by_id(dom, "c"), sel.counts[by_id(dom, "c")]));
  CHECK(extract::is_data_table(dom, by_id(dom, "d"), sel.counts[by_id(dom, "d")]));
}

TEST_CASE("clean_article marks junk blocks and measures what is left") {
  std::string links = "<ul id=links class=promo-list>";
  for (int i = 0; i < 8; ++i) links += "<li><a href=/x>Another story headline</a></li>";
  links += "</ul>";
  const auto dom = html::parse("<body><div id=art>" + kSentence + kSentence + kSentence + links +
                               "<footer id=f>Footer text</footer><div id=share class=share>Share this</div>"
                               "<div id=imgs><img src=a><img src=b><img src=c></div></div></body>");
  extract::NodeFacts facts(dom, "");
  auto sel = extract::select_article(dom, dom.find_first(GUMBO_TAG_BODY), kAll, &facts);
  const float chars = extract::clean_article(dom, kAll, &sel, &facts);
  CHECK(sel.marks[by_id(dom, "links")] == extract::Reason::kNegativeClass);
  CHECK(sel.marks[by_id(dom, "f")] == extract::Reason::kJunkTag);
  CHECK(sel.marks[by_id(dom, "share")] == extract::Reason::kShare);
  CHECK(sel.marks[by_id(dom, "imgs")] == extract::Reason::kShady);
  CHECK(sel.marks[by_id(dom, "art")] == extract::Reason::kKeep);
  CHECK(chars > 300);
  CHECK(chars < 500);
}

TEST_CASE("without conditional cleaning only tags and share rows go") {
  std::string links = "<div id=links>";
  for (int i = 0; i < 8; ++i) links += "<a href=/x>Another story headline</a> ";
  links += "</div>";
  const auto dom = html::parse("<body><div id=art>" + kSentence + kSentence + links + "</div></body>");
  extract::NodeFacts facts(dom, "");
  auto sel = extract::select_article(dom, dom.find_first(GUMBO_TAG_BODY), 0, &facts);
  extract::clean_article(dom, 0, &sel, &facts);
  CHECK(sel.marks[by_id(dom, "links")] == extract::Reason::kKeep);
}

TEST_CASE("a link-dense block among paragraphs goes; a list of image items stays") {
  std::string links = "<div id=links><p>Also:</p>";
  for (int i = 0; i < 8; ++i) links += "<span><a href=/x>Another story headline</a></span> ";
  links += "</div>";
  const auto dom = html::parse("<body><div id=art>" + kSentence + kSentence + kSentence + links +
                               "<ul id=gallery><li><img src=1></li><li><img src=2></li><li><img src=3></li></ul>"
                               "</div></body>");
  extract::NodeFacts facts(dom, "");
  auto sel = extract::select_article(dom, dom.find_first(GUMBO_TAG_BODY), kAll, &facts);
  extract::clean_article(dom, kAll, &sel, &facts);
  CHECK(sel.marks[by_id(dom, "links")] == extract::Reason::kLinkDense);
  CHECK(sel.marks[by_id(dom, "gallery")] == extract::Reason::kKeep);
}
