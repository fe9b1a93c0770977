// common/needles: the Aho-Corasick matcher reports every occurrence a naive search finds.
#include "common/needles.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.h"

using winnow::NeedleSet;

namespace {

using Needles = std::vector<std::pair<std::string, std::uint32_t>>;

// The value of every occurrence of every needle in `text` (overlapping ones too), case ignored.
std::vector<std::uint32_t> naive(const Needles& needles, std::string_view text) {
  std::vector<std::uint32_t> out;
  for (const auto& [needle, value] : needles)
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i)
      if (winnow::equals_lower(text.substr(i, needle.size()), needle)) out.push_back(value);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::uint32_t> scanned(const Needles& needles, std::string_view text) {
  NeedleSet set;
  set.build(needles);
  std::vector<std::uint32_t> out;
  set.scan(text, &out);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("needles inside needles, overlapping, any case") {
  NeedleSet set;
  CHECK(set.empty());
  const Needles needles = {{"share", 1}, {"sharedaddy", 2}, {"hare", 3}, {"ad", 4}, {"aa", 5}};
  CHECK(scanned(needles, "the SHAREDaddy bar") == std::vector<std::uint32_t>{1, 2, 3, 4});
  CHECK(scanned(needles, "shar e").empty());
  CHECK(scanned(needles, "aaa") == std::vector<std::uint32_t>{5, 5});
  CHECK(scanned(needles, "caf\xC3\xA9 share") == std::vector<std::uint32_t>{1, 3});
}

TEST_CASE("random needles and texts: the same occurrences as a naive search") {
  std::mt19937 rng(16);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::string alphabet = "abcAB-\xC3\xA9";  // upper case, punctuation and UTF-8 bytes
  for (int round = 0; round < 2000; ++round) {
    Needles needles;
    for (std::uint32_t k = 0, count = 1 + static_cast<std::uint32_t>(pick(6)); k < count; ++k) {
      std::string n;
      for (std::size_t len = 1 + pick(4); len > 0; --len) n += winnow::lower_ascii(alphabet[pick(alphabet.size())]);
      needles.emplace_back(n, k);
    }
    std::string text;
    for (std::size_t len = pick(40); len > 0; --len) text += alphabet[pick(alphabet.size())];
    CAPTURE(text);
    CHECK(scanned(needles, text) == naive(needles, text));
  }
}
