// The WARC reader (include/winnow/warc.h): frames records on the uncompressed stream that
// load/gzip_stream gives, checks them, and hands on the HTML responses.
//
// Framing: "WARC/1.x" line, header fields up to a blank line, Content-Length bytes of block, then
// CRLF CRLF. Everything the reader cannot frame is skipped by looking for the next "WARC/1." that
// starts a line (or a gzip member), so one broken record costs that record only.
#include "winnow/warc.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "load/gzip_stream.h"
#include "load/http.h"

namespace winnow {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 16;
constexpr std::size_t kMaxHeader = std::size_t{256} << 10;  // real record headers are < 4 KiB

// The first bytes of a file, printable, for "not a WARC file (it starts with ...)".
std::string excerpt(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 24)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) out += c;
    else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    }
  }
  return out;
}

// The record header fields winnow needs.
struct RecordHeader {
  std::string version;  // "WARC/1.0"
  std::string type, record_id, date, target_uri, content_type;
  bool has_length = false;
  std::uint64_t content_length = 0;
};

bool parse_length(std::string_view v, std::uint64_t* out) {
  if (v.empty() || v.size() > 18) return false;
  std::uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  *out = n;
  return true;
}

// Parses the header lines of `head` (the version line included, the blank line not).
void parse_header(std::string_view head, RecordHeader* h) {
  std::string* last = nullptr;  // the field a continuation line (leading white space) extends
  std::size_t pos = 0;
  bool first = true;
  while (pos < head.size()) {
    std::size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      h->version = std::string(load::trim_http(line));
      first = false;
      continue;
    }
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (last) *last += " " + std::string(load::trim_http(line));
      continue;
    }
    last = nullptr;
    std::string_view v;
    if (load::header_is(line, "warc-type", &v)) last = &(h->type = std::string(v));
    else if (load::header_is(line, "warc-record-id", &v)) last = &(h->record_id = std::string(v));
    else if (load::header_is(line, "warc-date", &v)) last = &(h->date = std::string(v));
    else if (load::header_is(line, "warc-target-uri", &v)) {
      // WARC/1.0 writers (and the 1.0 spec's examples) put the URI in angle brackets.
      if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
      last = &(h->target_uri = std::string(v));
    } else if (load::header_is(line, "content-type", &v)) last = &(h->content_type = std::string(v));
    else if (load::header_is(line, "content-length", &v)) h->has_length = parse_length(v, &h->content_length);
  }
}

}  // namespace

struct WarcReader::Impl {
  Impl(std::string name_in, const WarcOptions& options_in, load::ReadFn read)
      : name(std::move(name_in)), options(options_in), stream(std::move(read)) {}
  ~Impl() {
    if (fd > STDIN_FILENO) ::close(fd);
  }

  std::string name;
  WarcOptions options;
  int fd = -1;
  load::GzipStream stream;

  std::string buf;         // uncompressed bytes read and not yet consumed, from buf[pos]
  std::size_t pos = 0;
  std::uint64_t base = 0;  // uncompressed offset of buf[0]
  bool stream_end = false;
  bool failed = false;
  bool ended = false;
  std::string failure;
  WarcCounts counts;

  std::uint64_t at() const { return base + pos; }
  std::size_t avail() const { return buf.size() - pos; }

  // Drops the consumed bytes before pos once they are many. Moves buf's indices: only called
  // where none is held.
  void compact() {
    if (pos > 0 && (pos >= (std::size_t{1} << 20) || pos * 2 > buf.size())) {
      buf.erase(0, pos);
      base += pos;
      pos = 0;
    }
  }

  // Makes at least `n` bytes available from pos unless the stream ends first. False if fewer.
  // Never moves bytes already in buf (indices into it stay valid).
  bool ensure(std::size_t n) {
    while (avail() < n && !stream_end) {
      const long got = stream.read(&buf, std::max(kChunk, n - avail()));
      if (got < 0) {
        failed = true;
        failure = name + ": cannot read: " + std::strerror(stream.io_errno());
      }
      if (got <= 0) stream_end = true;
    }
    return avail() >= n;
  }

  void move_to(std::uint64_t offset) {  // offset >= at(), within buf
    pos = static_cast<std::size_t>(offset - base);
  }

  // True where a record may begin without a line end before it: a gzip member's start, or the
  // place the stream resumes after a gap.
  bool is_boundary(std::uint64_t offset) const {
    for (const auto& m : stream.members)
      if (m.at == offset) return true;
    for (const auto& g : stream.gaps)
      if (g.at == offset) return true;
    return false;
  }

  std::string where(std::uint64_t offset) const {
    for (const auto& m : stream.members)
      if (m.at == offset) return "offset " + std::to_string(m.file_offset);
    return (stream.compressed() ? "uncompressed offset " : "offset ") + std::to_string(offset);
  }

  void forget_before(std::uint64_t offset) {
    while (!stream.members.empty() && stream.members.front().at < offset) stream.members.pop_front();
  }

  // Gaps up to `offset` are accounted for (reported with the record they broke, or skipped over).
  void drop_gaps_through(std::uint64_t offset) {
    while (!stream.gaps.empty() && stream.gaps.front().at <= offset) stream.gaps.pop_front();
  }

  // The first gap strictly inside (from, to), or null.
  const load::GzipStream::Gap* gap_inside(std::uint64_t from, std::uint64_t to) const {
    for (const auto& g : stream.gaps)
      if (g.at > from && g.at < to) return &g;
    return nullptr;
  }

  // Skips to the next place a record may start after offset `from` (or at the first byte still
  // held, if `from` was dropped already): "WARC/1." at a line start, a member start or a gap.
  // Consumed bytes are dropped as it goes, so memory stays bounded.
  void resync(std::uint64_t from) {
    std::size_t search = from < base ? 0 : static_cast<std::size_t>(from - base) + 1;
    pos = std::min(search, buf.size());
    while (true) {
      for (std::size_t hit; (hit = buf.find("WARC/1.", search)) != std::string::npos; search = hit + 1) {
        // A whole version line may follow a record cut short mid-line.
        const std::string_view line = std::string_view(buf).substr(hit, 10);
        if ((hit > 0 && buf[hit - 1] == '\n') || is_boundary(base + hit) || line == "WARC/1.0\r\n" ||
            line == "WARC/1.1\r\n") {
          pos = hit;
          drop_gaps_through(at());
          return;
        }
      }
      // Keep the last bytes: "WARC/1." may straddle two reads (and the byte before it counts).
      const std::size_t keep = std::min<std::size_t>(buf.size() - pos, 8);
      pos = buf.size() - keep;
      std::uint64_t next_search = base + pos + (keep == 8 ? 1 : 0);
      forget_before(at());
      compact();
      search = static_cast<std::size_t>(next_search - base);
      if (!ensure(avail() + 1)) {
        pos = buf.size();
        drop_gaps_through(at());
        return;
      }
    }
  }

  // A problem at the record starting at `start`; counts it.
  WarcNext corrupt(std::uint64_t start, const std::string& id, const std::string& problem, Error* out) {
    ++counts.corrupt;
    std::string message = name + ": " + where(start) + ": ";
    if (!id.empty()) message += "record " + id + ": ";
    *out = Error::make(ErrorCode::kCorrupt, message + problem + "; skipped");
    return WarcNext::kCorrupt;
  }

  WarcNext next(WarcPage* page, Error* problem);
};

WarcReader::WarcReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WarcReader::~WarcReader() = default;
const WarcCounts& WarcReader::counts() const { return impl_->counts; }
WarcNext WarcReader::next(WarcPage* page, Error* problem) { return impl_->next(page, problem); }

namespace {

Error check_start(WarcReader::Impl* r) {
  r->ensure(5);
  if (r->failed) return Error::make(ErrorCode::kUnreadable, r->failure);
  if (r->avail() == 0 && r->stream.gaps.empty()) {
    return Error::make(ErrorCode::kEmpty, r->name + (r->stream.compressed() ? ": holds no data once gunzipped"
                                                                              : ": is empty, not a WARC file"));
  }
  const std::string_view start(r->buf.data() + r->pos, r->avail());
  if (start.substr(0, 5) != "WARC/" && r->stream.gaps.empty()) {
    return Error::make(ErrorCode::kCorrupt, r->name + ": not a WARC file (it starts with \"" + excerpt(start) + "\"" +
                                                (r->stream.compressed() ? " once gunzipped" : "") +
                                                ", where a WARC file starts with \"WARC/1.0\" or \"WARC/1.1\")");
  }
  if (start.empty() || (start.substr(0, 5) != "WARC/" && !r->stream.gaps.empty() && r->stream.gaps.front().at == 0)) {
    // gzip from the first byte that does not inflate: nothing says this is a WARC file.
    return Error::make(ErrorCode::kCorrupt, r->name + ": not a WARC file (" + r->stream.gaps.front().problem + ")");
  }
  return Error{};
}

}  // namespace

Error WarcReader::open(const std::string& path, const WarcOptions& options, std::unique_ptr<WarcReader>* out) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  int fd = STDIN_FILENO;
  if (!is_stdin) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int e = errno;
      if (e == ENOENT || e == ENOTDIR) return Error::make(ErrorCode::kNotFound, path + ": no such file");
      return Error::make(ErrorCode::kUnreadable, path + ": cannot open: " + std::strerror(e));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Error::make(ErrorCode::kIsDirectory, path + ": is a directory, not a file");
    }
  }
  auto impl = std::make_unique<Impl>(name, options, [fd](char* buffer, std::size_t n) -> long {
    return static_cast<long>(::read(fd, buffer, n));
  });
  impl->fd = fd;
  if (Error e = check_start(impl.get()); !e.ok()) return e;
  out->reset(new WarcReader(std::move(impl)));
  return Error{};
}

Error WarcReader::open_bytes(std::string bytes, const std::string& name, const WarcOptions& options,
                             std::unique_ptr<WarcReader>* out) {
  struct Source {
    std::string bytes;
    std::size_t pos = 0;
  };
  auto source = std::make_shared<Source>(Source{std::move(bytes), 0});
  auto impl = std::make_unique<Impl>(name, options, [source](char* buffer, std::size_t n) -> long {
    const std::size_t k = std::min(n, source->bytes.size() - source->pos);
    std::memcpy(buffer, source->bytes.data() + source->pos, k);
    source->pos += k;
    return static_cast<long>(k);
  });
  if (Error e = check_start(impl.get()); !e.ok()) return e;
  out->reset(new WarcReader(std::move(impl)));
  return Error{};
}

WarcNext WarcReader::Impl::next(WarcPage* page, Error* problem) {
  if (failed) {
    *problem = Error::make(ErrorCode::kUnreadable, failure);
    return WarcNext::kFailed;
  }
  if (ended) return WarcNext::kEnd;
  while (true) {
    compact();
    // Blank lines between records are tolerated (some writers add one too many).
    while (ensure(1) && (buf[pos] == '\r' || buf[pos] == '\n')) ++pos;
    // Damage between records (or at the start of this one): say so, then read on from here.
    if (!stream.gaps.empty() && stream.gaps.front().at <= at()) {
      const std::string gap = stream.gaps.front().problem;
      stream.gaps.pop_front();
      ++counts.corrupt;
      *problem = Error::make(ErrorCode::kCorrupt, name + ": " + gap + "; skipped to the next gzip member");
      return WarcNext::kCorrupt;
    }
    if (avail() == 0) {
      if (failed) {
        *problem = Error::make(ErrorCode::kUnreadable, failure);
        return WarcNext::kFailed;
      }
      ended = true;
      return WarcNext::kEnd;
    }
    const std::uint64_t start = at();
    forget_before(start);

    // The version line and the header fields, up to the first blank line.
    ensure(8);
    if (std::string_view(buf).substr(pos, 5) != "WARC/") {
      const std::string_view here(buf.data() + pos, std::min<std::size_t>(avail(), 24));
      WarcNext r = corrupt(start, "", "no WARC record starts here (found \"" + excerpt(here) + "\")", problem);
      resync(start);
      return r;
    }
    std::size_t head_end = std::string::npos, body_start = 0, searched = pos;
    while (true) {
      const std::size_t nl = buf.find('\n', searched);
      if (nl == std::string::npos) {
        searched = buf.size();
        if (avail() > kMaxHeader || !ensure(avail() + 1)) break;
        continue;
      }
      // A blank line: "\n\r\n" or "\n\n".
      if (!ensure(nl + 3 - pos)) {
        if (nl + 1 < buf.size() && buf[nl + 1] == '\n') { head_end = nl; body_start = nl + 2; }
        break;
      }
      if (buf[nl + 1] == '\n') { head_end = nl; body_start = nl + 2; break; }
      if (buf[nl + 1] == '\r' && buf[nl + 2] == '\n') { head_end = nl; body_start = nl + 3; break; }
      searched = nl + 1;
      if (searched - pos > kMaxHeader) break;
    }
    if (head_end == std::string::npos) {
      const bool too_long = avail() > kMaxHeader;
      WarcNext r = corrupt(start, "", too_long ? "record header is over 256 KiB (no blank line ends it)"
                                               : "the file ends inside the record header", problem);
      resync(start);
      return r;
    }
    const std::string_view head = std::string_view(buf).substr(pos, head_end - pos);
    // A record cut short inside its header runs into the next record's: start again there.
    if (const std::size_t next = head.find("WARC/1.", 5); next != std::string_view::npos) {
      WarcNext r = corrupt(start, "", "the record header is cut short by the next record", problem);
      pos += next;
      return r;
    }
    RecordHeader h;
    parse_header(head, &h);
    const std::uint64_t block_at = base + body_start;
    if (const auto* g = gap_inside(start, block_at)) {
      WarcNext r = corrupt(start, h.record_id, g->problem, problem);
      resync(g->at - 1);
      return r;
    }
    if (!h.has_length) {
      WarcNext r = corrupt(start, h.record_id, "no valid Content-Length header", problem);
      resync(block_at);
      return r;
    }

    // The block. Too large to hold: read past it without keeping it.
    const std::uint64_t length = h.content_length;
    std::string_view block;
    if (length > options.max_record_bytes) {
      move_to(block_at);
      std::uint64_t left = length;
      while (left > 0) {
        compact();
        if (!ensure(1)) break;
        std::uint64_t k = std::min<std::uint64_t>(left, avail());
        // Stop at a gap: what follows it is the next member's, not this block's.
        for (const auto& g : stream.gaps)
          if (g.at > at()) {
            k = std::min<std::uint64_t>(k, g.at - at());
            break;
          }
        pos += static_cast<std::size_t>(k);
        left -= k;
        if (const auto* g = gap_inside(start, at() + (left > 0 ? 1 : 0))) {
          WarcNext r = corrupt(start, h.record_id, g->problem, problem);
          resync(g->at - 1);
          return r;
        }
      }
      if (left > 0)
        return corrupt(start, h.record_id, "the file ends inside the block (Content-Length " + std::to_string(length) +
                                               ", " + std::to_string(length - left) + " bytes follow)", problem);
    } else {
      const std::size_t need = body_start - pos + static_cast<std::size_t>(length);
      if (!ensure(need)) {
        const std::uint64_t have = buf.size() - body_start;
        WarcNext r = corrupt(start, h.record_id, "truncated: Content-Length " + std::to_string(length) + " but " +
                                                     std::to_string(have) + " bytes follow", problem);
        resync(block_at - 1);
        return r;
      }
      move_to(block_at + length);
    }
    // The record ends with CRLF CRLF.
    ensure(9);
    std::size_t trailer = 0;
    while (trailer < 4 && trailer < avail() && (buf[pos + trailer] == '\r' || buf[pos + trailer] == '\n')) ++trailer;
    const std::uint64_t end = at() + trailer;
    if (const auto* g = gap_inside(start, end)) {
      WarcNext r = corrupt(start, h.record_id, g->problem, problem);
      resync(g->at - 1);
      return r;
    }
    const std::string_view after = std::string_view(buf).substr(pos + trailer, 5);
    // Exactly CRLF CRLF says the Content-Length was right, whatever follows (junk after it is the
    // next record's problem); otherwise the next record must start right there.
    const bool exact = trailer == 4 && std::string_view(buf).substr(pos, 4) == "\r\n\r\n";
    if (!exact && !after.empty() && after != "WARC/" && !is_boundary(end)) {
      WarcNext r = corrupt(start, h.record_id, "Content-Length " + std::to_string(length) +
                                                   " does not end the record (no \"WARC/\" line after it)", problem);
      // A block held in memory may hold the next record: look from its start.
      resync(length > options.max_record_bytes ? at() : block_at - 1);
      return r;
    }
    pos += trailer;
    // A view of the block, made only now: ensure() may have moved buf's bytes.
    if (length <= options.max_record_bytes) block = std::string_view(buf).substr(body_start, static_cast<std::size_t>(length));

    // A well-framed record. Is it a page?
    const char* missing = h.type.empty() ? "WARC-Type" : h.record_id.empty() ? "WARC-Record-ID"
                        : h.date.empty() ? "WARC-Date" : nullptr;
    if (missing) return corrupt(start, h.record_id, std::string("no ") + missing + " header", problem);
    if (h.version != "WARC/1.0" && h.version != "WARC/1.1")
      return corrupt(start, h.record_id, "unsupported version \"" + excerpt(h.version) + "\"", problem);
    ++counts.records;
    if (h.type != "response") {
      ++counts.skipped[h.type];
      continue;
    }
    if (length > options.max_record_bytes) {
      ++counts.skipped["too large"];
      continue;
    }
    std::string record_type, ignored;
    load::parse_content_type(h.content_type, &record_type, &ignored);
    if (record_type != "application/http") {
      ++counts.skipped["response not HTTP"];
      continue;
    }
    load::HttpResponse http;
    if (std::string p = load::parse_http_response(block, &http); !p.empty()) {
      --counts.records;
      return corrupt(start, h.record_id, p, problem);
    }
    if (http.status < 200 || http.status > 299) {
      ++counts.skipped["status " + std::to_string(http.status / 100) + "xx"];
      continue;
    }
    if (!load::is_html_type(http.content_type)) {
      ++counts.skipped["not HTML"];
      continue;
    }
    // A record cut short whose Content-Length runs exactly to the blank line ending the next
    // record's header looks well framed: an HTML page never holds a WARC version line.
    for (const char* version_line : {"WARC/1.0\r\n", "WARC/1.1\r\n"}) {
      if (const std::size_t k = block.find(version_line); k != std::string_view::npos) {
        --counts.records;
        WarcNext r = corrupt(start, h.record_id, "Content-Length " + std::to_string(length) + " runs into the next record",
                             problem);
        move_to(block_at + k);
        return r;
      }
    }
    if (!load::can_decode(http.content_encoding)) {
      ++counts.skipped["Content-Encoding " + excerpt(http.content_encoding)];
      continue;
    }
    WarcPage out;
    if (std::string p = load::decode_http_body(http, options.max_record_bytes, &out.body); !p.empty()) {
      --counts.records;
      return corrupt(start, h.record_id, p, problem);
    }
    out.url = std::move(h.target_uri);
    out.record_id = std::move(h.record_id);
    out.date = std::move(h.date);
    out.status = http.status;
    out.content_type = std::move(http.content_type);
    out.charset = std::move(http.charset);
    out.offset_in_file = !stream.compressed() || is_boundary(start);
    out.offset = start;
    for (const auto& m : stream.members)
      if (m.at == start) out.offset = m.file_offset;
    ++counts.pages;
    *page = std::move(out);
    return WarcNext::kPage;
  }
}

}  // namespace winnow
