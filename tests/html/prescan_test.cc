#include "html/prescan.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/text.h"
#include "extract/metadata.h"
#include "html/parse.h"
#include "html/walk.h"
#include "../time_limit.h"

namespace fs = std::filesystem;
using winnow::html::prescan;

namespace {

std::string dropped(const std::string& html) { return prescan(html, true).html; }

// Elements whose contents the pre-scan drops; their text never reaches the cleaner's output.
// Everything else (tags, and text collapsed with normalize_space's rules) must come out of Gumbo
// the same with and without the pre-scan.
bool contents_ignored(const winnow::html::Dom& dom, winnow::html::NodeId id) {
  switch (dom.tag(id)) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_SVG: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
      return true;
    default:
      return false;
  }
}

bool keeps_white_space(const winnow::html::Dom& dom, winnow::html::NodeId id) {
  return !dom.node(id).in_foreign_namespace &&
         (dom.tag(id) == GUMBO_TAG_PRE || dom.tag(id) == GUMBO_TAG_LISTING ||
          dom.tag(id) == GUMBO_TAG_TEXTAREA || dom.tag(id) == GUMBO_TAG_PLAINTEXT);
}

// The tree as a string: "<tag a=v>" and "</tag>" for elements, collapsed text between them (the
// pre-scan collapses runs of white space), text as it is inside <pre> and the like. Only the
// attributes `keep` keeps are shown (by default all but event handlers and srcdoc).
std::string shape(const std::string& html, const winnow::html::AttributeFilter& keep = {}) {
  const winnow::html::Dom dom = winnow::html::parse(html);
  std::string out;
  bool pending_space = false;
  int keep_space = 0;
  winnow::html::walk(
      dom, dom.document(),
      [&](winnow::html::NodeId id) {
        if (dom.is_text(id)) {
          if (keep_space > 0) {
            if (pending_space) out += ' ';
            pending_space = false;
            out += dom.text(id);  // as it is (text nodes split by a dropped comment join up)
          } else {
            winnow::append_collapsed(&out, dom.text(id), &pending_space);
          }
          return false;
        }
        if (!dom.is_element(id)) return true;
        if (keeps_white_space(dom, id)) ++keep_space;
        if (pending_space) out += ' ';
        pending_space = false;
        out += '<';
        if (dom.node(id).in_foreign_namespace) out += "f:";
        out += dom.tag_name(id);
        for (auto* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
          const std::string_view name = dom.view(a->name);
          if (winnow::html::is_dropped_attribute(name) || !keep.keeps(dom.tag(id), name)) continue;
          out += ' ';
          out += name;
          out += "=\"";
          out += dom.view(a->value);
          out += '"';
        }
        out += '>';
        return !contents_ignored(dom, id);
      },
      [&](winnow::html::NodeId id) {
        if (!dom.is_element(id)) return;
        if (keeps_white_space(dom, id)) --keep_space;
        out += "</";
        out += dom.tag_name(id);
        out += '>';
      });
  return out;
}

// Deepest element nesting in Gumbo's tree (<html> is 1).
std::size_t dom_depth(const std::string& html) {
  const winnow::html::Dom dom = winnow::html::parse(html);
  std::size_t depth = 0, deepest = 0;
  winnow::html::walk(
      dom, dom.document(),
      [&](winnow::html::NodeId id) {
        if (dom.is_element(id)) deepest = std::max(deepest, ++depth);
        return true;
      },
      [&](winnow::html::NodeId id) {
        if (dom.is_element(id)) --depth;
      });
  return deepest;
}

// The pre-scanned page parses to the same tree (outside the dropped contents, and but for the
// attributes `keep` does not keep).
void same_tree(const std::string& html, const winnow::html::AttributeFilter& keep = {}) {
  INFO("html: ", html);
  const std::string dropped_html = prescan(html, true, keep).html;
  INFO("dropped_html: ", dropped_html);
  // Both sides filtered: a page with a frameset is copied whole, attributes too.
  CHECK(shape(dropped_html, keep) == shape(html, keep));
}

// Keeps class and href only (and what the tree builder reads).
winnow::html::AttributeFilter class_and_href() {
  winnow::html::AttributeFilter keep = winnow::html::AttributeFilter::selective();
  keep.keep("class");
  keep.keep("HREF");
  return keep;
}

// Strips `html` to `expected`, and the tree stays the same.
void drops_to(const std::string& html, const std::string& expected) {
  INFO("html: ", html);
  const winnow::html::Prescan p = prescan(html, true);
  CHECK(p.html == expected);
  CHECK(p.bytes_skipped == html.size() - p.html.size());
  same_tree(html);
}

std::string slurp(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<fs::path> corpus_pages() {
  std::vector<fs::path> pages;
  const char* shared = std::getenv("WINNOW_SHARED");
  if (!shared) return pages;
  const fs::path corpus = fs::path(shared) / "corpus";
  if (fs::is_directory(corpus / "readability"))
    for (const auto& e : fs::directory_iterator(corpus / "readability"))
      if (fs::is_regular_file(e.path() / "source.html")) pages.push_back(e.path() / "source.html");
  if (fs::is_directory(corpus / "postlight"))
    for (const auto& e : fs::directory_iterator(corpus / "postlight"))
      if (e.path().extension() == ".html") pages.push_back(e.path());
  std::sort(pages.begin(), pages.end());
  return pages;
}

}  // namespace

TEST_CASE("script bodies are dropped, tags kept") {
  drops_to("<p>a<script>var x = '<p>';</script>b</p>", "<p>a<script></script>b</p>");
  drops_to("<SCRIPT>x</SCRIPT>y", "<SCRIPT></SCRIPT>y");
  drops_to("<script>x</ScRiPt>y", "<script></ScRiPt>y");
  drops_to("<script src=a.js></script>", "<script src=a.js></script>");
  // A self-closing flag does not close an HTML script.
  drops_to("<script/>x</script>y", "<script/></script>y");
}

TEST_CASE("attribute values may quote '>'") {
  drops_to("<div title=\"a>b\" data-x='<script>'>t</div><script src=\">\">x</script>z",
            "<div title=\"a>b\" data-x='<script>'>t</div><script src=\">\"></script>z");
  drops_to("<script data-a='</script>'>x</script>y", "<script data-a='</script>'></script>y");
  // Unquoted values end at white space or '>'.
  drops_to("<script a=b/>x</script>y", "<script a=b/></script>y");
}

TEST_CASE("only </script followed by white space, '/' or '>' ends a script") {
  drops_to("<script>a</script foo=\"b>\">c", "<script></script foo=\"b>\">c");
  drops_to("<script>a</scriptx>b</script>c", "<script></script>c");
  drops_to("<script>a</script\n>c", "<script></script\n>c");
  drops_to("<script>a</script/>c", "<script></script/>c");
  drops_to("<script>a</ script>b</script>c", "<script></script>c");
}

TEST_CASE("escaped script data: <!-- <script> ... </script> ... --> does not end the script") {
  drops_to("<script>a<!--<script>b</script>c-->d</script>e", "<script></script>e");
  drops_to("<script><!--<script>--></script>x", "<script></script>x");
  // Escaped but not double-escaped: the first </script> ends it.
  drops_to("<script>a<!--b</script>c-->", "<script></script>c-->");
  // "<scripty" does not double-escape.
  drops_to("<script><!--<scripty></script>x", "<script></script>x");
  // Double-escaped, then "</script>" leaves it: the next one ends the script.
  drops_to("<script><!--<script></script></script>x", "<script></script>x");
  // "-->" returns to plain script data.
  drops_to("<script><!-- a --><script></script>x", "<script></script>x");
  drops_to("<script><!--><script></script>x", "<script></script>x");
}

TEST_CASE("comments are dropped whole, per the tokenizer") {
  drops_to("a<!-->b", "ab");
  drops_to("a<!--->b", "ab");
  drops_to("a<!---->b", "ab");
  drops_to("a<!-- x --!>b", "ab");
  drops_to("a<!-- x -- y --->b", "ab");
  drops_to("a<!-- <!-- x -->b", "ab");
  drops_to("a<!-- <div> -->b<!--c-->", "ab");
  drops_to("<?xml version=\"1.0\"?><p>a", "<p>a");
  drops_to("<p>a</ 3>b", "<p>ab");
  drops_to("<p>a<!x>b<!>c", "<p>abc");
  drops_to("<p>a</>b", "<p>a</>b");
  drops_to("<!DOCTYPE html><p>a", "<!DOCTYPE html><p>a");
  drops_to("<p>a <b >c", "<p>a <b >c");
  drops_to("<p>a < b", "<p>a < b");
}

TEST_CASE("comments that keep apart text the tree builder treats differently joined are emptied") {
  drops_to("<pre><!-- c -->\nx</pre>", "<pre><!---->\nx</pre>");
  drops_to("<table> <!-- x -->b</table>", "<table> <!---->b</table>");
  drops_to("<form>a<!-- x --></div></form>", "<form>a<!----></div></form>");
  drops_to("<p>a<<!-- x -->b", "<p>a<<!---->b");
  drops_to("<p>&amp<!-- x -->;", "<p>&amp<!---->;");
  drops_to("<p>&#60<!-- x -->0", "<p>&#60<!---->0");
  drops_to("<p>a\r<!-- x -->\nb", "<p>a\r<!---->\nb");
  // Short ones stay as they are.
  drops_to("<table> <!-->b</table>", "<table> <!-->b</table>");
}

TEST_CASE("templates and noscripts that would reach outside are kept whole") {
  // An <object> (a formatting marker) left open lets the <b> before it outlive the template.
  drops_to("<template><b><object></template>x", "<template><b><object></template>x");
  // A reconstructed formatting element outside the model: its end tag keeps the noscript.
  drops_to("<body><p><i>a</p><noscript></i></noscript>b",
            "<body><p><i>a</p><noscript></i></noscript>b");
  // In a template that starts with <col>, other tags (raw text ones too) are ignored.
  drops_to("<template><col><xmp></template><b>x", "<template></template><b>x");
}

TEST_CASE("style bodies are dropped; other raw text is kept and skipped over") {
  drops_to("<style>a>b{}</style>c", "<style></style>c");
  drops_to("<style>/* </stylex> <script>x</script> */</style>c", "<style></style>c");
  drops_to("<xmp><script>a</script><!--b--></xmp>c", "<xmp><script>a</script><!--b--></xmp>c");
  drops_to("<iframe><!--x--><script>y</script></iframe>z",
            "<iframe><!--x--><script>y</script></iframe>z");
  drops_to("<noembed><script>y</script></noembed>", "<noembed><script>y</script></noembed>");
  drops_to("<noframes><!--x--></noframes>", "<noframes><!--x--></noframes>");
}

TEST_CASE("RCDATA (title, textarea) and plaintext hide tags") {
  drops_to("<title>a<script>x</script>b</title><p>c",
            "<title>a<script>x</script>b</title><p>c");
  drops_to("<textarea><!-- <script>y</script> --></textarea><script>z</script>",
            "<textarea><!-- <script>y</script> --></textarea><script></script>");
  drops_to("<p>a<plaintext><script>x</script><!-- c --></plaintext>",
            "<p>a<plaintext><script>x</script><!-- c --></plaintext>");
}

TEST_CASE("application/ld+json scripts are kept whole") {
  drops_to("<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>",
            "<script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>");
  drops_to("<script type=' Application/LD+JSON '>{}</script>",
            "<script type=' Application/LD+JSON '>{}</script>");
  drops_to("<script type=application/ld+json>{}</script><script type=text/javascript>x</script>",
            "<script type=application/ld+json>{}</script><script type=text/javascript></script>");
  // The first of duplicate attributes counts.
  drops_to("<script type=text/javascript type=application/ld+json>x</script>",
            "<script type=text/javascript type=application/ld+json></script>");
}

TEST_CASE("svg contents are dropped: nested svg, style and title inside are not raw text") {
  drops_to("<svg class=i><svg><path d='M0'/></svg><style>.a{}</style><title>T</title></svg>after",
            "<svg class=i></svg>after");
  // In svg a <style> is an ordinary element: the comment hides "</svg>".
  drops_to("<svg><style><!--</svg>-->x</style></svg>y", "<svg></svg>y");
  drops_to("<SVG><G><circle/></G></Svg>y", "<SVG></Svg>y");
  drops_to("<svg/>x", "<svg/>x");
  // CDATA exists in svg.
  drops_to("<svg><![CDATA[</svg><script>]]></svg>z", "<svg></svg>z");
  // An HTML tag leaves svg: the svg is kept whole.
  drops_to("<svg><p>x</svg>y", "<svg><p>x</svg>y");
  drops_to("<div><svg><g></div>x", "<div><svg><g></div>x");
  drops_to("<p><svg><g></p>x", "<p><svg><g></p>x");
  drops_to("<svg><foreignObject><div>x</div></foreignObject></svg>y",
            "<svg><foreignObject><div>x</div></foreignObject></svg>y");
  // ... but scripts in it are still dropped, and a later svg is dropped again.
  drops_to("<svg><b>x<script>y</script></svg><svg><g/></svg>",
            "<svg><b>x<script></script></svg><svg></svg>");
}

TEST_CASE("Gumbo's own ways with end tags are followed") {
  // Gumbo matches "</svg >" (anything after the name) to no svg element: the <p> then leaves the
  // svg, which is kept whole.
  drops_to("<svg><g></svg ><p>x", "<svg><g></svg ><p>x");
  // </object> closes through an svg <title> in Gumbo (and the style after it is HTML again).
  drops_to("<object><svg><title></object><style>x</style>",
            "<object><svg><title></object><style></style>");
  // A formatting end tag in svg runs the adoption agency, which can pop the svg.
  drops_to("<b><p><svg></b><xmp><!--<script>", "<b><p><svg></b><xmp><!--<script>");
  // Table end tags close the cells and rows the tree builder implied.
  drops_to("<table><th><svg></tr><iframe><style>x</style>",
            "<table><th><svg></tr><iframe><style>x</style>");
  // <menuitem> belongs in <head> in Gumbo, so the noscript after it is parsed there.
  drops_to("<menuitem><noscript><img></noscript>", "<menuitem><noscript><img></noscript>");
}

TEST_CASE("foreign content changes tokenizer states outside svg too") {
  // In math, <script> and <style> are ordinary elements (their text is kept), comments are
  // comments, and CDATA is text.
  drops_to("<math><mi>x</mi><style><!-- c -->s</style><script>t</script></math>",
            "<math><mi>x</mi><style>s</style><script>t</script></math>");
  drops_to("<math><![CDATA[<script>]]></math><script>x</script>",
            "<math><![CDATA[<script>]]></math><script></script>");
  // At a text integration point HTML rules are back.
  drops_to("<math><mi><style>a<!--b--></style></mi></math>",
            "<math><mi><style></style></mi></math>");
  // CDATA at an integration point in a table makes Gumbo 0.10.1 abort: dropped.
  CHECK(dropped("<table><math><mi><![CDATA[a]]>b") == "<table><math><mi>b");
  CHECK(dropped("<table><math><annotation-xml encoding=text/html><![CDATA[a]]>b") ==
        "<table><math><annotation-xml encoding=text/html>b");
  // Outside foreign content "<![CDATA[" is a bogus comment.
  drops_to("<p>a<![CDATA[x]]>b", "<p>ab");
}

TEST_CASE("a page with a frameset is kept whole") {
  drops_to("<!--a--><svg><g/></svg><frameset><script>x<!--y--></script>",
            "<!--a--><svg><g/></svg><frameset><script>x<!--y--></script>");
}

TEST_CASE("template contents are dropped, nested templates counted") {
  drops_to("<template><div>a</div><template>b</template>c</template>d",
            "<template></template>d");
  drops_to("<head><template><p>x</template><noscript><link></noscript></head><p>y",
            "<head><template></template><noscript><link></noscript></head><p>y");
  drops_to("<template><svg><g></template>x", "<template></template>x");
}

TEST_CASE("noscript: its contents are kept, as markup (html::show_noscript_fallback may show them)") {
  drops_to("<body><noscript><img src=x></noscript>a", "<body><noscript><img src=x></noscript>a");
  drops_to("<div>a<noscript><div><iframe src=x></iframe></div></noscript>b",
            "<div>a<noscript><div><iframe src=x></iframe></div></noscript>b");
  // A block inside closes an open p outside: kept.
  drops_to("<p>a<noscript><div><iframe src=x></iframe></div></noscript>b",
            "<p>a<noscript><div><iframe src=x></iframe></div></noscript>b");
  // In <head> (scripting disabled) a noscript's content decides where the body starts.
  drops_to("<head><noscript><img></noscript><meta name=x></head>",
            "<head><noscript><img></noscript><meta name=x></head>");
  drops_to("<noscript><style>a</style></noscript><p>x",
            "<noscript><style></style></noscript><p>x");
  // A <p> inside closes the outer p, and the noscript with it.
  drops_to("<body><p>a<noscript><p>x</p></noscript>more",
            "<body><p>a<noscript><p>x</p></noscript>more");
  // An unclosed element inside keeps the noscript open past "</noscript>".
  drops_to("<body><noscript><p>x</noscript>y", "<body><noscript><p>x</noscript>y");
  drops_to("<body><a href=1><noscript><a href=2>x</a></noscript>y",
            "<body><a href=1><noscript><a href=2>x</a></noscript>y");
  drops_to("<body><noscript><table><tr><td>x</table></noscript>",
            "<body><noscript><table><tr><td>x</table></noscript>");
}

TEST_CASE("select ignores raw-text tags, which then stay markup") {
  drops_to("<select><style>a<b>c</b></style></select>",
            "<select><style>a<b>c</b></style></select>");
  drops_to("<select><option>a<script>x</script></select>",
            "<select><option>a<script></script></select>");
  drops_to("<select><textarea><b>x</textarea>", "<select><textarea><b>x</textarea>");
}

TEST_CASE("unclosed elements swallow the rest of the input") {
  drops_to("a<script>b<p>c", "a<script>");
  drops_to("a<!-- b<p>c", "a");
  drops_to("a<style>b", "a<style>");
  drops_to("a<svg><g>b", "a<svg>");
  drops_to("a<template><p>b", "a<template>");
  drops_to("a<script>b</script", "a<script>");
  drops_to("a<div class=\"x", "a<div class=\"x");
}

TEST_CASE("runs of white space become one character, except where white space shows") {
  drops_to("<p>a  b\n\n   c\t\td e</p>", "<p>a b\nc d e</p>");
  drops_to("<ul>\n    <li>x <b>y</b>\n  z</li>\n    <li>y</li>\n</ul>", "<ul>\n<li>x <b>y</b>\nz</li><li>y</li></ul>");
  drops_to("<p>a \r\n b</p>", "<p>a\nb</p>");
  drops_to("<pre>\n  a  b\n</pre>  <p>c  d</p>", "<pre>\n  a  b\n</pre> <p>c d</p>");
  drops_to("<listing>  x  </listing>", "<listing>  x  </listing>");
  drops_to("<pre><div>  a  </div>  b</pre>  c", "<pre><div>  a  </div>  b</pre> c");
  // Raw text, RCDATA, attribute values and comments are not text: untouched.
  drops_to("<textarea>a    b</textarea><title>x   y</title>", "<textarea>a    b</textarea><title>x   y</title>");
  drops_to("<div title=\"a    b\">  </div>", "<div title=\"a    b\"> </div>");
  drops_to("<script type=\"application/ld+json\">{\"a\":  \"b  c\"}</script>",
            "<script type=\"application/ld+json\">{\"a\":  \"b  c\"}</script>");
  // White space in a table stays in the table, collapsed or not.
  drops_to("<table>  <tr>  <td>a  b</td>  </tr>  </table>", "<table> <tr> <td>a b</td> </tr> </table>");
  // A <pre> closed by its parent's end tag lets collapsing resume.
  drops_to("<div><pre>a  b</div>c  d", "<div><pre>a  b</div>c d");
  // Measuring only copies nothing.
  CHECK(prescan("a    b", false).html.empty());
}

TEST_CASE("event handlers and srcdoc are dropped, other attributes kept") {
  drops_to("<a onclick=\"f('>')\" href=x ONLOAD=y srcdoc='<p>a</p>'>t</a>", "<a href=x>t</a>");
  drops_to("<div class=a onmouseover=g>x</div>", "<div class=a>x</div>");
  drops_to("<img src=a.jpg\tonerror=\"h()\"/>", "<img src=a.jpg\t/>");  // not "a.jpg/"
  drops_to("<iframe srcdoc=\"<b>x</b>\" src=y></iframe>", "<iframe src=y></iframe>");
  // "on" alone and names merely containing "on" are not handlers.
  drops_to("<p on=1 data-on=2 icon=3>x</p>", "<p on=1 data-on=2 icon=3>x</p>");
  // With the attribute limit: handlers before it dropped one by one, the cut takes the rest.
  std::string many = "<p";
  for (int i = 0; i < 300; ++i) many += " a" + std::to_string(i) + "=1 onclick=x";
  many += ">x</p>";
  const std::string dropped_html = dropped(many);
  CHECK(dropped_html.find("onclick") == std::string::npos);
  CHECK(dropped_html.find(" a127=1") != std::string::npos);  // 256 attributes: 128 of each
  CHECK(dropped_html.find(" a128=1") == std::string::npos);
  CHECK(dropped_html.substr(dropped_html.size() - 6) == ">x</p>");
  CHECK(shape(dropped_html).find("<p a0=\"1\" a1=\"1\"") != std::string::npos);  // the cut changes the tree on purpose
}

TEST_CASE("a dropped attribute leaves its neighbours apart and the tag open") {
  // Attributes written without white space between them, or before "/>", stay as they parse.
  drops_to("<a onclick=\"x\"href=y>t</a>", "<a href=y>t</a>");
  drops_to("<a href=\"y\"onclick=\"x\"class=z>t</a>", "<a href=\"y\"class=z>t</a>");
  drops_to("<svg/onload=x><path/></svg><p>t", "<svg></svg><p>t");  // not a self-closing <svg/>
  drops_to("<b / onload=x>y</b>", "<b / >y</b>");
  drops_to("<div/onclick=\"a\"/class=b>t</div>", "<div//class=b>t</div>");
  const winnow::html::AttributeFilter keep = class_and_href();
  auto strips_with_filter_to = [&](const std::string& html, const std::string& expected) {
    CHECK(prescan(html, true, keep).html == expected);
    same_tree(html, keep);
  };
  strips_with_filter_to("<img src=a download/>", "<img />");
  strips_with_filter_to("<a href=x download/>t</a>", "<a href=x />t</a>");  // href is not "x/"
  strips_with_filter_to("<a href=x download class=c>t</a>", "<a href=x class=c>t</a>");
  strips_with_filter_to("<a title = \"t\" href=x>t</a>", "<a href=x>t</a>");
  strips_with_filter_to("<a x=>t</a>", "<a>t</a>");
  // End tags keep theirs: Gumbo matches an end tag in svg by its whole text.
  strips_with_filter_to("<svg></svg x><p>t", "<svg></svg x><p>t");
  drops_to("<math></math onclick=x><p>t", "<math></math onclick=x><p>t");
}

TEST_CASE("an attribute filter keeps what it names and what the tree builder reads") {
  winnow::html::AttributeFilter keep = class_and_href();
  CHECK(prescan("<div CLASS=a data-x=1 title=t id=z>x</div>", true, keep).html == "<div CLASS=a>x</div>");
  CHECK(keep.keeps(GUMBO_TAG_DIV, "Class"));
  CHECK_FALSE(keep.keeps(GUMBO_TAG_DIV, "id"));
  CHECK_FALSE(keep.keeps_everything());
  // The tree builder reads an input's type (a hidden input stays in a table), a font's color,
  // face and size (they take it out of svg) and annotation-xml's encoding.
  CHECK(prescan("<table><input type=hidden name=q></table>", true, keep).html == "<table><input type=hidden></table>");
  same_tree("<table><input type=hidden name=q><tr><td>x</table>", keep);
  same_tree("<svg><font color=red data-a=1>x</font></svg>y", keep);
  same_tree("<math><annotation-xml encoding=text/html><p>x</annotation-xml></math>", keep);
  // Every attribute of the elements keep_all_on names.
  keep.keep_all_on(GUMBO_TAG_IFRAME);
  CHECK(prescan("<iframe data-src=v title=t></iframe><p data-src=w>", true, keep).html ==
        "<iframe data-src=v title=t></iframe><p>");
  // Event handlers go whatever the filter says.
  keep.keep("onclick");
  CHECK(prescan("<iframe onclick=x></iframe>", true, keep).html == "<iframe></iframe>");
  // The default filter keeps everything else.
  const winnow::html::AttributeFilter all;
  CHECK(all.keeps_everything());
  CHECK(all.keeps(GUMBO_TAG_DIV, "data-anything"));
  // Many names: the table grows.
  winnow::html::AttributeFilter many = winnow::html::AttributeFilter::selective();
  for (int i = 0; i < 500; ++i) CHECK(many.keep("a" + std::to_string(i)));
  CHECK_FALSE(many.keep("A7"));     // already kept
  CHECK_FALSE(many.keep("color"));  // kept anyway
  winnow::html::AttributeFilter everything;
  CHECK_FALSE(everything.keep("x"));
  CHECK(everything.keeps_everything());
  for (int i = 0; i < 500; ++i) CHECK(many.keeps(GUMBO_TAG_P, "A" + std::to_string(i)));
  CHECK_FALSE(many.keeps(GUMBO_TAG_P, "a500"));
}

TEST_CASE("white space between blocks goes where the tree is sure to be the same without it") {
  // After a block's end tag, before a block's start tag or the parent's end tag: gone.
  drops_to("<div><p>a</p>\n  <p>b</p>\n</div>\n<section>c</section>", "<div><p>a</p><p>b</p></div>\n<section>c</section>");
  drops_to("<table><tr><td><div>a</div> <div>b</div> </td></tr></table>",
            "<table><tr><td><div>a</div><div>b</div></td></tr></table>");
  // Before inline content, after a start tag, in <pre>: it shows, or may: kept.
  drops_to("<div><p>a</p> <span>b</span></div>", "<div><p>a</p> <span>b</span></div>");
  drops_to("<div>\n<p>a</p></div>", "<div>\n<p>a</p></div>");
  drops_to("<pre><div>a</div>\n<div>b</div></pre>", "<pre><div>a</div>\n<div>b</div></pre>");
  // A formatting element closed by a block's end tag is reopened by the next text, or white
  // space: from there on, nothing is dropped (the tree would change).
  drops_to("<div><p><b>a</p>\n<p>b</p></div>\n<div>c</div>", "<div><p><b>a</p>\n<p>b</p></div>\n<div>c</div>");
  drops_to("<div><p><i>a</i></p>\n<p>b</p></div>", "<div><p><i>a</i></p><p>b</p></div>");
  // Inside an inline element, in a table outside a cell, in a select: kept.
  drops_to("<a><div>a</div> <div>b</div></a>", "<a><div>a</div> <div>b</div></a>");
  drops_to("<table><div>a</div> <div>b</div></table>", "<table><div>a</div> <div>b</div></table>");
  // An unfinished tag after it: kept.
  drops_to("<div><p>a</p> <p", "<div><p>a</p> <p");
}

TEST_CASE("measuring only leaves html empty") {
  const winnow::html::Prescan p = prescan("<div><script>x</script></div>", false);
  CHECK(p.html.empty());
  CHECK(p.bytes_skipped == 0);
  CHECK(p.max_depth == 3);
}

TEST_CASE("random markup parses to the same tree after the pre-scan") {
  // Pieces chosen to collide: raw-text tags, comments, foreign content, implied end tags.
  const std::vector<std::string> pieces = {
      "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<a href=x>", "</a>", "<b>", "</b>",
      "<li>", "<ul>", "</ul>", "<table>", "<tr>", "<td>", "</table>", "<select>", "<option>",
      "</select>", "<script>", "</script>", "<script type=application/ld+json>", "<style>",
      "</style>", "<svg>", "</svg>", "<math>", "</math>", "<mi>", "<g>", "<path/>", "<title>",
      "</title>", "<textarea>", "</textarea>", "<template>", "</template>", "<noscript>",
      "</noscript>", "<!--", "-->", "--!>", "<!-->", "<![CDATA[", "]]>", "<?x>", "</ 3>", "<xmp>",
      "</xmp>", "<iframe>", "</iframe>", "<pre>", "\n", " ", "text", "<", ">", "'", "\"", "=",
      "<img>", "<br>", "<head>", "</head>", "<body>", "<foreignObject>", "<desc>", "<h1>", "</h2>",
      "<font color=red>", "<dd>", "<dt>", "<plaintext>", "<!DOCTYPE html>", "<frameset>", "<form>",
      "<!--<script>", "</script ", "<annotation-xml encoding=text/html>", "</svg ", "<i>", "</i>",
      "<button>", "</button>", "<caption>", "<colgroup>", "<col>", "<tbody>", "</tr>", "</td>",
      "</body>", "<meta>", "</form>", "<nobr>", "<object>", "</object>", "</br>", "<optgroup>",
      "<SCRIPT>", "</sTyle>", "<div title='a>b'>", "<p class=\"</script>\">", "&amp", ";", "\r",
      "</script x=\">\">", "</scriptx>", "</SVG>", "<svg/>", "<!---->", "<!-- -- -->", "<th>",
      "<noembed>", "</noembed>", "<menuitem>", "<rb>", "<custom-el>", "</custom-el>", "<mo>",
      "</pre>", "<listing>", "</listing>", "  \n\t ", "\t\t", " \r\n", "<center>", "</center>",
      "<input type=hidden data-x=1>", "<img src=a download/>", "<svg/onload=x>", "<b x=1/ y>",
      "<a title=\"t\"href=y class=c>", "<i data-a=\"1\"onclick=z/>", "<font size=2 data-q>",
      "</div>\n<div>", "</p> <p>", "</li>\n<li>", "</section>\n</div>", "<section>", "</section>",
      "</dd> <dt>", "</h2>\n<p>", "<hr>", "</ul>\n</li>", "</blockquote> ", " <table>", "</form>\n",
  };
  const winnow::html::AttributeFilter filtered = class_and_href();
  std::mt19937 rng(20240611);
  int cases = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string html;
    const int length = 1 + static_cast<int>(rng() % 24);
    for (int i = 0; i < length; ++i) html += pieces[rng() % pieces.size()];
    same_tree(html);
    same_tree(html, filtered);
    ++cases;
  }
  MESSAGE(cases, " random documents checked");
}

// The page's URL as extract::page_url reads it from the tree `html` parses to, and as clean()
// reads it before the parse, from the pre-scan's url_tags.
std::string url_of_tree(const std::string& html) { return winnow::extract::page_url(winnow::html::parse(html), ""); }
std::string url_of_tags(const winnow::html::Prescan& p) {
  return p.url_tags.empty() ? "" : url_of_tree(p.url_tags);
}

TEST_CASE("the url tags name the page's URL as the parsed page does") {
  const winnow::html::Prescan plain = prescan("<link rel=canonical href='https://a.example/x'><p>t", true);
  CHECK(plain.url_tags == "<link rel=canonical href='https://a.example/x'>");
  CHECK(url_of_tags(plain) == "https://a.example/x");
  // Entities, case, duplicate attributes, <base> resolution: the tags go through Gumbo too.
  for (const std::string& page : {
           std::string("<LINK REL='Canonical' HREF='https://b&#46;example/&amp;'>"),
           std::string("<link rel=canonical href=https://first.example/ href=https://second.example/>"),
           std::string("<base href=https://c.example/dir/><link rel='x canonical' href=../y>"),
           std::string("<meta property='og:title og:url' content=https://d.example/><meta name=og:url content=https://e.example/>"),
           std::string("<template><link rel=canonical href=https://in-template.example/></template><base href=https://f.example/>"),
           std::string("<p>text</p><svg><link rel=canonical href=https://in-svg.example/></svg><meta property=og:url content=https://g.example/>"),
           std::string("<select><link rel=canonical href=https://in-select.example/></select>"),
           std::string("<noscript><link rel=canonical href=https://noscript-head.example/></noscript>"),
           std::string("<body><noscript><p>x<link rel=canonical href=https://noscript-body.example/></noscript>"),
           std::string("<math><link rel=canonical href=https://in-math.example/></math>"),
       }) {
    INFO(page);
    const winnow::html::Prescan p = prescan(page, true);
    CHECK(url_of_tags(p) == url_of_tree(p.html));
    CHECK(url_of_tags(prescan(page, false)) == url_of_tree(page));
  }
}

// The model is not exact everywhere (a formatting element's end tag inside math's script, 6 of
// 100,000 documents of these pieces; a <frameset>): clean() chooses the host again after the parse
// when the two differ (tests/winnow_test.cc).
TEST_CASE("random markup: the url tags name the page's URL as the parsed page does") {
  const std::vector<std::string> pieces = {
      "<link rel=canonical href=https://one.example/a>", "<link rel=canonical href=/rel>",
      "<meta property=og:url content=https://two.example/>", "<meta name=og:url content=//three.example/>",
      "<base href=https://four.example/d/>", "<base href=x/>", "<link rel=canonical href='https://f&#105;ve.example/'>",
      "<p>", "</p>", "<div>", "</div>", "<table>", "<tr>", "<td>", "</table>", "<select>", "</select>",
      "<option>", "<svg>", "</svg>", "<math>", "</math>", "<mi>", "<template>", "</template>", "<noscript>",
      "</noscript>", "<head>", "</head>", "<body>", "</body>", "<script>", "</script>", "<style>", "</style>",
      "<title>", "</title>", "<textarea>", "</textarea>", "<!--", "-->", "<b>", "</b>", "<a href=x>", "</a>",
      "<foreignObject>", "<desc>", "<font color=red>", "<iframe>", "</iframe>", "text", " ", "<plaintext>",
      "<object>", "</object>", "<colgroup>", "<col>", "<caption>", "</html>", "<html>", "<xmp>", "</xmp>",
  };
  std::mt19937 rng(16);
  int cases = 0;
  for (int n = 0; n < 4000; ++n) {
    std::string html;
    const int length = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < length; ++i) html += pieces[rng() % pieces.size()];
    INFO("html: ", html);
    const winnow::html::Prescan p = prescan(html, true);
    CHECK(url_of_tags(p) == url_of_tree(p.html));
    CHECK(url_of_tags(prescan(html, false)) == url_of_tree(html));
    ++cases;
  }
  MESSAGE(cases, " random documents checked");
}

TEST_CASE("nesting depth") {
  using clock = std::chrono::steady_clock;
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  const auto start = clock::now();
  const winnow::html::Prescan p = prescan(deep, false);
  const double seconds = std::chrono::duration<double>(clock::now() - start).count();
  CHECK(p.max_depth > 10000);
  CHECK(seconds < time_limit(1.0));
  // Stripping measures the same.
  CHECK(prescan(deep, true).max_depth == p.max_depth);

  // 20,000 deep with a <p> left open at every level: each <div> closes the open p.
  std::string paras;
  for (int i = 0; i < 20000; ++i) paras += "<div><p>text";
  const std::size_t measured = prescan(paras, false).max_depth;
  CHECK(measured >= 20000);
  CHECK(measured <= 20010);

  // Flat pages stay flat: unclosed p, li, dd, td, option close each other.
  std::string flat = "<ul><select><table><tr>";
  for (int i = 0; i < 20000; ++i) flat += "<p>a<li>b<dd>c<dt>d<td>e<tr><option>f";
  CHECK(prescan(flat, false).max_depth < 20);
  std::string unmatched;
  for (int i = 0; i < 20000; ++i) unmatched += "<div></span></p>";
  CHECK(prescan(unmatched, false).max_depth >= 20000);

  // Close to Gumbo's own depth on small pages of these shapes.
  for (const std::string& page :
       {std::string("<div><p>a<div><p>b</div><span><i>c</i></span></div>"),
        std::string("<table><tr><td><table><tr><td>x</table></table>"),
        std::string("<ul><li>a<li>b<ul><li>c</ul></ul><svg><g><path/><g></svg>"),
        paras.substr(0, 12 * 300)}) {
    const std::size_t ours = prescan(page, false).max_depth;
    const std::size_t gumbo = dom_depth(page);
    INFO(page.substr(0, 80));
    CHECK(ours + 3 >= gumbo);
    CHECK(ours <= gumbo + 3);
  }
}

TEST_CASE("corpus: same trees, depth under 1,000") {
  const std::vector<fs::path> pages = corpus_pages();
  if (pages.empty()) {
    MESSAGE("../shared/corpus is absent: corpus checks skipped");
    return;
  }
  std::size_t total = 0, skipped = 0, deepest = 0, worst_error = 0;
  std::string deepest_page;
  for (const fs::path& path : pages) {
    const std::string html = slurp(path);
    const winnow::html::Prescan p = prescan(html, true);
    INFO(path.string());
    CHECK(shape(p.html) == shape(html));
    CHECK(url_of_tags(p) == url_of_tree(html));
    CHECK(p.max_depth < 1000);
    CHECK(prescan(html, false).max_depth == p.max_depth);
    const std::size_t gumbo = dom_depth(html);
    worst_error =
        std::max(worst_error, gumbo > p.max_depth ? gumbo - p.max_depth : p.max_depth - gumbo);
    total += html.size();
    skipped += p.bytes_skipped;
    if (p.max_depth > deepest) {
      deepest = p.max_depth;
      deepest_page = path.filename().string() == "source.html"
                         ? path.parent_path().filename().string()
                         : path.filename().string();
    }
  }
  MESSAGE(pages.size(), " pages, ", total, " bytes: ", skipped, " skipped (",
          100.0 * static_cast<double>(skipped) / static_cast<double>(total),
          "%); deepest ", deepest, " (", deepest_page, "); worst depth error against Gumbo ",
          worst_error);
}
