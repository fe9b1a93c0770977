// HTTP as it reaches winnow from outside: header values (the fetcher's and saved pages'), and whole
// responses stored in WARC records (status line, headers, chunked and compressed bodies).
#pragma once

#include <string>
#include <string_view>

namespace winnow::load {

// `s` without the spaces, tabs, CRs and LFs around it.
std::string_view trim_http(std::string_view s);

// True if `line` is the header `name` ("content-type", lower case) followed by ':', compared
// case-insensitively; *value gets its trimmed value.
bool header_is(std::string_view line, std::string_view name, std::string_view* value);

// Splits a Content-Type header value ("text/html; charset=\"UTF-8\"") into its media type and its
// charset parameter, both trimmed and lower case ("text/html", "utf-8"); empty when absent.
void parse_content_type(std::string_view value, std::string* type, std::string* charset);

// True for the media types winnow cleans: text/html, application/xhtml+xml, and none at all
// (a missing type is sniffed by the pipeline, as a browser would).
bool is_html_type(std::string_view type);

// The head of a stored HTTP response, and where its body lies.
struct HttpResponse {
  int status = 0;                 // 200, 404...
  std::string content_type;       // media type, lower case, no parameters; empty when absent
  std::string charset;            // the Content-Type's charset parameter, lower case; empty when absent
  std::string content_encoding;   // lower case ("gzip"); empty for none or "identity"
  bool chunked = false;           // Transfer-Encoding: chunked
  std::string_view body;          // the bytes after the head, still encoded
};

// Parses "HTTP/1.1 200 OK" and the header lines up to the blank line (CRLF or bare LF line ends).
// Returns "" on success, else the problem ("no HTTP status line", "no end of the HTTP header").
// `out->body` points into `message`. Cost: one pass over the head.
std::string parse_http_response(std::string_view message, HttpResponse* out);

// True if decode_http_body can undo `content_encoding` (none, identity, gzip, x-gzip, deflate).
bool can_decode(std::string_view content_encoding);

// The body as the page's bytes: chunked transfer coding removed (a body that does not start with a
// chunk size is taken as already de-chunked, as some crawlers store it; a body cut short keeps
// the chunks that arrived), then gzip or deflate undone. Returns "" on success with *out set, else
// the problem ("gzip body is corrupt (...)", "body is over N MiB once decompressed"). Cost: linear in
// the decoded size, which is capped at `max_bytes`.
std::string decode_http_body(const HttpResponse& response, std::size_t max_bytes, std::string* out);

}  // namespace winnow::load
