// bench/profile: a fixed workload for valgrind's callgrind, which counts instructions: a figure
// that does not move when the other core is busy, unlike bench/speed's seconds.
//
//   build/bench/profile raw|clean|none [EVERY] [CORPUS_DIR]
//
// Reads every EVERY-th page (default 6: 50 of the 300) of the corpus (default ../shared/corpus)
// and the embedded rules, then either parses each page with Gumbo's defaults (raw: bench/speed's
// (a)), cleans each with winnow (clean: bench/speed's (b), text output), or nothing (none: the cost
// of reading, to subtract). bench/profile.sh runs the three under callgrind and prints the ratio
// and where the instructions of the clean go.
#include <gumbo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/winnow.h"

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode != "raw" && mode != "clean" && mode != "none") {
    std::fprintf(stderr, "usage: profile raw|clean|none [EVERY] [CORPUS_DIR]\n");
    return 2;
  }
  const long every = argc > 2 ? std::max(1L, std::strtol(argv[2], nullptr, 10)) : 6;
  const std::string dir = argc > 3 ? argv[3] : std::string(WINNOW_SOURCE_DIR) + "/../shared/corpus";
  std::vector<std::string> paths;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".html" && it->path().filename() != "expected.html") paths.push_back(it->path().string());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < paths.size(); i += static_cast<std::size_t>(every)) {
    std::ifstream f(paths[i], std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    pages.push_back(s.str());
    bytes += pages.back().size();
  }
  if (pages.empty()) {
    std::fprintf(stderr, "profile: no pages under %s (the shared corpus is not here)\n", dir.c_str());
    return 0;
  }
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) {
    std::fprintf(stderr, "profile: %s\n", e.message.c_str());
    return 1;
  }
  std::size_t out = 0;
  if (mode == "raw") {
    for (const std::string& page : pages) {
      GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
      out += parsed->root->v.element.children.length;
      gumbo_destroy_output(&kGumboDefaultOptions, parsed);
    }
  } else if (mode == "clean") {
    const winnow::Options options;
    for (const std::string& page : pages) {
      winnow::Document doc;
      (void)winnow::clean(page, options, rules, "page", &doc);
      out += doc.text.size();
    }
  }
  std::printf("%s: %zu pages, %zu bytes (%zu out)\n", std::string(mode).c_str(), pages.size(), bytes, out);
  return 0;
}
