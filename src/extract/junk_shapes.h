// Junk found by its shape, with no word list, so it works in every language: a label followed by a
// list of links to other pages of the same site ("Read also: ..."), a block of links whose texts are
// other articles' headlines, a lone time / counter / date line, a box asking to subscribe, log in,
// comment or accept (found by its form controls: inputs, buttons, an email or password field, with
// little text).
#pragma once

#include <string_view>
#include <vector>

#include "html/dom.h"
#include "winnow/winnow.h"

namespace winnow::extract {

enum JunkShape : unsigned {
  kSiteLinkList = 1u << 0,   // (a) a short label, then links to other pages of the same site
  kHeadlineLinks = 1u << 1,  // (b) links whose texts are headlines, and little else
  kLoneCounter = 1u << 2,    // (c) a short line of a number, time or date and a word or two
  kControlBox = 1u << 3,     // (d) form controls with little text: subscribe, log in, comment, accept
};

// The shapes removed by default: none. Each was measured on its own with bench/accuracy (WCXB
// study and score parts, per page type, the Readability corpus); a shape is to be on only if it
// raises precision or lowers the `without` rate without costing recall beyond noise. On 2026-12-04,
// against P 0.887 R 0.912 without 0.043: kControlBox P 0.888 R 0.911 without 0.042 (product recall
// -0.005; with "two buttons and a line of text" as a box too, without 0.038 but R 0.900, collection
// recall -0.12); kSiteLinkList (not on listing/collection pages) P 0.888 R 0.910 (service recall
// -0.008); kHeadlineLinks R 0.908-0.897 for no precision; kLoneCounter R 0.905. The detector and
// the block model already drop most such blocks. Built and tested, off: CleanHooks::junk_shapes
// turns them on.
constexpr unsigned kDefaultJunkShapes = 0;

// The signal's name as --explain prints it ("shape: site link list").
const char* junk_shape_name(JunkShape s);

// Removes the blocks under `root` (not `root` itself) that have one of the `shapes`, the
// outermost such block each time, and records each in *removals when not null. `page_host` is the
// page's host (empty when unknown: then only relative links count as the same site). Skips data
// inside <table>, <pre>, <code>. Cost: two walks of the subtree and a per-node array reused
// across pages of a thread.
void remove_junk_shapes(html::Dom* dom, html::NodeId root, std::string_view page_host, unsigned shapes,
                        std::vector<Removal>* removals);

}  // namespace winnow::extract
