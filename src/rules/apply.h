// Applying a loaded rule set to one page.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::rules {

// What the rules say about the page beyond what they removed.
struct Hints {
  html::NodeId root = html::kNoNode;  // the article root a site rule selected (`body`), or kNoNode
  std::string title;                  // text of the element a site rule named as the title, or ""
  std::string byline;
  std::string date;
  std::vector<std::string> files;     // the rule files that applied, for --explain
  std::vector<std::string> notes;     // decisions worth telling (a generic rule held back), for --explain
};

// Applies the generic rules of `language` (an ISO 639-1 code, "" when unknown: see
// generic_files in load.h) and the site rules of `host` (lower case, "www." folded; "" when the
// page's origin is unknown) to *dom: removals, unwraps, text replacements, cuts. The title, byline
// and date selectors are read before anything is removed. When `removals` is not null, appends one
// entry per removed element. Site rules are applied as written; generic rules never remove the
// <html>/<body> elements, the article root or an element holding most of the page's text (class
// names are noisy: a "has-comments" body class must not empty the page). Cost: a few walks of the
// tree (one per phase: hints, replace, unwrap, remove, cut, text patterns) plus one walk per
// hint, unwrap, cut-from and :upward / :and-after selector; never throws.
// `root`, when not kNoNode, is an article root chosen before the rules (a site config's body): it
// is kept as a `body:` rule's would be, and the rules' own `body:` are not tried.
Hints apply(const Rules& rules, std::string_view host, std::string_view language, html::Dom* dom,
            std::vector<Removal>* removals, html::NodeId root = html::kNoNode);

}  // namespace winnow::rules
