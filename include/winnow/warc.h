// winnow's WARC reader: the web pages of a crawl, one at a time, from a WARC/1.0 or WARC/1.1 file.
//
//   std::unique_ptr<winnow::WarcReader> reader;
//   if (winnow::Error e = winnow::WarcReader::open("crawl.warc.gz", {}, &reader); !e.ok()) die(e.message);
//   winnow::WarcPage page;
//   winnow::Error problem;
//   while (true) {
//     winnow::WarcNext next = reader->next(&page, &problem);
//     if (next == winnow::WarcNext::kPage) { /* winnow::clean(page.body, ...) with page.url, page.charset */ }
//     else if (next == winnow::WarcNext::kCorrupt) report(problem.message);  // and read on
//     else break;  // kEnd, or kFailed with problem set
//   }
//
// The file may be plain, gzip-compressed record by record (Common Crawl's layout: one gzip member
// per record) or compressed as one gzip stream. The reader streams it: memory holds one record (at
// most WarcOptions::max_record_bytes) and 64 KiB of input, however large the file.
// A WarcReader is used by one thread at a time; distinct readers are independent.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "winnow/winnow.h"

namespace winnow {

struct WarcOptions {
  // A record whose block is larger is skipped (counted as "too large") without being held in
  // memory; the same limit caps a page's body once its Content-Encoding is undone.
  std::size_t max_record_bytes = std::size_t{64} << 20;
};

// One web page of the crawl: a `response` record holding an HTTP response with status 2xx and an
// HTML content type (text/html, application/xhtml+xml, or none).
struct WarcPage {
  std::string url;           // WARC-Target-URI
  std::string record_id;     // WARC-Record-ID, as written ("<urn:uuid:...>")
  std::string date;          // WARC-Date (ISO 8601)
  int status = 0;            // the HTTP status
  std::string content_type;  // the HTTP media type, lower case ("text/html"); empty when absent
  std::string charset;       // the HTTP Content-Type's charset, for Options::charset; empty when absent
  std::string body;          // the page's bytes, chunked and gzip/deflate Content-Encoding undone
  // Where the record starts: in the file for plain files and for record-by-record gzip (the offset
  // of its gzip member, as Common Crawl's index gives it); in the uncompressed stream for a file
  // compressed as one stream (offset_in_file false).
  std::uint64_t offset = 0;
  bool offset_in_file = true;
};

// What the reader has seen so far.
struct WarcCounts {
  std::size_t records = 0;  // well-formed records, pages included
  std::size_t pages = 0;    // records returned as kPage
  std::size_t corrupt = 0;  // kCorrupt reports: records (or stretches of bytes) skipped as broken
  // Well-formed records that are not pages, by reason: the record type ("request", "metadata",
  // "warcinfo", "revisit"...), "response not HTTP", "not HTML", "status 3xx" / "4xx" / "5xx" /
  // "1xx", "too large", "Content-Encoding br" (an encoding zlib cannot undo).
  std::map<std::string, std::size_t> skipped;
};

enum class WarcNext {
  kPage,     // *page holds the next page
  kCorrupt,  // a broken record was skipped; *problem says where (byte offset, record id) and why.
             // The reader has moved on to the next record: call next() again
  kEnd,      // the end of the file
  kFailed,   // the file cannot be read on (an I/O error); *problem says why
};

class WarcReader {
 public:
  // Opens the WARC file at `path` ("-": standard input) and checks that it is one: the first bytes
  // (once gunzipped, if they are gzip) must be "WARC/". Errors, each one line naming the path:
  // kNotFound, kIsDirectory, kUnreadable, kEmpty, kCorrupt ("not a WARC file"). Cost: one read.
  static Error open(const std::string& path, const WarcOptions& options, std::unique_ptr<WarcReader>* out);

  // The same on a WARC file held in memory (a copy is kept). `name` names it in messages.
  static Error open_bytes(std::string bytes, const std::string& name, const WarcOptions& options,
                          std::unique_ptr<WarcReader>* out);

  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // Reads on to the next page, skipping (and counting) the records that are not pages. A broken
  // record — a bad gzip member, a Content-Length that does not end the record, a record cut short,
  // a missing WARC-Type / WARC-Record-ID / WARC-Date / Content-Length, a response whose HTTP head or
  // body cannot be read — is reported as kCorrupt, message "NAME: offset N: record <id>: problem";
  // the reader then looks for the next "WARC/1." line (or gzip member) and goes on from there.
  // Never throws; after kEnd or kFailed it keeps returning the same. Cost: linear in the bytes read.
  WarcNext next(WarcPage* page, Error* problem);

  const WarcCounts& counts() const;

  struct Impl;

 private:
  explicit WarcReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow
