#include <doctest/doctest.h>

#include "common/text.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

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

TEST_CASE("append_collapsed agrees with a character-by-character reference on random text") {
  // The reference: each visible character goes out, preceded by one space if any white space
  // (or none of the text so far) came before it, never at a line start or the very start.
  const std::vector<std::string> pieces = {"a", "Z", "9", ".", " ", "  ", "\n", "\t", "\r", "\f",
                                           "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x8B", "é", "日", "\x7F", "\x01"};
  std::mt19937 rng(7);
  for (int n = 0; n < 20000; ++n) {
    std::string prefix = rng() % 3 == 0 ? "x\n" : (rng() % 2 ? "" : "w");
    std::string text;
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) text += pieces[rng() % pieces.size()];
    bool pending = rng() % 2;
    std::string expected = prefix;
    bool owed = pending;
    for (std::size_t i = 0; i < text.size();) {
      // One character; what it is (visible, white space, invisible) normalize_space tells.
      std::size_t len = 1;
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0xF0) len = 4; else if (c >= 0xE0) len = 3; else if (c >= 0xC0) len = 2;
      len = std::min(len, text.size() - i);
      const std::string ch = text.substr(i, len);
      const std::string alone = normalize_space(ch);
      if (alone.empty() && normalize_space("a" + ch + "b") == "a b") {
        owed = true;  // white space
      } else if (!alone.empty()) {
        if (owed && !expected.empty() && expected.back() != '\n') expected += ' ';
        owed = false;
        expected += alone;
      }
      i += len;
    }
    std::string out = prefix;
    append_collapsed(&out, text, &pending);
    INFO("text: ", text, " prefix: ", prefix);
    CHECK(out == expected);
    CHECK(pending == owed);
  }
}

TEST_CASE("is_blank and utf8_length") {
  CHECK(is_blank(" \t\xC2\xA0\n"));
  CHECK(is_blank(""));
  CHECK_FALSE(is_blank(" x "));
  CHECK(utf8_length("abc") == 3);
  CHECK(utf8_length("日本語") == 3);
  CHECK(utf8_length("Привет") == 6);
}
