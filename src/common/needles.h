// Which of a fixed set of lower-case needles occur in a text, ASCII case ignored, in one pass:
// Aho-Corasick as a DFA over byte classes (the bytes the needles use, plus one for all others).
// Used by the rules' remove index (attribute substrings) and text-pattern prefilter (required
// literals), and by the detector's class and id word lists.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace winnow {

class NeedleSet {
 public:
  // Builds the automaton for (needle, value) pairs; needles are non-empty and hold no ASCII
  // upper-case letter (any other byte is fine, UTF-8 included). Cost: linear in the needles'
  // total length times the number of distinct bytes they use.
  void build(const std::vector<std::pair<std::string, std::uint32_t>>& needles);

  bool empty() const { return values_.empty(); }

  // Calls found(value) for every needle that ends at each byte of `text` (so a value may come
  // several times). Cost: one table step per byte.
  template <class Found>
  void scan(std::string_view text, Found&& found) const {
    std::uint32_t row = 0;
    for (unsigned char c : text) {
      const std::uint32_t t = next_[row + class_[c]];
      row = t & ~kHasOutput;
      if (t & kHasOutput)
        for (std::uint32_t i = out_begin_[row / classes_]; i < out_begin_[row / classes_ + 1]; ++i) found(values_[i]);
    }
  }

  // Appends the value of every needle found in `text` (a value may repeat).
  void scan(std::string_view text, std::vector<std::uint32_t>* found) const {
    scan(text, [found](std::uint32_t v) { found->push_back(v); });
  }

 private:
  static constexpr std::uint32_t kHasOutput = 0x80000000;

  std::array<std::uint8_t, 256> class_{};
  std::uint32_t classes_ = 1;
  // state * classes_ + class -> the next state's row (state * classes_), with kHasOutput set when
  // a needle ends there: the scan then costs one lookup and one test per byte.
  std::vector<std::uint32_t> next_;
  std::vector<std::uint32_t> out_begin_;  // state -> its outputs in values_
  std::vector<std::uint32_t> values_;
};

}  // namespace winnow
