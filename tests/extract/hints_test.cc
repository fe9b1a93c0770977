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

// ASCII class, id and style values are matched by hand-written word searches; values with other
// characters go to RE2. Appending a non-ASCII word must not change any answer: both ways agree.
TEST_CASE("ASCII fast paths agree with the RE2 patterns") {
  const char* values[] = {"share", "post-share", "share_btn", "btn_share", "myshare", "shared-folder", "sharedaddy",
                          "sharedaddyx", "SHARE", "hid", "x hid", "hid y", "a hid b", "xhid", "hidx", "HID",
                          "Comment-List", "main-menu", "sidebar main-column", "ad-break", "x-ad-y", "page-body",
                          "h-entry", "widget", "com-x", "story", "tags", "meta-data", "", " ", "and",
                          // Words inside words and words in two lists at once (one automaton finds them all).
                          "Pagination", "shadow-banner", "AI2HTML", "MathJax-box", "yom-remote", "comcontact",
                          "xxhentryxx", "sharesidebar", "pagerelated", "articlecomment", "remarkable-text"};
  for (const char* v : values) {
    const std::string ascii = v, wide = std::string(v) + " \xC3\xA9t\xC3\xA9";  // " été"
    for (const char* attr : {"class", "id"}) {
      auto a = one("<div " + std::string(attr) + "='" + ascii + "'></div>");
      auto w = one("<div " + std::string(attr) + "='" + wide + "'></div>");
      CAPTURE(ascii);
      CAPTURE(attr);
      CHECK(extract::class_weight(a.dom, a.id) == extract::class_weight(w.dom, w.id));
      CHECK(extract::is_unlikely(a.dom, a.id) == extract::is_unlikely(w.dom, w.id));
      CHECK(extract::is_share(a.dom, a.id) == extract::is_share(w.dom, w.id));
    }
    auto both_a = one("<div class='" + ascii + "' id='sidebar'></div>");
    auto both_w = one("<div class='" + wide + "' id='sidebar'></div>");
    CHECK(extract::is_unlikely(both_a.dom, both_a.id) == extract::is_unlikely(both_w.dom, both_w.id));
  }
  for (const char* style : {"display:none", "DISPLAY :\n NONE", "display: block", "visibility:hidden",
                            "visibility : visible", "x-display:none", "display:", "display none"}) {
    auto a = one("<div style='" + std::string(style) + "'></div>");
    auto w = one("<div style='" + std::string(style) + ";content:\"\xC3\xA9\"'></div>");
    CAPTURE(style);
    CHECK(extract::is_hidden(a.dom, a.id) == extract::is_hidden(w.dom, w.id));
  }
  // And the answers themselves, where the word boundaries matter.
  CHECK(extract::is_share(one("<div class='share_btn'></div>").dom, one("<div class='share_btn'></div>").id));
  auto x = one("<div class='myshare'></div>");
  CHECK_FALSE(extract::is_share(x.dom, x.id));
  auto h = one("<div class='a hid'></div>");
  CHECK(extract::class_weight(h.dom, h.id) == -25);
  auto k = one("<div class='xhid'></div>");
  CHECK(extract::class_weight(k.dom, k.id) == 0);
}
