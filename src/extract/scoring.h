// Finding the article's root: arc90 Readability's scoring, generalised. Every paragraph-like block
// of 25+ characters scores 1 + its commas + a point per 100 characters (at most 3), and gives that
// score to its parent, half to its grandparent, and less to three more ancestors. Ancestors start
// from a base for their tag plus class/id hints, and end scaled by (1 - link density). The best one
// may climb to an ancestor that holds several other good candidates, and siblings that look like
// content are merged in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/counts.h"
#include "extract/facts.h"
#include "html/dom.h"

namespace winnow::extract {

// Detection passes, loosened one by one when the stricter pass finds too little text.
enum Flags : unsigned {
  kStripUnlikely = 1,       // skip elements whose class/id/role names junk
  kWeightClasses = 2,       // let class/id hints change scores
  kCleanConditionally = 4,  // drop link-dense or image-heavy blocks inside the article
};

// Why a node is left out of the article (kKeep: it is not).
enum class Reason : std::uint8_t {
  kKeep = 0,
  kHidden,
  kUnlikely,
  kByline,
  kTitle,
  kEmpty,
  kOutside,
  kJunkTag,
  kShare,
  kNegativeHeading,
  kNegativeClass,
  kLinkDense,
  kShady,
};

const char* reason_name(Reason r);

// The outcome of scoring one page under one set of flags.
struct Selection {
  html::NodeId top = html::kNoNode;  // the best candidate after climbing
  std::vector<html::NodeId> kept;    // top and the merged siblings, in document order
  float top_score = 0;
  std::size_t candidates = 0;
  bool whole_body = false;           // no candidate: the body is the article
  std::vector<Reason> marks;         // per node: left out before scoring (hidden, unlikely...)
  std::vector<Counts> counts;        // per node, with marked nodes left out
  std::vector<std::uint8_t> collapsible;  // per node: a <div> that only wraps one <p>
};

// Scores the subtree at `body` under `flags` and picks the article. The page's title (in `facts`,
// may be empty) lets the first <h1>/<h2> repeating it be marked kTitle. `facts` keeps what this pass
// learns of the nodes for the next pass on the same page. Cost: two linear passes over the subtree.
Selection select_article(const html::Dom& dom, html::NodeId body, unsigned flags, NodeFacts* facts);

// The visible text of a subtree, stopping after about `limit` bytes or `limit` nodes, whichever
// comes first, so that it is cheap on large subtrees and on deeply nested ones alike.
std::string short_text(const html::Dom& dom, html::NodeId root, std::size_t limit);

}  // namespace winnow::extract
