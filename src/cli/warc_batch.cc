#include "cli/warc_batch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "cli/channel.h"
#include "cli/progress.h"
#include "common/temp_file.h"
#include "winnow/warc.h"
#include "write/json.h"

namespace winnow::cli {

namespace {

// A record on its way from the reader to a worker: a page to clean, or a problem to report.
struct Item {
  std::size_t seq = 0;
  bool is_page = false;
  WarcPage page;
  Error problem;
};

// Its result on its way to the writer.
struct Done {
  std::size_t seq = 0;
  bool is_page = false;
  std::string line;  // the JSON line (pages)
  Error error;       // the page's error, or the record's problem
};

// Items read but not yet written: the reader waits while `limit` are in flight, so the writer's
// reordering never holds more than that many records.
class Window {
 public:
  explicit Window(std::size_t limit) : limit_(limit) {}
  void enter() {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return in_flight_ < limit_; });
    ++in_flight_;
  }
  void leave() {
    std::lock_guard lock(mutex_);
    --in_flight_;
    room_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable room_;
  std::size_t in_flight_ = 0;
  const std::size_t limit_;
};

std::string where(const std::string& name, const WarcPage& page) {
  return name + ": " + (page.offset_in_file ? "offset " : "uncompressed offset ") + std::to_string(page.offset) +
         ": " + (page.url.empty() ? page.record_id : page.url);
}

std::string with_commas(std::size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string summary(const std::string& name, const WarcCounts& c, std::size_t failed) {
  std::string s = "winnow: " + name + ": " + with_commas(c.pages - failed) + (c.pages - failed == 1 ? " page" : " pages") +
                  " cleaned";
  if (failed) s += ", " + with_commas(failed) + " failed";
  if (c.corrupt) s += "; " + with_commas(c.corrupt) + " broken " + (c.corrupt == 1 ? "record" : "records") + " skipped";
  std::size_t other = 0;
  for (const auto& [reason, n] : c.skipped) other += n;
  if (other) {
    s += "; " + with_commas(other) + " other " + (other == 1 ? "record" : "records") + " skipped (";
    bool first = true;
    for (const auto& [reason, n] : c.skipped) {
      s += (first ? "" : ", ") + with_commas(n) + " " + reason;
      first = false;
    }
    s += ")";
  }
  return s + "\n";
}

}  // namespace

int run_warc(const std::string& input, const std::string& out_path, const Args& args, const Rules& rules) {
  const std::string name = input == "-" ? "<stdin>" : input;
  WarcOptions warc_options;
  warc_options.max_record_bytes = args.options.max_input_bytes;
  std::unique_ptr<WarcReader> reader;
  if (Error e = WarcReader::open(input, warc_options, &reader); !e.ok()) {
    std::fprintf(stderr, "winnow: %s\n", e.message.c_str());
    return kExitSomeFailed;
  }

  // The output: standard output, or a temporary file renamed to out_path once complete.
  FILE* out = stdout;
  std::string tmp;
  if (!out_path.empty()) {
    const std::size_t slash = out_path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : out_path.substr(0, slash);
    int fd = -1;
    Error e = create_temp_file(dir, out_path, &tmp, &fd);
    if (e.ok() && (out = ::fdopen(fd, "wb")) == nullptr) {
      e = Error::make(ErrorCode::kUnwritable, out_path + ": cannot write: " + std::strerror(errno));
      ::close(fd);
      temp_file_done(tmp);
    }
    if (!e.ok()) {
      std::fprintf(stderr, "winnow: %s\n", e.message.c_str());
      return kExitSomeFailed;
    }
  }

  const unsigned jobs = args.jobs != 0 ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  Channel<Item> work(std::size_t{2} * jobs + 2);
  Channel<Done> done(std::size_t{4} * jobs + 8);
  Window window(std::size_t{4} * jobs + 8);

  Error read_failure;
  std::thread read_thread([&] {
    std::size_t seq = 0;
    while (true) {
      Item item;
      const WarcNext next = reader->next(&item.page, &item.problem);
      if (next == WarcNext::kEnd) break;
      if (next == WarcNext::kFailed) {
        read_failure = item.problem;
        break;
      }
      item.is_page = next == WarcNext::kPage;
      item.seq = seq++;
      window.enter();
      work.push(std::move(item));
    }
    work.close();
  });

  std::atomic<unsigned> workers_left{jobs};
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      while (std::optional<Item> item = work.pop()) {
        Done d;
        d.seq = item->seq;
        d.is_page = item->is_page;
        if (!item->is_page) {
          d.error = std::move(item->problem);
        } else {
          const WarcPage& page = item->page;
          Options options = args.options;
          options.url = page.url;
          if (options.charset.empty()) options.charset = page.charset;  // --charset beats the header
          Document doc;
          d.error = clean(page.body, options, rules, where(name, page), &doc);
          const write::WarcRecordInfo info{page.url, page.record_id, page.date, page.status};
          d.line = write::warc_json_record(info, d.error.ok() ? &doc : nullptr, &d.error, args.options.format);
        }
        done.push(std::move(d));
      }
      if (--workers_left == 0) done.close();
    });
  }

  // The writer: in record order, so the same file always gives the same output.
  Progress progress(0, !args.quiet);
  std::map<std::size_t, Done> pending;
  std::size_t next_seq = 0, failed = 0;
  bool write_failed = false;
  int write_errno = 0;
  auto emit = [&](Done& d) {
    if (!d.error.ok()) {
      progress.clear_line();
      std::fprintf(stderr, "winnow: %s\n", d.error.message.c_str());
    }
    if (d.is_page) {
      if (!d.error.ok()) ++failed;
      if (!write_failed && std::fwrite(d.line.data(), 1, d.line.size(), out) != d.line.size()) {
        write_failed = true;
        write_errno = errno;
      }
      // A consumer streams the lines. The flush is where a full disk shows (the line fit the buffer).
      if (out == stdout && !write_failed && std::fflush(stdout) != 0) {
        write_failed = true;
        write_errno = errno;
      }
      progress.finished(d.error.ok());
    }
  };
  while (std::optional<Done> d = done.pop()) {
    pending.emplace(d->seq, std::move(*d));
    for (auto it = pending.find(next_seq); it != pending.end(); it = pending.find(next_seq)) {
      emit(it->second);
      pending.erase(it);
      ++next_seq;
      window.leave();
    }
  }
  read_thread.join();
  for (std::thread& t : workers) t.join();
  progress.done();

  int status = failed == 0 && reader->counts().corrupt == 0 ? kExitOk : kExitSomeFailed;
  if (!read_failure.ok()) {
    std::fprintf(stderr, "winnow: %s\n", read_failure.message.c_str());
    status = kExitSomeFailed;
  }
  if (out != stdout) {
    if (std::fclose(out) != 0 && !write_failed) {
      write_failed = true;
      write_errno = errno;
    }
    Error e = write_failed ? Error::make(ErrorCode::kUnwritable, out_path + ": cannot write: " + std::strerror(write_errno))
                           : rename_temp_file(tmp, out_path, out_path);
    if (write_failed) temp_file_done(tmp);
    if (!e.ok()) {
      std::fprintf(stderr, "winnow: %s (cleaning %s)\n", e.message.c_str(), name.c_str());
      status = kExitSomeFailed;
    }
  } else if (write_failed || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "winnow: standard output: cannot write: %s\n", std::strerror(write_failed ? write_errno : errno));
    status = kExitSomeFailed;
  }
  if (!args.quiet) std::fputs(summary(name, reader->counts(), failed).c_str(), stderr);
  return status;
}

}  // namespace winnow::cli
