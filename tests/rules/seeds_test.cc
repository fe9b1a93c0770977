// The seed pages of ../shared/seeds/README.md, recreated in fixtures/<host>/: every "must go" item
// is absent and every "must stay" line present, (1) through the whole pipeline with the site's rule
// file, and (2) with the generic rules alone (rules::apply with no host, then the text of <body>,
// so that main-content detection cannot take the credit).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>

#include "html/parse.h"
#include "rules/apply.h"
#include "write/text.h"

using namespace winnow;
namespace fs = std::filesystem;

namespace {

struct Seed {
  const char* host;
  const char* file;  // under fixtures/<host>/, without extension
  std::vector<std::string> must_stay;
  std::vector<std::string> must_go_generic;  // junk of a generic pattern
  std::vector<std::string> must_go_site;     // junk only the site file is expected to catch
};

const std::vector<Seed>& seeds() {
  static const std::vector<Seed> s = {
      {"thehill.com", "kremlin-halt-fighting",
       {"The Democratic presidential nominee Joe Biden spoke on the issue, calling out the Trump administration",
        "President Trump joined a statement with France and Russia",
        "Secretary of State Mike Pompeo on Tuesday condemned both sides of the conflict",
        "\"Rather than delegating the diplomacy to Moscow, the administration must get more involved, at the highest levels,\" Biden said in a statement.",
        "The Hill reached out to the White House for comment but did not immediately receive a reply."},
       {"© Getty Images", "Joe BidenJoe Biden", "Caitlyn Jenner", "MORE", "Pompeo on CIA recruitment",
        "Overnight Defense"},
       {}},
      {"pmnewsnigeria.com", "russia-calls-for-end-to-bloodshed",
       {"Russian President Vladimir Putin speaks at the Kremlin in Moscow, Sept. 2020.",
        "Russia on Wednesday called on both Armenia and Azerbaijan to stop hostilities",
        "It was stipulated in the ceasefire after the last Nagorno-Karabakh war in 2020.",
        "is losing influence. (dpa/NAN)"},
       {"Be the first to comment", "Leave a Reply", "Your email address will not be published.", "\n*\n",
        "Save my name", "Website\n", "Post Comment", "Cancel reply"},
       {}},
      {"tasnimnews.com", "putin-calls-for-end-to-violence",
       {"TEHRAN (Tasnim) – Russia made a concerted effort to end conflict",
        "On Wednesday, US Secretary of State John Kerry called for \"an ultimate resolution\""},
       {"Most Visited in Other Media", "Top Other Media stories", "Top Stories", "Saudi Arabia Executes",
        "Zarif Meets Lavrov"},
       {}},
      {"gvwire.com", "russia-seeks-cease-fire-talks",
       {"Fighting Began Sept. 27", "Shelling Continued Overnight",
        "Armenia Says Syrian Mercenaries are Fighting for Azerbaijan",
        "MOSCOW — Russia moved to stop the worst escalation",
        "Macron’s office voiced hope that a truce could be negotiated soon"},
       {"Please ensure Javascript is enabled", "Share\n", "Search", "Send this to a friend",
        "Help continue the work", "gvw_ap_news", "Published 4 years ago on", "DON'T MISS", "Don't Miss",
        "UP NEXT", "Up Next", "Royal Caribbean", "hours ago", "1 day ago", "Related Topics",
        "Poll: Where US Adults Think"},
       {"By Associated Press"}},
      {"tvn24.pl", "armenia-azerbaijan-border-fights",
       {"Azerbaijani soldiers in Lachin (September 2022)",
        "We express our extreme concern about the deterioration of the situation on the Armenian-Azerbaijani border,",
        "We are calling for an immediate end to all military operations,",
        "The dispute between Armenia and Azerbaijan"},
       {"Resul Rehimov", "Reuters Archive", "Main photo source", "Leave a Comment",
        "Your email address will not be published."},
       {}},
  };
  return s;
}

bool read(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

const char* source_dir() { return std::getenv("WINNOW_SOURCE"); }

}  // namespace

TEST_CASE("seed pages with their site rules: junk gone, article kept, title once") {
  if (source_dir() == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping");
    return;
  }
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  for (const Seed& seed : seeds()) {
    CAPTURE(seed.host);
    std::string page, expected;
    REQUIRE(read(fs::path(source_dir()) / "fixtures" / seed.host / (std::string(seed.file) + ".html"), &page));
    REQUIRE(read(fs::path(source_dir()) / "fixtures" / seed.host / (std::string(seed.file) + ".txt"), &expected));
    Options options;
    options.url = std::string("https://www.") + seed.host + "/story";
    Document doc;
    REQUIRE(clean(page, options, rules, seed.file, &doc).ok());
    for (const std::string& s : seed.must_stay) CHECK_MESSAGE(doc.output.find(s) != std::string::npos, ("missing: " + s));
    for (const std::string& s : seed.must_go_generic) CHECK_MESSAGE(doc.output.find(s) == std::string::npos, ("left in: " + s));
    for (const std::string& s : seed.must_go_site) CHECK_MESSAGE(doc.output.find(s) == std::string::npos, ("left in: " + s));
    // Every paragraph of the expected text is there, and the title is printed once.
    std::istringstream lines(expected);
    std::string line, title;
    std::getline(lines, title);
    CHECK(doc.metadata.title == title);
    std::size_t count = 0;
    for (std::size_t at = doc.output.find(title); at != std::string::npos; at = doc.output.find(title, at + 1)) ++count;
    CHECK(count == 1);
    while (std::getline(lines, line))
      if (!line.empty()) CHECK_MESSAGE(doc.text.find(line) != std::string::npos, ("missing: " + line));
  }
}

TEST_CASE("seed pages with the generic rules alone") {
  if (source_dir() == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping");
    return;
  }
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  for (const Seed& seed : seeds()) {
    CAPTURE(seed.host);
    std::string page;
    REQUIRE(read(fs::path(source_dir()) / "fixtures" / seed.host / (std::string(seed.file) + ".html"), &page));
    html::Dom dom = html::parse(page);
    std::vector<Removal> removals;
    rules::Hints hints = rules::apply(rules, "", "", &dom, &removals);  // no host: no site file
    // Generic files only: generic-*.rules and the per-language labels-*.rules (no site: line).
    for (const std::string& f : hints.files) CHECK((f.rfind("generic", 0) == 0 || f.rfind("labels-", 0) == 0));
    const std::string text = write::render_text(dom, dom.find_first(GUMBO_TAG_BODY));
    for (const std::string& s : seed.must_stay) CHECK_MESSAGE(text.find(s) != std::string::npos, ("missing: " + s));
    for (const std::string& s : seed.must_go_generic) CHECK_MESSAGE(text.find(s) == std::string::npos, ("left in: " + s));
  }
}

// The shipped generic rules alone on small pages: what each pattern must remove, and the words
// next to it that it must leave.
namespace {

// The text of `page` after the generic rules for a page in `language` ("": unknown, every file).
std::string generic_text(const Rules& rules, std::string_view page, std::string_view language = "") {
  html::Dom dom = html::parse(page);
  std::vector<Removal> removals;
  rules::apply(rules, "", language, &dom, &removals);
  return write::render_text(dom, dom.find_first(GUMBO_TAG_BODY));
}

// A fragment of markup set between two of an article's paragraphs.
struct Case {
  const char* markup;
  const char* gone;  // must not be in the text ("" for none)
  const char* kept;  // must be in the text ("" for none)
};

// Each case through the generic rules for a page in `language`: the paragraphs around it stay,
// its `gone` is not in the text, its `kept` is.
void check_cases(const Rules& rules, std::span<const Case> cases, std::string_view language = "") {
  const std::string para =
      "<p>The council voted on Tuesday evening to build protected cycle lanes on four of the busiest roads, "
      "ending a debate that has divided residents for more than a year.</p>";
  for (const Case& c : cases) {
    const std::string markup = c.markup;
    CAPTURE(markup);
    const std::string text =
        generic_text(rules, "<html><body><article>" + para + markup + para + "</article></body></html>", language);
    CHECK(text.find("ending a debate") != std::string::npos);
    if (*c.gone) CHECK(text.find(c.gone) == std::string::npos);
    if (*c.kept) CHECK(text.find(c.kept) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("hover cards and tooltips: the card goes, the trigger the reader sees stays") {
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  const std::string filler =
      "<p>The city council voted on Tuesday evening to build protected cycle lanes on four roads, "
      "ending a debate that has divided residents for more than a year, and the work starts soon.</p>";
  struct Hover {
    const char* markup;  // inside a sentence "Mayor ... said the plan."
    const char* card;    // text of the card, which must go
  };
  const Hover cases[] = {
      // The wrapper holds the link and the card (the card is hidden only by CSS).
      {"<span class=\"hovercard-wrap\"><a href=\"/people/ana-ruiz\">Ana Ruiz</a><span class=\"hovercard\">"
       "Ana Ruiz Mayor opens new library MORE</span></span>",
       "opens new library"},
      {"<span class=\"hover-card-container\"><a href=\"/p\">Ana Ruiz</a><span class=\"hover-card\">"
       "Profile card text</span></span>",
       "Profile card text"},
      // The W3Schools tooltip: the trigger is the .tooltip itself.
      {"<span class=\"tooltip\">Ana Ruiz<span class=\"tooltiptext\">Elected in 2021</span></span>", "Elected in 2021"},
      {"<span class=\"popover-trigger\"><a href=\"/p\">Ana Ruiz</a></span><span class=\"popover\">"
       "Popover body</span>",
       "Popover body"},
      {"<a class=\"hovercard-link\" href=\"/p\">Ana Ruiz</a><span class=\"rollover-people-block\">"
       "Rollover text</span>",
       "Rollover text"},
  };
  for (const Hover& c : cases) {
    const std::string markup = c.markup;
    CAPTURE(markup);
    const std::string page =
        "<html><body><article>" + filler + "<p>Mayor " + c.markup + " said the plan.</p>" + filler + "</article></body></html>";
    const std::string text = generic_text(rules, page);
    CHECK(text.find("Mayor Ana Ruiz") != std::string::npos);
    CHECK(text.find(c.card) == std::string::npos);
  }
}

TEST_CASE("the example news article keeps the mayor's name") {
  if (source_dir() == nullptr) {
    MESSAGE("WINNOW_SOURCE is not set: skipping");
    return;
  }
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  std::string page;
  REQUIRE(read(fs::path(source_dir()) / "fixtures" / "example" / "news-article.html", &page));
  Document doc;
  REQUIRE(clean(page, Options{}, rules, "news-article", &doc).ok());
  CHECK(doc.text.find("Mayor Ana Ruiz said the plan") != std::string::npos);
  CHECK(doc.text.find("opens new library") == std::string::npos);
  CHECK(doc.text.find("Bus fares to rise") == std::string::npos);
}

TEST_CASE("share rows and related labels in any language go; sentences that mention them stay") {
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  const Case cases[] = {
      // A share row known by its links' targets, whatever its class names and language.
      {"<div class=\"x1\"><ul><li><a href=\"https://www.facebook.com/dialog/share?href=u\">シェア</a></li>"
       "<li><a href=\"https://twitter.com/share?url=u\">ツイート</a><a href=\"https://twitter.com/search?q=u\">list</a></li>"
       "<li><a href=\"mailto:?subject=s\">メール</a></li><li><a role=\"button\">印刷</a></li></ul></div>",
       "list", ""},
      {"<p><a href=\"https://twitter.com/intent/tweet?text=t\">ツイート</a> <a role=\"button\">印刷</a></p>", "ツイート", ""},
      {"<div><span>[PR]</span></div>", "[PR]", ""},
      // A "click to tweet" quote is a long link: the article's words.
      {"<p><a href=\"https://twitter.com/intent/tweet?text=t\">We will not stop until every street in the city is safe "
       "for children walking to school</a></p>",
       "", "every street in the city is safe"},
      // Related labels with their link lists.
      {"<div><p><strong>À lire aussi :</strong></p><ul><li><a href=\"/a\">Les intouchables : KPMG</a></li>"
       "<li><a href=\"/b\">Affaire KPMG : des soirées</a></li></ul></div>",
       "Les intouchables", ""},
      {"<p><b>・関連記事</b><br><b><a href=\"/a\">店先ベンチで食べても外食扱い</a></b><br><br>"
       "<b><a href=\"/b\">コンビニのイートイン</a></b></p>",
       "店先ベンチ", ""},
      {"<p><a href=\"/r\"><span>Related: Chicago is America's most segregated city</span></a></p>", "Chicago", ""},
      {"<section><span>Lire aussi</span><span><a href=\"/r\">Le FMI appelle les gouvernements</a></span></section>",
       "Le FMI", ""},
      // Sentences that start like a label stay.
      {"<p>Read more about ad blocking <a href=\"/ab\">here</a>.</p>", "", "Read more about ad blocking"},
      {"<div class=\"amazlet-box\"><a href=\"/p\">Book</a><div>売り上げランキング: 6,808</div></div>", "ランキング", ""},
      // Page numbers go; a number alone (a table cell) stays.
      {"<nav class=\"page-numbers\"><span>Page:</span> <a href=\"/2\">2</a> <a href=\"/3\">3</a></nav>", "Page:", ""},
      {"<div><span>1</span>|<a href=\"/2\">2</a> <span><a href=\"/2\">次のページへ</a></span></div>", "次のページへ", ""},
      {"<table><tr><td>Riders</td><td>12</td></tr></table>", "", "12"},
      // Credits and copyright lines in any language; pitches for the newsletter in Japanese.
      {"<p>Copyright © ITmedia, Inc. All Rights Reserved.</p>", "ITmedia", ""},
      {"<figure><img src=\"a.jpg\"><figcaption><span class=\"caption__credit\">IMAGE COURTESY OF MONOTYPE</span>"
       "</figcaption></figure><p>VIDEO COURTESY OF MONOTYPE</p>",
       "MONOTYPE", ""},
      {"<p>题图来自 Hater</p>", "Hater", ""},
      {"<div><p>ZDNet Japan 記事を毎朝メールでまとめ読み(登録無料)</p><a href=\"/nl\">メールマガジン購読のお申し込み</a></div>",
       "メール", ""},
      // Video players' clocks, labels and buttons; a clock alone may be a table's data.
      {"<div><span>0:00/2:33</span><span>-0:00</span><button>transcript</button></div>", "0:00", ""},
      {"<div class=\"media__caption\">03:08 - Source: CNN</div>", "Source: CNN", ""},
      {"<p>Continue reading the main story</p><div><span>Video</span></div>", "Continue reading", ""},
      {"<table><tr><td>Lap</td><td>1:23</td></tr></table>", "", "1:23"},
      // Ad slots' labels set in the story.
      {"<div class=\"x\">Advertisement - story continues below</div><p>Advert</p>", "continues below", ""},
      // Tag lines and their labels; a sentence starting with the same words stays.
      {"<div><h2>Read More About:</h2><ul><li><a href=\"/t/a\">Boeing</a></li><li><a href=\"/t/b\">Donald Trump</a></li></ul></div>",
       "Boeing", ""},
      {"<div>Filed under <a href=\"/t/a\">celebrity exes</a> , <a href=\"/t/b\">nick loeb</a> , 12/19/16</div>", "nick loeb", ""},
      {"<p>Filed under seal, the papers show the city knew of the cracks in 2019.</p>", "", "Filed under seal"},
      {"<p>Follow Us</p><div>What do you think? Scroll down to comment below.</div>", "Scroll down", ""},
      // Newsletter pitches, an emoji before them; a sentence about a newsletter stays.
      {"<p>🚀 Sign up for The Replay newsletter</p>", "Replay", ""},
      {"<p>Thanks for reading! Subscribe for free to receive new posts and support my work.</p>", "new posts", ""},
      {"<p>Join our mailing list! Get a newsletter when an episode is published.</p>", "mailing list", ""},
      {"<h3>NEWSLETTER</h3><p>Would you like to receive notifications about new posts?</p>", "notifications", ""},
      {"<h3>NEWSLETTER</h3>", "NEWSLETTER", ""},
      {"<p>The newsletter, which the mayor sends to 4,000 residents each week, will now be printed as well.</p>", "",
       "will now be printed"},
      {"<p>This article is exclusive to STAT+ subscribers</p>", "STAT+", ""},
      // Affiliate disclosures say what earns the commission; a quote about commissions stays.
      {"<p>We may earn commission from links on this page, but we only recommend products we back.</p>", "we back", ""},
      {"<p>DISCLOSURE: If you buy through affiliate links, I may earn a small commission.</p>", "small commission", ""},
      {"<p>Products are chosen independently by our editors. Purchases made through our links may earn us a "
       "commission.</p>",
       "independently", ""},
      {"<p>We are a reader-supported website and do not accept payment from manufacturers.</p>", "reader-supported", ""},
      {"<p>\"I earn a commission on every house I sell, and I have never seen prices like these,\" she said.</p>", "",
       "every house I sell"},
      {"<p>This story is funded by readers like you</p><div><a href=\"/a\">See price at Amazon</a></div>", "funded by",
       ""},
      {"<div><a href=\"/a\">See price at Amazon</a></div>", "See price", ""},
      // A forum thread's closing notice and a post's comments heading; listing controls, placeholders.
      {"<p>This topic was automatically closed after 30 days. New replies are no longer allowed.</p>", "automatically", ""},
      {"<h4>Discussion about this post</h4>", "Discussion", ""},
      {"<div><button>Sort and Filter</button></div><p>Loading paragraph...</p>", "Sort", ""},
      {"<p>Loading paragraph...</p>", "Loading", ""},
      {"<p>Pin this for later!</p>", "Pin this", ""},
  };
  check_cases(rules, cases);
}

TEST_CASE("an English page's credits, counters and rights lines go without the other languages' files") {
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  const Case cases[] = {
      {"<figure><img src=\"a.png\"><p>Source: blog.hubspot.com</p></figure>", "hubspot", ""},
      {"<p>Sources: Redfin, Zillow</p>", "Redfin", ""},
      {"<div><span>1,693 views</span></div><p>Views: 61</p><span>2.5k views</span>", "views", ""},
      {"<p>Views: 61</p>", "61", ""},
      {"<footer><p>Privacy Policy | Copyright © 2025 VRA Interiors, LLC. All rights reserved.</p></footer>", "VRA", ""},
      {"<p>Ships registry Malta and Ecuador. All Rights Reserved.</p>", "Malta", ""},
      {"<p>©</p>", "©", ""},
      // Sentences with the same words stay.
      {"<p>Source: a 2019 survey of 3,000 households by the census bureau, which found that most renters in the "
       "city pay more than a third of their income on rent.</p>",
       "", "census bureau"},
      {"<p>The video drew 1,693 views in its first hour, more than the council's channel gets in a month, and the "
       "mayor shared it twice.</p>",
       "", "first hour"},
      {"<p>Her views: that the lanes are too narrow and that the buses will be slower for it.</p>", "", "too narrow"},
  };
  check_cases(rules, cases, "en");
}

TEST_CASE("a date standing alone goes; dates in tables, lists and sentences stay") {
  Rules rules;
  REQUIRE(load_rules({}, &rules).ok());
  const Case cases[] = {
      {"<div class=\"x\"><time datetime=\"2016-12-09\">Dec 9, 2016</time></div>", "2016", ""},
      {"<p>Fr, 15.05.2020, 07.11 Uhr</p>", "15.05.2020", ""},
      {"<span>Dec. 20, 2016, 12:44 PM UTC / Updated Dec. 20, 2016, 1:00 PM UTC</span>", "Updated", ""},
      {"<p>December 19, 2016 | 7:08pm</p>", "7:08pm", ""},
      {"<div>2022.8.9(Tue) 8:15</div>", "2022.8.9", ""},
      {"<div>2019年04月04日</div>", "2019", ""},
      {"<p>Publié le 5 mai 2020 à 10h30</p>", "mai", ""},
      // A year, a time or a number alone is no date; neither is a sentence that holds one.
      {"<h2>2016</h2>", "", "2016"},
      {"<p>12:30</p>", "", "12:30"},
      {"<p>ISBN 978-4-87311-874-1</p>", "", "978-4-87311-874-1"},
      {"<p>On May 5, 2020 the bridge closed.</p>", "", "the bridge closed"},
      // Dates are data in a table or a list.
      {"<table><tr><th>Elected</th><td>7 May 1856</td></tr></table>", "", "7 May 1856"},
      {"<ul><li><span>March 25, 2015</span></li><li>April 1, 2015</li></ul>", "", "March 25, 2015"},
  };
  check_cases(rules, cases);
}
