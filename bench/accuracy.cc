// bench/accuracy: how close winnow's article text is to Mozilla Readability's on its test pages.
//
//   build/bench/accuracy [--corpus DIR] [--worst N] [--dump DIR] [--list]
//
// DIR defaults to $WINNOW_SHARED/corpus/readability, else ../shared/corpus/readability. Each page
// directory holds source.html, expected.html and expected-metadata.json. For every page the full
// pipeline runs (winnow::clean with the embedded rules, text format, title not printed); the text
// is compared with the text of expected.html (parsed and rendered the same way) as bags of tokens:
// words split on white space and punctuation, CJK characters one token each, case folded.
// Prints per-page precision/recall/F1 (--list), the means, the pages with empty output where text
// was expected, the title exact-match rate, and the N worst pages with the likely reason.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/text.h"
#include "html/parse.h"
#include "winnow/winnow.h"
#include "write/text.h"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_separator(std::uint32_t cp) {
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0x060C || cp == 0x061B ||
         cp == 0x061F || cp == 0x06D4 || cp == 0x0964 || cp == 0xFEFF;
}

std::vector<std::string> tokenize(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const std::uint32_t cp = winnow::next_code_point(s, &i);
    const std::string_view ch = s.substr(start, i - start);
    if (is_separator(cp) || winnow::is_cjk(cp)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      if (winnow::is_cjk(cp)) out.emplace_back(ch);
      continue;
    }
    if (cp >= 'A' && cp <= 'Z') cur += static_cast<char>(cp - 'A' + 'a');
    else cur += ch;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

struct Score {
  double precision = 0, recall = 0, f1 = 0;
  std::size_t got = 0, expected = 0;
};

Score compare(const std::vector<std::string>& got, const std::vector<std::string>& expected) {
  Score s;
  s.got = got.size();
  s.expected = expected.size();
  if (got.empty() && expected.empty()) {
    s.precision = s.recall = s.f1 = 1;
    return s;
  }
  std::map<std::string, long> bag;
  for (const std::string& t : expected) ++bag[t];
  std::size_t overlap = 0;
  for (const std::string& t : got) {
    auto it = bag.find(t);
    if (it != bag.end() && it->second > 0) {
      --it->second;
      ++overlap;
    }
  }
  s.precision = got.empty() ? 0 : static_cast<double>(overlap) / static_cast<double>(got.size());
  s.recall = expected.empty() ? 0 : static_cast<double>(overlap) / static_cast<double>(expected.size());
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

struct Page {
  std::string name;
  Score score;
  bool empty_output = false;
  bool title_ok = false;
  std::string title, expected_title;
  std::string note;
};

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? winnow::normalize_space(it->get<std::string>()) : "";
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus;
  std::size_t worst = 10;
  fs::path dump;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--corpus" && i + 1 < argc) corpus = argv[++i];
    else if (a == "--worst" && i + 1 < argc) worst = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    else if (a == "--list") list = true;
    else {
      std::fprintf(stderr, "usage: accuracy [--corpus DIR] [--worst N] [--dump DIR] [--list]\n");
      return 2;
    }
  }
  if (corpus.empty()) {
    const char* shared = std::getenv("WINNOW_SHARED");
    corpus = fs::path(shared ? shared : "../shared") / "corpus" / "readability";
  }
  if (!fs::is_directory(corpus)) {
    std::fprintf(stderr, "accuracy: %s: no such corpus directory\n", corpus.string().c_str());
    return 1;
  }
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) {
    std::fprintf(stderr, "accuracy: %s\n", e.message.c_str());
    return 1;
  }
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.is_directory() && fs::exists(entry.path() / "expected.html")) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  if (!dump.empty()) fs::create_directories(dump);

  std::vector<Page> pages;
  for (const fs::path& dir : dirs) {
    Page page;
    page.name = dir.filename().string();
    const std::string source = read_file(dir / "source.html");
    const std::string expected_html = read_file(dir / "expected.html");
    winnow::Options options;
    options.include_title = false;
    winnow::Document doc;
    if (winnow::Error e = winnow::clean(source, options, rules, page.name, &doc); !e.ok())
      page.note = "error: " + e.message;
    const winnow::html::Dom expected_dom = winnow::html::parse(expected_html);
    const std::string expected_text = winnow::write::render_text(expected_dom, expected_dom.document());
    page.score = compare(tokenize(doc.text), tokenize(expected_text));
    page.empty_output = doc.text.empty() && !expected_text.empty();
    if (fs::exists(dir / "expected-metadata.json")) {
      const auto meta = nlohmann::json::parse(read_file(dir / "expected-metadata.json"), nullptr, false);
      if (!meta.is_discarded()) page.expected_title = field(meta, "title");
    }
    page.title = winnow::normalize_space(doc.metadata.title);
    page.title_ok = page.title == page.expected_title;
    for (const std::string& n : doc.notes)
      if (n.rfind("detector:", 0) == 0) page.note += (page.note.empty() ? "" : " | ") + n;
    if (!dump.empty()) {
      std::ofstream(dump / (page.name + ".got.txt")) << doc.text;
      std::ofstream(dump / (page.name + ".expected.txt")) << expected_text;
    }
    pages.push_back(std::move(page));
  }
  if (pages.empty()) {
    std::fprintf(stderr, "accuracy: no pages under %s\n", corpus.string().c_str());
    return 1;
  }

  double p = 0, r = 0, f = 0;
  std::size_t empty = 0, titles = 0;
  for (const Page& pg : pages) {
    p += pg.score.precision;
    r += pg.score.recall;
    f += pg.score.f1;
    empty += pg.empty_output;
    titles += pg.title_ok;
    if (list)
      std::printf("%-40s P %.3f R %.3f F1 %.3f%s%s\n", pg.name.c_str(), pg.score.precision, pg.score.recall,
                  pg.score.f1, pg.empty_output ? " EMPTY" : "", pg.title_ok ? "" : " title-mismatch");
  }
  const double n = static_cast<double>(pages.size());
  std::printf("pages: %zu (%s)\n", pages.size(), corpus.string().c_str());
  std::printf("mean precision %.4f  mean recall %.4f  mean F1 %.4f\n", p / n, r / n, f / n);
  std::printf("empty output where text was expected: %zu\n", empty);
  std::printf("title exact match: %zu/%zu (%.1f%%)\n", titles, pages.size(), 100.0 * static_cast<double>(titles) / n);
  for (const Page& pg : pages)
    if (!pg.title_ok) std::printf("  title %-32s got \"%s\" expected \"%s\"\n", pg.name.c_str(), pg.title.c_str(),
                                  pg.expected_title.c_str());
  std::vector<const Page*> order;
  for (const Page& pg : pages) order.push_back(&pg);
  std::stable_sort(order.begin(), order.end(), [](const Page* a, const Page* b) { return a->score.f1 < b->score.f1; });
  std::printf("worst %zu:\n", std::min(worst, order.size()));
  for (std::size_t i = 0; i < order.size() && i < worst; ++i) {
    const Page& pg = *order[i];
    const char* why = pg.empty_output                                 ? "empty output"
                      : pg.score.recall + 0.05 < pg.score.precision   ? "missed text Readability kept"
                      : pg.score.precision + 0.05 < pg.score.recall   ? "kept text Readability dropped"
                                                                      : "both missed and extra text";
    std::printf("  %-36s F1 %.3f (P %.3f R %.3f, %zu vs %zu tokens): %s\n      %s\n", pg.name.c_str(), pg.score.f1,
                pg.score.precision, pg.score.recall, pg.score.got, pg.score.expected, why, pg.note.c_str());
  }
  return 0;
}
