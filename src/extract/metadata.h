// Reading a page's metadata: title, byline, dates, site name, language, canonical URL, description,
// lead image.
#pragma once

#include <string>
#include <string_view>

#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::extract {

// The URL that identifies the page, by documented precedence: `given` (the fetch URL or --url), then
// <link rel=canonical>, og:url, <base href>; "" when there is none. Relative canonical links are
// resolved against <base href> when possible.
std::string page_url(const html::Dom& dom, std::string_view given);

// The host of an absolute URL, lower case, with a leading "www." removed; "" if none.
std::string url_host(std::string_view url);

// Reads every metadata field from the untouched page (call before rules remove anything).
// `url` is the page URL from page_url(). Cost: one walk of the tree plus JSON-LD parsing.
Metadata read_metadata(const html::Dom& dom, std::string_view url);

}  // namespace winnow::extract
