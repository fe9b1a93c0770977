// CSS selectors over a Dom, compiled once and matched many times, plus the few procedural
// extensions that real site rules need (the ones ad-blocker filter lists use):
//
//   :has-text(/re2/i)   the element's normalised text matches the RE2 pattern (i: ignore case);
//                       :has-text(plain words) matches a case-sensitive substring
//   :upward(N)          the selected element is the N-th ancestor of the matched one (N >= 1)
//   :upward(selector)   ... the nearest ancestor that matches `selector`
//   :and-after          the matched element and all its following siblings
//
// :upward() and :and-after change *what is selected*, not whether an element matches, so they are
// allowed only at the end of a complex selector.
//
// Standard syntax: type and '*', #id, .class, [a] [a=v] [a~=v] [a|=v] [a^=v] [a$=v] [a*=v] (values
// quoted or not, flag i or s), the combinators ' ' '>' '+' '~', lists, :not() :is() :where() :has()
// (relative: ":has(> p)", ":has(+ x)"), :root :empty :first-child :last-child :only-child
// :first-of-type :last-of-type :only-of-type :nth-child() :nth-last-child() :nth-of-type()
// :nth-last-of-type() (an+b, odd, even; no "of S"). Tag and attribute names ignore case; ids,
// classes and values do not (unless [... i]). Two leniencies: "#123" and unquoted values made of
// any name characters ("[width=100]"). :empty is false for a whitespace-only text child, as in
// browsers. The :has-text plain text is normalised like the element's text before comparing.
// Pseudo-elements, namespaces and other pseudo-classes are errors.
//
// Files: selector_parse.{h,cc} (text -> compiled form), selector_match.{h,cc} (matching),
// selector.cc (this interface, MatchCache, select).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "html/dom.h"

namespace winnow::html {

struct SelectorError {
  std::size_t column = 0;  // 1-based column in the selector text where the problem starts
  std::string message;     // what was expected, e.g. "expected ')' after :nth-child argument"
};

// What an element matching a selector must have, taken from the rightmost compound (the one
// matched first). An element matching the list satisfies at least one of the list's keys(), so a
// rule index can bucket selectors by these keys and try a selector only on elements that carry
// one; an empty key means "no constraint". A rightmost compound with nothing of its own but an
// :is() / :where() gives the keys of that list's selectors instead.
struct SelectorKeys {
  GumboTag tag = GUMBO_TAG_LAST;  // GUMBO_TAG_LAST: any tag; GUMBO_TAG_UNKNOWN: see tag_name
  std::string tag_name;           // lower-case; set only for tags Gumbo does not know
  std::string id;                 // the element's id attribute must equal this
  std::vector<std::string> classes;  // the element's class attribute must hold all of these
  // The element must have each of these attributes, and when `contains` is not empty its value,
  // ASCII lower-cased, must hold `contains` (stored lower-cased). Every attribute test implies
  // this: [a] [a=v] [a~=v] [a|=v] [a^=v] [a$=v] [a*=v], with or without the i flag.
  struct Attribute {
    std::string name;      // lower-case
    std::string contains;  // lower-case; "" when only presence is implied
  };
  std::vector<Attribute> attributes;
};

// An element's place among its parent's element children (1-based), overall and among those of
// its own tag.
struct ChildPosition {
  std::uint32_t index = 0;       // 0: not yet numbered
  std::uint32_t count = 0;
  std::uint32_t type_index = 0;
  std::uint32_t type_count = 0;
};

// Scratch shared by matching calls on one Dom that has not changed since the cache was made, so
// that matching stays linear on deep pages and long lists: element texts for :has-text (all built
// in one walk of `root`'s subtree on first use), children numbered once per parent for
// :nth-child() and friends, and memos of :has() and of the descendant / sibling combinators.
// Not thread-safe; make one per thread and per Dom state. Costs nothing until a selector needs
// one of these; then 8 bytes (texts), 16 bytes (positions) or 1 byte (each memo) per Dom node.
class MatchCache {
 public:
  explicit MatchCache(const Dom& dom, NodeId root = 0);

  // The normalised text of element `id`: normalize_space() of its descendant text nodes,
  // concatenated, leaving out <script> and <style> content. The view lives as long as the cache
  // for nodes under `root`; for others it lives until the next call.
  std::string_view element_text(NodeId id);

  // Where element `id` (which must have a parent) stands among its siblings. The first call for
  // a parent numbers all its children.
  const ChildPosition& child_position(NodeId id);

  // A memo owned by the matcher, one byte per Dom node, zero until written; `key` names what it
  // remembers (the address of a part of a compiled selector).
  std::vector<std::uint8_t>& memo(const void* key);
  // test(), unless the test named `key` was last asked about this very text (the same span of
  // element_text's texts, which nested wrappers share) or about an empty text before: then the
  // answer it gave. `text` must come from element_text.
  template <class Test>
  bool text_test(const void* key, std::string_view text, Test&& test) {
    TextAnswer& last = text_answers_[key];
    if (text.empty()) {
      if (last.empty_answer < 0) last.empty_answer = test() ? 1 : 0;
      return last.empty_answer == 1;
    }
    const bool stable = text.data() >= texts_.data() && text.data() + text.size() <= texts_.data() + texts_.size();
    if (stable && last.data == text.data() && last.size == text.size()) return last.answer;
    const bool answer = test();
    if (stable) last = {text.data(), text.size(), answer, last.empty_answer};
    return answer;
  }

  // Scratch of the combinator memos: the nodes a climb passed, used as a stack by nested climbs.
  std::vector<NodeId>& climb_scratch() { return climbed_; }

 private:
  void build_texts();

  const Dom& dom_;
  NodeId root_;
  bool texts_built_ = false;
  std::string texts_;                       // the normalised text of root's subtree
  std::vector<std::uint32_t> text_begin_;   // per node: its span in texts_ (or kNoNode)
  std::vector<std::uint32_t> text_end_;
  std::string scratch_;
  std::vector<ChildPosition> positions_;
  std::vector<std::pair<std::string_view, std::uint32_t>> type_counts_;  // scratch of child_position
  std::unordered_map<const void*, std::vector<std::uint8_t>> memos_;
  struct TextAnswer {
    const char* data = nullptr;
    std::size_t size = 0;
    bool answer = false;
    int empty_answer = -1;  // -1: not asked yet
  };
  std::unordered_map<const void*, TextAnswer> text_answers_;
  std::vector<NodeId> climbed_;
};

class Selector {
 public:
  Selector();
  ~Selector();
  Selector(Selector&&) noexcept;
  Selector& operator=(Selector&&) noexcept;

  // Compiles a selector list ("a, b"). Unsupported or malformed syntax (pseudo-elements, unknown
  // pseudo-classes, a bad regex) returns false and fills *error; *out is then unusable.
  // Cost: linear in the text, plus compiling any :has-text patterns once.
  static bool compile(std::string_view text, Selector* out, SelectorError* error);

  // True if element `id` matches one of the list's selectors, ignoring :upward and :and-after.
  bool matches(const Dom& dom, NodeId id) const;
  // The same, sharing texts and :has() results with other calls through *cache (which must have
  // been made for this Dom in its current state). Use it when matching many elements one by one.
  bool matches(const Dom& dom, NodeId id, MatchCache* cache) const;

  // Appends to *out every node that the selector selects in the subtree of `root` (root included),
  // after applying :upward / :and-after, in document order, each at most once, none inside another
  // selected node. Cost: one walk of the subtree, times the cost of matching each element.
  // Nodes that :upward() would reach above `root`, or that are not elements, are not selected;
  // :and-after selects the following sibling nodes of every kind (text too), and for `root` itself
  // only `root`. Each call uses one MatchCache over `root`, so :has-text, :has(x), :nth-*() and
  // the descendant / sibling combinators stay linear on deep pages and long lists.
  void select(const Dom& dom, NodeId root, std::vector<NodeId>* out) const;

  const std::string& text() const;

  // One entry per selector of the list, in order, or more where :is() spreads (see SelectorKeys).
  const std::vector<SelectorKeys>& keys() const;
  // Every attribute name the selector tests anywhere in it (lower-case, each once): "id" for
  // #id, "class" for .class, and the names of [attr] tests, inside :not(), :is(), :has() and
  // :upward() too. The pre-scan must keep these (see html::AttributeFilter).
  const std::vector<std::string>& attribute_names() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow::html
