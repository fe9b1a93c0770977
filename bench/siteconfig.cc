// bench/siteconfig: what the FiveFilters site configs cost (issue 13).
//
//   build/bench/siteconfig [CONFIG_DIR [CORPUS_DIR]]
//       (defaults: ../shared/ftr-site-config and ../shared/corpus)
//
// Prints, each the best of several runs:
//   1. load_rules with the whole collection given, against the embedded rules alone (in process:
//      the command's whole start-up is timed by bench/siteconfig.sh);
//   2. the XPath mirror (siteconfig::Mirror: the Dom copied into pugixml's tree, which a page
//      pays only when a site config applies to it), against Gumbo's parse of the raw page and
//      against winnow's parse (pre-scan + Gumbo + Dom), over every corpus page;
//   3. winnow's clean of the postlight corpus pages whose host has a site config, with and
//      without the collection, and how many of them its body expressions found.
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "html/parse.h"
#include "html/prescan.h"
#include "load/charset.h"
#include "siteconfig/library.h"
#include "siteconfig/mirror.h"
#include "winnow/winnow.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double best_of(int runs, const std::function<void()>& body) {
  double best = 1e30;
  for (int run = 0; run < runs; ++run) {
    const auto start = Clock::now();
    body();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = std::string(WINNOW_SOURCE_DIR) + "/../shared";
  const std::string configs = argc > 1 ? argv[1] : shared + "/ftr-site-config";
  const std::string corpus = argc > 2 ? argv[2] : shared + "/corpus";
  if (!fs::is_directory(configs) || !fs::is_directory(corpus)) {
    std::printf("siteconfig: no %s or %s; nothing to measure\n", configs.c_str(), corpus.c_str());
    return 0;
  }

  // 1. Start-up.
  winnow::Rules rules, plain;
  const double load_plain = best_of(10, [&] { (void)winnow::load_rules({}, &plain); });
  winnow::Error error;
  const double load_all = best_of(10, [&] { error = winnow::load_rules({}, {configs}, &rules); });
  if (!error.ok()) {
    std::fprintf(stderr, "siteconfig: %s\n", error.message.c_str());
    return 1;
  }
  std::shared_ptr<winnow::siteconfig::Library> library;
  (void)winnow::siteconfig::Library::open({configs}, &library);
  std::printf("1. start-up (in process; bench/siteconfig.sh times the command)\n");
  std::printf("  load_rules, embedded rules only       %7.2f ms\n", load_plain * 1e3);
  std::printf("  load_rules + %zu site configs        %7.2f ms   (listing: %.2f ms)\n", library->entries().size(),
              load_all * 1e3, (load_all - load_plain) * 1e3);

  // 2. The mirror against the parse.
  std::vector<std::string> pages;
  std::size_t bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file() && e.path().extension() == ".html" && e.path().filename() != "expected.html") {
      pages.push_back(winnow::load::to_utf8(read(e.path().string()), "").utf8);
      bytes += pages.back().size();
    }
  std::vector<winnow::html::Dom> doms;
  for (const std::string& p : pages) doms.push_back(winnow::html::parse(winnow::html::prescan(p, true).html));
  const double gumbo = best_of(3, [&] {
    for (const std::string& p : pages) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  });
  const double parse = best_of(3, [&] {
    for (const std::string& p : pages) (void)winnow::html::parse(winnow::html::prescan(p, true).html);
  });
  std::size_t nodes = 0;
  const double mirror = best_of(3, [&] {
    nodes = 0;
    for (const winnow::html::Dom& d : doms) nodes += winnow::siteconfig::Mirror(d).size();
  });
  const double n = static_cast<double>(pages.size());
  std::printf("\n2. XPath mirror, %zu pages, %.1f MB, %.0f nodes a page on average\n", pages.size(), bytes / 1e6,
              static_cast<double>(nodes) / n);
  std::printf("  gumbo parse, raw page                 %7.3f ms/page\n", gumbo * 1e3 / n);
  std::printf("  winnow parse (pre-scan, gumbo, Dom)   %7.3f ms/page\n", parse * 1e3 / n);
  std::printf("  mirror (Dom -> pugixml, ids back)     %7.3f ms/page   %.2f x gumbo, %.2f x winnow's parse\n",
              mirror * 1e3 / n, mirror / gumbo, mirror / parse);

  // 3. Cleaning the pages of the sites the collection has.
  std::vector<std::pair<std::string, std::string>> site_pages;  // url, bytes
  for (const auto& e : fs::directory_iterator(corpus + "/postlight")) {
    if (e.path().extension() != ".html") continue;
    std::string host = e.path().stem().string();
    if (const std::size_t dashes = host.find("--"); dashes != std::string::npos) host.resize(dashes);
    if (library->find(host) == nullptr) continue;
    site_pages.emplace_back("https://" + host + "/", read(e.path().string()));
  }
  std::size_t found = 0;
  auto pass = [&](const winnow::Rules& r, bool count) {
    for (const auto& [url, page] : site_pages) {
      winnow::Options options;
      options.url = url;
      winnow::Document doc;
      (void)winnow::clean(page, options, r, url, &doc);
      if (count)
        for (const std::string& note : doc.notes) found += note.rfind("site config: body by ", 0) == 0;
    }
  };
  pass(rules, true);  // first use: every file read and compiled once
  const double without = best_of(3, [&] { pass(plain, false); });
  const double with = best_of(3, [&] { pass(rules, false); });
  std::printf("\n3. clean, the %zu postlight pages whose host has a site config (%zu found their body by it)\n",
              site_pages.size(), found);
  std::printf("  without site configs                  %7.3f ms/page\n", without * 1e3 / site_pages.size());
  std::printf("  with the collection                   %7.3f ms/page   (%.2f x)\n", with * 1e3 / site_pages.size(),
              with / without);
  return 0;
}
