#include "fetch/save_html.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "common/ascii.h"
#include "common/temp_file.h"

namespace winnow::fetch {

namespace {

// The parts of a URL we name files by; empty when the URL does not parse.
struct UrlParts {
  std::string host, path, query;
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  CURLU* u = curl_url();
  const std::string s(url);
  if (curl_url_set(u, CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE) == CURLUE_OK) {
    auto get = [u](CURLUPart what, std::string* out) {
      char* part = nullptr;
      if (curl_url_get(u, what, &part, 0) == CURLUE_OK && part != nullptr) *out = part;
      curl_free(part);
    };
    get(CURLUPART_HOST, &parts.host);
    get(CURLUPART_PATH, &parts.path);
    get(CURLUPART_QUERY, &parts.query);
  }
  curl_url_cleanup(u);
  return parts;
}

bool safe_char(char c) {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '-';
}

// Folds unsafe runs into '-' and trims '-' and '.' (no hidden files, no "..").
std::string sanitize(std::string_view in) {
  std::string out;
  for (char c : in) {
    if (safe_char(c)) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  auto edge = [](char c) { return c == '-' || c == '.'; };
  while (!out.empty() && edge(out.back())) out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && edge(out[start])) ++start;
  return out.substr(start);
}

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && ascii_lower(std::string_view(s).substr(s.size() - suffix.size())) == suffix;
}

std::string hash_hex(std::string_view s) {
  std::uint32_t h = 2166136261u;  // FNV-1a: stable across runs and machines, which std::hash is not
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(h));
  return buffer;
}

Error write_error(const std::string& path, int e) {
  return Error::make(ErrorCode::kUnwritable, path + ": cannot write: " + std::strerror(e));
}

std::string headers_text(const FetchResult& page, const std::string& final_url) {
  std::string out = "URL: " + final_url + "\n";
  if (!page.url.empty() && page.url != final_url) out += "Requested-URL: " + page.url + "\n";
  if (page.status != 0) out += "Status: " + std::to_string(page.status) + "\n";
  if (!page.content_type.empty() || !page.charset.empty()) {
    out += "Content-Type: " + (page.content_type.empty() ? std::string("text/html") : page.content_type);
    if (!page.charset.empty()) out += "; charset=" + page.charset;
    out += "\n";
  }
  if (!page.date.empty()) out += "Date: " + page.date + "\n";
  return out;
}

// A header value must not smuggle in a second line.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

std::string url_host_dir(std::string_view url) {
  const UrlParts parts = split_url(url);  // (a view of split_url(url).host would dangle)
  std::string_view host = parts.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string out;
  for (char c : ascii_lower(host)) out += (safe_char(c) ? c : '_');
  while (!out.empty() && (out.front() == '.' || out.front() == '-')) out.erase(0, 1);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out.empty() ? "unknown-host" : out;
}

std::string url_slug(std::string_view url) {
  const UrlParts parts = split_url(url);
  std::string slug = sanitize(parts.path);
  if (ends_with_ci(slug, ".html")) slug.resize(slug.size() - 5);
  if (ends_with_ci(slug, ".htm")) slug.resize(slug.size() - 4);
  slug = sanitize(slug);
  const std::string query = sanitize(parts.query);
  if (!query.empty()) slug = slug.empty() ? query : slug + "-" + query;
  if (slug.empty()) slug = "index";
  constexpr std::size_t kMax = 80;
  if (slug.size() > kMax) slug = sanitize(slug.substr(0, kMax - 9)) + "-" + hash_hex(url);
  return slug;
}

Error save_html(const std::string& dir, const FetchResult& page, std::string* html_path) {
  const std::string final_url = one_line(page.final_url.empty() ? page.url : page.final_url);
  const std::string host_dir = dir + "/" + url_host_dir(final_url);
  std::error_code ec;
  std::filesystem::create_directories(host_dir, ec);
  if (ec) return Error::make(ErrorCode::kUnwritable, host_dir + ": cannot create directory: " + ec.message());

  std::string tmp;
  if (Error e = write_temp_file(host_dir, page.body, host_dir, &tmp); !e.ok()) return e;
  // link() fails if the name exists: the one atomic "create this complete file, never replace".
  const std::string slug = url_slug(final_url);
  std::string stem;
  Error error;
  for (int n = 1;; ++n) {
    if (n > 10000) {
      error = write_error(host_dir + "/" + slug + ".html", EEXIST);
      break;
    }
    std::string candidate = host_dir + "/" + slug + (n == 1 ? "" : "-" + std::to_string(n));
    if (::link(tmp.c_str(), (candidate + ".html").c_str()) == 0) {
      stem = std::move(candidate);
      break;
    }
    if (errno != EEXIST) {
      error = write_error(candidate + ".html", errno);
      break;
    }
  }
  temp_file_done(tmp);
  if (!error.ok()) return error;

  FetchResult clean = page;
  clean.url = one_line(page.url);
  clean.date = one_line(page.date);
  clean.content_type = one_line(page.content_type);
  clean.charset = one_line(page.charset);
  std::string headers_tmp;
  if (Error e = write_temp_file(host_dir, headers_text(clean, final_url), stem + ".headers", &headers_tmp); !e.ok())
    return e;
  if (Error e = rename_temp_file(headers_tmp, stem + ".headers", stem + ".headers"); !e.ok()) return e;
  if (html_path != nullptr) *html_path = stem + ".html";
  return Error{};
}

}  // namespace winnow::fetch
