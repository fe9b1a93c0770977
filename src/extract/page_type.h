// The kind of page, from its signals: article, forum, product, collection, listing,
// documentation or service.
#pragma once

#include <string>

#include "extract/page_signals.h"

namespace winnow::extract {

// The page type the page declares in schema.org terms (a forum posting, a Q&A page, a collection
// page, a technical article), else the one the page-type model scores highest; "" when neither
// says (no declaration and no page-type model). Cost: one path down each of the model's trees.
std::string page_type(const PageSignals& signals);

}  // namespace winnow::extract
