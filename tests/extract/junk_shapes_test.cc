#include <doctest/doctest.h>

#include "extract/junk_shapes.h"
#include "extract/scoring.h"
#include "html/parse.h"
#include "pipeline.h"

using namespace winnow;

namespace {
const std::string kSentence =
    "<p>The council met on Tuesday, and after a long debate, it voted to rebuild the old bridge, which had been "
    "closed since the spring floods damaged its eastern pillars.</p>";

// The body's text after removing `shapes`, and the removals' rule names.
struct Result {
  std::string text;
  std::vector<std::string> rules;
};
Result run(const std::string& body, unsigned shapes, std::string_view host = "example.com") {
  html::Dom dom = html::parse("<html><body><div id=root>" + body + "</div></body></html>");
  std::vector<Removal> removals;
  extract::remove_junk_shapes(&dom, dom.find_first(GUMBO_TAG_BODY), host, shapes, &removals);
  Result r;
  r.text = extract::short_text(dom, dom.find_first(GUMBO_TAG_BODY), 100000);
  for (const Removal& x : removals) r.rules.push_back(x.rule);
  return r;
}
bool has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("site link list: a label and links to the same site go; links in a paragraph, a contents list stay") {
  const std::string related =
      "<div><h3>Czytaj także</h3><ul><li><a href=/a>Pierwszy</a></li><li><a href=/b>Drugi</a></li>"
      "<li><a href=https://www.example.com/c>Trzeci</a></li></ul></div>";
  const Result r = run(kSentence + related, extract::kSiteLinkList);
  CHECK_FALSE(has(r.text, "Czytaj"));
  CHECK_FALSE(has(r.text, "Trzeci"));
  CHECK(has(r.text, "council"));
  REQUIRE(r.rules.size() == 1);
  CHECK(r.rules[0] == "shape: site link list");

  // Links to other sites (sources) are not the site's own pages.
  const Result sources = run(kSentence +
                                 "<div><b>Sources</b><ul><li><a href=https://other.org/1>One</a></li>"
                                 "<li><a href=https://third.net/2>Two</a></li><li><a href=https://x.io/3>Three</a>"
                                 "</li></ul></div>",
                             extract::kSiteLinkList);
  CHECK(has(sources.text, "Three"));
  // A contents list points into this page.
  const Result toc = run("<div><b>Contents</b><ol><li><a href=#a>Start</a></li><li><a href=#b>Middle</a></li>"
                         "<li><a href=#c>End</a></li></ol></div>" + kSentence,
                         extract::kSiteLinkList);
  CHECK(has(toc.text, "Middle"));
  // A paragraph with links in it is text.
  const Result para = run("<p>The mayor <a href=/m>said</a> the <a href=/b>bridge</a> would open in <a href=/s>"
                          "spring</a>, after the inspectors signed off on the repairs to the pillars.</p>",
                          extract::kSiteLinkList);
  CHECK(has(para.text, "inspectors"));
  CHECK(para.rules.empty());
  // Off, nothing goes.
  CHECK(has(run(related, 0).text, "Trzeci"));
}

TEST_CASE("control box: subscribe, log-in, comment and consent boxes go; a search form and a table stay") {
  const Result sub = run(kSentence + "<form><p>Newsletter</p><input type=email name=e><button>OK</button></form>",
                         extract::kControlBox);
  CHECK_FALSE(has(sub.text, "Newsletter"));
  CHECK(has(sub.text, "council"));
  REQUIRE(sub.rules.size() == 1);
  CHECK(sub.rules[0] == "shape: control box");

  const Result login = run(kSentence + "<div><span>Zaloguj</span><input name=u><input type=password name=p>"
                                       "<input type=submit value=Go></div>",
                           extract::kControlBox);
  CHECK_FALSE(has(login.text, "Zaloguj"));
  const Result comment = run(kSentence + "<div><h3>Laisser un commentaire</h3><form><textarea></textarea>"
                                         "<input name=n><input type=submit></form></div>",
                             extract::kControlBox);
  CHECK_FALSE(has(comment.text, "commentaire"));
  // One field alone in its form: the form is the box, with its label beside it.
  const Result one = run(kSentence + "<div><h4>Newsletter</h4><form><input type=email></form></div>",
                         extract::kControlBox);
  CHECK_FALSE(has(one.text, "Newsletter"));
  CHECK(has(one.text, "council"));
  const Result consent = run(kSentence + "<div><p>Cookies?</p><label><input type=checkbox> Statistik</label><button>Ja</button></div>",
                             extract::kControlBox);
  CHECK_FALSE(has(consent.text, "Cookies"));

  // A search field in an article about search stays, and so does the article.
  const Result search = run("<p>Type a word in the box below and press enter to see how the index answers.</p>"
                            "<form><label>Try it</label><input type=search name=q><button>Search</button></form>",
                            extract::kControlBox);
  CHECK(has(search.text, "Try it"));
  CHECK(has(search.text, "index answers"));
  // Buttons alone are a shop's as often as a consent box's.
  const Result shop = run(kSentence + "<div><p>Size</p><button>S</button><button>M</button></div>", extract::kControlBox);
  CHECK(has(shop.text, "Size"));
  // A long text with a button in it is not a box.
  const Result long_text = run("<div>" + kSentence + kSentence + kSentence + "<button>More</button><button>Less"
                               "</button></div>",
                               extract::kControlBox);
  CHECK(has(long_text.text, "council"));
  CHECK(has(run(kSentence + "<form><input type=email></form><p>Newsletter</p>", 0).text, "Newsletter"));
}

TEST_CASE("headline links and lone counters; a table of figures stays") {
  const Result heads = run(kSentence + "<div><a href=/1>The bridge reopens after two years of repairs</a>"
                                       "<a href=/2>Council approves the new budget for the schools</a>"
                                       "<a href=/3>Floods close the eastern road for a week</a></div>",
                           extract::kHeadlineLinks);
  CHECK_FALSE(has(heads.text, "budget"));
  CHECK(has(heads.text, "council"));
  CHECK(heads.rules == std::vector<std::string>{"shape: headline links"});
  // Menu entries are not headlines.
  const Result menu = run(kSentence + "<div><a href=/1>News</a><a href=/2>Sport</a><a href=/3>Weather</a></div>",
                          extract::kHeadlineLinks);
  CHECK(has(menu.text, "Weather"));

  const Result counter = run(kSentence + "<p>1 234 views</p><div>12:40</div>", extract::kLoneCounter);
  CHECK_FALSE(has(counter.text, "views"));
  CHECK_FALSE(has(counter.text, "12:40"));
  CHECK(counter.rules.size() == 2);
  // A number inside a sentence, and the figures of a table, stay.
  const Result table = run("<p>It cost <span>12 000</span> euros in all.</p><table><tr><td>2023</td><td>"
                           "<p>12</p></td></tr><tr><td>2024</td><td><p>15</p></td></tr></table>",
                           extract::kLoneCounter | extract::kSiteLinkList | extract::kHeadlineLinks |
                               extract::kControlBox);
  CHECK(has(table.text, "12 000"));
  CHECK(has(table.text, "2024"));
  CHECK(has(table.text, "15"));
}

TEST_CASE("--explain names the shape that removed a block") {
  std::string page = "<html><body><article>";
  for (int i = 0; i < 12; ++i) page += kSentence;
  page += "<div><h4>Abonnez-vous</h4><form><input type=email name=mail><button>OK</button></form></div>";
  page += "</article></body></html>";
  Options options;
  options.explain = true;
  CleanHooks hooks;
  hooks.junk_shapes = extract::kControlBox;
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  Document doc;
  REQUIRE(clean_with_hooks(page, options, hooks, rules, "page.html", &doc).ok());
  CHECK_FALSE(has(doc.text, "Abonnez"));
  bool named = false;
  for (const Removal& r : doc.removals) named |= r.rule == "shape: control box" && has(r.excerpt, "Abonnez");
  CHECK(named);
}
