#include "html/parse.h"

#include <doctest/doctest.h>

#include <string>

#include "html/selector.h"
#include "html/walk.h"

using winnow::html::Dom;
using winnow::html::NodeId;

namespace {

// The tree as "<tag>" / "</tag>" and text nodes in brackets, white space shown as '_'.
std::string shape(const std::string& html) {
  const Dom dom = winnow::html::parse(html);
  const NodeId body = dom.find_first(GUMBO_TAG_BODY);
  std::string out;
  winnow::html::walk(
      dom, body,
      [&](NodeId id) {
        if (dom.is_text(id)) {
          out += '[';
          for (char c : dom.text(id)) out += c == ' ' || c == '\n' || c == '\t' ? '_' : c;
          out += ']';
        } else if (id != body) {
          out += "<" + std::string(dom.tag_name(id)) + ">";
        }
        return true;
      },
      [&](NodeId id) {
        if (dom.is_element(id) && id != body) out += "</" + std::string(dom.tag_name(id)) + ">";
      });
  return out;
}

}  // namespace

TEST_CASE("white space between blocks is left out of the Dom, where it shows it stays") {
  // Between blocks, and between a block and its block parent's edge: never shows.
  CHECK(shape("<div>\n <p>a</p>\n <p>b</p>\n</div>") == "<div><p>[a]</p><p>[b]</p></div>");
  CHECK(shape("<ul>\n<li>a</li>\n<li>b</li>\n</ul>") == "<ul><li>[a]</li><li>[b]</li></ul>");
  // Comments do not keep it: a page reads the same with or without them.
  CHECK(shape("<div><p>a</p> <!-- x --> <p>b</p></div>") == "<div><p>[a]</p><p>[b]</p></div>");
  // Beside inline elements or text it separates words: kept.
  CHECK(shape("<p><a>a</a> <b>b</b></p>") == "<p><a>[a]</a>[_]<b>[b]</b></p>");
  CHECK(shape("<div><span>a</span> <p>b</p></div>") == "<div><span>[a]</span>[_]<p>[b]</p></div>");
  // Inside an inline parent, or <pre>, kept.
  CHECK(shape("<span><div>a</div> <div>b</div></span>") == "<span><div>[a]</div>[_]<div>[b]</div></span>");
  CHECK(shape("<pre><div>a</div>\n<div>b</div></pre>") == "<pre><div>[a]</div>[_]<div>[b]</div></pre>");
  // Alone in its parent: kept, so that :empty stays false as in browsers.
  CHECK(shape("<div> </div>") == "<div>[_]</div>");
  const Dom dom = winnow::html::parse("<div class=x> </div><div class=y>\n<p></p>\n</div>");
  winnow::html::Selector empty;
  winnow::html::SelectorError error;
  REQUIRE(winnow::html::Selector::compile("div:empty", &empty, &error));
  std::vector<NodeId> found;
  empty.select(dom, dom.document(), &found);
  CHECK(found.empty());
}

TEST_CASE("the search for a white-space node's block neighbours stops after 64 nodes each way") {
  // 100,000 comments between two blocks: a search to the ends would be quadratic. Past the bound
  // the white space is kept (always safe: it only costs a node).
  std::string page = "<div><p>a</p>";
  for (int i = 0; i < 100000; ++i) page += " <!--c-->";
  page += " <p>b</p></div>";
  const std::string s = shape(page);
  std::size_t kept = 0;
  for (std::size_t at = s.find("[_]"); at != std::string::npos; at = s.find("[_]", at + 1)) ++kept;
  CHECK(kept == 100001);  // each is over 64 nodes from one of its two blocks
  CHECK(shape("<div><p>a</p> <!--c--> <!--c--> <p>b</p></div>") == "<div><p>[a]</p><p>[b]</p></div>");
}
