#include <doctest/doctest.h>

#include "html/parse.h"
#include "write/links.h"

namespace {

using winnow::write::image_url;

std::string first_image(const std::string& html, const std::string& base = "https://example.com/d/page") {
  winnow::html::Dom dom = winnow::html::parse(html);
  for (winnow::html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.tag(id) == GUMBO_TAG_IMG) return image_url(dom, id, base);
  return "(no img)";
}

}  // namespace

TEST_CASE("base_url honours <base href>") {
  winnow::html::Dom plain = winnow::html::parse("<p>x</p>");
  CHECK(winnow::write::base_url(plain, "https://example.com/a/b") == "https://example.com/a/b");
  CHECK(winnow::write::base_url(plain, "") == "");
  winnow::html::Dom based = winnow::html::parse("<head><base href=\"../up/\"></head><p>x</p>");
  CHECK(winnow::write::base_url(based, "https://example.com/a/b/c") == "https://example.com/a/up/");
  winnow::html::Dom absolute = winnow::html::parse("<head><base href=\"https://other.org/\"></head>");
  CHECK(winnow::write::base_url(absolute, "") == "https://other.org/");
}

TEST_CASE("link_url resolves and refuses script and data targets") {
  CHECK(winnow::write::link_url("https://example.com/a/b", " c d ") == "https://example.com/a/c d");
  CHECK(winnow::write::link_url("https://example.com/a/b", "mailto:x@y.z") == "mailto:x@y.z");
  CHECK(winnow::write::link_url("https://example.com/a/b", "JavaScript:alert(1)") == "");
  CHECK(winnow::write::link_url("https://example.com/a/b", "java\tscript:alert(1)") == "");
  CHECK(winnow::write::link_url("https://example.com/a/b", "data:text/html,x") == "");
  CHECK(winnow::write::link_url("https://example.com/a/b", "") == "");
  CHECK(winnow::write::link_url("https://example.com/a/b", " # ") == "");
  CHECK(winnow::write::link_url("https://example.com/a/b", "#sec") == "https://example.com/a/b#sec");
  CHECK(winnow::write::link_url("", "rel/x") == "rel/x");
}

TEST_CASE("placeholders and srcset candidates") {
  CHECK(winnow::write::is_placeholder_src(""));
  CHECK(winnow::write::is_placeholder_src("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP"));
  CHECK(winnow::write::is_placeholder_src("/static/img/Spacer.GIF"));
  CHECK(winnow::write::is_placeholder_src("https://x.com/assets/lazyload-placeholder.png?v=2"));
  CHECK(!winnow::write::is_placeholder_src("/lazy-loading-guide/photo.jpg"));
  CHECK(!winnow::write::is_placeholder_src("https://x.com/2024/ship.jpg"));
  CHECK(winnow::write::largest_srcset_candidate("a.jpg 480w, b.jpg 1080w, c.jpg 720w") == "b.jpg");
  CHECK(winnow::write::largest_srcset_candidate("a.jpg, b.jpg 2x") == "b.jpg");
  CHECK(winnow::write::largest_srcset_candidate("only.jpg") == "only.jpg");
  CHECK(winnow::write::largest_srcset_candidate("x.jpg?w=1,2 1x,y.jpg 3x") == "y.jpg");
  CHECK(winnow::write::largest_srcset_candidate("  ") == "");
}

TEST_CASE("image_url prefers lazy-loading sources, then src, then srcset") {
  CHECK(first_image("<img src=\"data:,\" data-lazy-src=\"/r.jpg\">") == "https://example.com/r.jpg");
  CHECK(first_image("<img src=\"low.jpg\" data-src=\"high.jpg\">") == "https://example.com/d/high.jpg");
  CHECK(first_image("<img src=\"s.jpg\" srcset=\"l.jpg 2x\">") == "https://example.com/d/s.jpg");
  CHECK(first_image("<img src=\"1x1.gif\" srcset=\"l.jpg 2x\">") == "https://example.com/d/l.jpg");
  CHECK(first_image("<img data-src=\"data:image/png;base64,AA\" src=\"ok.png\">") == "https://example.com/d/ok.png");
  CHECK(first_image("<img src=\"javascript:x\">") == "");
  CHECK(first_image("<img>") == "");
}
