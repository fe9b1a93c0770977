#include "load/gzip_stream.h"

#include <cerrno>
#include <cstring>

namespace winnow::load {

namespace {

constexpr std::size_t kInputChunk = std::size_t{1} << 16;
// The compressed bytes of the member being inflated are kept up to this size, so that when it
// turns out broken (cut short, say) the search for the next member starts right after its magic,
// not where zlib noticed: by then it may have eaten into the next member. Record-by-record
// members are far smaller; a whole-file stream is not kept.
constexpr std::size_t kKeepMember = std::size_t{4} << 20;

bool is_magic(const char* p) {
  return static_cast<unsigned char>(p[0]) == 0x1f && static_cast<unsigned char>(p[1]) == 0x8b &&
         static_cast<unsigned char>(p[2]) == 0x08;  // 08: deflate, the only method gzip defines
}

}  // namespace

GzipStream::GzipStream(ReadFn read) : read_(std::move(read)), in_(kInputChunk) {}

GzipStream::~GzipStream() {
  if (zs_ready_) inflateEnd(&zs_);
}

bool GzipStream::fill() {
  if (eof_) return false;
  std::size_t keep_from = in_pos_;
  if (in_member_ && member_start_ != kNone && in_pos_ - member_start_ < kKeepMember) keep_from = member_start_;
  else member_start_ = kNone;
  if (keep_from > 0) {  // keep the unread tail (and the member's start) at the front
    std::memmove(in_.data(), in_.data() + keep_from, in_len_ - keep_from);
    in_file_offset_ += keep_from;
    in_len_ -= keep_from;
    in_pos_ -= keep_from;
    if (member_start_ != kNone) member_start_ -= keep_from;
  }
  if (in_.size() - in_len_ < kInputChunk / 2) in_.resize(in_len_ + kInputChunk);
  while (true) {
    const long n = read_(in_.data() + in_len_, in_.size() - in_len_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) io_errno_ = errno ? errno : EIO;
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    in_len_ += static_cast<std::size_t>(n);
    return true;
  }
}

void GzipStream::skip_to_next_member() {
  while (true) {
    for (; in_pos_ + 3 <= in_len_; ++in_pos_)
      if (is_magic(in_.data() + in_pos_)) return;
    if (eof_) {
      in_pos_ = in_len_;
      return;
    }
    if (in_len_ - in_pos_ > 2) in_pos_ = in_len_ - 2;  // a magic may straddle two reads
    if (!fill()) {
      in_pos_ = in_len_;
      return;
    }
  }
}

long GzipStream::read(std::string* out, std::size_t n) {
  if (!started_) {
    started_ = true;
    while (in_len_ < 3 && fill()) {
    }
    compressed_ = in_len_ >= 3 && is_magic(in_.data());
    if (compressed_) {
      if (inflateInit2(&zs_, 15 + 16) != Z_OK) {  // 16: gzip wrapper, not zlib's
        io_errno_ = ENOMEM;
        return -1;
      }
      zs_ready_ = true;
    }
  }
  if (n == 0) return 0;
  if (!compressed_) {
    if (in_pos_ == in_len_ && !fill()) return io_errno_ ? -1 : 0;
    const std::size_t k = std::min(n, in_len_ - in_pos_);
    out->append(in_.data() + in_pos_, k);
    in_pos_ += k;
    out_total_ += k;
    return static_cast<long>(k);
  }
  while (true) {
    if (!in_member_) {
      if (scanning_) skip_to_next_member();
      while (in_len_ - in_pos_ < 3 && fill()) {
      }
      if (io_errno_) return -1;
      const std::size_t avail = in_len_ - in_pos_;
      if (avail == 0) return 0;
      if (avail >= 3 && is_magic(in_.data() + in_pos_)) {
        members.push_back(Member{out_total_, in_file_offset_ + in_pos_});
        member_start_ = in_pos_;
        inflateReset(&zs_);
        in_member_ = true;
        scanning_ = false;
        continue;
      }
      if (!scanning_ && (gaps.empty() || gaps.back().at != out_total_))
        gaps.push_back(Gap{out_total_, "offset " + std::to_string(in_file_offset_ + in_pos_) +
                                           ": bytes that are not gzip data after a gzip member"});
      scanning_ = true;
      ++in_pos_;  // search on past this byte
      continue;
    }
    if (in_pos_ == in_len_ && !eof_) fill();
    if (io_errno_) return -1;
    const std::size_t old = out->size();
    out->resize(old + n);
    const std::size_t avail_in = in_len_ - in_pos_;
    zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
    zs_.avail_in = static_cast<uInt>(avail_in);
    zs_.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    zs_.avail_out = static_cast<uInt>(n);
    const int ret = inflate(&zs_, Z_NO_FLUSH);
    in_pos_ += avail_in - zs_.avail_in;
    const std::size_t produced = n - zs_.avail_out;
    out->resize(old + produced);
    out_total_ += produced;
    // A false magic found while scanning past damage usually fails at once: one gap, not two.
    const auto add_gap = [&](const std::string& problem) {
      if (gaps.empty() || gaps.back().at != out_total_)
        gaps.push_back(Gap{out_total_, "gzip member at offset " + std::to_string(members.back().file_offset) + problem});
      if (member_start_ != kNone) in_pos_ = member_start_ + 1;  // search again from just after its magic
      member_start_ = kNone;
    };
    if (ret == Z_STREAM_END) {
      in_member_ = false;
      member_start_ = kNone;
    } else if (ret == Z_BUF_ERROR || (ret == Z_OK && produced == 0 && in_pos_ == in_len_ && eof_)) {
      if (in_pos_ == in_len_ && eof_) {  // no more input will come: the member is cut short
        add_gap(" is truncated (the file ends inside it)");
        in_member_ = false;
        scanning_ = true;
      }
    } else if (ret != Z_OK) {
      add_gap(std::string(" is corrupt (") + (zs_.msg ? zs_.msg : "zlib error " + std::to_string(ret)) + " near offset " +
              std::to_string(in_file_offset_ + in_pos_) + ")");
      in_member_ = false;
      scanning_ = true;
    }
    if (produced > 0) return static_cast<long>(produced);
  }
}

}  // namespace winnow::load
