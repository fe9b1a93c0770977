// What src/winnow.cc wires together, for the benchmarks that time its stages one by one, and the
// hooks tests and benchmarks use to look inside clean(). Private: not part of include/winnow/.
#pragma once

#include "extract/content.h"
#include "html/attribute_filter.h"
#include "winnow/winnow.h"

namespace winnow {

// The pre-scan's filter for a clean with `rules` and `format`: every attribute the rules' selectors
// test (and those of the site files read so far), and those extract and the format's writer read.
// clean() uses it with the pre-scan's attribute drop on. Cost: about a hundred hash inserts.
html::AttributeFilter attributes_read(const Rules& rules, Format format);

// How many times the page was parsed by the last clean() on this thread (for clean_pages, by its
// last page): 1, or 2 when the pre-scan read the page's URL from its markup otherwise than the
// parse did and the host so found needed another parse (tests/winnow_test.cc shows that never
// happens on the corpus). 0 when the page was refused before the parse.
int parses_of_last_page();

// What tests and benchmarks may ask of clean() beyond Options; no user needs them. The defaults
// are clean()'s own behaviour.
struct CleanHooks {
  // Shortcuts that may be switched off, to show they change nothing in the output
  // (tests/html/prescan_clean_diff_test.cc).
  //
  // The pre-scan drops what no stage reads before Gumbo parses (html::prescan's `drop`): the
  // bodies of script, style, svg, template, noscript and comments, event handlers and srcdoc, runs
  // of white space. Off, Gumbo parses the decoded page whole: slower, and exposed to an assertion
  // in Debian's Gumbo 0.10.1 (CDATA in svg or math inside a table) that the pre-scan defuses.
  bool drop_before_parse = true;
  // With it, the pre-scan also drops every attribute no stage reads for the output format (see
  // attributes_read).
  bool drop_unread_attributes = true;
  // When not null, filled with what the block model saw: bench/blocks dumps it to train the model
  // on the same features clean() computes.
  extract::BlockTrace* trace = nullptr;
  // The shape signals the detector's root gets (extract::JunkShape bits; see junk_shapes.h for
  // which are on by default and why).
  unsigned junk_shapes = extract::kDefaultJunkShapes;
};

// clean() with `hooks`.
Error clean_with_hooks(std::string_view bytes, const Options& options, const CleanHooks& hooks, const Rules& rules,
                       std::string_view input_name, Document* out);

}  // namespace winnow
