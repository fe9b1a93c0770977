// A prefilter for the remove-text / remove-label patterns. Each pattern is tried on every small
// block of a page, and nearly every try fails; RE2's fixed cost per call (~1 us for a handful of
// patterns) then dominates. Most patterns cannot match unless the text holds some literal
// ("share", "comments", "関連記事"), so the filter finds, in one Aho-Corasick pass over a block's
// text, which of the patterns' literals it holds, and only the patterns whose literals are all
// there are worth a RE2 call.
//
// The literals are read from the pattern text by a small analysis of RE2 syntax (FilteredRE2
// would compile every pattern a second time, a few ms at start-up). It only ever asks too little:
// any construct it does not follow makes the pattern unfiltered (always tried).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/needles.h"

namespace re2 {
class RE2;
}

namespace winnow::rules {

// What every text that a pattern matches must hold: one of `terms`, each term being a set of
// literals that must all occur in the text (ASCII case ignored) plus, if `non_ascii_letter`, a
// character outside ASCII that has other cases (a letter: not punctuation, symbols or CJK). A
// single empty term means "nothing is required" (the pattern is unfiltered).
struct Requirement {
  struct Term {
    std::vector<std::string> literals;  // non-empty, no ASCII upper case, sorted and distinct
    bool non_ascii_letter = false;
    bool operator==(const Term&) const = default;
  };
  std::vector<Term> terms;

  bool always() const { return terms.size() == 1 && terms[0].literals.empty() && !terms[0].non_ascii_letter; }
};

// The requirement of RE2 pattern `pattern` (its source as given to RE2) when it must match a
// whole text, `ignore_case` as compiled. Never too strict: a text RE2 matches always meets it,
// case folding included (under `ignore_case`, a non-ASCII letter of the pattern may match another
// case of it, so it only asks for some such letter; "K" (U+212A) and "ſ" (U+017F) in a text
// can match ASCII 'k' and 's': TextFilter does not filter such texts). Syntax it does not follow
// gives "nothing required". Cost: linear in the pattern times the small literal sets it tracks.
Requirement required_literals(std::string_view pattern, bool ignore_case);

class TextFilter {
 public:
  // Scratch of candidates(), one per thread.
  struct Scratch {
    std::vector<std::uint32_t> atoms, terms;
  };

  // Builds the filter for `regexes`, numbered by their position. Cost: required_literals() of each
  // plus building one automaton over their literals (tens of microseconds for the generic rules).
  void build(const std::vector<const re2::RE2*>& regexes);

  // Sets *out to the numbers of the regexes that may match all of `text`, ascending: those whose
  // requirement `text` meets, or all of them when `text` holds a character that folds to ASCII.
  // Cost: one table step per byte of `text`, plus a little per literal found.
  void candidates(std::string_view text, Scratch* scratch, std::vector<int>* out) const;

 private:
  int regexes_ = 0;
  std::vector<int> unfiltered_;                  // regexes without a requirement, ascending
  NeedleSet needles_;                            // literal -> atom number; kUnsafe for K, ſ...
  std::vector<std::vector<std::uint32_t>> atom_terms_;  // atom -> the terms that ask for it
  std::uint32_t letter_atom_ = 0;               // the atom "a letter outside ASCII"
  std::vector<std::uint32_t> term_size_;         // term -> how many atoms it asks for
  std::vector<int> term_regex_;                  // term -> its regex
};

}  // namespace winnow::rules
