#include "cli/batch.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "cli/explain.h"
#include "cli/output.h"
#include "load/file.h"

namespace winnow::cli {

namespace {

bool is_url(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

struct Outcome {
  Error error;
  Document doc;
};

// Reads and cleans one input. Safe to call from several threads at once.
Outcome clean_input(const std::string& input, const Args& args, const Rules& rules) {
  Outcome outcome;
  std::string bytes;
  const std::string name = input == "-" ? "<stdin>" : input;
  if (is_url(input)) {
    outcome.error = Error::make(ErrorCode::kFetch, input + ": fetching URLs is not built into this binary yet");
    return outcome;
  }
  outcome.error = input == "-" ? load::read_stdin(args.options.max_input_bytes, &bytes)
                               : load::read_file(input, args.options.max_input_bytes, &bytes);
  if (!outcome.error.ok()) return outcome;
  outcome.error = clean(bytes, args.options, rules, name, &outcome.doc);
  return outcome;
}

// Collects the inputs: the command line's, then -i FILE's lines (blank lines and '#' comments
// skipped). Returns false with *error when the list cannot be read.
bool collect_inputs(const Args& args, std::vector<std::string>* inputs, std::string* error) {
  *inputs = args.inputs;
  if (!args.input_list.empty()) {
    std::string text;
    Error e = args.input_list == "-" ? load::read_stdin(std::size_t{1} << 30, &text)
                                     : load::read_file(args.input_list, std::size_t{1} << 30, &text);
    if (!e.ok()) {
      *error = e.message;
      return false;
    }
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      start = end + 1;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
      const std::size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      inputs->push_back(line.substr(first));
    }
  }
  if (inputs->empty() && args.input_list.empty()) {
    if (isatty(STDIN_FILENO)) {
      *error = "no input: give a file, a URL or '-' (see winnow --help)";
      return false;
    }
    inputs->push_back("-");
  }
  if (std::count(inputs->begin(), inputs->end(), "-") > 1 || (args.input_list == "-" &&
      std::count(inputs->begin(), inputs->end(), "-") > 0)) {
    *error = "standard input ('-') can be read only once";
    return false;
  }
  return true;
}

// Hands out input indices to workers and takes their outcomes back, so the main thread can write
// results in input order while at most `window` outcomes wait in memory.
class OrderedQueue {
 public:
  OrderedQueue(std::size_t count, std::size_t window) : slots_(count), window_(window) {}

  // The next index to work on, or nullopt when all are handed out.
  std::optional<std::size_t> take() {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return next_ >= slots_.size() || next_ < written_ + window_; });
    if (next_ >= slots_.size()) return std::nullopt;
    return next_++;
  }
  void put(std::size_t index, Outcome outcome) {
    std::lock_guard lock(mutex_);
    slots_[index] = std::move(outcome);
    ready_.notify_all();
  }
  // Waits for the outcome of `index` (called in order 0, 1, 2...).
  Outcome get(std::size_t index) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return slots_[index].has_value(); });
    Outcome outcome = std::move(*slots_[index]);
    slots_[index].reset();
    written_ = index + 1;
    room_.notify_all();
    return outcome;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::vector<std::optional<Outcome>> slots_;
  std::size_t next_ = 0, written_ = 0;
  const std::size_t window_;
};

void write_stdout(std::string_view data) {
  std::fwrite(data.data(), 1, data.size(), stdout);
}

}  // namespace

int run_batch(const Args& args, const Rules& rules) {
  std::vector<std::string> inputs;
  std::string error;
  if (!collect_inputs(args, &inputs, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.c_str());
    return kExitUsage;
  }
  if (!args.output_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.output_dir, ec);
    if (ec || !std::filesystem::is_directory(args.output_dir)) {
      std::fprintf(stderr, "winnow: %s: cannot create output directory: %s\n", args.output_dir.c_str(),
                   ec ? ec.message().c_str() : "not a directory");
      return kExitUsage;
    }
  }

  unsigned jobs = args.jobs != 0 ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, inputs.size()));
  OrderedQueue queue(inputs.size(), std::size_t{4} * jobs + 4);
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      while (std::optional<std::size_t> i = queue.take()) queue.put(*i, clean_input(inputs[*i], args, rules));
    });
  }

  std::set<std::string> taken;
  std::size_t failed = 0;
  const bool headers = args.output_dir.empty() && inputs.size() > 1 && !args.jsonl;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Outcome outcome = queue.get(i);
    if (!outcome.error.ok()) {
      ++failed;
      std::fprintf(stderr, "winnow: %s\n", outcome.error.message.c_str());
      continue;
    }
    if (args.options.explain) {
      const std::string report = explain_report(inputs[i], outcome.doc);
      std::fwrite(report.data(), 1, report.size(), stderr);
    }
    if (!args.output_dir.empty()) {
      const std::string path = unique_output_path(args.output_dir, output_stem(inputs[i]),
                                                  extension_for(args.options.format), &taken);
      if (Error e = write_file_atomically(path, outcome.doc.output); !e.ok()) {
        ++failed;
        std::fprintf(stderr, "winnow: %s\n", e.message.c_str());
      }
      continue;
    }
    if (headers) write_stdout((i > 0 ? "\n==> " : "==> ") + inputs[i] + " <==\n");
    write_stdout(outcome.doc.output);
  }
  for (std::thread& t : workers) t.join();
  std::fflush(stdout);
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

}  // namespace winnow::cli
