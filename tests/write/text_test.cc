#include <doctest/doctest.h>

#include "html/parse.h"
#include "write/text.h"

namespace {

std::string text_of(const std::string& html) {
  winnow::html::Dom dom = winnow::html::parse(html);
  return winnow::write::render_text(dom, dom.find_first(GUMBO_TAG_BODY));
}

}  // namespace

TEST_CASE("paragraphs are separated by one blank line") {
  CHECK(text_of("<p>One.</p><p>Two.</p>") == "One.\n\nTwo.\n");
  CHECK(text_of("<div><div><p>One.</p></div></div><div><p>Two.</p></div>") == "One.\n\nTwo.\n");
}

TEST_CASE("inline elements join words; blocks never glue their texts together") {
  CHECK(text_of("<p>The <b>bold</b> <a href=x>link</a>.</p>") == "The bold link.\n");
  CHECK(text_of("<p><span>Drop</span>cap</p>") == "Dropcap\n");
  // Seed 004: a caption and its credit in separate blocks must not be glued.
  CHECK(text_of("<figure><figcaption><div>Soldiers in Lachin (September 2022)</div><div>Resul Rehimov / Abaca / PAP</div>"
                "</figcaption></figure>") ==
        "Soldiers in Lachin (September 2022)\n\nResul Rehimov / Abaca / PAP\n");
  CHECK(text_of("<p>Lachin (September 2022)</p><p>Resul Rehimov</p>").find("2022)Resul") == std::string::npos);
}

TEST_CASE("white space collapses, except in pre") {
  CHECK(text_of("<p>  a \n\t b   c </p>") == "a b c\n");
  CHECK(text_of("<pre>line 1\n  indented\n</pre>") == "line 1\n  indented\n");
  CHECK(text_of("<p>before</p><pre>x  =  1</pre><p>after</p>") == "before\n\nx  =  1\n\nafter\n");
}

TEST_CASE("list items and headings stay on their own lines") {
  CHECK(text_of("<p>Intro</p><ul><li>one</li><li>two</li></ul><p>End</p>") == "Intro\n\none\ntwo\n\nEnd\n");
  CHECK(text_of("<h2>Fighting Began Sept. 27</h2><p>Body text.</p>") == "Fighting Began Sept. 27\n\nBody text.\n");
  CHECK(text_of("<dl><dt>term</dt><dd>definition</dd></dl>") == "term\ndefinition\n");
}

TEST_CASE("line breaks and table rows") {
  CHECK(text_of("<p>a<br>b</p>") == "a\nb\n");
  CHECK(text_of("<p>a<br><br>b</p>") == "a\n\nb\n");
  CHECK(text_of("<table><tr><th>h1</th><th>h2</th></tr><tr><td>1</td><td>2</td></tr></table>") == "h1\th2\n1\t2\n");
}

TEST_CASE("blocks holding only white space or no-break spaces vanish") {
  CHECK(text_of("<p>One</p><p>&nbsp;</p><p> \xC2\xA0 </p><div>  </div><p>Two</p>") == "One\n\nTwo\n");
  CHECK(text_of("<p>&nbsp;</p>") == "");
}

TEST_CASE("text of non-rendered elements never appears") {
  CHECK(text_of("<p>keep</p><script>var x = 1;</script><style>p{}</style><noscript>enable js</noscript>"
                "<template><p>tpl</p></template><svg><text>svg text</text></svg><iframe>frame</iframe>"
                "<form><input type=hidden value=secret><button>Submit</button><select><option>opt</option></select>"
                "<textarea>typed</textarea><label>Name</label></form>") == "keep\n\nName\n");
  winnow::html::Dom dom = winnow::html::parse("<html><head><title>T</title></head><body><p>b</p></body></html>");
  CHECK(winnow::write::render_text(dom, dom.document()) == "b\n");
}

TEST_CASE("deeply nested markup renders without recursion") {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += "deep";
  CHECK(text_of(html) == "deep\n");
}
