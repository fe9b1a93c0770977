// bench/blocks: dumps what the block model sees on every WCXB page, to train it.
//
//   build/bench/blocks OUT_DIR [--corpus DIR] [--readability DIR]
//
// DIR defaults to $WINNOW_SHARED/corpus/wcxb, else ../shared/corpus/wcxb; the Readability corpus
// (default $WINNOW_SHARED/corpus/readability) is dumped too, its pages named "readability/NAME",
// typed article, split by the hash of NAME, with the text of expected.html as their truth in
// OUT_DIR/readability/NAME.txt (Readability's own output: the model learns its notion of an
// article from them, less than from the human-made truth). For each page the full clean runs (winnow::clean's own path, src/pipeline.h) and the blocks the detector cut the page
// into are written:
//   OUT_DIR/names.txt      the feature names, one per line (column order)
//   OUT_DIR/features.f32   one row of float32 per block, all pages back to back
//   OUT_DIR/blocks.tsv     one line per block: page id, block index, its text (tabs and newlines
//                          folded to spaces)
//   OUT_DIR/pages.tsv      one line per page: id, type, part, number of blocks, url (or "")
//   OUT_DIR/signals.f32 + signal_names.txt: the page signals, one row per page
// scripts/train_model.py reads them with the pages' ground truth.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extract/block_features.h"
#include "extract/page_signals.h"
#include "html/parse.h"
#include "write/text.h"
#include "pipeline.h"
#include "wcxb.h"
#include "winnow/winnow.h"

namespace fs = std::filesystem;

namespace {

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: blocks OUT_DIR [--corpus DIR]\n");
    return 2;
  }
  const fs::path out = argv[1];
  fs::path corpus, readability;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--corpus" && i + 1 < argc) corpus = argv[++i];
    else if (std::string(argv[i]) == "--readability" && i + 1 < argc) readability = argv[++i];
  }
  const char* shared = std::getenv("WINNOW_SHARED");
  const fs::path shared_dir = shared ? shared : "../shared";
  if (corpus.empty()) corpus = shared_dir / "corpus" / "wcxb";
  if (readability.empty()) readability = shared_dir / "corpus" / "readability";
  if (!fs::is_directory(corpus / "ground-truth")) {
    std::fprintf(stderr, "blocks: %s: no WCXB corpus there\n", corpus.string().c_str());
    return 1;
  }
  fs::create_directories(out);
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) {
    std::fprintf(stderr, "blocks: %s\n", e.message.c_str());
    return 1;
  }
  {
    std::ofstream names(out / "names.txt");
    for (const std::string& n : winnow::extract::block_feature_names()) names << n << '\n';
    std::ofstream signal_names(out / "signal_names.txt");
    for (const std::string& n : winnow::extract::page_signal_names()) signal_names << n << '\n';
  }
  std::ofstream features(out / "features.f32", std::ios::binary);
  std::ofstream signals(out / "signals.f32", std::ios::binary);
  std::ofstream blocks(out / "blocks.tsv");
  std::ofstream pages(out / "pages.tsv");
  std::size_t total = 0;
  std::vector<wcxb::Page> all = wcxb::read_corpus(corpus);
  if (fs::is_directory(readability)) {
    fs::create_directories(out / "readability");
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(readability))
      if (e.is_directory() && fs::exists(e.path() / "expected.html")) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path& dir : dirs) {
      wcxb::Page p;
      const std::string name = dir.filename().string();
      p.id = "readability/" + name;
      p.type = "article";
      p.part = wcxb::split("https://" + name + "/");
      p.html = dir / "source.html";
      const winnow::html::Dom expected = winnow::html::parse(wcxb::read_file(dir / "expected.html"));
      std::ofstream(out / "readability" / (name + ".txt")) << winnow::write::render_text(expected, expected.document());
      all.push_back(std::move(p));
    }
  }
  for (const wcxb::Page& page : all) {
    const std::string html = page.id.rfind("readability/", 0) == 0 ? wcxb::read_file(page.html) : wcxb::read_html(page);
    winnow::Options options;
    options.include_title = false;
    winnow::Document doc;
    winnow::extract::BlockTrace trace;
    winnow::CleanHooks hooks;
    hooks.trace = &trace;
    if (winnow::Error e = winnow::clean_with_hooks(html, options, hooks, rules, page.id, &doc); !e.ok())
      std::fprintf(stderr, "blocks: %s\n", e.message.c_str());
    // The page signals, as clean() read them (zeros when the page had no blocks).
    std::vector<float> s = trace.signals;
    s.resize(winnow::extract::page_signal_names().size(), 0.0f);
    signals.write(reinterpret_cast<const char*>(s.data()), static_cast<std::streamsize>(s.size() * sizeof(float)));
    features.write(reinterpret_cast<const char*>(trace.features.data()),
                   static_cast<std::streamsize>(trace.features.size() * sizeof(float)));
    for (std::size_t i = 0; i < trace.texts.size(); ++i)
      blocks << page.id << '\t' << i << '\t' << one_line(trace.texts[i]) << '\n';
    pages << page.id << '\t' << page.type << '\t' << page.part << '\t' << trace.texts.size() << '\t' << page.url
          << '\n';
    total += trace.texts.size();
  }
  std::printf("blocks: %zu blocks of %zu features in %s\n", total, winnow::extract::block_feature_names().size(),
              out.string().c_str());
  return 0;
}
