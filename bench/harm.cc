// Do no harm: how much of each page's real article the GENERIC rules remove.
//
//   build/bench/harm [CORPUS_DIR]     (default: ../shared/corpus/readability from the source tree)
//
// For every NAME/source.html with an expected.html, the article's tokens are the words of
// expected.html's text. A token is lost when the page's <body> text holds it before the generic
// rules run and no longer after (counted as multisets, restricted to the expected tokens). Prints
// the pages that lose anything, then the average and the worst loss; exits 1 if the average is
// 0.5% or more or a page loses over 5%, so that it can gate a change to the generic rules.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "html/parse.h"
#include "load/charset.h"
#include "rules/apply.h"
#include "write/text.h"
#include "winnow/winnow.h"

namespace {

using Counts = std::unordered_map<std::string, int>;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Words: runs of letters and digits (any byte >= 0x80 counts as a letter), lower-cased.
Counts tokens(const std::string& text) {
  Counts counts;
  std::string word;
  for (char ch : text + " ") {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c)) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      ++counts[word];
      word.clear();
    }
  }
  return counts;
}

std::string body_text(const winnow::html::Dom& dom) {
  const winnow::html::NodeId body = dom.find_first(GUMBO_TAG_BODY);
  return winnow::write::render_text(dom, body == winnow::html::kNoNode ? dom.document() : body);
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path corpus = argc > 1 ? fs::path(argv[1]) : fs::path(WINNOW_SOURCE_DIR) / ".." / "shared" / "corpus" / "readability";
  if (!fs::is_directory(corpus)) {
    std::fprintf(stderr, "harm: %s: no such directory (the shared corpus is absent)\n", corpus.string().c_str());
    return 0;
  }
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) {
    std::fprintf(stderr, "harm: %s\n", e.message.c_str());
    return 2;
  }
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (fs::exists(entry.path() / "source.html") && fs::exists(entry.path() / "expected.html")) pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());

  double total_loss = 0, worst = 0;
  std::string worst_name;
  int losing = 0;
  for (const fs::path& dir : pages) {
    const winnow::html::Dom expected = winnow::html::parse(winnow::load::to_utf8(read(dir / "expected.html"), "").utf8);
    const Counts want = tokens(winnow::write::render_text(expected, expected.document()));
    winnow::html::Dom dom = winnow::html::parse(winnow::load::to_utf8(read(dir / "source.html"), "").utf8);
    const Counts before = tokens(body_text(dom));
    std::vector<winnow::Removal> removals;
    winnow::rules::apply(rules, "", "", &dom, &removals);  // "": no site rules, generic only, every language
    const Counts after = tokens(body_text(dom));
    long expected_total = 0, lost = 0;
    std::string lost_words;
    for (const auto& [word, n] : want) {
      expected_total += n;
      auto b = before.find(word);
      auto a = after.find(word);
      const int had = std::min(n, b == before.end() ? 0 : b->second);
      const int has = std::min(n, a == after.end() ? 0 : a->second);
      if (had > has) {
        lost += had - has;
        if (lost_words.size() < 300) lost_words += " " + word;
      }
    }
    const double loss = expected_total == 0 ? 0 : 100.0 * static_cast<double>(lost) / static_cast<double>(expected_total);
    total_loss += loss;
    if (loss > worst) { worst = loss; worst_name = dir.filename().string(); }
    if (lost > 0) {
      ++losing;
      std::printf("%-40s %6.2f%%  %ld of %ld tokens\n", dir.filename().string().c_str(), loss, lost, expected_total);
      if (argc > 2) {  // any second argument: show the lost words and what was removed
        std::printf("    lost:%s\n", lost_words.c_str());
        for (const winnow::Removal& r : removals)
          std::printf("    %s | %s\n", r.rule.c_str(), r.excerpt.c_str());
      }
    }
  }
  const double average = pages.empty() ? 0 : total_loss / static_cast<double>(pages.size());
  std::printf("pages: %zu, losing anything: %d, average loss: %.3f%%, worst: %.2f%% (%s)\n", pages.size(), losing,
              average, worst, worst_name.c_str());
  return average < 0.5 && worst <= 5.0 ? 0 : 1;
}
