// bench/blocks: dumps what the block model sees on every WCXB page, to train it.
//
//   build/bench/blocks OUT_DIR [--corpus DIR]
//
// DIR defaults to $WINNOW_SHARED/corpus/wcxb, else ../shared/corpus/wcxb. For each page the full
// clean runs (winnow::clean's own path, src/pipeline.h) and the blocks the detector cut the page
// into are written:
//   OUT_DIR/names.txt      the feature names, one per line (column order)
//   OUT_DIR/features.f32   one row of float32 per block, all pages back to back
//   OUT_DIR/blocks.tsv     one line per block: page id, block index, its text (tabs and newlines
//                          folded to spaces)
//   OUT_DIR/pages.tsv      one line per page: id, type, part, number of blocks, url
//   OUT_DIR/signals.f32 + signal_names.txt: the page signals, one row per page
// scripts/train_model.py reads them with the pages' ground truth.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "extract/block_features.h"
#include "extract/page_signals.h"
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
  fs::path corpus;
  for (int i = 2; i < argc; ++i)
    if (std::string(argv[i]) == "--corpus" && i + 1 < argc) corpus = argv[++i];
  if (corpus.empty()) {
    const char* shared = std::getenv("WINNOW_SHARED");
    corpus = fs::path(shared ? shared : "../shared") / "corpus" / "wcxb";
  }
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
  for (const wcxb::Page& page : wcxb::read_corpus(corpus)) {
    const std::string html = wcxb::read_html(page);
    winnow::Options options;
    options.include_title = false;
    winnow::Document doc;
    winnow::extract::BlockTrace trace;
    if (winnow::Error e = winnow::clean_traced(html, options, rules, page.id, &doc, &trace); !e.ok())
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
