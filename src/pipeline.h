// What src/winnow.cc wires together, for the benchmarks that time its stages one by one.
#pragma once

#include "extract/content.h"
#include "html/prescan.h"
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

}  // namespace winnow
