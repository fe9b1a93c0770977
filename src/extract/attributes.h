// The attributes this stage reads, for the pre-scan's filter (html::AttributeFilter).
#pragma once

#include "html/attribute_filter.h"

namespace winnow::extract {

// Adds to *keep every attribute metadata, hints and main-content detection read. The pre-scan
// drops the attributes no stage keeps, so code here that reads a new attribute adds it in
// attributes.cc (tests/html/prescan_clean_diff_test.cc, over the corpus and a page using every
// attribute read, catches a miss).
// Cost: a few dozen hash inserts.
void keep_attributes_read(html::AttributeFilter* keep);

}  // namespace winnow::extract
