// libFuzzer target: the WARC reader (winnow/warc.h) on arbitrary bytes, fed as they are and, for
// an input starting with '!', gzip-compressed record by record at every "WARC/" (so the fuzzer
// reaches the gzip member handling without having to find a valid deflate stream). Every call must
// end (kEnd or kFailed) without a crash, every page must have come from a well-framed record, and
// the counts must add up.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "winnow/warc.h"

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

// Splits at each "WARC/" and gzips the pieces one by one, the Common Crawl layout.
std::string gzip_per_record(std::string_view in) {
  std::string out;
  std::size_t start = 0;
  while (start < in.size()) {
    std::size_t next = in.find("WARC/", start + 1);
    if (next == std::string_view::npos) next = in.size();
    out += gzip(in.substr(start, next - start));
    start = next;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string bytes = !in.empty() && in[0] == '!' ? gzip_per_record(in.substr(1)) : std::string(in);
  winnow::WarcOptions options;
  options.max_record_bytes = 4096;  // small, so the skip-without-holding path is reached too
  std::unique_ptr<winnow::WarcReader> reader;
  if (!winnow::WarcReader::open_bytes(std::move(bytes), "fuzz.warc", options, &reader).ok()) return 0;
  std::size_t pages = 0, corrupt = 0;
  for (std::size_t calls = 0;; ++calls) {
    if (calls > size * 4 + 16) std::abort();  // each call consumes input: more calls is a hang
    winnow::WarcPage page;
    winnow::Error problem;
    const winnow::WarcNext next = reader->next(&page, &problem);
    if (next == winnow::WarcNext::kPage) {
      ++pages;
      if (page.status < 200 || page.status > 299 || page.record_id.empty() || page.body.size() > options.max_record_bytes)
        std::abort();
    } else if (next == winnow::WarcNext::kCorrupt) {
      ++corrupt;
      if (problem.message.rfind("fuzz.warc: ", 0) != 0 || problem.message.find('\n') != std::string::npos) std::abort();
    } else {
      break;
    }
  }
  const winnow::WarcCounts& c = reader->counts();
  std::size_t skipped = 0;
  for (const auto& [reason, n] : c.skipped) skipped += n;
  if (c.pages != pages || c.corrupt != corrupt || c.records != pages + skipped) std::abort();
  return 0;
}
