// The differential tests of the pre-scan (issue 6): over every page of the shared corpus and of
// fixtures/, the cleaned text and metadata with the pre-scan equal those without it, and every
// output format is the same whether the pre-scan drops the attributes no stage reads or not.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline.h"
#include "winnow/winnow.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> pages_under(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && e.path().extension() == ".html" && name != "expected.html")
      out.push_back(e.path().string());
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> metadata_of(const winnow::Document& doc) {
  const winnow::Metadata& m = doc.metadata;
  return {m.title, m.byline, m.published, m.modified, m.site_name, m.language, m.url, m.canonical_url,
          m.description, m.image, m.charset};
}

}  // namespace

TEST_CASE("cleaned output is the same with and without the pre-scan, in every format") {
  const char* source = std::getenv("WINNOW_SOURCE");
  const char* shared = std::getenv("WINNOW_SHARED");
  std::vector<std::string> pages;
  if (source) pages = pages_under(std::string(source) + "/fixtures");
  if (shared && fs::is_directory(shared)) {
    for (const std::string& p : pages_under(std::string(shared) + "/corpus")) pages.push_back(p);
  } else {
    MESSAGE("../shared is absent: the differential test covers fixtures/ only");
  }
  REQUIRE(!pages.empty());
  winnow::Rules rules;
  REQUIRE(winnow::load_rules({}, &rules).ok());
  int compared = 0;
  const winnow::Format formats[] = {winnow::Format::kText, winnow::Format::kMarkdown,
                                    winnow::Format::kJson, winnow::Format::kHtml};
  for (const std::string& path : pages) {
    const std::string bytes = slurp(path);
    CAPTURE(path);
    // The text and the metadata, with and without the pre-scan. (The Markdown and HTML outputs may
    // differ: without it, Gumbo parses <noscript> contents as markup and keeps indentation.)
    winnow::Options json;
    json.format = winnow::Format::kJson;
    winnow::CleanHooks whole;
    whole.drop_before_parse = false;
    winnow::Document a, b;
    const winnow::Error ea = winnow::clean(bytes, json, rules, path, &a);
    const winnow::Error eb = winnow::clean_with_hooks(bytes, json, whole, rules, path, &b);
    CHECK(ea.code == eb.code);
    CHECK(a.text == b.text);
    CHECK(metadata_of(a) == metadata_of(b));
    // Every output format, exactly, with and without dropping the attributes no stage reads.
    for (winnow::Format format : formats) {
      winnow::Options options;
      options.format = format;
      winnow::CleanHooks keeping;
      keeping.drop_unread_attributes = false;
      winnow::Document c, d;
      const winnow::Error ec = winnow::clean(bytes, options, rules, path, &c);
      const winnow::Error ed = winnow::clean_with_hooks(bytes, options, keeping, rules, path, &d);
      CAPTURE(static_cast<int>(format));
      CHECK(ec.code == ed.code);
      CHECK(c.output == d.output);
    }
    ++compared;
  }
  MESSAGE("compared " << compared << " pages");
}

// Every attribute a later stage reads, on one page: the pre-scan drops the attributes no stage
// says it reads (html::AttributeFilter), and a stage that forgot one would change the output here.
TEST_CASE("a page using every attribute the stages read cleans the same with and without dropping attributes") {
  const std::string page = R"(<!DOCTYPE html><html lang="pt-BR"><head>
<meta charset="utf-8"><title>Site | Headline of the story</title>
<meta property="og:title" content="Headline of the story"><meta name="author" content="Ana Lima">
<meta property="og:image" content="/lead.jpg"><meta name="description" content="What it is about.">
<meta property="article:published_time" content="2024-05-01T10:00:00Z">
<meta http-equiv="content-language" content="pt-BR"><meta itemprop="dateModified" content="2024-05-02">
<link rel="canonical" href="https://news.example/story"><base href="https://news.example/">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Headline of the story"}</script>
</head><body>
<nav role="navigation"><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="sidebar" data-x="1"><a href="/a">Most read one</a><a href="/b">Most read two</a></div>
<article itemscope itemtype="https://schema.org/Article"><h1 itemprop="headline">Headline of the story</h1>
<p class="byline" rel="author"><a rel="author" href="/ana">Ana Lima</a>
<time datetime="2024-05-01T10:00:00Z" pubdate>May 1</time></p>
<p xml:lang="en" lang="en">The first paragraph of the story, long enough to be the article, with a
<a href="/link" title="a title" data-track="x">relative link</a> and <abbr title="t">abbr</abbr>.</p>
<p hidden>Hidden paragraph that must not show.</p><p aria-hidden="true">Aria hidden text.</p>
<p style="display:none">Styled away text.</p>
<div role="dialog" aria-modal="true">Sign up for the newsletter</div>
<figure><img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg" alt="The real picture" width="600">
<picture><source data-srcset="/s1.jpg 480w, /s2.jpg 1080w"><img src="blank.gif" alt="pic"></picture>
<img srcset="/x1.jpg 1x, /x2.jpg 2x" alt="dense"></figure>
<iframe data-src="https://www.youtube.com/embed/abc" width="560"></iframe>
<ol start="3" reversed><li value="7">seven</li><li>six</li></ol>
<pre><code class="language-python">print("hi")</code></pre>
<table summary="figures" datatable="1"><tr><th colspan="2" scope="col">Head</th></tr>
<tr><td rowspan="1">a</td><td headers="h">b</td></tr></table>
<blockquote cite="/source"><p>A quotation from somewhere else entirely.</p></blockquote>
<p dir="rtl">The second paragraph of the story, long enough to be the article as well.</p>
<details open><summary>More</summary><p>Details text of the story.</p></details>
<p><input type="text" value="typed"> <data value="42">forty-two</data></p>
<math><mi mathvariant="bold">x</mi></math>
</article>
<section class="comments" id="comments"><h3>Leave a Reply</h3></section>
<footer role="contentinfo"><a href="/about">About us</a></footer>
</body></html>)";
  winnow::Rules rules;
  REQUIRE(winnow::load_rules({}, &rules).ok());
  for (winnow::Format format : {winnow::Format::kText, winnow::Format::kMarkdown, winnow::Format::kJson,
                                winnow::Format::kHtml}) {
    winnow::Options options;
    options.format = format;
    winnow::CleanHooks keeping;
    keeping.drop_unread_attributes = false;
    winnow::Document a, b;
    REQUIRE(winnow::clean(page, options, rules, "page.html", &a).ok());
    REQUIRE(winnow::clean_with_hooks(page, options, keeping, rules, "page.html", &b).ok());
    CAPTURE(static_cast<int>(format));
    CHECK(a.output == b.output);
    CHECK(a.output.find("first paragraph") != std::string::npos);
  }
}
