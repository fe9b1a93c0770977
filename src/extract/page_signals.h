// What kind of page this is, as the page says it in markup every site uses the same way: the
// schema.org types of its JSON-LD and microdata, og:type, the words of its URL's path, and counts
// of tell-tale elements (articles, code blocks, prices, forms). The page-type model and the block
// model both read these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "html/dom.h"

namespace winnow::extract {

struct PageSignals {
  std::vector<float> values;  // one per page_signal_names() entry
};

// The names of the signals, in the order of PageSignals::values (the model files refer to them).
const std::vector<std::string>& page_signal_names();

// Reads the signals of the page under `document` (with its <head>; call before the ld+json scripts
// are removed), whose URL is `url` (may be empty). Cost: one walk of the tree, plus a scan of each
// ld+json script's text for "@type".
PageSignals read_page_signals(const html::Dom& dom, std::string_view url);

}  // namespace winnow::extract
