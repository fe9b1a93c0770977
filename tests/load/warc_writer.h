// Writing WARC files for the tests: records, HTTP responses, gzip members. The tests make every
// WARC file they read, so each one says exactly what it holds.
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>

namespace warc_test {

struct Record {
  std::string type = "response";
  std::string id;                // "<urn:uuid:...>"; empty: leave the header out
  std::string uri;               // WARC-Target-URI; empty: leave it out
  std::string date = "2024-05-06T07:08:09Z";
  std::string content_type = "application/http; msgtype=response";
  std::string block;
  std::string version = "WARC/1.1";
  long content_length = -1;      // -1: the block's size; -2: leave the header out
};

inline std::string record(const Record& r) {
  std::string s = r.version + "\r\nWARC-Type: " + r.type + "\r\n";
  if (!r.id.empty()) s += "WARC-Record-ID: " + r.id + "\r\n";
  if (!r.date.empty()) s += "WARC-Date: " + r.date + "\r\n";
  if (!r.uri.empty()) s += "WARC-Target-URI: " + r.uri + "\r\n";
  if (!r.content_type.empty()) s += "Content-Type: " + r.content_type + "\r\n";
  if (r.content_length != -2)
    s += "Content-Length: " + std::to_string(r.content_length >= 0 ? r.content_length : static_cast<long>(r.block.size())) + "\r\n";
  return s + "\r\n" + r.block + "\r\n\r\n";
}

inline std::string http(std::string_view body, std::string_view content_type = "text/html; charset=utf-8",
                        int status = 200, std::string_view extra_headers = "") {
  std::string s = "HTTP/1.1 " + std::to_string(status) + " Whatever\r\n";
  if (!content_type.empty()) s += "Content-Type: " + std::string(content_type) + "\r\n";
  s += std::string(extra_headers);
  return s + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

// A response record for `url` with an HTML page whose article says `words`.
inline std::string page_record(const std::string& id, const std::string& url, const std::string& words) {
  const std::string body = "<!doctype html><html><head><title>Title " + id + "</title></head><body><article><h1>Title " + id +
                           "</h1><p>" + words + " This paragraph is long enough to be the article of the page, "
                           "with several sentences of plain words.</p><p>A second paragraph follows, as articles "
                           "have, and it says more about " + words + ".</p></article></body></html>";
  Record r;
  r.id = "<urn:uuid:" + id + ">";
  r.uri = url;
  r.block = http(body);
  return record(r);
}

// One gzip member holding `data`.
inline std::string gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
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

}  // namespace warc_test
