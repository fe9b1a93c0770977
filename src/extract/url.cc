#include "extract/url.h"

#include <vector>

#include "common/ascii.h"

namespace winnow::extract {

namespace {

// Removes "." and ".." segments from an absolute path (RFC 3986 5.2.4).
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view seg = path.substr(i, slash - i);
    const bool last = slash == path.size();
    if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      if (last) out.push_back("");
    } else if (seg == ".") {
      if (last) out.push_back("");
    } else {
      out.push_back(seg);
    }
    i = slash + 1;
  }
  std::string result;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result += '/';
    result += out[k];
  }
  if (result.empty() || result[0] != '/') result.insert(0, "/");
  return result;
}

}  // namespace

bool has_scheme(std::string_view url) {
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return i > 0;
    if (!is_ascii_alpha(c) && !(i > 0 && (is_ascii_digit(c) || c == '+' || c == '-' || c == '.'))) return false;
  }
  return false;
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  ref = trim_ascii_space(ref);
  base = trim_ascii_space(base);
  if (has_scheme(ref) || !has_scheme(base)) return std::string(ref);
  const std::size_t colon = base.find(':');
  const std::string_view scheme = base.substr(0, colon + 1);  // "https:"
  if (ref.substr(0, 2) == "//") return std::string(scheme) + std::string(ref);

  // Split base into authority part ("https://host") and path/query.
  std::string_view rest = base.substr(colon + 1);
  std::string_view authority;
  if (rest.substr(0, 2) == "//") {
    const std::size_t end = rest.find_first_of("/?#", 2);
    authority = rest.substr(0, end == std::string_view::npos ? rest.size() : end);
    rest = rest.substr(authority.size());
  }
  const std::string_view base_no_frag = base.substr(0, base.find('#'));
  if (ref.empty()) return std::string(base_no_frag);
  if (ref[0] == '#') return std::string(base_no_frag) + std::string(ref);
  std::string_view base_path = rest.substr(0, rest.find_first_of("?#"));
  if (ref[0] == '?') return std::string(scheme) + std::string(authority) + std::string(base_path) + std::string(ref);

  // Split ref into path and the query/fragment tail, which are kept as written.
  const std::size_t tail_at = ref.find_first_of("?#");
  const std::string_view ref_path = ref.substr(0, tail_at);
  const std::string_view tail = tail_at == std::string_view::npos ? "" : ref.substr(tail_at);
  std::string merged;
  if (!ref_path.empty() && ref_path[0] == '/') {
    merged = std::string(ref_path);
  } else {
    const std::size_t last = base_path.rfind('/');
    merged = last == std::string_view::npos ? "/" : std::string(base_path.substr(0, last + 1));
    merged += ref_path;
  }
  return std::string(scheme) + std::string(authority) + remove_dot_segments(merged) + std::string(tail);
}

}  // namespace winnow::extract
