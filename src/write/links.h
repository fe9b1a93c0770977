// Absolute link targets and real image sources, shared by the Markdown and HTML writers: a cleaned
// article is read away from its page, so every URL in it must stand on its own.
#pragma once

#include <string>
#include <string_view>

#include "html/attribute_filter.h"
#include "html/dom.h"

namespace winnow::write {

// The URL relative references resolve against: the page's <base href> resolved against `page_url`
// (HTML's document base URL), else `page_url`. "" when neither is absolute (links then stay as
// written). Cost: finding <base> is a scan of the node array.
std::string base_url(const html::Dom& dom, std::string_view page_url);

// `href` resolved against `base`. Returns "" for an empty href, a bare "#", and targets that only
// run code or embed data (javascript:, vbscript:, data:), which a reader of the article can never
// follow.
std::string link_url(std::string_view base, std::string_view href);

// True if `src` cannot be an image's real source: empty, a data: URI (lazy loaders' 1x1 gifs and
// blurred previews), or a file named like a generic spacer ("blank.gif", "pixel.gif", "1x1.png",
// "spacer", "transparent", "placeholder", "lazyload", "loading.").
bool is_placeholder_src(std::string_view src);

// The URL of the largest candidate of a srcset ("a.jpg 480w, b.jpg 1080w" -> "b.jpg"), compared by
// width, else by density; the first candidate when none has a descriptor. "" when empty.
std::string largest_srcset_candidate(std::string_view srcset);

// The real source of the <img> `img`, absolute against `base`. Lazy loaders keep it out of `src`
// until the image scrolls into view, so it is taken, in order, from: data-src, data-original,
// data-lazy-src, data-lazy, data-hi-res-src, data-full-src, data-actualsrc; the largest
// data-srcset candidate; `src` unless it is a placeholder; the largest srcset candidate; the
// largest srcset of a sibling <source> when the image sits in a <picture>. "" when none is usable
// (the writers then drop the image).
std::string image_url(const html::Dom& dom, html::NodeId img, std::string_view base);

// Adds to *keep the attributes image_url reads, and href.
void keep_link_attributes(html::AttributeFilter* keep);

}  // namespace winnow::write
