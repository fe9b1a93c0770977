#include <doctest/doctest.h>

#include "extract/title.h"

using winnow::extract::text_similarity;
using winnow::extract::title_from_document;

TEST_CASE("the site-name part of <title> is cut") {
  CHECK(title_from_document("A long story about many things - The Daily Site", {}, 0, "") ==
        "A long story about many things");
  CHECK(title_from_document("A long story about many things | Site", {}, 0, "") == "A long story about many things");
  // The last part is too short to be the title: the site name came first.
  CHECK(title_from_document("Site | Short one", {}, 0, "") == "Site | Short one");
  CHECK(title_from_document("The Site | Here is the actual story title", {}, 0, "") ==
        "Here is the actual story title");
}

TEST_CASE("colons are kept when a heading holds the whole title") {
  const std::string t = "This is a long title with a colon: Hello there";
  CHECK(title_from_document(t, {t}, 1, t) == t);
  CHECK(title_from_document("Daily Site: Something happened in the city today", {}, 0, "") ==
        "Something happened in the city today");
}

TEST_CASE("an implausibly short <title> gives way to the lone <h1>") {
  CHECK(title_from_document("Home", {}, 1, "The real headline of this page") == "The real headline of this page");
  CHECK(title_from_document("Home", {}, 2, "The real headline") == "Home");
}

TEST_CASE("text_similarity") {
  CHECK(text_similarity("Hello World", "hello world") == doctest::Approx(1.0));
  CHECK(text_similarity("Hello", "goodbye") == doctest::Approx(0.0));
  CHECK(text_similarity("a b c", "a x") > 0.2);
  CHECK(text_similarity("中国 新闻", "中国 新闻") == doctest::Approx(1.0));
  CHECK(text_similarity("", "x") == 0);
}

TEST_CASE("SimilarityTo gives text_similarity's value for each text") {
  const winnow::extract::SimilarityTo like("The Quick, brown_fox — jumps élan 中国");
  // 1 - (length of the words not in a, joined) / (length of all words, joined).
  CHECK(like("quick BROWN_FOX") == 1.0);
  CHECK(like("quick dog") == 1.0 - 3.0 / 9.0);
  CHECK(like("ÉLAN élan") == 1.0 - 4.0 / 9.0);  // only ASCII letters are case-folded
  CHECK(like("") == 0);
  CHECK(like("!!! ---") == 0);
  CHECK(winnow::extract::SimilarityTo("...")("quick") == 0);
  for (const char* b : {"the fox jumps", "a b c", "中国 新闻", "x", "The Quick,brown_fox jumps élan 中国 more words"})
    CHECK(like(b) == text_similarity("The Quick, brown_fox — jumps élan 中国", b));
}
