#include <doctest/doctest.h>

#include "html/parse.h"
#include "write/markdown.h"
#include "write/render.h"

namespace {

using winnow::Metadata;

std::string md(const std::string& html, const std::string& url = "https://example.com/news/story.html",
               const std::string& title = "", bool include_title = false) {
  winnow::html::Dom dom = winnow::html::parse(html);
  Metadata m;
  m.url = url;
  m.title = title;
  return winnow::write::render_markdown(dom, dom.find_first(GUMBO_TAG_BODY), m, include_title);
}

}  // namespace

TEST_CASE("headings and paragraphs") {
  CHECK(md("<h1>Big</h1><p>One  two.</p><h3>Small <em>one</em></h3><p>Three.</p>") ==
        "# Big\n\nOne two.\n\n### Small *one*\n\nThree.\n");
  CHECK(md("<div><div>One.</div></div><div></div><p>  </p><p>Two.</p>") == "One.\n\nTwo.\n");
  CHECK(md("") == "");
}

TEST_CASE("emphasis, strike and code hug their text") {
  CHECK(md("<p>a<em> b </em>c <strong>d</strong><b></b> <s>e</s></p>") == "a *b* c **d** ~~e~~\n");
  CHECK(md("<p><b><strong>x</strong></b> un<i>believ</i>able</p>") == "**x** un*believ*able\n");
  CHECK(md("<p>Run <code>ls  -l</code> or <code>a`b</code>.</p>") == "Run `ls -l` or ``a`b``.\n");
}

TEST_CASE("links are absolute; javascript links become text") {
  CHECK(md("<p>See <a href=\"../about?x=1\">the page</a> and <a href=\"/a b(c)\">this</a>.</p>") ==
        "See [the page](https://example.com/about?x=1) and [this](https://example.com/a%20b%28c%29).\n");
  CHECK(md("<p><a href=\"javascript:void(0)\">click</a> <a>anchor</a></p>") == "click anchor\n");
  // <base href> wins over the page URL, as in a browser.
  CHECK(md("<head><base href=\"https://cdn.example.org/root/\"></head><p><a href=\"x.html\">x</a></p>") ==
        "[x](https://cdn.example.org/root/x.html)\n");
  // A link spanning blocks closes and reopens in each.
  CHECK(md("<a href=\"/s\"><h2>Title</h2><p>Teaser</p></a>") ==
        "## [Title](https://example.com/s)\n\n[Teaser](https://example.com/s)\n");
  CHECK(md("<p>Wow!<a href=\"/x\">y</a></p>") == "Wow\\![y](https://example.com/x)\n");
}

TEST_CASE("nested and ordered lists, li > p") {
  CHECK(md("<p>Intro</p><ul><li>one</li><li>two<ul><li>deep</li></ul></li><li>three</li></ul><p>End</p>") ==
        "Intro\n\n- one\n- two\n  - deep\n- three\n\nEnd\n");
  CHECK(md("<ol start=\"9\"><li>nine</li><li>ten<ol><li>a</li></ol></li></ol>") ==
        "9. nine\n10. ten\n    1. a\n");
  CHECK(md("<ul><li><p>para one</p><p>para two</p></li><li><p>next</p></li></ul>") ==
        "- para one\n\n  para two\n- next\n");
  CHECK(md("<ol reversed><li>c</li><li>b</li><li>a</li></ol>") == "3. c\n2. b\n1. a\n");
  CHECK(md("<ul><li></li><li>x</li></ul>") == "- x\n");
  // Back-to-back lists must not merge into one.
  CHECK(md("<ul><li>a</li></ul><ul><li>b</li></ul><ul><li>c</li></ul>") == "- a\n\n* b\n\n- c\n");
}

TEST_CASE("blockquotes nest") {
  CHECK(md("<blockquote><p>One.</p><p>Two.</p><blockquote>Deep.</blockquote></blockquote>") ==
        "> One.\n>\n> Two.\n>\n> > Deep.\n");
  CHECK(md("<ul><li>item<blockquote>quoted</blockquote></li></ul>") == "- item\n\n  > quoted\n");
}

TEST_CASE("pre becomes a fenced code block") {
  CHECK(md("<p>Code:</p><pre><code class=\"language-cpp\">int x = 1;\n\n  if (x) y();\n</code></pre>") ==
        "Code:\n\n```cpp\nint x = 1;\n\n  if (x) y();\n```\n");
  CHECK(md("<pre>a ``` b</pre>") == "````\na ``` b\n````\n");
  CHECK(md("<ul><li>x<pre>1\n2</pre></li></ul>") == "- x\n\n  ```\n  1\n  2\n  ```\n");
}

TEST_CASE("tables become pipe tables") {
  CHECK(md("<table><caption>Prices</caption><tr><th>Item</th><th>Cost</th></tr>"
           "<tr><td>a | b</td><td><p>one</p><p>two</p></td></tr><tr><td colspan=2>all</td></tr></table>") ==
        "Prices\n\n| Item | Cost |\n| --- | --- |\n| a \\| b | one two |\n| all |  |\n");
  // No th: the first row is the header row.
  CHECK(md("<table><tr><td>x</td><td>y</td></tr><tr><td>1</td></tr></table>") ==
        "| x | y |\n| --- | --- |\n| 1 |  |\n");
  // One column: layout, not data.
  CHECK(md("<table><tr><td><p>Para one.</p></td></tr><tr><td>Para two.</td></tr></table>") ==
        "Para one.\n\nPara two.\n");
  CHECK(md("<table><tr><td><code>a|b</code></td><td><a href=\"/p|q\">l</a></td></tr></table>") ==
        "| `a\\|b` | [l](https://example.com/p%7Cq) |\n| --- | --- |\n");
}

TEST_CASE("images use their real source") {
  CHECK(md("<p><img src=\"data:image/gif;base64,R0lGOD\" data-src=\"/img/a.jpg\" alt=\"A [cat]\"></p>") ==
        "![A \\[cat\\]](https://example.com/img/a.jpg)\n");
  CHECK(md("<figure><img srcset=\"s.jpg 300w, l.jpg 1200w, m.jpg 800w\"><figcaption>Cap</figcaption></figure>") ==
        "![](https://example.com/news/l.jpg)\n\nCap\n");
  CHECK(md("<p>a<img src=\"spacer.gif\">b</p>") == "ab\n");
  CHECK(md("<p><a href=\"/big\"><img src=\"t.png\" alt=\"t\"></a></p>") ==
        "[![t](https://example.com/news/t.png)](https://example.com/big)\n");
}

TEST_CASE("markdown characters in text are escaped") {
  CHECK(md("<p>2 * 3 = 6, snake_case, _x_, [1], `tick`, a\\b</p>") ==
        "2 \\* 3 = 6, snake_case, \\_x\\_, \\[1\\], \\`tick\\`, a\\\\b\n");
  CHECK(md("<p># not a heading</p><p>1. not a list</p><p>- nor this</p><p>&lt;div&gt; &amp;amp; a < b & c</p>") ==
        "\\# not a heading\n\n1\\. not a list\n\n\\- nor this\n\n\\<div> \\&amp; a < b & c\n");
  CHECK(md("<p>line<br>#two<br><br>three</p>") == "line\\\n\\#two\n\nthree\n");
}

TEST_CASE("hr, line breaks, hidden content") {
  CHECK(md("<p>a</p><hr><p>b<br></p><script>x()</script><style>p{}</style><button>Share</button>") ==
        "a\n\n---\n\nb\n");
}

TEST_CASE("title on top, not repeated, switchable") {
  CHECK(md("<p>Body.</p>", "", "My *Title*", true) == "# My \\*Title\\*\n\nBody.\n");
  CHECK(md("<h1>My  Title</h1><p>Body.</p>", "", "My Title", true) == "# My Title\n\nBody.\n");
  CHECK(md("<h2>Other</h2><p>Body.</p>", "", "My Title", true) == "# My Title\n\n## Other\n\nBody.\n");
  CHECK(md("<p>Body.</p>", "", "My Title", false) == "Body.\n");
}

TEST_CASE("render() dispatches markdown and keeps text unchanged") {
  winnow::html::Dom dom = winnow::html::parse("<h2>Sub</h2><p>A <b>b</b>.</p>");
  winnow::Options options;
  options.format = winnow::Format::kMarkdown;
  winnow::Document doc;
  doc.metadata.title = "T";
  winnow::write::render(dom, dom.find_first(GUMBO_TAG_BODY), options, &doc);
  CHECK(doc.output == "# T\n\n## Sub\n\nA **b**.\n");
  CHECK(doc.text == "Sub\n\nA b.\n");
  options.format = winnow::Format::kText;
  winnow::write::render(dom, dom.find_first(GUMBO_TAG_BODY), options, &doc);
  CHECK(doc.output == "T\n\nSub\n\nA b.\n");
  options.format = winnow::Format::kMarkdown;
  winnow::write::render(dom, winnow::html::kNoNode, options, &doc);
  CHECK(doc.output == "# T\n");
}

TEST_CASE("deep nesting does not recurse") {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<blockquote><ul><li>";
  html += "deep";
  const std::string out = md(html);
  CHECK(out.find("> - > - deep\n") != std::string::npos);
}

TEST_CASE("emphasis delimiters stay readable as emphasis") {
  // Adjacent elements of one kind merge rather than writing "**" between them.
  CHECK(md("<p><em>Call Me </em><em>b</em><em>y Your Name</em></p>") == "*Call Me* *by Your Name*\n");
  CHECK(md("<p><i>A</i><sup><i>n</i></sup> is</p>") == "*An* is\n");
  // Punctuation right after a word goes before an opening marker.
  CHECK(md("<p><em>run on </em>Kotaku<em>. <strong>Warning</strong> x</em></p>") ==
        "*run on* Kotaku. ***Warning** x*\n");
  CHECK(md("<p>Nation<em>\xe2\x80\xa2</em>October</p>") == "Nation\xe2\x80\xa2October\n");
  CHECK(md("<p>\xe3\x81\xa6<b>\xe3\x80\x8cquote\xe3\x80\x8d</b>\xe3\x81\xa8</p>") ==
        "\xe3\x81\xa6\xe3\x80\x8c**quote**\xe3\x80\x8d\xe3\x81\xa8\n");
  // A closing marker after punctuation cannot close before a letter: the emphasis is dropped.
  CHECK(md("<p><em>Slate\xe2\x80\x99</em>s and <em><strong>\xe2\x80\x9c</strong></em>We</p>") ==
        "*Slate*\xe2\x80\x99s and \xe2\x80\x9cWe\n");
  CHECK(md("<p><em>Flash.</em> They</p>") == "*Flash.* They\n");
  CHECK(md("<p>\xe3\x81\xa6<b>\xe3\x80\x8c<a href=\"/u\">x</a>\xe3\x80\x8d</b>\xe3\x81\xa8</p>") ==
        "\xe3\x81\xa6\xe3\x80\x8c**[x](https://example.com/u)**\xe3\x80\x8d\xe3\x81\xa8\n");
  CHECK(md("<p>word<b><a href=\"/u\">x</a></b> <b>ok</b></p>") == "word[x](https://example.com/u) **ok**\n");
  CHECK(md("<p>a ~b~ c~~d</p>") == "a \\~b\\~ c\\~\\~d\n");
}

TEST_CASE("block elements inside pre start new lines") {
  CHECK(md("<pre><code><span>#include</span><p>KEEP<br>int x;</p><div>y</div></code></pre>") ==
        "```\n#include\nKEEP\nint x;\ny\n```\n");
}
