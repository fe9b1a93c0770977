#include "write/links.h"

#include <cstdlib>

#include "common/ascii.h"
#include "extract/url.h"

namespace winnow::write {

namespace {

// Where lazy loaders keep an image's real source, most trusted first.
constexpr std::string_view kLazySources[] = {"data-src",      "data-original",  "data-lazy-src", "data-lazy",
                                             "data-hi-res-src", "data-full-src", "data-actualsrc"};

bool starts_with_scheme(std::string_view url, std::string_view scheme) {
  // Browsers ignore white space and control characters inside a scheme ("java\tscript:").
  std::string compact;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ') continue;
    compact.push_back(c);
    if (compact.size() == scheme.size()) break;
  }
  return equals_lower(compact, scheme);
}

}  // namespace

std::string base_url(const html::Dom& dom, std::string_view page_url) {
  const html::NodeId base = dom.find_first(GUMBO_TAG_BASE);
  if (base != html::kNoNode) {
    std::string_view href;
    if (dom.attribute(base, "href", &href) && !trim_ascii_space(href).empty()) {
      std::string resolved = extract::resolve_url(page_url, href);
      if (extract::has_scheme(resolved)) return resolved;
    }
  }
  return extract::has_scheme(page_url) ? std::string(trim_ascii_space(page_url)) : std::string();
}

std::string link_url(std::string_view base, std::string_view href) {
  href = trim_ascii_space(href);
  // "#" alone is a script's click target, not a place to go.
  if (href.empty() || href == "#" || starts_with_scheme(href, "javascript:") || starts_with_scheme(href, "vbscript:") ||
      starts_with_scheme(href, "data:"))
    return {};
  return base.empty() ? std::string(href) : extract::resolve_url(base, href);
}

bool is_placeholder_src(std::string_view src) {
  src = trim_ascii_space(src);
  if (src.empty() || starts_with_scheme(src, "data:")) return true;
  // Only the file name is looked at: a path like /lazy-loading-guide/photo.jpg is a real image.
  std::string_view name = src.substr(0, src.find_first_of("?#"));
  if (const std::size_t slash = name.rfind('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
  const std::string lower = ascii_lower(name);
  for (std::string_view word : {"blank.", "pixel.", "1x1", "spacer", "transparent", "placeholder", "lazyload", "loading."})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

std::string largest_srcset_candidate(std::string_view srcset) {
  std::string_view best;
  double best_size = -1;
  std::size_t i = 0;
  while (i < srcset.size()) {
    while (i < srcset.size() && (is_ascii_space(srcset[i]) || srcset[i] == ',')) ++i;
    if (i >= srcset.size()) break;
    const std::size_t url_begin = i;
    while (i < srcset.size() && !is_ascii_space(srcset[i])) ++i;
    std::string_view url = srcset.substr(url_begin, i - url_begin);
    // A URL ending in commas has no descriptor (HTML's srcset parsing rules).
    bool descriptors = true;
    if (!url.empty() && url.back() == ',') {
      while (!url.empty() && url.back() == ',') url.remove_suffix(1);
      descriptors = false;
    }
    double size = 0;
    if (descriptors) {
      const std::size_t end = srcset.find(',', i);
      const std::string_view desc = trim_ascii_space(srcset.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      i = end == std::string_view::npos ? srcset.size() : end + 1;
      if (desc.size() > 1 && (desc.back() == 'w' || desc.back() == 'x')) {
        const std::string number(desc.substr(0, desc.size() - 1));
        // Widths (w) are compared in pixels; densities (x) are scaled so 2x beats 1x but a page
        // mixing the two (invalid) still gets a candidate.
        size = std::strtod(number.c_str(), nullptr) * (desc.back() == 'x' ? 1.0 : 1000.0);
      }
    }
    if (!url.empty() && size > best_size) {
      best = url;
      best_size = size;
    }
  }
  return std::string(best);
}

std::string image_url(const html::Dom& dom, html::NodeId img, std::string_view base) {
  auto usable = [&](std::string_view src) { return !is_placeholder_src(src); };
  std::string_view value;
  for (std::string_view name : kLazySources) {
    if (dom.attribute(img, name, &value) && usable(value)) return link_url(base, value);
  }
  std::string candidate = largest_srcset_candidate(dom.attr(img, "data-srcset"));
  if (usable(candidate)) return link_url(base, candidate);
  if (dom.attribute(img, "src", &value) && usable(value)) return link_url(base, value);
  candidate = largest_srcset_candidate(dom.attr(img, "srcset"));
  if (usable(candidate)) return link_url(base, candidate);
  const html::NodeId parent = dom.node(img).parent;
  if (parent != html::kNoNode && dom.is_element(parent) && dom.tag_name(parent) == "picture") {
    for (html::NodeId c = dom.node(parent).first_child; c != html::kNoNode; c = dom.node(c).next_sibling) {
      if (!dom.is_element(c) || dom.tag(c) != GUMBO_TAG_SOURCE) continue;
      for (std::string_view name : {"data-srcset", "srcset"}) {
        candidate = largest_srcset_candidate(dom.attr(c, name));
        if (usable(candidate)) return link_url(base, candidate);
      }
    }
  }
  return {};
}

void keep_link_attributes(html::AttributeFilter* keep) {
  for (std::string_view name : kLazySources) keep->keep(name);
  for (std::string_view name : {"data-srcset", "src", "srcset", "href"}) keep->keep(name);
}

}  // namespace winnow::write
