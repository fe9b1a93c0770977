// Main-content detection: finding the article root on pages whose rules do not name it, and the
// second pass that drops boilerplate blocks inside it.
#pragma once

#include <string>
#include <vector>

#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::extract {

struct Article {
  html::NodeId root = html::kNoNode;  // never kNoNode when the page has a <body> or any content
  std::vector<std::string> notes;     // how the root was chosen (printed by --explain)
};

// Finds the article root. `hint` is the root a site rule selected (kNoNode if none): when set it is
// used as is. Removes boilerplate blocks inside the root (recorded in *removals when not null).
// Metadata (already read) lets the second pass recognise the title and byline repeated in the body.
Article find_article(html::Dom* dom, html::NodeId hint, const Metadata& metadata,
                     std::vector<Removal>* removals);

}  // namespace winnow::extract
