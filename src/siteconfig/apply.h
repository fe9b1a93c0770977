// Applying a site config to one page: the raw-text replacements before the parse, then on the
// Dom the title, author and date, the links to follow, the strips, and the body.
#pragma once

#include <string>
#include <vector>

#include "html/dom.h"
#include "siteconfig/config.h"
#include "winnow/winnow.h"

namespace winnow::siteconfig {

// Runs the config's find_string / replace_string pairs, in file order, on the page's text (every
// occurrence, as PHP's str_replace does). Returns true if one found something. Cost: one search
// of the text per pair.
bool replace_strings(const Config& config, std::string* html);

// What a site config found on a page.
struct Found {
  html::NodeId root = html::kNoNode;  // the body: the one element the first matching `body`
                                      // expression selected, or a new <div> holding all it
                                      // selected, in document order; kNoNode if none matched
  std::string title, author, date;    // "" when no expression found one (author: ", "-joined)
  std::string single_page_link;       // as written on the page (not resolved); "" if none
  std::string next_page_link;
  std::vector<std::string> notes;     // what was used and what was not, for --explain
};

// Applies `config` to *dom: reads title, author, date and the link directives from the page as it
// is (the links only if an if_page_contains expression, when there are any, matches), then
// removes what strip, strip_id_or_class and strip_image_src select (in that order, each seeing the
// page the previous left), the attributes strip_attr selects, unwraps what dissolve selects,
// wraps what wrap_in(tag) selects in a new element, then tries the body expressions in
// order: the first that selects an element wins. Each removal is appended to *removals when not
// null. Cost: copying the Dom into pugixml's tree once (see mirror.h), one XPath evaluation per
// expression and one walk for the strip words.
Found apply(const Config& config, html::Dom* dom, std::vector<Removal>* removals);

}  // namespace winnow::siteconfig
