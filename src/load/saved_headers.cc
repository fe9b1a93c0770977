#include "load/saved_headers.h"

#include <cstdlib>

#include "common/ascii.h"
#include "common/file.h"

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

void parse_content_type(std::string_view value, std::string* type, std::string* charset) {
  const std::size_t semi = value.find(';');
  *type = ascii_lower(trim(value.substr(0, semi), kHttpSpace));
  charset->clear();
  if (semi == std::string_view::npos) return;
  std::string_view params = value.substr(semi + 1);
  while (!params.empty()) {
    const std::size_t next = params.find(';');
    std::string_view param = trim(params.substr(0, next), kHttpSpace);
    params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos || !equals_lower(trim(param.substr(0, eq), kHttpSpace), "charset")) continue;
    std::string_view v = trim(param.substr(eq + 1), kHttpSpace);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    *charset = ascii_lower(trim(v, kHttpSpace));
    return;
  }
}

}  // namespace winnow::load
