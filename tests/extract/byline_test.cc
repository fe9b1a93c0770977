#include <doctest/doctest.h>

#include "extract/byline.h"
#include "html/parse.h"

using namespace winnow;

namespace {
html::NodeId first_tag(const html::Dom& dom, GumboTag tag) {
  for (html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.tag(id) == tag) return id;
  return html::kNoNode;
}
}  // namespace

TEST_CASE("byline markers") {
  const auto a = html::parse("<p class='post-byline'>By Ann</p>");
  CHECK(extract::looks_like_byline(a, first_tag(a, GUMBO_TAG_P)));
  const auto b = html::parse("<a rel=author href=/ann>Ann</a>");
  CHECK(extract::looks_like_byline(b, first_tag(b, GUMBO_TAG_A)));
  const auto c = html::parse("<span itemprop='author'>Ann</span>");
  CHECK(extract::looks_like_byline(c, first_tag(c, GUMBO_TAG_SPAN)));
  const auto d = html::parse("<p class='lead'>Text</p>");
  CHECK_FALSE(extract::looks_like_byline(d, first_tag(d, GUMBO_TAG_P)));
}

TEST_CASE("byline length") {
  CHECK(extract::is_valid_byline("  By Ann Smith "));
  CHECK_FALSE(extract::is_valid_byline("   "));
  CHECK_FALSE(extract::is_valid_byline(std::string(120, 'x')));
}

TEST_CASE("byline markers: case, class or id, first attribute of a name") {
  const auto a = html::parse("<p id='WrittenBy-x'>Ann</p>");
  CHECK(extract::looks_like_byline(a, first_tag(a, GUMBO_TAG_P)));
  const auto b = html::parse("<a REL=Author href=/ann>Ann</a>");
  CHECK(extract::looks_like_byline(b, first_tag(b, GUMBO_TAG_A)));
  const auto c = html::parse("<p class='x' rel='authors'>Ann</p>");
  CHECK_FALSE(extract::looks_like_byline(c, first_tag(c, GUMBO_TAG_P)));
  const auto d = html::parse("<p class='lead' class='byline'>Text</p>");  // the parser keeps the first
  CHECK_FALSE(extract::looks_like_byline(d, first_tag(d, GUMBO_TAG_P)));
  const auto e = html::parse("<p data-class='byline'>Text</p>");
  CHECK_FALSE(extract::looks_like_byline(e, first_tag(e, GUMBO_TAG_P)));
}
