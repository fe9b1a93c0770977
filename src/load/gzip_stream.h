// A byte stream that may be gzip-compressed: plain bytes pass through; gzip is inflated member
// after member (a Common Crawl WARC is one gzip member per record, `gzip crawl.warc` makes one
// member for the whole file). The WARC reader (load/warc) frames records on top of it.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace winnow::load {

// Where raw bytes come from, like read(2): fills up to `n` bytes of `buffer` and returns how many,
// 0 at the end, -1 on an I/O error (with errno set).
using ReadFn = std::function<long(char* buffer, std::size_t n)>;

class GzipStream {
 public:
  // A gzip member starts at uncompressed offset `at` and at byte `file_offset` of the file.
  struct Member {
    std::uint64_t at = 0;
    std::uint64_t file_offset = 0;
  };
  // Compressed data that could not be inflated: the uncompressed stream jumps at offset `at` to the
  // next gzip member found after it (or ends). `problem` says what was wrong and where in the file.
  struct Gap {
    std::uint64_t at = 0;
    std::string problem;
  };

  explicit GzipStream(ReadFn read);
  ~GzipStream();
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // Appends up to `n` bytes of the uncompressed stream to *out and returns how many were appended:
  // 0 at the end of the stream, -1 on an I/O error (errno is kept in io_errno()). Corrupt gzip data
  // is never an error here: it becomes a Gap and the stream goes on at the next member.
  // Cost: one read of the input; inflating costs what zlib costs.
  long read(std::string* out, std::size_t n);

  // True once the first bytes were seen to be gzip (the magic 1f 8b).
  bool compressed() const { return compressed_; }
  int io_errno() const { return io_errno_; }

  // Every member start and every gap so far, oldest first. The reader drops the entries it no
  // longer needs (pop_front), so they stay a handful however long the stream.
  std::deque<Member> members;
  std::deque<Gap> gaps;

 private:
  bool fill();                // reads more raw input; false at the end or on error
  void skip_to_next_member(); // drops input up to the next gzip magic (or all of it)

  ReadFn read_;
  std::vector<char> in_;
  std::size_t in_pos_ = 0, in_len_ = 0;
  std::uint64_t in_file_offset_ = 0;  // file offset of in_[0]
  std::uint64_t out_total_ = 0;       // uncompressed bytes produced so far
  static constexpr std::size_t kNone = ~std::size_t{0};
  std::size_t member_start_ = kNone;  // in_ index of the current member's magic, while kept
  bool eof_ = false, started_ = false, compressed_ = false, in_member_ = false, scanning_ = false;
  int io_errno_ = 0;
  z_stream zs_{};
  bool zs_ready_ = false;
};

}  // namespace winnow::load
