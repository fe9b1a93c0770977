// The tag sets of html/tags: how they relate to one another, as their comments say.
#include "html/tags.h"

#include <doctest/doctest.h>

#include <string>

namespace html = winnow::html;

namespace {

template <class Fn>
void for_each_tag(Fn&& fn) {
  for (int t = 0; t < GUMBO_TAG_LAST; ++t) fn(static_cast<GumboTag>(t));
}

}  // namespace

TEST_CASE("the rules' hidden elements are a subset of the unrendered ones, form controls and media left out") {
  for_each_tag([](GumboTag t) {
    const std::string name = gumbo_normalized_tagname(t);
    CAPTURE(name);
    if (html::is_hidden_from_rules(t)) CHECK(html::is_unrendered(t));
  });
  for (GumboTag t : {GUMBO_TAG_BUTTON, GUMBO_TAG_SELECT, GUMBO_TAG_TEXTAREA, GUMBO_TAG_VIDEO, GUMBO_TAG_AUDIO}) {
    CHECK(html::is_unrendered(t));
    CHECK_FALSE(html::is_hidden_from_rules(t));
  }
}

TEST_CASE("inline text, blocks and void elements do not overlap") {
  for_each_tag([](GumboTag t) {
    const std::string name = gumbo_normalized_tagname(t);
    CAPTURE(name);
    CHECK_FALSE((html::is_inline_text(t) && html::is_block(t)));
    CHECK_FALSE((html::is_inline_text(t) && html::is_unrendered(t)));
    if (html::is_heading(t)) CHECK(html::is_block(t));
    if (html::is_void(t)) CHECK_FALSE(html::is_inline_text(t));
  });
}

TEST_CASE("the HTML writer ends a line after the blocks it writes, not after a table cell") {
  for_each_tag([](GumboTag t) {
    const std::string name = gumbo_normalized_tagname(t);
    CAPTURE(name);
    if (html::ends_line_in_html(t)) CHECK((html::is_block(t) || t == GUMBO_TAG_PRE || t == GUMBO_TAG_MENU));
  });
  CHECK(html::ends_line_in_html(GUMBO_TAG_P));
  CHECK(html::ends_line_in_html(GUMBO_TAG_TR));
  CHECK(html::ends_line_in_html(GUMBO_TAG_PRE));
  CHECK_FALSE(html::ends_line_in_html(GUMBO_TAG_TD));
  CHECK_FALSE(html::ends_line_in_html(GUMBO_TAG_BODY));
  CHECK_FALSE(html::is_block(GUMBO_TAG_PRE));
}

TEST_CASE("Readability's sets: phrasing content never breaks a paragraph but an image, and a div is scored apart") {
  for_each_tag([](GumboTag t) {
    const std::string name = gumbo_normalized_tagname(t);
    CAPTURE(name);
    if (html::is_paragraph_breaker(t) && t != GUMBO_TAG_IMG) CHECK_FALSE(html::is_phrasing(t));
    if (html::is_scored(t)) CHECK_FALSE(html::is_phrasing(t));
  });
  CHECK(html::is_paragraph_breaker(GUMBO_TAG_DIV));
  CHECK((html::is_paragraph_breaker(GUMBO_TAG_IMG) && html::is_phrasing(GUMBO_TAG_IMG)));
  CHECK_FALSE(html::is_scored(GUMBO_TAG_DIV));
  CHECK_FALSE(html::is_scored(GUMBO_TAG_H1));  // a page's title heading scores nothing
  for (GumboTag t : {GUMBO_TAG_A, GUMBO_TAG_DEL, GUMBO_TAG_INS}) CHECK_FALSE(html::is_phrasing(t));
}

TEST_CASE("void elements hold nothing: a newline-dropping element is never one") {
  for (GumboTag t : {GUMBO_TAG_BR, GUMBO_TAG_IMG, GUMBO_TAG_INPUT, GUMBO_TAG_META, GUMBO_TAG_BGSOUND, GUMBO_TAG_MENUITEM})
    CHECK(html::is_void(t));
  for_each_tag([](GumboTag t) {
    const std::string name = gumbo_normalized_tagname(t);
    CAPTURE(name);
    if (html::drops_leading_newline(t)) CHECK_FALSE(html::is_void(t));
  });
}

TEST_CASE("the tree builder's sets: formatting elements are never special, scope bounds and markers are") {
  for_each_tag([](GumboTag t) {
    const std::string name = gumbo_normalized_tagname(t);
    CAPTURE(name);
    if (html::is_formatting(t)) {
      CHECK_FALSE(html::is_special(t));
      CHECK_FALSE(html::is_void(t));
    }
    if (html::sets_formatting_marker(t)) CHECK(html::bounds_default_scope(t));
    if (html::bounds_default_scope(t)) {
      CHECK(html::is_special(t));
      CHECK_FALSE(html::may_sit_in_dropped_noscript(t));  // it would bound what lies outside
    }
    if (html::is_plain_block(t)) {
      CHECK(html::is_special(t));
      CHECK(html::closes_p(t));
      CHECK(html::is_block(t));
    }
  });
  CHECK(html::is_formatting(GUMBO_TAG_NOBR));
  CHECK_FALSE(html::is_formatting(GUMBO_TAG_SPAN));
  CHECK(html::closes_p(GUMBO_TAG_H3));
  CHECK_FALSE(html::closes_p(GUMBO_TAG_SPAN));
  CHECK(html::breaks_out_of_foreign(GUMBO_TAG_H2));
  CHECK(html::breaks_out_of_foreign(GUMBO_TAG_TABLE));
  CHECK_FALSE(html::breaks_out_of_foreign(GUMBO_TAG_FONT));  // only with color, face or size
  CHECK_FALSE(html::breaks_out_of_foreign(GUMBO_TAG_A));
  CHECK_FALSE(html::may_sit_in_dropped_noscript(GUMBO_TAG_FORM));
  CHECK(html::may_sit_in_dropped_noscript(GUMBO_TAG_IMG));
}
