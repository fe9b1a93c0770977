// Matching compiled selectors (html/selector_parse.h) against Dom elements. Internal to the
// selector engine (html/selector.h is the interface).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "html/dom.h"
#include "html/selector.h"
#include "html/selector_parse.h"

namespace winnow::html::selector_internal {

// The state of one matching call.
struct Ctx {
  const Dom& dom;
  MatchCache* cache;    // may be null: then texts and :has() are computed each time
  std::string scratch;  // element text when there is no cache
};

// True if element `e` matches the complex selector (ignoring its actions). `scope` is the :has()
// anchor for relative selectors, else kNoNode. Cost: the compounds, right to left; climbing
// ancestors and siblings in loops, never recursing on the tree.
bool match_complex(const Complex& x, NodeId e, NodeId scope, Ctx& ctx);

// True if `e` matches any selector of the list.
bool match_list(const List& list, NodeId e, NodeId scope, Ctx& ctx);

// Applies x's :upward / :and-after to `matched` and sets (*selected)[n] = 1 for each node that
// ends up selected, never above `root`.
void apply_actions(const Complex& x, NodeId matched, NodeId root, Ctx& ctx, std::vector<std::uint8_t>* selected);

// True for <script> and <style>, whose content is not text.
bool is_raw_text(const Dom& dom, NodeId e);

// Sets *out to the normalised text of `e` by walking its subtree (see MatchCache::element_text).
void compute_text(const Dom& dom, NodeId e, std::string* out);

}  // namespace winnow::html::selector_internal
