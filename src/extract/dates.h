// Turning the dates pages write (meta tags, JSON-LD, <time datetime>) into ISO 8601.
#pragma once

#include <string>
#include <string_view>

namespace winnow::extract {

// `raw` as ISO 8601. A value that already is ISO 8601 ("2018-04-05", "2018-04-05T06:00:00+02:00") is
// returned trimmed, as written (its precision kept); "2018-04-05 06:00" gains its 'T'; "2018/04/05",
// RFC 822 dates ("Thu, 05 Apr 2018 06:00:00 GMT") and English month-name dates ("April 5, 2018",
// "5 Apr 2018") are converted. Returns "" when `raw` is not a date it understands.
// Cost: linear in `raw`.
std::string iso8601(std::string_view raw);

}  // namespace winnow::extract
