#include <doctest/doctest.h>

#include "extract/hints.h"
#include "html/parse.h"

using namespace winnow;

namespace {
struct One {
  html::Dom dom;
  html::NodeId id = html::kNoNode;
};
One one(const std::string& html) {
  One o{html::parse(html)};
  for (html::NodeId id = 0; id < o.dom.size(); ++id)
    if (o.dom.is_element(id) && o.dom.tag(id) == GUMBO_TAG_DIV) {
      o.id = id;
      break;
    }
  return o;
}
}  // namespace

TEST_CASE("class weight") {
  auto a = one("<div class='article-body'></div>");
  CHECK(extract::class_weight(a.dom, a.id) == 25);
  auto b = one("<div class='sidebar' id='post-content'></div>");
  CHECK(extract::class_weight(b.dom, b.id) == 0);
  auto c = one("<div class='comment-list' id='related'></div>");
  CHECK(extract::class_weight(c.dom, c.id) == -50);
}

TEST_CASE("unlikely candidates") {
  auto a = one("<div class='sidebar'></div>");
  CHECK(extract::is_unlikely(a.dom, a.id));
  auto b = one("<div class='sidebar main-column'></div>");
  CHECK_FALSE(extract::is_unlikely(b.dom, b.id));
  auto c = one("<div role='navigation'></div>");
  CHECK(extract::is_unlikely(c.dom, c.id));
  auto d = one("<div class='story'></div>");
  CHECK_FALSE(extract::is_unlikely(d.dom, d.id));
}

TEST_CASE("share rows and hidden elements") {
  auto a = one("<div class='post-share'></div>");
  CHECK(extract::is_share(a.dom, a.id));
  auto b = one("<div class='shared-folder'></div>");
  CHECK_FALSE(extract::is_share(b.dom, b.id));
  auto c = one("<div style='color:red; display: none'></div>");
  CHECK(extract::is_hidden(c.dom, c.id));
  auto d = one("<div aria-hidden=true></div>");
  CHECK(extract::is_hidden(d.dom, d.id));
  auto e = one("<div hidden></div>");
  CHECK(extract::is_hidden(e.dom, e.id));
  auto f = one("<div style='display:block'></div>");
  CHECK_FALSE(extract::is_hidden(f.dom, f.id));
}
