// libFuzzer target: html::Selector::compile on arbitrary text; a selector that compiles is matched
// against every element of a small page and used to select from its root and from its body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "html/dom.h"
#include "html/parse.h"
#include "html/selector.h"

namespace {

const char kPage[] =
    "<!doctype html><html lang=en><head><title>T</title><meta name=description content=d></head>"
    "<body class='a b'><div id=main data-x=\"1 2\"><p>one <em>two</em></p><p></p><p> </p>"
    "<ul><li>1<li class=on>2<li>3</ul><table><tr><td>a<td>b<tr><td>c</table>"
    "<svg><circle r=1></circle></svg><custom-el hidden>share this</custom-el></div>"
    "<section><h2>More</h2><a href=/x rel=nofollow>x</a><a href=/y>y</a></section></body></html>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const winnow::html::Dom* dom = new winnow::html::Dom(winnow::html::parse(kPage));
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  winnow::html::Selector selector;
  winnow::html::SelectorError error;
  if (!winnow::html::Selector::compile(text, &selector, &error)) {
    if (error.message.empty() || error.column == 0 || error.column > text.size() + 1) std::abort();
    return 0;
  }
  (void)selector.keys();
  std::vector<winnow::html::NodeId> out;
  selector.select(*dom, 0, &out);
  winnow::html::MatchCache cache(*dom);
  for (winnow::html::NodeId id = 0; id < dom->size(); ++id)
    if (dom->is_element(id)) (void)selector.matches(*dom, id, &cache);
  return 0;
}
