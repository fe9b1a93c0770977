#include "rules/apply.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "html/parse.h"
#include "rules/embedded.h"
#include "write/text.h"

using namespace winnow;
namespace fs = std::filesystem;

namespace {

// Loads exactly `files` (name -> text) through the public API: every embedded file is overridden
// by an empty one so that only the test's rules apply.
Rules rules_of(const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path dir = fs::temp_directory_path() / ("winnow-apply-" + std::to_string(std::rand()));
  fs::create_directories(dir);
  for (std::size_t i = 0; i < rules::kEmbeddedRuleCount; ++i)
    if (!rules::kEmbeddedRules[i].name.empty()) std::ofstream(dir / std::string(rules::kEmbeddedRules[i].name)) << "";
  for (const auto& [name, text] : files) std::ofstream(dir / name) << text;
  Rules out;
  Error e = load_rules({dir.string()}, &out);
  fs::remove_all(dir);
  REQUIRE_MESSAGE(e.ok(), e.message);
  return out;
}

struct Result {
  std::string text;
  rules::Hints hints;
  std::vector<Removal> removals;
};

Result run(const Rules& rules, std::string_view html, std::string_view host = "", std::string_view language = "") {
  html::Dom dom = html::parse(html);
  Result r;
  r.hints = rules::apply(rules, host, language, &dom, &r.removals);
  r.text = write::render_text(dom, dom.document());
  return r;
}

}  // namespace

TEST_CASE("remove: drops selected elements and records each removal") {
  Rules rules = rules_of({{"g.rules", "name: junk\nremove: .share, aside\n"}});
  Result r = run(rules, "<body><p>Story.</p><div class=share>Share this</div><aside><p>Ad</p></aside><p>End.</p></body>");
  CHECK(r.text == "Story.\n\nEnd.\n");
  REQUIRE(r.removals.size() == 2);
  CHECK(r.removals[0].rule == "g.rules:2 junk");
  CHECK(r.removals[0].pattern == ".share, aside");
  CHECK(r.removals[0].excerpt == "Share this");
  CHECK(r.removals[1].excerpt == "Ad");
  // Without a removals vector nothing is recorded, the same is removed.
  html::Dom dom = html::parse("<p>a</p><div class=share>b</div>");
  rules::apply(rules, "", "", &dom, nullptr);
  CHECK(write::render_text(dom, dom.document()) == "a\n");
}

TEST_CASE("explain excerpts are cut at 80 characters, never inside a character") {
  Rules rules = rules_of({{"g.rules", "remove: .x\n"}});
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "é";
  Result r = run(rules, "<p>keep</p><div class=x>" + long_text + "</div><div class=x><img></div>");
  REQUIRE(r.removals.size() == 2);
  CHECK(r.removals[0].excerpt == long_text.substr(0, 160) + "...");
  CHECK(r.removals[0].rule == "g.rules:1");
  CHECK(r.removals[1].excerpt == "<div>");
}

TEST_CASE("remove-text: whole normalised text of a block, never words inside a sentence") {
  Rules rules = rules_of({{"g.rules", "remove-text: /leave a reply|share/i\n"}});
  Result r = run(rules,
                 "<p>You can <a href=#>share</a> this story.</p>"
                 "<h3>  Leave\n a   <b>Reply</b> </h3>"
                 "<div><span>Share</span><ul><li><a href=#><img></a></li></ul></div>"
                 "<p>Leave a reply, the teacher said.</p>");
  CHECK(r.text == "You can share this story.\n\nLeave a reply, the teacher said.\n");
  REQUIRE(r.removals.size() == 2);
  CHECK(r.removals[0].excerpt == "Leave a Reply");
  CHECK(r.removals[0].pattern == "/leave a reply|share/i");
}

TEST_CASE("remove-label: the label goes with the link list it introduces") {
  Rules rules = rules_of({{"g.rules", "name: related\nremove-label: /don't miss|related topics:?/i\n"}});
  Result r = run(rules,
                 "<article><p>Story.</p>"
                 "<div class=pair><div class=label>DON'T MISS</div><h2><a href=/a>Other headline</a></h2></div>"
                 "<div class=box><h3>Related Topics:</h3><ul><li><a href=/1>One</a></li><li><a href=/2>Two</a></li></ul>"
                 "<p>Not a link: a real paragraph after the list.</p></div></article>");
  CHECK(r.text == "Story.\n\nNot a link: a real paragraph after the list.\n");
  CHECK(r.removals.size() == 4);
}

TEST_CASE("cut-from: the marker and everything after it, up to the end of the article") {
  Rules rules = rules_of({{"s.rules", "site: a.com\ncut-from: #comments-start\n"}});
  const char* page =
      "<body><article><div><p>One.</p><h4 id=comments-start>Comments</h4><p>Nice!</p></div><p>Reply form</p>"
      "</article><footer>Footer</footer></body>";
  Result r = run(rules, page, "a.com");
  CHECK(r.text == "One.\n\nFooter\n");
  CHECK(r.removals.size() == 3);
  CHECK(run(rules, page, "b.com").removals.empty());  // a site rule applies to its site only
}

TEST_CASE("unwrap keeps the children; replace rewrites text") {
  Rules rules = rules_of({{"g.rules", "unwrap: span.wrap\nremove: span.card\nreplace: /(\\d+)\\s*km/ => \\1 km\n"}});
  html::Dom dom = html::parse("<p>Mr <span class=wrap><a>Smith</a><span class=card>Card</span></span> ran 42km.</p>");
  std::vector<Removal> removals;
  rules::apply(rules, "", "", &dom, &removals);
  CHECK(write::render_text(dom, dom.document()) == "Mr Smith ran 42 km.\n");
  // The wrapper is gone from the tree: the link's parent is now the paragraph.
  const html::NodeId p = dom.find_first(GUMBO_TAG_BODY) != html::kNoNode ? dom.node(dom.find_first(GUMBO_TAG_BODY)).first_child : html::kNoNode;
  REQUIRE(p != html::kNoNode);
  bool link_is_child = false;
  for (html::NodeId c = dom.node(p).first_child; c != html::kNoNode; c = dom.node(c).next_sibling)
    if (dom.is_element(c) && dom.tag(c) == GUMBO_TAG_A) link_is_child = true;
  CHECK(link_is_child);
}

TEST_CASE("title, byline, date and body hints are read before anything is removed") {
  Rules rules = rules_of({{"s.rules",
                           "site: a.com\ntitle: h1\nbyline: .author\ndate: time\nbody: .story\nremove: header\n"}});
  html::Dom dom = html::parse(
      "<header><h1> The  Title </h1><span class=author>Ann</span><span class=author>Bob</span>"
      "<time datetime=2020-10-09>Oct 9</time></header><div class=story><p>Text</p></div>");
  rules::Hints h = rules::apply(rules, "www2.a.com", "", &dom, nullptr);
  CHECK(h.title == "The Title");
  CHECK(h.byline == "Ann, Bob");
  CHECK(h.date == "2020-10-09");
  REQUIRE(h.root != html::kNoNode);
  CHECK(dom.attr(h.root, "class") == "story");
  CHECK(std::count(h.files.begin(), h.files.end(), std::string("s.rules")) == 0);  // paths, not names
  CHECK(h.files.front().find("s.rules") != std::string::npos);  // the site file first
}

TEST_CASE("a site's remove index, made on its first page, serves its next pages and its subdomains") {
  Rules rules = rules_of({{"g.rules", "remove: .ad\n"},
                          {"a.rules", "site: a.com\nremove: .promo\nremove-text: /Sponsored/\n"},
                          {"news.rules", "site: news.a.com\nremove: .teaser\n"}});
  const std::string page = "<p>Text.</p><div class=ad>x</div><div class=promo>y</div><p>Sponsored</p><div class=teaser>z</div>";
  for (int i = 0; i < 2; ++i) {
    CHECK(run(rules, page, "a.com").text == "Text.\n\nz\n");
    CHECK(run(rules, page, "news.a.com").text == "Text.\n");
    CHECK(run(rules, page, "b.com").text == "Text.\n\ny\n\nSponsored\n\nz\n");
  }
}

TEST_CASE("a site file switches off a named generic rule") {
  Rules rules = rules_of({{"g.rules", "name: sidebars\nremove: aside\nname: other\nremove: .ad\n"},
                          {"s.rules", "site: a.com\ndisable: sidebars\n"}});
  const char* page = "<p>x</p><aside>Pull quote</aside><div class=ad>Ad</div>";
  CHECK(run(rules, page, "b.com").text == "x\n");
  Result r = run(rules, page, "a.com");
  CHECK(r.text == "x\n\nPull quote\n");
  CHECK(r.removals.size() == 1);
}

TEST_CASE("generic rules never remove the page's skeleton, the article root or most of its text") {
  Rules rules = rules_of({{"g.rules", "name: noisy\nremove: [class*=comment]\n"},
                          {"s.rules", "site: a.com\nbody: .has-comments\nremove: .all-comments\n"}});
  std::string story;
  for (int i = 0; i < 60; ++i) story += "<p>A long paragraph of the real story, sentence " + std::to_string(i) + ".</p>";
  // body class "comments-open": kept; the big wrapper: kept (and noted); the small box inside: removed.
  Result r = run(rules, "<body class=comments-open><div class=with-comments-wrapper>" + story +
                            "<div class=comment-box>Comment box</div></div></body>");
  CHECK(r.text.find("sentence 59.") != std::string::npos);
  CHECK(r.text.find("Comment box") == std::string::npos);
  CHECK(!r.hints.notes.empty());
  // The article root a site rule chose is never removed by a generic rule; site rules may remove
  // big elements.
  r = run(rules, "<body><div class=has-comments><p>Root</p></div><div class=all-comments>" + story + "</div></body>", "a.com");
  CHECK(r.text == "Root\n");
}

TEST_CASE(":upward and :and-after selectors remove what they select") {
  Rules rules = rules_of({{"g.rules", "remove: h3:has-text(/^Up next$/i):and-after\nremove: img.x:upward(1)\n"}});
  Result r = run(rules, "<div><p>Story.</p><h3>UP NEXT</h3><p>Other story</p></div><div><span><img class=x></span>Tail</div>");
  CHECK(r.text == "Story.\n\nTail\n");
}

TEST_CASE("a lang: file's rules run on pages of its languages and of unknown language only") {
  Rules rules = rules_of({{"labels-de.rules", "lang: de\nname: read-also-de\nremove-label: Lesen Sie auch\n"},
                          {"labels-fr.rules", "lang: fr\nremove-text: /Lire aussi.*/i\n"},
                          {"g.rules", "remove: .ad\n"}});
  const std::string page =
      "<p>Der Text.</p><div class=ad>Ad</div><h3>Lesen Sie auch</h3><ul><li><a href=/a>Andere Geschichte</a></li></ul>"
      "<p>Lire aussi: la suite</p>";
  Result de = run(rules, page, "", "de");
  CHECK(de.text == "Der Text.\n\nLire aussi: la suite\n");
  REQUIRE(de.removals.size() == 3);  // the ad, the label and the list it introduces
  CHECK(de.removals[1].rule == "labels-de.rules:3 read-also-de");
  Result fr = run(rules, page, "", "fr");
  CHECK(fr.text == "Der Text.\n\nLesen Sie auch\n\nAndere Geschichte\n");
  // A page of a language no file names gets the unscoped files only; one of unknown language all.
  CHECK(run(rules, page, "", "en").text == "Der Text.\n\nLesen Sie auch\n\nAndere Geschichte\n\nLire aussi: la suite\n");
  CHECK(run(rules, page, "", "").text == "Der Text.\n");
  // The files that applied are the ones --explain lists.
  auto lists = [](const Result& r, const char* name) {
    return std::any_of(r.hints.files.begin(), r.hints.files.end(),
                       [&](const std::string& f) { return f.find(name) != std::string::npos; });
  };
  CHECK(lists(de, "labels-de.rules"));
  CHECK(!lists(de, "labels-fr.rules"));
  CHECK(lists(fr, "g.rules"));
  // Again, from the indexes kept for each language's files: the same.
  CHECK(run(rules, page, "", "de").text == de.text);
  CHECK(run(rules, page, "", "fr").text == fr.text);
}

TEST_CASE("a site file can disable a named rule of a lang: file") {
  Rules rules = rules_of({{"labels-de.rules", "lang: de\nname: read-also-de\nremove-text: Lesen Sie auch\n"},
                          {"s.rules", "site: a.com\ndisable: read-also-de\n"}});
  const char* page = "<p>Text.</p><p>Lesen Sie auch</p>";
  CHECK(run(rules, page, "b.com", "de").text == "Text.\n");
  CHECK(run(rules, page, "a.com", "de").text == "Text.\n\nLesen Sie auch\n");
}
