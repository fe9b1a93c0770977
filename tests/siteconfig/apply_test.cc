// Site configs end to end through the public API: each directive on a hand-written page, and the
// lookup of a page's file by its host.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "siteconfig/apply.h"
#include "siteconfig/library.h"
#include "winnow/winnow.h"

using namespace winnow;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const char* tag) {
    path = fs::temp_directory_path() / ("winnow-siteconfig-" + std::string(tag) + "-" + std::to_string(std::rand()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
  std::string str() const { return path.string(); }
};

// A page long enough that the detector, when it runs, has an article to find.
const char* kPage = R"(<!doctype html><html><head><title>Page title | Site</title>
<meta property="og:title" content="The og title">
<meta name="author" content="Meta Author"></head><body>
<div class="nav">Home News Sport</div>
<article id="story" data-kind="long">
<h1 class="headline">The headline</h1>
<p class="byline"><a rel="author" href="/a/ann">Ann Writer</a> and <a rel="author" href="/a/bob">Bob Writer</a></p>
<time datetime="2021-03-04T05:06:07Z">4 March 2021</time>
<p>First paragraph of the story, which goes on for a while so that it reads like an article and not like a caption.</p>
<div class="share-tools">Share this on Facebook</div>
<p>Second paragraph <img src="https://cdn.example.com/pixel.gif?x=1"> <img src="https://cdn.example.com/photo.jpg"> of the story.</p>
<aside>An aside about something else entirely.</aside>
<div id="related-box">Related: other stories</div>
<p><span class="wrap">Wrapped words</span> in the third paragraph of the story, which also goes on for a while.</p>
<h3>Leave a Reply</h3>
</article>
<div id="extra">Extra box after the article.</div>
<a class="print" href="/print/story">Print</a> <a rel="next" href="?page=2">Next page</a>
</body></html>)";

struct Run {
  Error error;
  Document doc;
};

Run clean_with(const std::string& config, const std::string& page = kPage, const std::string& url = "https://www.example.com/story",
               const std::string& file = "example.com.txt") {
  TempDir dir("apply");
  dir.write(file, config);
  Rules rules;
  Run run;
  run.error = load_rules({}, {dir.str()}, &rules);
  REQUIRE_MESSAGE(run.error.ok(), run.error.message);
  Options options;
  options.url = url;
  options.explain = true;
  run.error = clean(page, options, rules, "page.html", &run.doc);
  return run;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool noted(const Document& doc, const std::string& part) {
  for (const std::string& n : doc.notes)
    if (has(n, part)) return true;
  return false;
}

}  // namespace

TEST_CASE("body: the first expression that selects an element is the article, as is") {
  Run r = clean_with("body: //div[@id='missing']\nbody: //article\nbody: //div[@id='extra']\n");
  REQUIRE(r.error.ok());
  CHECK(has(r.doc.text, "First paragraph"));
  CHECK_FALSE(has(r.doc.text, "Extra box"));
  CHECK_FALSE(has(r.doc.text, "Home News Sport"));
  CHECK(noted(r.doc, "example.com.txt:2 body //article"));
}

TEST_CASE("body: several elements selected are joined in document order") {
  Run r = clean_with("body: //div[@id='extra'] | //h1 | //article//p[1]\nprune: no\n");
  REQUIRE(r.error.ok());
  const std::size_t h1 = r.doc.text.find("The headline"), p = r.doc.text.find("Ann Writer"),
                    extra = r.doc.text.find("Extra box");
  REQUIRE(h1 != std::string::npos);
  REQUIRE(p != std::string::npos);
  REQUIRE(extra != std::string::npos);
  CHECK(h1 < p);
  CHECK(p < extra);
  CHECK_FALSE(has(r.doc.text, "Second paragraph"));
  CHECK(noted(r.doc, "3 elements joined"));
}

TEST_CASE("strip, strip_id_or_class (a substring of id or class), strip_image_src") {
  Run r = clean_with(
      "body: //article\nstrip: //aside\nstrip_id_or_class: share\nstrip_id_or_class: related\n"
      "strip_image_src: pixel.gif\nprune: no\n");
  REQUIRE(r.error.ok());
  CHECK_FALSE(has(r.doc.text, "An aside"));
  CHECK_FALSE(has(r.doc.text, "Share this"));     // class share-tools
  CHECK_FALSE(has(r.doc.text, "Related: other"));  // id related-box
  CHECK(has(r.doc.text, "Second paragraph"));
  bool strip = false, word = false, image = false;
  for (const Removal& m : r.doc.removals) {
    strip |= m.rule == "example.com.txt:2 strip" && m.pattern == "//aside";
    word |= m.rule == "example.com.txt:3 strip_id_or_class";
    image |= m.rule == "example.com.txt:5 strip_image_src";
  }
  CHECK(strip);
  CHECK(word);
  CHECK(image);
  // The image that matched is gone from the HTML output, the other one stays.
  TempDir dir("images");
  dir.write("example.com.txt", "body: //article\nstrip_image_src: pixel.gif\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  Options options;
  options.url = "https://example.com/story";
  options.format = Format::kHtml;
  Document doc;
  REQUIRE(clean(kPage, options, rules, "page.html", &doc).ok());
  CHECK_FALSE(has(doc.output, "pixel.gif"));
  CHECK(has(doc.output, "photo.jpg"));
}

TEST_CASE("strip runs before body: a stripped element is not the body") {
  Run r = clean_with("strip: //article\nbody: //article\nbody: //div[@id='extra']\n");
  REQUIRE(r.error.ok());
  CHECK(has(r.doc.text, "Extra box"));
  CHECK_FALSE(has(r.doc.text, "First paragraph"));
}

TEST_CASE("title, author and date: first match; attribute and string results") {
  Run r = clean_with(
      "title: //h2\ntitle: //meta[@property='og:title']/@content\ntitle: //h1\n"
      "author: //p[@class='nothing']\nauthor: //a[@rel='author']\n"
      "date: substring-before(//time/@datetime, 'T')\nbody: //article\n");
  REQUIRE(r.error.ok());
  CHECK(r.doc.metadata.title == "The og title");
  CHECK(r.doc.metadata.byline == "Ann Writer, Bob Writer");
  CHECK(r.doc.metadata.published == "2021-03-04");
  Run s = clean_with("title: concat(//h1, ' (example)')\ndate: //time\n");
  CHECK(s.doc.metadata.title == "The headline (example)");
  CHECK(s.doc.metadata.published == "2021-03-04");  // "4 March 2021" read as a date
}

TEST_CASE("prune: yes lets the generic rules clean inside the body; prune: no keeps it as selected") {
  Run pruned = clean_with("body: //article\n");
  REQUIRE(pruned.error.ok());
  CHECK_FALSE(has(pruned.doc.text, "Leave a Reply"));  // generic-comments
  Run kept = clean_with("body: //article\nprune: no\n");
  REQUIRE(kept.error.ok());
  CHECK(has(kept.doc.text, "Leave a Reply"));
  CHECK(noted(kept.doc, "prune: no"));
}

TEST_CASE("find_string / replace_string change the HTML before it is parsed") {
  const std::string page =
      "<html><body><article><p>Visible words of the article body.</p>"
      "<noscript><p>Only in noscript, which the pre-scan drops.</p></noscript></article></body></html>";
  Run plain = clean_with("body: //article\n", page);
  CHECK_FALSE(has(plain.doc.text, "Only in noscript"));
  Run replaced = clean_with("body: //article\nfind_string: <noscript>\nreplace_string: <div>\nreplace_string(</noscript>): </div>\n", page);
  REQUIRE(replaced.error.ok());
  CHECK(has(replaced.doc.text, "Only in noscript"));
}

TEST_CASE("find_string works when the host is only known from the page's canonical link") {
  const std::string page =
      "<html><head><link rel=canonical href='https://example.com/story'></head><body><article><p>Words of the "
      "article body.</p><noscript><p>Only in noscript.</p></noscript></article></body></html>";
  Run r = clean_with("body: //article\nreplace_string(noscript>): div>\n", page, "");
  REQUIRE(r.error.ok());
  CHECK(has(r.doc.text, "Only in noscript."));
}

TEST_CASE("an expression may test an attribute nothing else reads: the pre-scan keeps it") {
  Run r = clean_with("body: //*[@data-kind='long']\nprune: no\n");
  REQUIRE(r.error.ok());
  CHECK(noted(r.doc, "body by example.com.txt:1"));
  CHECK_FALSE(has(r.doc.text, "Extra box"));
  // Known from the canonical link only: the pre-scan reads it, and keeps the attribute.
  std::string page = kPage;
  page.insert(page.find("</head>"), "<link rel=canonical href='https://example.com/story'>");
  Run late = clean_with("body: //*[@data-kind='long']\nprune: no\n", page, "");
  CHECK(noted(late.doc, "body by example.com.txt:1"));
  Run any = clean_with("body: //*[@*='long']\nprune: no\n", page, "");
  CHECK(noted(any.doc, "body by example.com.txt:1"));
}

TEST_CASE("dissolve replaces elements by their children") {
  TempDir dir("dissolve");
  dir.write("example.com.txt", "body: //article\ndissolve: //span[@class='wrap']\nprune: no\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  Options options;
  options.url = "https://example.com/";
  options.format = Format::kHtml;
  Document doc;
  REQUIRE(clean(kPage, options, rules, "page.html", &doc).ok());
  CHECK(has(doc.output, "Wrapped words in the third"));
  CHECK_FALSE(has(doc.output, "class=\"wrap\""));
  CHECK_FALSE(has(doc.output, "<span"));
}

TEST_CASE("strip_attr removes the attributes it selects") {
  TempDir dir("strip-attr");
  dir.write("example.com.txt", "body: //article\nstrip_attr: //a[@rel='author'][1]/@href\nprune: no\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  Options options;
  options.url = "https://example.com/";
  options.format = Format::kHtml;
  Document doc;
  REQUIRE(clean(kPage, options, rules, "page.html", &doc).ok());
  CHECK(has(doc.output, "Ann Writer"));
  CHECK_FALSE(has(doc.output, "/a/ann"));
  CHECK(has(doc.output, "/a/bob"));
}

TEST_CASE("wrap_in(tag) wraps each selected node in a new element, which later expressions see") {
  TempDir dir("wrap");
  dir.write("example.com.txt",
            "wrap_in(blockquote): //article/p[3]\nwrap_in(h2): //time\nbody: //article[blockquote]\nprune: no\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  Options options;
  options.url = "https://example.com/";
  options.format = Format::kHtml;
  Document doc;
  REQUIRE(clean(kPage, options, rules, "page.html", &doc).ok());
  CHECK(has(doc.output, "<blockquote><p>Second paragraph"));
  CHECK(has(doc.output, "<h2><time datetime=\"2021-03-04T05:06:07Z\">4 March 2021</time></h2>"));
  bool body = false;
  for (const std::string& n : doc.notes) body |= has(n, "body by example.com.txt:3");
  CHECK(body);
}

TEST_CASE("autodetect_on_failure: detection when no body matches, unless it says no") {
  Run detected = clean_with("body: //div[@id='missing']\n");
  REQUIRE(detected.error.ok());
  CHECK(has(detected.doc.text, "First paragraph"));
  CHECK(noted(detected.doc, "no body expression matched"));
  Run empty = clean_with("body: //div[@id='missing']\nautodetect_on_failure: no\n");
  REQUIRE(empty.error.ok());
  CHECK(empty.doc.text.empty());
  CHECK(noted(empty.doc, "the article is empty"));
}

TEST_CASE("single_page_link and next_page_link give absolute URLs to follow; if_page_contains gates them") {
  Run r = clean_with("body: //article\nsingle_page_link: //a[@class='print']\nnext_page_link: //a[@rel='next']/@href\n");
  REQUIRE(r.error.ok());
  CHECK(r.doc.single_page_url == "https://www.example.com/print/story");
  CHECK(r.doc.next_page_url == "https://www.example.com/story?page=2");
  Run gated = clean_with("next_page_link: //a[@rel='next']\nif_page_contains: //div[@class='pager']\n");
  CHECK(gated.doc.next_page_url.empty());
  Run open = clean_with("next_page_link: //a[@rel='next']\nif_page_contains: //div[@class='nav']\n");
  CHECK(open.doc.next_page_url == "https://www.example.com/story?page=2");
}

TEST_CASE("tidy, parser and other tools' directives are accepted; unknown ones change nothing") {
  Run r = clean_with("tidy: no\nparser: html5php\nlogin_uri: https://example.com/login\ntitl: //h1\nbody: //article\n");
  REQUIRE(r.error.ok());
  CHECK(has(r.doc.text, "First paragraph"));
  CHECK(r.doc.metadata.title == "The og title");  // the page's own: 'titl' did nothing
  CHECK(noted(r.doc, "site config: warning: "));
  CHECK(noted(r.doc, "example.com.txt:4:1: unknown directive 'titl', did you mean 'title'?"));
}

TEST_CASE("lookup: www. dropped, host.txt, then .parent.txt for sub-domains only") {
  TempDir dir("lookup");
  dir.write("example.com.txt", "body: //h1\n");
  dir.write(".example.com.txt", "body: //time\n");
  dir.write("news.example.com.txt", "body: //aside\n");
  dir.write(".blog.example.org.txt", "body: //aside\n");
  dir.write("README.md", "not a config");
  std::shared_ptr<siteconfig::Library> library;
  REQUIRE(siteconfig::Library::open({dir.str()}, &library).ok());
  CHECK(library->entries().size() == 4);
  auto name = [&](const char* host) {
    const siteconfig::Entry* e = library->find(host);
    return e == nullptr ? std::string("-") : e->name;
  };
  CHECK(name("example.com") == "example.com.txt");
  CHECK(name("www.example.com") == "example.com.txt");
  CHECK(name("WWW.Example.COM.") == "example.com.txt");
  CHECK(name("news.example.com") == "news.example.com.txt");
  CHECK(name("www.news.example.com") == "news.example.com.txt");
  CHECK(name("sport.example.com") == ".example.com.txt");
  CHECK(name("a.b.example.com") == ".example.com.txt");
  CHECK(name("x.blog.example.org") == ".blog.example.org.txt");
  CHECK(name("blog.example.org") == "-");  // .blog.example.org.txt is for its sub-domains
  CHECK(name("example.org") == "-");
  CHECK(name("") == "-");
  // A later directory's file of the same name wins.
  TempDir custom("custom");
  custom.write("example.com.txt", "body: //aside\n");
  REQUIRE(siteconfig::Library::open({dir.str(), custom.str()}, &library).ok());
  siteconfig::Entry* e = library->find("example.com");
  REQUIRE(e != nullptr);
  CHECK(e->path == custom.str() + "/example.com.txt");
  const siteconfig::Config* c = siteconfig::Library::load(e);
  REQUIRE(c != nullptr);
  CHECK(c->body.front().text == "//aside");
}

TEST_CASE("a sub-domain page is cleaned by the parent's dotted file, not the apex by it") {
  Run sub = clean_with("body: //div[@id='extra']\n", kPage, "https://news.example.com/a", ".example.com.txt");
  CHECK(has(sub.doc.text, "Extra box"));
  CHECK_FALSE(has(sub.doc.text, "First paragraph"));
  Run apex = clean_with("body: //div[@id='extra']\n", kPage, "https://example.com/a", ".example.com.txt");
  CHECK(has(apex.doc.text, "First paragraph"));
  CHECK_FALSE(noted(apex.doc, "site config"));
}

TEST_CASE("winnow's own rules for a host win over its site config, and --explain says so") {
  TempDir configs("own-configs");
  configs.write("example.com.txt", "body: //div[@id='extra']\n");
  TempDir own("own-rules");
  own.write("example.com.rules", "site: example.com\nbody: article\n");
  Rules rules;
  REQUIRE(load_rules({own.str()}, {configs.str()}, &rules).ok());
  Options options;
  options.url = "https://example.com/story";
  Document doc;
  REQUIRE(clean(kPage, options, rules, "page.html", &doc).ok());
  CHECK(has(doc.text, "First paragraph"));
  CHECK_FALSE(has(doc.text, "Extra box"));
  CHECK(noted(doc, "not used: winnow's own rules for the host win"));
}

TEST_CASE("a broken expression is left out, the rest of the file applies") {
  Run r = clean_with("body: //article[\nbody: //div[@id='extra']\n");
  REQUIRE(r.error.ok());
  CHECK(has(r.doc.text, "Extra box"));
  CHECK(noted(r.doc, "example.com.txt:1:"));
  CHECK(noted(r.doc, ": bad XPath: "));
}

TEST_CASE("a site config directory that does not exist is refused at load") {
  Rules rules;
  Error e = load_rules({}, {"/nonexistent/site-config"}, &rules);
  CHECK(e.code == ErrorCode::kNotFound);
  CHECK(e.message == "/nonexistent/site-config: no such directory");
}

TEST_CASE("replace_strings replaces every occurrence, pairs in order") {
  siteconfig::Config c;
  c.replacements = {{1, "a", "bb"}, {2, "bb", "c"}};
  std::string html = "a-a-x";
  CHECK(siteconfig::replace_strings(c, &html));
  CHECK(html == "c-c-x");
  std::string none = "xyz";
  CHECK_FALSE(siteconfig::replace_strings(c, &none));
}

TEST_CASE("clean_pages appends each later page's article to the first's, metadata from the first") {
  TempDir dir("pages");
  dir.write("example.com.txt", "body: //article\nprune: no\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  const std::string one = "<html><head><title>First</title></head><body><article><p>Page one words.</p></article></body></html>";
  const std::string two = "<html><head><title>Second</title></head><body><p>Menu</p><article><p>Page two <b>words</b>.</p></article></body></html>";
  Document doc;
  Options options;
  REQUIRE(clean_pages({one, two}, {"https://example.com/a", "https://example.com/a?p=2"}, options, rules, "a", &doc).ok());
  CHECK(doc.metadata.title == "First");
  CHECK(doc.text == "Page one words.\n\nPage two words.\n");
  CHECK_FALSE(has(doc.text, "Menu"));
  CHECK(noted(doc, "joined the articles of 2 pages"));
  CHECK(noted(doc, "page 2: site config: body by"));
  Document none;
  CHECK(clean_pages({}, {}, options, rules, "a", &none).code == ErrorCode::kUsage);
}

TEST_CASE("site_http_headers: the lines of the URL's host's site config") {
  TempDir dir("headers");
  dir.write("example.com.txt", "http_header(user-agent): Bot/1\nhttp_header(cookie): a=b\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  CHECK(site_http_headers(rules, "https://www.example.com/x") == std::vector<std::string>{"user-agent: Bot/1", "cookie: a=b"});
  CHECK(site_http_headers(rules, "https://example.org/x").empty());
}

TEST_CASE("random configs never break a clean: any text parses, any expression that compiles runs") {
  // Pieces of directives and of XPath, glued at random: broken expressions, unions, string and
  // number results where nodes are wanted, attributes where elements are.
  const char* directives[] = {"body: ", "strip: ", "title: ", "author: ", "date: ", "dissolve: ", "next_page_link: ",
                              "single_page_link: ", "if_page_contains: ", "strip_id_or_class: ", "strip_image_src: ",
                              "replace_string(<p>): ", "find_string: ", "replace_string: ", "prune: ", "bogus: ", ""};
  const char* pieces[] = {"//", "*", "article", "p", "@id", "@*", "[", "]", "(", ")", "|", "1", "'x'", "text()",
                          "..", ".", "/", "contains(@class, 'a')", "count(//p)", "string(//h1)", "last()", "no", "<div>",
                          " and ", " or ", "=", "following-sibling::", "ancestor::*", "node()", "//html", "//body"};
  std::srand(1313);
  for (int round = 0; round < 60; ++round) {
    std::string config;
    for (int line = 0; line < 8; ++line) {
      config += directives[std::rand() % (sizeof directives / sizeof *directives)];
      const int n = 1 + std::rand() % 6;
      for (int k = 0; k < n; ++k) config += pieces[std::rand() % (sizeof pieces / sizeof *pieces)];
      config += "\n";
    }
    Run r = clean_with(config);
    CHECK_MESSAGE(r.error.ok(), config);
    CHECK_MESSAGE(noted(r.doc, "site config: "), config);
  }
}
