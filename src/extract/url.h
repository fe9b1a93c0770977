// Resolving the relative URLs that pages put in <link rel=canonical>, og:image and <base href>.
#pragma once

#include <string>
#include <string_view>

namespace winnow::extract {

// True if `url` starts with a scheme ("https:", "http:", "data:"...).
bool has_scheme(std::string_view url);

// `ref` resolved against the absolute URL `base` (RFC 3986 section 5.2, without percent-encoding
// normalisation); surrounding white space is trimmed. Returns `ref` unchanged when it is already
// absolute, and also when `base` is not absolute (nothing to resolve against). Cost: linear.
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace winnow::extract
