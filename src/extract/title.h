// Choosing the article title: the <title> element cut of its site-name part, and a similarity
// measure to compare titles with headings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::extract {

// The article title inside a page's <title> text: "Story - Site" gives "Story", "Site | Story" gives
// "Story" when the last part is too short to be the title, "Site: Story" keeps the part after the
// colon unless a heading holds the whole text. `headings` are the page's <h1> and <h2> texts,
// `h1_count`/`first_h1` describe its <h1>s (a lone <h1> replaces a <title> that is implausibly short
// or long). Separators are " | ", " - ", " – ", " — ", " / ", " \ ", " > ", " » ". Returns the
// original text when cutting would leave four words or fewer. Cost: linear in the inputs.
std::string title_from_document(std::string_view title, const std::vector<std::string>& headings,
                                std::size_t h1_count, std::string_view first_h1);

// Share of b's words (case-folded; letters of any script are word characters) that also occur in
// a, weighted by length: 1 when every word of b is in a, 0 when none is. Cost: O(|a| + |b|) words.
double text_similarity(std::string_view a, std::string_view b);

// text_similarity(a, b) for one `a` and many b (the title against every block of a page): a's
// words are read once, and b's are compared without a copy of each.
class SimilarityTo {
 public:
  explicit SimilarityTo(std::string_view a);
  double operator()(std::string_view b) const;

 private:
  bool has(std::string_view word) const;

  std::vector<std::string> words_;  // a's distinct words, case-folded
  std::uint64_t sizes_ = 0;         // bit min(size, 63) set for each size of a word of a
};

}  // namespace winnow::extract
