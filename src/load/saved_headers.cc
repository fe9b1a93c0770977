#include "load/saved_headers.h"

#include <cstdlib>

#include "common/ascii.h"
#include "common/file.h"
#include "load/http.h"

namespace winnow::load {

Error read_saved_headers(const std::string& path, SavedHeaders* out) {
  std::string text;
  if (Error e = read_file(path, std::size_t{1} << 20, &text); !e.ok()) return e;
  std::string requested;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = ascii_lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (name == "url") {
      out->final_url = std::string(value);
    } else if (name == "requested-url") {
      requested = std::string(value);
    } else if (name == "status") {
      out->status = std::strtol(std::string(value).c_str(), nullptr, 10);
    } else if (name == "content-type") {
      parse_content_type(value, &out->content_type, &out->charset);
    } else if (name == "date") {
      out->date = std::string(value);
    }
  }
  out->url = requested.empty() ? out->final_url : requested;
  return Error{};
}

}  // namespace winnow::load
