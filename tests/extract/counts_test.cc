#include <doctest/doctest.h>

#include <algorithm>

#include "common/text.h"
#include "extract/counts.h"
#include "html/parse.h"
#include "html/walk.h"

using namespace winnow;

namespace {
// Counts of every node, bottom-up, the way the detector computes them.
std::vector<extract::Counts> count_all(const html::Dom& dom) {
  std::vector<extract::Counts> c(dom.size());
  html::walk(dom, dom.document(), [](html::NodeId) { return true; }, [&](html::NodeId id) {
    if (dom.is_text(id)) {
      c[id] = extract::text_counts(dom.text(id));
      return;
    }
    extract::Counts acc;
    for (html::NodeId k = dom.node(id).first_child; k != html::kNoNode; k = dom.node(k).next_sibling)
      extract::add_child(dom, k, c[k], &acc);
    if (dom.is_element(id)) extract::finish_element(dom, id, &acc);
    c[id] = acc;
  });
  return c;
}
html::NodeId by_id(const html::Dom& dom, std::string_view v) {
  for (html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.attr(id, "id") == v) return id;
  return html::kNoNode;
}
}  // namespace

TEST_CASE("text counts: characters, CJK weight, commas") {
  CHECK(extract::text_counts("  a  b ").chars == 3);
  CHECK(extract::text_counts("中文").chars == 4);
  CHECK(extract::text_counts("a, b，c、d").commas == 3);
}

TEST_CASE("text counts of ASCII text are those of its collapsed copy") {
  for (const char* t : {"", "   ", "a", " a ", "a  b", "\tone,\n two ,three\r\n", "x\x01y", "\f\v,\v", ",,"}) {
    CAPTURE(t);
    const std::string collapsed = normalize_space(t);
    const extract::Counts c = extract::text_counts(t);
    CHECK(c.chars == static_cast<float>(collapsed.size()));
    CHECK(c.commas == static_cast<std::uint32_t>(std::count(collapsed.begin(), collapsed.end(), ',')));
  }
  // Mixed with a no-break space (not ASCII): the collapsed copy is measured.
  CHECK(extract::text_counts("a\xC2\xA0 b,").chars == 4);
}

TEST_CASE("subtree counts: links, paragraphs, lists, tables") {
  const auto dom = html::parse(
      "<div id=d><p>abcd <a href=/x>efgh</a></p><a href='#top'>0123456789</a><ul id=u><li>xy</li></ul>"
      "<div>inline only</div><table id=t><tr><th>a</th><td colspan=3>b</td></tr><tr><td>c</td></tr></table></div>");
  const auto c = count_all(dom);
  const auto& d = c[by_id(dom, "d")];
  CHECK(d.link_chars == doctest::Approx(4 + 10 * 0.3));
  CHECK(d.p == 2);  // the <p> and the inline-only <div>
  CHECK(d.li == 1);
  CHECK(d.list_chars == 2);
  CHECK(d.has_block);
  const auto& t = c[by_id(dom, "t")];
  CHECK(t.rows == 2);
  CHECK(t.max_cols == 4);
  CHECK(t.table_hint);
  CHECK(extract::link_density(c[by_id(dom, "u")]) == 0);
}

TEST_CASE("a link is phrasing when all it holds is") {
  const auto dom = html::parse("<a id=a href=/><span>x</span></a><a id=b href=/><div>y</div></a>");
  const auto c = count_all(dom);
  CHECK(extract::is_phrasing(dom, by_id(dom, "a"), c[by_id(dom, "a")]));
  CHECK_FALSE(extract::is_phrasing(dom, by_id(dom, "b"), c[by_id(dom, "b")]));
}
