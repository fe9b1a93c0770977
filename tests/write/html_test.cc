#include <doctest/doctest.h>

#include "html/parse.h"
#include "write/html.h"

namespace {

winnow::Metadata meta(const std::string& url = "https://example.com/news/story.html") {
  winnow::Metadata m;
  m.url = url;
  m.title = "A <Title> & more";
  return m;
}

// The article part of the rendered document (between <article>\n and </article>).
std::string article(const std::string& html, const winnow::Metadata& m = meta()) {
  winnow::html::Dom dom = winnow::html::parse(html);
  const std::string doc = winnow::write::render_html(dom, dom.find_first(GUMBO_TAG_BODY), m);
  const std::size_t begin = doc.find("<article>\n");
  const std::size_t end = doc.rfind("</article>");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  return doc.substr(begin + 10, end - begin - 10);
}

}  // namespace

TEST_CASE("a full document with head, title and the article") {
  winnow::html::Dom dom = winnow::html::parse("<p>Hi</p>");
  winnow::Metadata m = meta();
  m.language = "en";
  m.canonical_url = "https://example.com/c?a=1&b=2";
  CHECK(winnow::write::render_html(dom, dom.find_first(GUMBO_TAG_BODY), m) ==
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>A &lt;Title&gt; &amp; more</title>\n"
        "<link rel=\"canonical\" href=\"https://example.com/c?a=1&amp;b=2\">\n"
        "</head>\n<body>\n<article>\n<p>Hi</p>\n</article>\n</body>\n</html>\n");
  CHECK(winnow::write::render_html(dom, winnow::html::kNoNode, winnow::Metadata{}) ==
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title></title>\n"
        "</head>\n<body>\n<article>\n</article>\n</body>\n</html>\n");
}

TEST_CASE("text and attribute values are escaped") {
  CHECK(article("<p title='say \"hi\" &amp; &lt;go&gt;'>1 &lt; 2 &amp;&amp; 3 &gt; 2 \"q\"</p>") ==
        "<p title=\"say &quot;hi&quot; &amp; &lt;go&gt;\">1 &lt; 2 &amp;&amp; 3 &gt; 2 \"q\"</p>\n");
}

TEST_CASE("only meaningful attributes survive; junk elements go") {
  CHECK(article("<div class=\"x\" style=\"color:red\" id=\"main\" onclick=\"evil()\" data-v=\"1\" lang=\"fr\" dir=\"ltr\">"
                "<span class=\"s\">Bon</span><script>alert(1)</script><style>p{}</style>"
                "<iframe src=\"/ad\"></iframe><form action=\"/f\"><label>Mail</label><input name=e>"
                "<button>Go</button></form><svg><text>chart</text></svg><my-widget>kept text</my-widget></div>") ==
        "<div lang=\"fr\" dir=\"ltr\">BonMailkept text</div>\n");
  CHECK(article("<table><tr><td colspan=\"2\" rowspan=\"1\" width=\"50\">c</td></tr></table>") ==
        "<table><tbody><tr><td colspan=\"2\" rowspan=\"1\">c</td></tr>\n</tbody>\n</table>\n");
  CHECK(article("<p><time datetime=\"2024-01-02\">Jan 2</time></p>") ==
        "<p><time datetime=\"2024-01-02\">Jan 2</time></p>\n");
}

TEST_CASE("void elements have no end tag; others are always closed") {
  CHECK(article("<p>a<br>b<wbr>c<hr></p><ul><li>one<li>two</ul>") ==
        "<p>a<br>b<wbr>c</p>\n<hr>\n<p></p>\n<ul><li>one</li>\n<li>two</li>\n</ul>\n");
}

TEST_CASE("links are absolute against the page URL and <base href>") {
  CHECK(article("<p><a href=\"../about#team\" class=\"c\">About</a> <a href=\"//cdn.net/x\">x</a> "
                "<a href=\"?page=2\">next</a> <a href=\"javascript:go()\">js</a> <a name=\"n\">anchor</a></p>") ==
        "<p><a href=\"https://example.com/about#team\">About</a> <a href=\"https://cdn.net/x\">x</a> "
        "<a href=\"https://example.com/news/story.html?page=2\">next</a> js anchor</p>\n");
  CHECK(article("<head><base href=\"/static/\"></head><body><p><a href=\"a.html\">a</a></p>"
                "<blockquote cite=\"src.html\">q</blockquote></body>") ==
        "<p><a href=\"https://example.com/static/a.html\">a</a></p>\n"
        "<blockquote cite=\"https://example.com/static/src.html\">q</blockquote>\n");
  // No page URL: links stay as written.
  CHECK(article("<p><a href=\"rel.html\">r</a></p>", winnow::Metadata{}) == "<p><a href=\"rel.html\">r</a></p>\n");
}

TEST_CASE("lazy-loaded images' real sources are promoted") {
  CHECK(article("<p><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/i/real.jpg\" "
                "alt=\"Real\" class=\"lazy\" width=\"1\"></p>") ==
        "<p><img src=\"https://example.com/i/real.jpg\" alt=\"Real\"></p>\n");
  CHECK(article("<p><img src=\"/blank.gif\" data-original=\"big.png\"></p>") ==
        "<p><img src=\"https://example.com/news/big.png\"></p>\n");
  CHECK(article("<p><img data-srcset=\"a.jpg 1x, b.jpg 2x\"></p>") ==
        "<p><img src=\"https://example.com/news/b.jpg\"></p>\n");
  CHECK(article("<p><img src=\"keep.jpg\" srcset=\"small.jpg 100w, large.jpg 2000w\"></p>") ==
        "<p><img src=\"https://example.com/news/keep.jpg\"></p>\n");
  CHECK(article("<picture><source srcset=\"/p/w.webp 800w, /p/w2.webp 1600w\"><img alt=\"pic\"></picture>") ==
        "<img src=\"https://example.com/p/w2.webp\" alt=\"pic\">\n");
  // No usable source at all: the image goes.
  CHECK(article("<p>x<img src=\"data:image/gif;base64,AAAA\">y</p>") == "<p>xy</p>\n");
}

TEST_CASE("pre keeps its text and its leading newline") {
  CHECK(article("<pre>\n\nline 1\n  <b>x</b> &lt;y&gt;</pre>") == "<pre>\n\nline 1\n  <b>x</b> &lt;y&gt;</pre>\n");
}

TEST_CASE("the root element is kept unless it is body or an article") {
  winnow::html::Dom dom = winnow::html::parse("<div id=a><section class=s><p>x</p></section></div>");
  winnow::html::NodeId section = winnow::html::kNoNode;
  for (winnow::html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.tag(id) == GUMBO_TAG_SECTION) section = id;
  const std::string doc = winnow::write::render_html(dom, section, meta());
  CHECK(doc.find("<article>\n<section><p>x</p>\n</section>\n</article>") != std::string::npos);
}

TEST_CASE("deep nesting does not recurse") {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += "deep";
  const std::string out = article(html);
  CHECK(out.find("<div>deep</div>") != std::string::npos);
}
