#include "cli/batch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "cli/channel.h"
#include "cli/explain.h"
#include "cli/follow.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/warc_batch.h"
#include "common/ascii.h"
#include "common/file.h"
#include "extract/url.h"
#include "fetch/fetch.h"
#include "fetch/save_html.h"
#include "load/saved_headers.h"
#include "write/json.h"

namespace winnow::cli {

namespace {

// Anything of the form scheme://... goes to the fetcher, which fetches http and https and says
// clearly why it will not fetch the rest (ftp://, file://...).
bool is_url(const std::string& s) { return extract::has_scheme(s) && s.compare(s.find(':'), 3, "://") == 0; }

// One input on its way to a cleaning worker: a path to read, or a page already fetched.
struct Work {
  std::size_t index = 0;
  bool fetched = false;
  fetch::FetchResult fetch;
};

// One input's result on its way to the writer.
struct Outcome {
  std::size_t index = 0;
  Error error;
  Document doc;
  std::string final_url;
  long status = 0;
};

// Saved pages carry their origin beside them (see --save-html): page.html -> page.headers.
void read_headers_beside(const std::string& path, Options* options) {
  std::string headers = path;
  if (const std::size_t dot = headers.rfind('.'); dot != std::string::npos && headers.find('/', dot) == std::string::npos)
    headers.erase(dot);
  headers += ".headers";
  load::SavedHeaders saved;
  if (!std::filesystem::is_regular_file(headers) || !load::read_saved_headers(headers, &saved).ok()) return;
  if (options->url.empty()) options->url = saved.final_url;
  if (options->charset.empty()) options->charset = saved.charset;
}

// The fetch options with the site configs' request headers (http_header) for each URL.
fetch::FetchOptions site_fetch_options(const Args& args, const Rules& rules) {
  fetch::FetchOptions transfers = args.fetch;
  transfers.max_body_bytes = args.options.max_input_bytes;
  transfers.headers_for = [&rules](const std::string& url) { return site_http_headers(rules, url); };
  return transfers;
}

// Reads (if needed) and cleans one input. Safe to call from several threads at once.
Outcome clean_work(Work work, const std::string& input, const Args& args, const Rules& rules) {
  Outcome outcome;
  outcome.index = work.index;
  Options options = args.options;
  std::string bytes;
  std::string name = input == "-" ? "<stdin>" : input;
  if (work.fetched) {
    outcome.final_url = work.fetch.final_url;
    outcome.status = work.fetch.status;
    if (!work.fetch.error.ok()) {
      outcome.error = std::move(work.fetch.error);
      return outcome;
    }
    if (!args.save_html_dir.empty()) {
      if (Error e = fetch::save_html(args.save_html_dir, work.fetch, nullptr); !e.ok()) {
        outcome.error = std::move(e);
        return outcome;
      }
    }
    options.url = work.fetch.final_url.empty() ? input : work.fetch.final_url;
    if (options.charset.empty()) options.charset = work.fetch.charset;  // --charset beats the header
    // A site config may send winnow to the article's single-page view, or on to its next pages.
    outcome.error = clean_following(work.fetch, options, rules, site_fetch_options(args, rules), args.save_html_dir,
                                    name, &outcome.doc);
    return outcome;
  } else {
    outcome.error = input == "-" ? read_stdin(options.max_input_bytes, &bytes)
                                 : read_file(input, options.max_input_bytes, &bytes);
    if (!outcome.error.ok()) return outcome;
    if (input != "-") read_headers_beside(input, &options);
  }
  outcome.error = clean(bytes, options, rules, name, &outcome.doc);
  return outcome;
}

// Collects the inputs: the command line's, then -i FILE's lines (blank lines and '#' comments
// skipped). Returns false with *error when the list cannot be read.
bool collect_inputs(const Args& args, std::vector<std::string>* inputs, std::string* error) {
  *inputs = args.inputs;
  if (!args.input_list.empty()) {
    std::string text;
    Error e = args.input_list == "-" ? read_stdin(std::size_t{1} << 30, &text)
                                     : read_file(args.input_list, std::size_t{1} << 30, &text);
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
  const auto stdin_uses = std::count(inputs->begin(), inputs->end(), "-") + (args.input_list == "-" ? 1 : 0);
  if (stdin_uses > 1) {
    *error = "standard input ('-') can be read only once";
    return false;
  }
  return true;
}

// crawl.warc.gz -> crawl: the name of the JSON Lines file a WARC input's pages go to under -o.
std::string warc_output_stem(const std::string& input) {
  std::string base = input == "-" ? "stdin" : input;
  if (const std::size_t slash = base.rfind('/'); slash != std::string::npos) base.erase(0, slash + 1);
  for (const char* ext : {".gz", ".warc"}) {
    const std::size_t n = std::strlen(ext);
    if (base.size() > n && equals_lower(base.substr(base.size() - n), ext)) base.erase(base.size() - n);
  }
  return output_stem(base);
}

void write_out(std::string_view data) { std::fwrite(data.data(), 1, data.size(), stdout); }

}  // namespace

// Cleans the pages (files, stdin, URLs) among the inputs. `taken` holds the -o names handed out.
int run_pages(const std::vector<std::string>& inputs, const Args& args, const Rules& rules,
              std::set<std::string>* taken) {
  unsigned jobs = args.jobs != 0 ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, inputs.size()));
  Channel<Work> work(std::size_t{2} * jobs + 2);
  Channel<Outcome> outcomes(std::size_t{4} * jobs + 8);

  // Feeders: files in input order, URLs as their transfers finish. Cleaning overlaps fetching.
  std::vector<std::string> urls;
  std::vector<std::size_t> url_index;
  std::atomic<int> feeders_left{2};
  auto feeder_done = [&] {
    if (--feeders_left == 0) work.close();
  };
  // Output names are handed out in input order, so the same command always writes the same files
  // whatever order the inputs finish in (and --skip-existing finds what an earlier run wrote).
  std::vector<std::string> out_paths;
  std::vector<bool> skip(inputs.size(), false);
  std::size_t skipped = 0;
  if (!args.output_dir.empty()) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      out_paths.push_back(unique_output_path(args.output_dir, output_stem(inputs[i]), extension_for(args.options.format), taken));
      if (args.skip_existing && ::access(out_paths.back().c_str(), F_OK) == 0) {
        skip[i] = true;
        ++skipped;
      }
    }
  }
  std::thread file_feeder([&] {
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (!is_url(inputs[i]) && !skip[i]) work.push(Work{i, false, {}});
    feeder_done();
  });
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (is_url(inputs[i]) && !skip[i]) {
      urls.push_back(inputs[i]);
      url_index.push_back(i);
    }
  std::thread url_feeder([&] {
    if (!urls.empty()) {
      const fetch::FetchOptions transfers = site_fetch_options(args, rules);
      fetch::fetch_all(urls, transfers, [&](std::size_t k, fetch::FetchResult&& result) {
        work.push(Work{url_index[k], true, std::move(result)});
      });
    }
    feeder_done();
  });
  std::atomic<unsigned> workers_left{jobs};
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      while (std::optional<Work> item = work.pop()) {
        const std::size_t index = item->index;
        outcomes.push(clean_work(std::move(*item), inputs[index], args, rules));
      }
      if (--workers_left == 0) outcomes.close();
    });
  }

  // The writer (this thread). Text to stdout keeps input order, so results wait in `pending` for
  // their turn; files and JSON Lines are written as they finish.
  const bool in_order = args.output_dir.empty() && !args.jsonl;
  const bool headers = in_order && inputs.size() > 1;
  Progress progress(inputs.size(), !args.quiet && inputs.size() > 1);
  for (std::size_t i = 0; i < skipped; ++i) progress.finished(true);
  std::map<std::size_t, Outcome> pending;
  std::size_t next_in_order = 0;
  std::size_t failed = 0;
  auto emit = [&](Outcome& o) {
    const std::string& input = inputs[o.index];
    if (args.jsonl) {
      const bool ok = o.error.ok();
      write_out(write::json_record(input, ok ? &o.doc : nullptr, ok ? nullptr : &o.error, o.final_url, o.status));
      std::fflush(stdout);  // a consumer streams the lines
    }
    if (!o.error.ok()) {
      ++failed;
      progress.clear_line();
      std::fprintf(stderr, "winnow: %s\n", o.error.message.c_str());
      progress.finished(false);
      return;
    }
    if (args.options.explain) {
      progress.clear_line();
      const std::string report = explain_report(input, o.doc);
      std::fwrite(report.data(), 1, report.size(), stderr);
    }
    if (args.jsonl) {
      progress.finished(true);
      return;
    }
    if (!args.output_dir.empty()) {
      if (Error e = write_file_atomically(out_paths[o.index], o.doc.output); !e.ok()) {
        ++failed;
        progress.clear_line();
        std::fprintf(stderr, "winnow: %s (cleaning %s)\n", e.message.c_str(), input.c_str());
        progress.finished(false);
        return;
      }
    } else {
      if (headers) write_out((o.index > 0 ? "\n==> " : "==> ") + input + " <==\n");
      write_out(o.doc.output);
    }
    progress.finished(true);
  };
  while (std::optional<Outcome> o = outcomes.pop()) {
    if (!in_order) {
      emit(*o);
      continue;
    }
    pending.emplace(o->index, std::move(*o));
    for (auto it = pending.find(next_in_order); it != pending.end(); it = pending.find(next_in_order)) {
      emit(it->second);
      pending.erase(it);
      ++next_in_order;
    }
  }
  file_feeder.join();
  url_feeder.join();
  for (std::thread& t : workers) t.join();
  progress.done();
  // A full disk or a closed pipe behind standard output: said once (the output is one stream).
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "winnow: standard output: cannot write: %s\n", std::strerror(errno));
    return kExitSomeFailed;
  }
  return failed == 0 ? kExitOk : kExitSomeFailed;
}

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
  // Pages first (as they always were), then each WARC file in turn, each with all the jobs.
  std::vector<std::string> pages, warcs;
  for (const std::string& input : inputs)
    (!is_url(input) && is_warc_input(input, args.input_format) ? warcs : pages).push_back(input);
  std::set<std::string> taken;
  int status = pages.empty() ? kExitOk : run_pages(pages, args, rules, &taken);
  for (const std::string& warc : warcs) {
    std::string out_path;
    if (!args.output_dir.empty()) {
      out_path = unique_output_path(args.output_dir, warc_output_stem(warc), ".jsonl", &taken);
      if (args.skip_existing && ::access(out_path.c_str(), F_OK) == 0) continue;
    }
    status = std::max(status, run_warc(warc, out_path, args, rules));
  }
  return status;
}

}  // namespace winnow::cli
