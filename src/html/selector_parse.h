// The compiled form of a selector list, and the parser that builds it from text. Internal to the
// selector engine (html/selector.h is the interface); shared by selector_parse.cc, which writes
// it, and selector_match.cc, which reads it.
//
// A complex selector is kept left to right, as written; matching starts at its last compound and
// climbs (see selector_match.cc). A relative selector (an argument of :has) starts with a
// `scope` compound that stands for the :has() anchor.
#pragma once

#include <re2/re2.h>

#include <bitset>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "html/selector.h"

namespace winnow::html::selector_internal {

enum class Combinator : std::uint8_t { kDescendant, kChild, kAdjacent, kSibling };

enum class AttrOp : std::uint8_t { kExists, kEquals, kIncludes, kDashMatch, kPrefix, kSuffix, kSubstring };

struct AttrTest {
  std::string name;  // lower-case
  AttrOp op = AttrOp::kExists;
  std::string value;
  bool ignore_case = false;
  // kSubstring with the i flag: Horspool shifts by ASCII-lower-cased byte (capped at 255), so that
  // a long value (a URL) is searched in about size / value.size() steps.
  std::vector<std::uint8_t> shifts;
};

struct List;

// Ordered by cost: a compound's pseudo-classes are sorted by kind, so the cheap structural ones
// reject first and :has-text (which needs the element's text) runs last.
enum class PseudoKind : std::uint8_t {
  kRoot,
  kEmpty,
  kFirstChild,
  kLastChild,
  kOnlyChild,
  kFirstOfType,
  kLastOfType,
  kOnlyOfType,
  kNthChild,
  kNthLastChild,
  kNthOfType,
  kNthLastOfType,
  kNot,
  kIs,
  kHas,
  kHasText,
};

struct Pseudo {
  PseudoKind kind = PseudoKind::kRoot;
  int a = 0, b = 0;            // :nth-*(an+b)
  std::unique_ptr<List> list;  // :not, :is, :has (relative selectors)
  // :is() / :not() whose selectors are all plain known tags (":is(p, div, span)"): those tags, so
  // that matching is one lookup instead of a walk of the list. Such a pseudo is tried first.
  bool tags_only = false;
  std::bitset<GUMBO_TAG_LAST + 1> tags;
  std::unique_ptr<RE2> regex;  // :has-text(/re/)
  std::string needle;          // :has-text(plain text), normalised
};

struct Compound {
  bool scope = false;              // the :has() anchor: leftmost compound of a relative selector
  GumboTag tag = GUMBO_TAG_LAST;   // GUMBO_TAG_LAST: any
  std::string tag_name;            // lower-case, for tags Gumbo does not know
  std::vector<std::string> ids;
  std::vector<std::string> classes;
  std::vector<AttrTest> attrs;
  std::vector<Pseudo> pseudos;     // cheapest first
};

enum class ActionKind : std::uint8_t { kUpwardCount, kUpwardSelector, kAndAfter };

struct Action {
  ActionKind kind = ActionKind::kAndAfter;
  int count = 0;
  std::unique_ptr<List> list;
};

struct Complex {
  std::vector<Compound> compounds;      // left to right
  std::vector<Combinator> combinators;  // combinators[i] joins compounds[i] and compounds[i + 1]
  std::vector<Action> actions;          // applied in order to the matched element (top level only)
  // Relative selectors (:has arguments) only, set by finish_relative():
  bool memoizable = false;  // ":has(compound)": answer per anchor = "some descendant matches"
  bool sibling_lead = false;    // starts with '+' or '~': candidates are following siblings
  bool adjacent_only = false;   // ... and only the next one
  int depth_limit = INT_MAX;    // no descendant combinator: candidates are at most this deep
};

struct List {
  std::vector<Complex> items;
};

// Parses `text` as a top-level selector list into *out. On malformed or unsupported syntax returns
// false and sets *error (1-based column, in characters, and what was expected).
// Cost: linear in the text, plus compiling each :has-text regex once.
bool parse(std::string_view text, List* out, SelectorError* error);

}  // namespace winnow::html::selector_internal
