#include <doctest/doctest.h>

#include "common/text.h"

using winnow::append_collapsed;
using winnow::is_blank;
using winnow::normalize_space;
using winnow::utf8_length;

TEST_CASE("normalize_space folds every kind of white space and trims") {
  CHECK(normalize_space("  a \t\n b  ") == "a b");
  CHECK(normalize_space("a\xC2\xA0\xC2\xA0" "b") == "a b");          // no-break spaces
  CHECK(normalize_space("a\xE2\x80\x83" "b\xE3\x80\x80" "c") == "a b c");  // em space, ideographic space
  CHECK(normalize_space("") == "");
  CHECK(normalize_space(" \xC2\xA0 ") == "");
}

TEST_CASE("normalize_space drops invisible characters without splitting words") {
  CHECK(normalize_space("hy\xC2\xAD" "phen") == "hyphen");     // soft hyphen
  CHECK(normalize_space("zero\xE2\x80\x8Bwidth") == "zerowidth");
  CHECK(normalize_space("\xEF\xBB\xBF" "bom") == "bom");
}

TEST_CASE("normalize_space keeps multi-byte text intact") {
  CHECK(normalize_space("  Привет,   мир ") == "Привет, мир");
  CHECK(normalize_space("日本語\n テキスト") == "日本語 テキスト");
  CHECK(normalize_space("truncated \xE2\x80") == "truncated \xE2\x80");
}

TEST_CASE("append_collapsed owes a space across calls but never at a line start") {
  std::string out;
  bool pending = false;
  append_collapsed(&out, "Joe ", &pending);
  CHECK(out == "Joe");
  CHECK(pending);
  append_collapsed(&out, "Biden", &pending);
  CHECK(out == "Joe Biden");
  out += "\n";
  pending = true;
  append_collapsed(&out, "next", &pending);
  CHECK(out == "Joe Biden\nnext");
}

TEST_CASE("is_blank and utf8_length") {
  CHECK(is_blank(" \t\xC2\xA0\n"));
  CHECK(is_blank(""));
  CHECK_FALSE(is_blank(" x "));
  CHECK(utf8_length("abc") == 3);
  CHECK(utf8_length("日本語") == 3);
  CHECK(utf8_length("Привет") == 6);
}
