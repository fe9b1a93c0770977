// libFuzzer target: HTTP responses as they reach winnow from outside. The bytes are one response
// (status line, headers, body) for load::parse_http_response and decode_http_body (what the WARC
// reader does with a record), and each of its lines goes through what the fetcher does with a
// header libcurl hands it: header_is, parse_content_type, fetch::retry_after_ms. An input starting
// with '!' has the rest of its body (after the blank line) gzipped first, so the fuzzer reaches the
// inflate paths without having to find a valid deflate stream. Checks: no crash, the body lies
// inside the message, a decoded body never exceeds the cap, a content type is lower case and trimmed.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include "fetch/fetch.h"
#include "load/http.h"

namespace {

std::string gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "http_fuzz: %s\n", what);
  std::abort();
}

void check_lower_trimmed(const std::string& s, const char* what) {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') fail(what);
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t')) fail(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string message;
  if (!in.empty() && in[0] == '!') {
    in.remove_prefix(1);
    std::size_t head = in.find("\n\n");
    head = head == std::string_view::npos ? in.size() : head + 2;
    message = std::string(in.substr(0, head)) + gzip(in.substr(head));
  } else {
    message = std::string(in);
  }

  // What the fetcher does with each header line.
  const std::time_t now = 1'700'000'000;
  std::string_view rest = message;
  while (!rest.empty()) {
    const std::size_t eol = rest.find('\n');
    const std::string_view line = winnow::load::trim_http(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    std::string_view value;
    if (winnow::load::header_is(line, "content-type", &value)) {
      std::string type, charset;
      winnow::load::parse_content_type(value, &type, &charset);
      check_lower_trimmed(type, "content type not lower case and trimmed");
      check_lower_trimmed(charset, "charset not lower case and trimmed");
    } else if (winnow::load::header_is(line, "retry-after", &value)) {
      if (winnow::fetch::retry_after_ms(value, now) < -1) fail("negative wait");
    }
  }

  // What the WARC reader does with a response record.
  winnow::load::HttpResponse response;
  if (!winnow::load::parse_http_response(message, &response).empty()) return 0;
  if (response.body.data() < message.data() ||
      response.body.data() + response.body.size() > message.data() + message.size())
    fail("body outside the message");
  if (response.status < 0 || response.status > 999) fail("status out of range");
  check_lower_trimmed(response.content_type, "content type not lower case and trimmed");
  if (!winnow::load::can_decode(response.content_encoding)) return 0;
  constexpr std::size_t kMax = 1 << 20;
  std::string body;
  const std::string problem = winnow::load::decode_http_body(response, kMax, &body);
  if (problem.empty() && response.content_encoding.empty() && body.size() > response.body.size())
    fail("an unencoded body grew");
  if (problem.empty() && !response.content_encoding.empty() && body.size() > kMax) fail("decoded body over the cap");
  return 0;
}
