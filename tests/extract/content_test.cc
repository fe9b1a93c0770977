#include <doctest/doctest.h>

#include <string>

#include "extract/content.h"
#include "html/parse.h"
#include "write/text.h"

using namespace winnow;

namespace {

std::string paragraphs(int n, const std::string& sentence) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "<p>" + sentence + " (" + std::to_string(i) + ")</p>\n";
  return s;
}

const std::string kSentence =
    "The council met on Tuesday, and after a long debate, it voted to rebuild the old bridge, which had been "
    "closed since the spring floods damaged its eastern pillars.";

std::string nav_links() {
  std::string s = "<ul>";
  for (int i = 0; i < 12; ++i) s += "<li><a href='/s" + std::to_string(i) + "'>Section number " + std::to_string(i) + "</a></li>";
  return s + "</ul>";
}

struct Result {
  std::string text;
  std::vector<Removal> removals;
  extract::Article article;
};

Result run(const std::string& html, const std::string& title = "") {
  html::Dom dom = html::parse(html);
  Metadata m;
  m.title = title;
  Result r;
  r.article = extract::find_article(&dom, html::kNoNode, m, extract::read_page_signals(dom, ""), &r.removals);
  REQUIRE(r.article.root != html::kNoNode);
  r.text = write::render_text(dom, r.article.root);
  return r;
}

}  // namespace

TEST_CASE("the article is found among navigation, sidebar and footer") {
  // A sidebar as sites make them: a heading over other stories' headlines. (A sidebar of prose is the
  // generic rules' job, by its class: tests/rules.)
  std::string sidebar = "<aside class=sidebar><h3>Popular</h3><ul>";
  for (int i = 0; i < 5; ++i)
    sidebar += "<li><a href='/story" + std::to_string(i) + "'>Sidebar story " + std::to_string(i) +
               ": mayor opens the new library wing</a></li>";
  sidebar += "</ul></aside>";
  const Result r = run("<body><div id=nav>" + nav_links() + "</div>" + sidebar + "<div class=story>" +
                       paragraphs(6, kSentence) + "</div><div id=footer>Copyright 2024</div></body>");
  CHECK(r.text.find("(0)") != std::string::npos);
  CHECK(r.text.find("(5)") != std::string::npos);
  CHECK(r.text.find("Section number") == std::string::npos);
  CHECK(r.text.find("Sidebar") == std::string::npos);
  CHECK(r.text.find("Copyright") == std::string::npos);
  CHECK_FALSE(r.article.notes.empty());
}

TEST_CASE("CJK pages with short paragraphs") {
  // 18-character paragraphs: short in characters, full sentences in Chinese.
  const std::string zh = "市议会周二投票决定重建旧桥，春季洪水曾损坏桥墩。";
  std::string links = "<nav class=menu-box>";
  for (int i = 0; i < 15; ++i) links += "<a href='/x'>新闻频道</a> ";
  links += "</nav>";
  const Result r = run("<body>" + links + "<div class=main>" + paragraphs(12, zh) + "</div></body>");
  CHECK(r.text.find("(11)") != std::string::npos);
  CHECK(r.text.find("新闻频道") == std::string::npos);
}

TEST_CASE("inside the article: data tables, lists and quotes stay; link lists, bylines and title go") {
  std::string table = "<table><thead><tr><th>Year</th><th>Votes</th></tr></thead>";
  for (int i = 0; i < 3; ++i) table += "<tr><td>20" + std::to_string(10 + i) + "</td><td>" + std::to_string(i * 7) + "</td></tr>";
  table += "</table>";
  const std::string html = "<body><div class=article><h1>Bridge to be rebuilt</h1><p class=byline>By Ann Smith</p>" +
                           paragraphs(3, kSentence) + table + "<h2>What comes next</h2>" +
                           "<ul><li><p>First, the engineers will survey the river bed.</p></li>" +
                           "<li><p>Then the tender opens.</p></li></ul><blockquote>We waited long enough, she said.</blockquote>" +
                           paragraphs(3, kSentence) + "<div class=promo>" + nav_links() + "</div></div></body>";
  const Result r = run(html, "Bridge to be rebuilt");
  CHECK(r.text.find("Votes") != std::string::npos);
  CHECK(r.text.find("2012") != std::string::npos);
  CHECK(r.text.find("What comes next") != std::string::npos);
  CHECK(r.text.find("survey the river bed") != std::string::npos);
  CHECK(r.text.find("waited long enough") != std::string::npos);
  CHECK(r.text.find("Section number") == std::string::npos);
  CHECK(r.text.find("By Ann Smith") == std::string::npos);
  CHECK(r.text.find("Bridge to be rebuilt") == std::string::npos);
  bool link_list = false, byline = false;
  for (const Removal& rm : r.removals) {
    CHECK(rm.rule.rfind("detector: ", 0) == 0);
    link_list |= rm.excerpt.find("Section number") != std::string::npos;
    // The byline pass, or the block model before it: either says it removed the byline.
    byline |= rm.excerpt.find("By Ann Smith") != std::string::npos;
  }
  CHECK(link_list);
  CHECK(byline);
}

TEST_CASE("a paragraph made of links stays when it sits in the article's flow") {
  const std::string html = "<body><div class=post>" + paragraphs(3, kSentence) +
                           "<p>See <a href=/a>the first report on the flood damage</a> and " +
                           "<a href=/b>the engineers' assessment of the pillars</a>.</p>" + paragraphs(3, kSentence) +
                           "</div></body>";
  const Result r = run(html);
  CHECK(r.text.find("engineers' assessment") != std::string::npos);
}

TEST_CASE("a site rule's root is used as is") {
  html::Dom dom = html::parse("<body><div id=a><p>one</p></div><div id=b><p>two</p></div></body>");
  html::NodeId b = html::kNoNode;
  for (html::NodeId id = 0; id < dom.size(); ++id)
    if (dom.is_element(id) && dom.attr(id, "id") == "b") b = id;
  const extract::Article a = extract::find_article(&dom, b, Metadata{}, extract::PageSignals{}, nullptr);
  CHECK(a.root == b);
}

TEST_CASE("never nothing: a tiny page gives its text, and says it was unsure") {
  const Result r = run("<body><div><span>Hello world.</span></div></body>");
  CHECK(r.text.find("Hello world.") != std::string::npos);
  bool unsure = false;
  for (const std::string& n : r.article.notes) unsure |= n.find("unsure") != std::string::npos;
  CHECK(unsure);
  const Result empty = run("");
  CHECK(empty.text.empty());
}

TEST_CASE("deep nesting does not recurse") {
  std::string html = "<body>";
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += paragraphs(5, kSentence);
  const Result r = run(html);
  CHECK(r.text.find("(4)") != std::string::npos);
}

TEST_CASE("a short article is not lost to a longer legal notice in the page's footer") {
  // Too little text for the strict pass: the looser passes run, and must not pick the footer.
  const std::string legal =
      "The Japanese edition of this site is published under license from Example Media, Inc., San Francisco, "
      "CA, USA. Editorial items appearing here that were originally published in the US edition are the copyright "
      "properties of Example Media, Inc. or its suppliers. Copyright (c) Example Media, Inc. All Rights Reserved. "
      "Example and Example News are trademarks of Example Media, Inc., and may not be used without permission.";
  const std::string page =
      "<html><body><div id='wrapper'><div id='contents'><div class='leaf_content'><div class='article_body'>"
      "<p>2017年にリリース予定の低価格ポケットサイズコンピュータは、フルバージョンのOSが動作する。</p>"
      "<p>このボードは、さまざまなOSが動作するシングルボードコンピュータだ。そして、その性能は上回るようだ。</p>"
      "</div></div></div></div><footer><div id='footer'><div id='zd-menu'>" + nav_links() + "</div>"
      "<div id='terms'><p>" + legal + "</p><p>" + legal + "</p></div>"
      "<div id='copyright'>Copyright (c) 2019 Example Media, Inc. All rights reserved.</div></div></footer></body></html>";
  const Result r = run(page);
  CHECK(r.text.find("シングルボードコンピュータ") != std::string::npos);
  CHECK(r.text.find("published under license") == std::string::npos);
  // A <footer> inside the article is the article's own: its text still counts for the article.
  const Result own = run("<html><body><article>" + paragraphs(2, kSentence) + "<footer><p>" + legal +
                         "</p></footer></article><div class='links'>" + nav_links() + "</div></body></html>");
  CHECK(own.text.find("rebuild the old bridge") != std::string::npos);
}
