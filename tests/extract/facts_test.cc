#include <doctest/doctest.h>

#include <string>

#include "extract/boilerplate.h"
#include "extract/byline.h"
#include "extract/facts.h"
#include "extract/hints.h"
#include "extract/scoring.h"
#include "extract/title.h"
#include "html/parse.h"

using namespace winnow;

namespace {

const unsigned kAll = extract::kStripUnlikely | extract::kWeightClasses | extract::kCleanConditionally;

// A page with something for every fact: hidden blocks (attribute, aria-hidden, inline style), a
// modal, bylines (one too long to count), the title repeated, share rows, weighted classes, text
// with commas and CJK, and junk that only the strict pass leaves out.
std::string page() {
  std::string p = "<body><div id=wrap class='main-wrapper'>";
  p += "<h1 class=headline>The river story</h1><h2>Another heading</h2>";
  p += "<p class=byline>By Jane Doe</p><p rel=author>" + std::string(150, 'x') + "</p>";
  p += "<div hidden>Hidden text</div><div aria-hidden=' true '>Aria hidden</div>";
  p += "<div aria-hidden=true class=fallback-image>Shown</div><div style='DISPLAY : none'>Styled away</div>";
  p += "<div role=dialog aria-modal=true>A modal</div><div role=dialog>Not modal</div>";
  p += "<div class='share-row'>Share</div><div id=sharedaddy>Share</div>";
  p += "<div class='article-body entry'>";
  for (int i = 0; i < 6; ++i)
    p += "<p>Paragraph " + std::to_string(i) +
         ": the river rose, the town waited, and the bridge, old as it was, held through the night.</p>";
  p += "<p>中文的段落，很长，有逗号。</p></div>";
  p += "<div class=comments><p>A comment, with commas, long enough to score as a paragraph of its own.</p></div>";
  p += "<div class='sidebar widget'><a href=/x>Related link</a></div>";
  return p + "</div></body>";
}

}  // namespace

TEST_CASE("facts give what the functions they keep give, asked once or again") {
  const auto dom = html::parse(page());
  const std::string title = "The river story";
  extract::NodeFacts facts(dom, title);
  for (int round = 0; round < 2; ++round) {
    for (html::NodeId id = 0; id < dom.size(); ++id) {
      CAPTURE(id);
      if (dom.is_text(id)) {
        const extract::Counts want = extract::text_counts(dom.text(id));
        const extract::Counts got = facts.text_counts(id);
        CHECK(got.chars == want.chars);
        CHECK(got.commas == want.commas);
        continue;
      }
      if (!dom.is_element(id)) continue;
      CHECK(facts.hidden(id) == extract::is_hidden(dom, id));
      CHECK(facts.share(id) == extract::is_share(dom, id));
      CHECK(facts.class_weight(id) == extract::class_weight(dom, id));
      CHECK(facts.byline(id) ==
            (extract::looks_like_byline(dom, id) && extract::is_valid_byline(extract::short_text(dom, id, 400))));
      CHECK(facts.repeats_title(id) == (extract::text_similarity(title, extract::short_text(dom, id, 2000)) > 0.75));
      CHECK(facts.modal(id) == (dom.attr(id, "role") == "dialog" && dom.attr(id, "aria-modal") == "true"));
    }
  }
  // The page holds each kind at least once, so the checks above compared answers of both values.
  int hidden = 0, share = 0, byline = 0, title_repeats = 0, modal = 0, weighted = 0;
  for (html::NodeId id = 0; id < dom.size(); ++id) {
    if (!dom.is_element(id)) continue;
    hidden += facts.hidden(id);
    share += facts.share(id);
    byline += facts.byline(id);
    title_repeats += facts.repeats_title(id);
    modal += facts.modal(id);
    weighted += facts.class_weight(id) != 0;
  }
  CHECK(hidden == 3);
  CHECK(share == 2);
  CHECK(byline == 1);
  CHECK(title_repeats == 1);
  CHECK(modal == 1);
  CHECK(weighted >= 4);
}

TEST_CASE("a looser pass with the facts of a stricter one decides as it would alone") {
  const auto dom = html::parse(page());
  const html::NodeId body = dom.find_first(GUMBO_TAG_BODY);
  extract::NodeFacts shared(dom, "The river story");
  auto strict = extract::select_article(dom, body, kAll, &shared);
  extract::clean_article(dom, kAll, &strict, &shared);
  for (unsigned flags : {extract::kWeightClasses | extract::kCleanConditionally, 0u}) {
    CAPTURE(flags);
    extract::NodeFacts fresh(dom, "The river story");
    auto alone = extract::select_article(dom, body, flags, &fresh);
    const float alone_chars = extract::clean_article(dom, flags, &alone, &fresh);
    auto after = extract::select_article(dom, body, flags, &shared);
    const float after_chars = extract::clean_article(dom, flags, &after, &shared);
    CHECK(after.top == alone.top);
    CHECK(after.kept == alone.kept);
    CHECK(after.marks == alone.marks);
    CHECK(after_chars == alone_chars);
  }
}
