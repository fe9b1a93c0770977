// What src/winnow.cc wires together, for the benchmarks that time its stages one by one.
#pragma once

#include "extract/content.h"
#include "html/attribute_filter.h"
#include "winnow/winnow.h"

namespace winnow {

// The pre-scan's filter for a clean with `rules` and `format`: every attribute the rules' selectors
// test (and those of the site files read so far), and those extract and the format's writer read.
// clean() uses it with the pre-scan's attribute drop on. Cost: about a hundred hash inserts.
html::AttributeFilter attributes_read(const Rules& rules, Format format);

// clean(), also filling *trace (when not null) with what the block model saw: bench/blocks dumps
// it to train the model on the same features clean() computes.
Error clean_traced(std::string_view bytes, const Options& options, const Rules& rules, std::string_view input_name,
                   Document* out, extract::BlockTrace* trace);

// How many times the page was parsed by the last clean() on this thread (for clean_pages, by its
// last page): 1, or 2 when the pre-scan read the page's URL from its markup otherwise than the
// parse did and the host so found needed another parse (tests/winnow_test.cc shows that never
// happens on the corpus). 0 when the page was refused before the parse.
int parses_of_last_page();

}  // namespace winnow
