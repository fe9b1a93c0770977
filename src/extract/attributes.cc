#include "extract/attributes.h"

#include <string_view>

namespace winnow::extract {

void keep_attributes_read(html::AttributeFilter* keep) {
  static constexpr std::string_view kRead[] = {
      // hints.cc, scoring.cc, content.cc, byline.cc: what class, id and role say; what is hidden
      "class", "id", "role", "aria-modal", "hidden", "aria-hidden", "style",
      // metadata.cc, url.cc, byline.cc: <meta>, <link>, <base>, <time>, microdata, JSON-LD
      "name", "property", "content", "itemprop", "http-equiv", "rel", "href", "datetime", "pubdate",
      "lang", "xml:lang", "type", "itemtype",
      // counts.cc, boilerplate.cc: links and tables
      "colspan", "summary", "datatable",
  };
  for (std::string_view name : kRead) keep->keep(name);
  // boilerplate.cc (is_video) looks for a video host's URL in every attribute of an embed.
  for (GumboTag tag : {GUMBO_TAG_IFRAME, GUMBO_TAG_EMBED, GUMBO_TAG_OBJECT}) keep->keep_all_on(tag);
}

}  // namespace winnow::extract
