// Undoing the second layer of HTML escaping that some sites put in <meta content> ("&amp;#39;").
#pragma once

#include <string>
#include <string_view>

namespace winnow::extract {

// `in` with &amp; &lt; &gt; &quot; &apos; and numeric references (&#39; &#x27;) decoded; any other
// '&' is kept as written. The parser already decoded one layer: this is for the pages that escape
// twice. Cost: linear.
std::string unescape_entities(std::string_view in);

}  // namespace winnow::extract
