// The kind of page, from its signals: article, forum, product, collection, listing,
// documentation or service.
#pragma once

#include <string>

#include "extract/page_signals.h"

namespace winnow::extract {

// The page type the page-type model scores highest; ""
// when the binary has no page-type model. Cost: one path down each of its trees.
std::string page_type(const PageSignals& signals);

}  // namespace winnow::extract
