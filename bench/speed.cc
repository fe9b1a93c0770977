// bench/speed: how fast winnow cleans real pages, against Gumbo's parse of the same pages.
//
//   build/bench/speed [CORPUS_DIR...]     (default: ../shared/corpus)
//
// Reads every *.html page under the corpus directories into memory first, then times, over all
// pages: (a) Gumbo's parse of the raw page, (b) winnow's full clean (embedded rules, text output) and
// (c) each stage of (b) run separately, then the same clean with JSON output. Prints MB/s and
// ms/page for each, the ratio b/a, and the peak resident memory. (a) and (b) are the best of five
// alternating runs over the corpus, each stage the best of three, to keep the other core's noise
// out. Times are the process's CPU time (a busy machine's waits for a core are not counted).
#include <gumbo.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "extract/content.h"
#include "extract/metadata.h"
#include "extract/page_signals.h"
#include "html/parse.h"
#include "html/prescan.h"
#include "load/charset.h"
#include "pipeline.h"
#include "rules/apply.h"
#include "winnow/winnow.h"
#include "write/render.h"

namespace {

// The process's CPU time, not the wall clock: on a shared machine a wall-clock pass also counts
// the time the process waited for a core, which the other users decide. The bench runs one
// thread, so its CPU time is the work done.
struct Clock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<Clock>;
  static constexpr bool is_steady = true;
  static time_point now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return time_point(duration(std::int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec));
  }
};

std::vector<std::string> read_corpus(const std::vector<std::string>& dirs, std::size_t* bytes) {
  std::vector<std::string> paths;
  for (const std::string& dir : dirs) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      const std::string p = e.path().string();
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && e.path().extension() == ".html" && name != "expected.html") paths.push_back(p);
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  *bytes = 0;
  for (const std::string& p : paths) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    pages.push_back(s.str());
    *bytes += pages.back().size();
  }
  return pages;
}

// Best of three: seconds for one pass of `body` over all pages.
double best_of_three(const std::function<void()>& body) {
  double best = 1e30;
  for (int run = 0; run < 3; ++run) {
    const auto start = Clock::now();
    body();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

void report(const char* what, double seconds, std::size_t bytes, std::size_t pages, double gumbo_seconds) {
  std::printf("%-28s %8.1f MB/s %8.3f ms/page", what, bytes / seconds / 1e6, seconds * 1e3 / pages);
  if (gumbo_seconds > 0) std::printf("   %5.2f x gumbo", seconds / gumbo_seconds);
  std::printf("\n");
}

long peak_rss_kib() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> dirs(argv + 1, argv + argc);
  if (dirs.empty()) dirs.push_back(std::string(WINNOW_SOURCE_DIR) + "/../shared/corpus");
  std::size_t bytes = 0;
  const std::vector<std::string> pages = read_corpus(dirs, &bytes);
  if (pages.empty()) {
    std::fprintf(stderr, "speed: no pages found under %s (the shared corpus is not here)\n", dirs[0].c_str());
    return 0;
  }
  const long rss_after_load = peak_rss_kib();
  std::printf("%zu pages, %.1f MB, read into memory first\n\n", pages.size(), bytes / 1e6);

  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) {
    std::fprintf(stderr, "speed: %s\n", e.message.c_str());
    return 1;
  }

  // (a) and (b) alternate, five runs each, the best of each kept: a burst of load on the other
  // core then cannot favour one side of the ratio.
  auto gumbo_pass = [&] {
    for (const std::string& page : pages) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  };
  auto clean_pass = [&](winnow::Format format) {
    winnow::Options options;
    options.format = format;
    for (const std::string& page : pages) {
      winnow::Document doc;
      (void)winnow::clean(page, options, rules, "page", &doc);
    }
  };
  auto seconds = [](const std::function<void()>& body) {
    const auto start = Clock::now();
    body();
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  double gumbo = 1e30, clean_text = 1e30, clean_json = 1e30;
  for (int run = 0; run < 5; ++run) {
    gumbo = std::min(gumbo, seconds(gumbo_pass));
    clean_text = std::min(clean_text, seconds([&] { clean_pass(winnow::Format::kText); }));
    clean_json = std::min(clean_json, seconds([&] { clean_pass(winnow::Format::kJson); }));
  }
  report("(a) gumbo parse, raw page", gumbo, bytes, pages.size(), 0);
  report("(b) winnow clean, text", clean_text, bytes, pages.size(), gumbo);

  // (c) The stages of (b), each timed on its own over all pages, with the earlier stages' output
  // prepared outside the timer.
  using namespace winnow;
  std::vector<load::Decoded> decoded;
  const double t_charset = best_of_three([&] {
    decoded.clear();
    for (const std::string& page : pages) decoded.push_back(load::to_utf8(page, ""));
  });
  // The attributes the stages read, as clean() gathers them for text output.
  const html::AttributeFilter keep = attributes_read(rules, Format::kText);
  std::vector<html::Prescan> scanned;
  const double t_prescan = best_of_three([&] {
    scanned.clear();
    for (const load::Decoded& d : decoded) scanned.push_back(html::prescan(d.utf8, true, keep));
  });
  const double t_parse = best_of_three([&] {
    for (const html::Prescan& s : scanned) (void)html::parse(s.html);
  });
  std::vector<html::Dom> doms;
  for (const html::Prescan& s : scanned) doms.push_back(html::parse(s.html));
  std::vector<Metadata> metas;
  std::vector<extract::PageSignals> signals;
  const double t_meta = best_of_three([&] {
    metas.clear();
    signals.clear();
    for (const html::Dom& dom : doms) {
      metas.push_back(extract::read_metadata(dom, extract::page_url(dom, "")));
      signals.push_back(extract::read_page_signals(dom, metas.back().url));
    }
  });
  // Rules and detection mutate the Dom: copy the Doms outside the timer for each run.
  double t_rules = 1e30, t_detect = 1e30, t_write = 1e30;
  for (int run = 0; run < 3; ++run) {
    std::vector<html::Dom> work = doms;
    std::vector<rules::Hints> hints;
    auto start = Clock::now();
    for (std::size_t i = 0; i < work.size(); ++i)
      hints.push_back(rules::apply(rules, extract::url_host(metas[i].url), metas[i].language, &work[i], nullptr));
    t_rules = std::min(t_rules, std::chrono::duration<double>(Clock::now() - start).count());
    std::vector<extract::Article> articles;
    start = Clock::now();
    for (std::size_t i = 0; i < work.size(); ++i)
      articles.push_back(extract::find_article(&work[i], hints[i].root, metas[i], signals[i], nullptr));
    t_detect = std::min(t_detect, std::chrono::duration<double>(Clock::now() - start).count());
    start = Clock::now();
    for (std::size_t i = 0; i < work.size(); ++i) {
      Document doc;
      doc.metadata = metas[i];
      write::render(work[i], articles[i].root, Options{}, &doc);
    }
    t_write = std::min(t_write, std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::printf("\nstages of (b):\n");
  report("  sniff + charset to UTF-8", t_charset, bytes, pages.size(), gumbo);
  report("  pre-scan", t_prescan, bytes, pages.size(), gumbo);
  report("  gumbo parse of pre-scanned", t_parse, bytes, pages.size(), gumbo);
  report("  metadata", t_meta, bytes, pages.size(), gumbo);
  report("  rules", t_rules, bytes, pages.size(), gumbo);
  report("  main-content detection", t_detect, bytes, pages.size(), gumbo);
  report("  write text", t_write, bytes, pages.size(), gumbo);
  doms.clear();

  std::printf("\n");
  report("(b') winnow clean, json", clean_json, bytes, pages.size(), gumbo);

  std::printf("\nratio b/a (text): %.2f   (target: at most 0.5)\n", clean_text / gumbo);
  std::printf("ratio b/a (json): %.2f\n", clean_json / gumbo);
  std::printf("peak resident memory: %.1f MB (%.1f MB of it the corpus held in memory)\n",
              peak_rss_kib() / 1024.0, rss_after_load / 1024.0);
  return 0;
}
