// The remove rules of some rule files, indexed so that a page's elements are tried only against
// the rules they could match: the plain remove selectors (no :upward / :and-after) bucketed by what
// the rightmost compound of each selector requires (id, class, attribute substring, tag), and the
// remove-text / remove-label rules, in order, with a prefilter of their patterns. Built once per
// rule set for the generic files (at load time, rules/load), and for the few site files of a host
// on the first page that needs them (then kept with the rule set, rules/apply).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/needles.h"
#include "html/dom.h"
#include "rules/rule.h"
#include "rules/text_filter.h"

namespace winnow::rules {

// A rule with the file it comes from.
struct Active {
  const Rule* rule;
  const RuleFile* file;
  bool generic() const { return file->generic(); }
};

// Whether a remove selector may select something other than the element it matches (:upward,
// :and-after): those are left out of the index, and apply() selects them on their own. Looking at
// the text over-approximates (an attribute value could spell it), which only costs a select().
// Asked of every remove rule on every page: no copy.
bool selects_elsewhere(std::string_view pattern);

// See the top of this file.
struct RemoveIndex {
  std::vector<Active> entries;  // the indexed rules, in order; the lists below hold their numbers
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_id, by_class;
  std::vector<std::vector<std::uint32_t>> by_tag;  // by GumboTag
  std::vector<std::uint32_t> universal;
  struct ByAttribute {
    std::string name;
    std::vector<std::uint32_t> present;  // rules that need only the attribute to be there
    std::vector<std::pair<std::string, std::uint32_t>> needles;
    NeedleSet contains;                  // rules that need a substring of its value
  };
  std::vector<ByAttribute> by_attribute;
  std::vector<Active> text_entries;  // remove-text and remove-label rules, in order
  TextFilter text_filter;            // over text_entries' patterns

  // Sets *out to the numbers of the text rules whose pattern matches all of `text`, ascending.
  // Only the patterns whose literals `text` holds are tried. (One RE2::Set over all the patterns
  // would make this a single pass, but compiling it costs more than 30 ms at start-up: the
  // patterns' counted repeats of UTF-8 '.' are large.)
  void matching_texts(std::string_view text, TextFilter::Scratch* scratch, std::vector<int>* out) const;

  // The bucket of attribute `name`, added if missing (while indexing).
  ByAttribute& attribute(std::string_view name);

  // Appends the numbers of the rules element `id` could match (unsorted, may repeat): those keyed
  // by its id, each class, its tag, an attribute it has or a substring of one, and the universal.
  void candidates(const html::Dom& dom, html::NodeId id, std::vector<std::uint32_t>* out) const;
};

// Indexes the remove, remove-text and remove-label rules of `files`, in order. Cost: linear in
// the rules' selectors (the attribute substrings become one Aho-Corasick automaton per attribute
// name) and patterns (their literals become one more, see text_filter.h); compiles no regex.
std::shared_ptr<const RemoveIndex> index_remove_rules(const std::vector<const RuleFile*>& files);

}  // namespace winnow::rules
