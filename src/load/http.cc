#include "load/http.h"

#include <zlib.h>

#include "common/ascii.h"

namespace winnow::load {

std::string_view trim_http(std::string_view s) { return trim(s, " \t\r\n"); }

bool header_is(std::string_view line, std::string_view name, std::string_view* value) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  if (!equals_lower(line.substr(0, name.size()), name)) return false;
  *value = trim_http(line.substr(name.size() + 1));
  return true;
}

void parse_content_type(std::string_view value, std::string* type, std::string* charset) {
  const std::size_t semi = value.find(';');
  *type = ascii_lower(trim_http(value.substr(0, semi)));
  charset->clear();
  if (semi == std::string_view::npos) return;
  std::string_view params = value.substr(semi + 1);
  while (!params.empty()) {
    const std::size_t next = params.find(';');
    std::string_view param = trim_http(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos || !equals_lower(trim_http(param.substr(0, eq)), "charset")) continue;
    std::string_view v = trim_http(param.substr(eq + 1));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
      v = v.substr(1, v.size() - 2);
    *charset = ascii_lower(trim_http(v));
    return;
  }
}

bool is_html_type(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml";
}

std::string parse_http_response(std::string_view message, HttpResponse* out) {
  *out = HttpResponse{};
  // "HTTP/1.1 200 OK", "HTTP/2 200": a version, one space, three digits.
  if (message.substr(0, 5) != "HTTP/") return "no HTTP status line";
  const std::size_t space = message.find(' ');
  const std::size_t eol = message.find('\n');
  if (space == std::string_view::npos || space > eol || space + 4 > message.size()) return "bad HTTP status line";
  int status = 0;
  for (std::size_t i = space + 1; i < space + 4; ++i) {
    if (message[i] < '0' || message[i] > '9') return "bad HTTP status line";
    status = status * 10 + (message[i] - '0');
  }
  out->status = status;
  std::size_t pos = eol == std::string_view::npos ? message.size() : eol + 1;
  while (true) {
    if (pos >= message.size()) return "no end of the HTTP header";
    std::size_t end = message.find('\n', pos);
    if (end == std::string_view::npos) return "no end of the HTTP header";
    std::string_view line = message.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    std::string_view value;
    if (header_is(line, "content-type", &value)) {
      parse_content_type(value, &out->content_type, &out->charset);
    } else if (header_is(line, "content-encoding", &value)) {
      out->content_encoding = ascii_lower(value);
      if (out->content_encoding == "identity") out->content_encoding.clear();
    } else if (header_is(line, "transfer-encoding", &value)) {
      out->chunked = contains_lower(value, "chunked");
    }
  }
  out->body = message.substr(pos);
  return "";
}

bool can_decode(std::string_view content_encoding) {
  return content_encoding.empty() || content_encoding == "gzip" || content_encoding == "x-gzip" ||
         content_encoding == "deflate";
}

namespace {

// Removes the chunked transfer coding. False if `body` does not start with a chunk size line.
bool dechunk(std::string_view body, std::string* out) {
  out->clear();
  std::size_t pos = 0;
  bool first = true;
  while (pos < body.size()) {
    const std::size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) return !first;
    std::size_t size = 0, i = pos, digits = 0;
    for (; i < eol; ++i, ++digits) {
      const char c = body[i];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) break;
      if (size > (std::size_t{1} << 40)) return !first;
      size = size * 16 + static_cast<std::size_t>(d);
    }
    // After the digits: chunk extensions (";..."), white space, or the line end.
    if (digits == 0 || (i < eol && body[i] != ';' && body[i] != ' ' && body[i] != '\t' && body[i] != '\r'))
      return !first;
    first = false;
    if (size == 0) return true;  // the last chunk; trailers are of no use here
    pos = eol + 1;
    out->append(body.substr(pos, size));  // a chunk cut short keeps what arrived
    pos += size;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
  }
  return true;
}

// Inflates gzip (window_bits 15 + 32 also takes zlib) or raw deflate (-15) into *out.
std::string inflate_all(std::string_view in, int window_bits, std::size_t max_bytes, std::string* out) {
  out->clear();
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return "cannot start zlib";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string problem;
  char buffer[1 << 16];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    const int ret = inflate(&zs, Z_NO_FLUSH);
    out->append(buffer, sizeof buffer - zs.avail_out);
    if (out->size() > max_bytes) {
      problem = "body is over " + std::to_string(max_bytes >> 20) + " MiB once decompressed";
      break;
    }
    if (ret == Z_STREAM_END) break;
    if (ret == Z_BUF_ERROR || (ret == Z_OK && zs.avail_in == 0 && zs.avail_out != 0)) {
      // The body ended inside the stream (a record the crawler truncated): keep what came out.
      if (out->empty()) problem = "compressed body is truncated";
      break;
    }
    if (ret != Z_OK) {
      problem = std::string("compressed body is corrupt (") + (zs.msg ? zs.msg : "zlib error") + ")";
      break;
    }
  }
  inflateEnd(&zs);
  return problem;
}

}  // namespace

std::string decode_http_body(const HttpResponse& response, std::size_t max_bytes, std::string* out) {
  std::string dechunked;
  std::string_view body = response.body;
  if (response.chunked && dechunk(body, &dechunked)) body = dechunked;
  if (response.content_encoding.empty()) {
    if (body.data() == dechunked.data()) *out = std::move(dechunked);
    else out->assign(body);
    return "";
  }
  if (response.content_encoding == "deflate") {
    // "deflate" is meant as zlib, but many servers send raw deflate: try both.
    std::string problem = inflate_all(body, 15, max_bytes, out);
    if (problem.empty()) return "";
    std::string raw_problem = inflate_all(body, -15, max_bytes, out);
    return raw_problem.empty() ? "" : "deflate " + problem;
  }
  std::string problem = inflate_all(body, 15 + 32, max_bytes, out);
  return problem.empty() ? "" : response.content_encoding + " " + problem;
}

}  // namespace winnow::load
