// bench/accuracy: how close winnow's text is to human ground truth (WCXB) and to Mozilla
// Readability's output, on the development corpora in ../shared.
//
//   build/bench/accuracy [--wcxb DIR] [--readability DIR] [--only wcxb|readability] [--worst N]
//                        [--dump DIR] [--list]
//
// WCXB (DIR defaults to $WINNOW_SHARED/corpus/wcxb, else ../shared/corpus/wcxb): 1,280 pages of
// seven types with human-reviewed main_content. Scored with the benchmark's own metric: per page,
// lower-cased \w+ tokens, P, R and F1 over bags of words (an empty reference scores 1 only for an
// empty prediction); the means over pages, overall, per page type and per part of the fixed split
// (bench/wcxb.h: "study" pages are read page by page, "score" pages only scored), with the share of
// the `with` snippets found and of the `without` snippets found (lower is better), and the same per
// language of the page (its lang). Then the N worst pages of each type with a one-line reason.
//
// Readability (DIR defaults to $WINNOW_SHARED/corpus/readability): 130 pages whose expected.html
// is Readability's own extraction (not human truth). The text is compared with the text of
// expected.html as bags of tokens (words split on white space and punctuation, CJK characters one
// token each, case folded). Prints the means, the pages with empty output, the title match rate
// and the N worst pages with the likely reason.
//
// Both run the full pipeline (winnow::clean, embedded rules, text, no title on top). A corpus that
// is absent is skipped, saying so. --dump DIR writes each page's output and expected text there.
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

#include "common/ascii.h"
#include "common/text.h"
#include "wcxb.h"
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
  std::string language;  // winnow's reading of the page's language (primary subtag; "?" for none)
};

// The page's language as the tables group it: the primary subtag of winnow's reading, "?" for none.
std::string primary_language(const winnow::Metadata& m) {
  const std::string code = winnow::ascii_lower(m.language.substr(0, m.language.find_first_of("-_")));
  return code.empty() ? "?" : code;
}

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? winnow::normalize_space(it->get<std::string>()) : "";
}


void readability_section(const fs::path& corpus, const winnow::Rules& rules, std::size_t worst, const fs::path& dump,
                         bool list) {
  std::printf("== Readability corpus (Readability's own output, not human truth)\n");
  if (!fs::is_directory(corpus)) {
    std::printf("skipped: %s: no such corpus directory\n", corpus.string().c_str());
    return;
  }
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.is_directory() && fs::exists(entry.path() / "expected.html")) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  if (!dump.empty()) fs::create_directories(dump / "readability");

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
    page.language = primary_language(doc.metadata);
    page.title = winnow::normalize_space(doc.metadata.title);
    page.title_ok = page.title == page.expected_title;
    for (const std::string& n : doc.notes)
      if (n.rfind("detector:", 0) == 0) page.note += (page.note.empty() ? "" : " | ") + n;
    if (!dump.empty()) {
      std::ofstream(dump / "readability" / (page.name + ".got.txt")) << doc.text;
      std::ofstream(dump / "readability" / (page.name + ".expected.txt")) << expected_text;
    }
    pages.push_back(std::move(page));
  }
  if (pages.empty()) {
    std::printf("skipped: no pages under %s\n", corpus.string().c_str());
    return;
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
  // Precision per language: the junk rules' word lists are per language (rules/labels-XX.rules).
  std::map<std::string, std::vector<const Page*>> by_language;
  for (const Page& pg : pages) by_language[pg.language].push_back(&pg);
  std::printf("by language of the page (winnow's reading; ? when unknown):\n");
  for (const auto& [language, group] : by_language) {
    double gp = 0, gr = 0, gf = 0;
    for (const Page* pg : group) {
      gp += pg->score.precision;
      gr += pg->score.recall;
      gf += pg->score.f1;
    }
    const double gn = static_cast<double>(group.size());
    std::printf("  %-15s %5zu  F1 %.3f  P %.3f  R %.3f\n", language.c_str(), group.size(), gf / gn, gp / gn, gr / gn);
  }
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
}

// ---- WCXB: the benchmark's metric.

// Lower case for the scripts whose words the metric compares (Latin, Greek, Cyrillic), as
// Python's str.lower() does for them.
std::uint32_t lower(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0xC0) return cp;
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
    // Latin Extended-A pairs: even upper, odd lower (shifted by one between 0x139 and 0x148, 0x179 and 0x17E).
    const bool shifted = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (shifted ? cp % 2 == 1 : cp % 2 == 0) return cp + 1;
    return cp;
  }
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

// Python's \w for the scripts that matter here: letters, digits, marks and underscore; not
// punctuation, symbols or spaces.
bool word_char(std::uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA || cp == 0xB2 || cp == 0xB3 || cp == 0xB9 ||
                        (cp >= 0xBC && cp <= 0xBE);
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows, shapes
  if (cp >= 0x3000 && cp <= 0x303F) return cp == 0x3005 || cp == 0x3006 || cp == 0x3007;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  if (cp >= 0xFF1A && cp <= 0xFF20) return false;
  if (cp >= 0xFF3B && cp <= 0xFF40) return cp == 0xFF3F;
  if (cp >= 0xFF5B && cp <= 0xFF65) return false;
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp >= 0x1F000) return false;  // emoji and pictographs
  switch (cp) {
    case 0x060C: case 0x061B: case 0x061F: case 0x066A: case 0x066B: case 0x066C: case 0x06D4:
    case 0x0964: case 0x0965: case 0x0970: case 0xFEFF: case 0x037E: case 0x0387: case 0x055C:
    case 0x055D: case 0x055E: case 0x0589: case 0x05BE: case 0x05C0: case 0x05C3: case 0x05F3: case 0x05F4:
      return false;
    default:
      return true;
  }
}

std::vector<std::string> word_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size();) {
    const std::uint32_t cp = winnow::next_code_point(s, &i);
    if (word_char(cp)) {
      winnow::append_utf8(&cur, lower(cp));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The text lower-cased with white space folded, for snippet search.
std::string snippet_form(std::string_view s) {
  std::string folded = winnow::normalize_space(s), out;
  for (std::size_t i = 0; i < folded.size();) winnow::append_utf8(&out, lower(winnow::next_code_point(folded, &i)));
  return out;
}

struct WcxbPage {
  const wcxb::Page* page = nullptr;
  Score score;
  std::size_t with = 0, with_found = 0, without = 0, without_found = 0;
  std::string language, why;
};

struct Sums {
  std::size_t pages = 0, with = 0, with_found = 0, without = 0, without_found = 0;
  double p = 0, r = 0, f = 0;
  void add(const WcxbPage& w) {
    ++pages;
    p += w.score.precision;
    r += w.score.recall;
    f += w.score.f1;
    with += w.with;
    with_found += w.with_found;
    without += w.without;
    without_found += w.without_found;
  }
  void print(const std::string& name) const {
    if (pages == 0) return;
    const double n = static_cast<double>(pages);
    std::printf("  %-15s %5zu  F1 %.3f  P %.3f  R %.3f  with %.3f  without %.3f\n", name.c_str(), pages, f / n, p / n,
                r / n, with ? static_cast<double>(with_found) / static_cast<double>(with) : 0.0,
                without ? static_cast<double>(without_found) / static_cast<double>(without) : 0.0);
  }
};

// The first line of `a` most of whose words `b` lacks: what a reader would point at.
std::string first_line_not_in(const std::string& a, const std::vector<std::string>& b_tokens) {
  std::map<std::string, long> bag;
  for (const std::string& t : b_tokens) ++bag[t];
  std::size_t start = 0;
  while (start < a.size()) {
    std::size_t end = a.find('\n', start);
    if (end == std::string::npos) end = a.size();
    const std::string line = a.substr(start, end - start);
    start = end + 1;
    const std::vector<std::string> t = word_tokens(line);
    if (t.size() < 2) continue;
    std::size_t missing = 0;
    for (const std::string& w : t) missing += bag.count(w) == 0;
    if (missing * 2 > t.size()) return winnow::normalize_space(line).substr(0, 70);
  }
  return "";
}

void wcxb_section(const fs::path& corpus, const winnow::Rules& rules, std::size_t worst, const fs::path& dump,
                  bool list) {
  std::printf("== WCXB development corpus (human ground truth; the benchmark's word metric)\n");
  if (!fs::is_directory(corpus / "ground-truth")) {
    std::printf("skipped: %s: no such corpus directory\n", corpus.string().c_str());
    return;
  }
  const std::vector<wcxb::Page> pages = wcxb::read_corpus(corpus);
  if (!dump.empty()) fs::create_directories(dump / "wcxb");
  std::vector<WcxbPage> results;
  for (const wcxb::Page& page : pages) {
    WcxbPage w;
    w.page = &page;
    const std::string html = wcxb::read_html(page);
    winnow::Options options;
    options.include_title = false;
    winnow::Document doc;
    if (winnow::Error e = winnow::clean(html, options, rules, page.id, &doc); !e.ok()) w.why = "error: " + e.message;
    const std::vector<std::string> got = word_tokens(doc.text), expected = word_tokens(page.truth);
    w.score = compare(got, expected);
    if (got.empty() && expected.empty()) w.score.precision = w.score.recall = w.score.f1 = 1;
    w.language = primary_language(doc.metadata);
    const std::string text = snippet_form(doc.text);
    for (const std::string& s : page.with) {
      ++w.with;
      w.with_found += text.find(snippet_form(s)) != std::string::npos;
    }
    for (const std::string& s : page.without) {
      ++w.without;
      w.without_found += text.find(snippet_form(s)) != std::string::npos;
    }
    if (w.why.empty()) {
      if (got.empty() && !expected.empty()) w.why = "empty output";
      else if (w.score.precision + 0.1 < w.score.recall) w.why = "kept junk: \"" + first_line_not_in(doc.text, expected) + "\"";
      else if (w.score.recall + 0.1 < w.score.precision) w.why = "missed: \"" + first_line_not_in(page.truth, got) + "\"";
      else w.why = "missed and kept: \"" + first_line_not_in(page.truth, got) + "\"";
    }
    if (!dump.empty()) {
      std::ofstream(dump / "wcxb" / (page.id + ".got.txt")) << doc.text;
      std::ofstream(dump / "wcxb" / (page.id + ".expected.txt")) << page.truth;
    }
    if (list)
      std::printf("%s %-13s %-5s P %.3f R %.3f F1 %.3f %s\n", page.id.c_str(), page.type.c_str(), page.part.c_str(),
                  w.score.precision, w.score.recall, w.score.f1, page.url.c_str());
    results.push_back(std::move(w));
  }
  std::map<std::string, Sums> by_type, by_part, by_language, by_type_part;
  Sums all;
  for (const WcxbPage& w : results) {
    all.add(w);
    by_type[w.page->type].add(w);
    by_part[w.page->part].add(w);
    by_language[w.language].add(w);
    by_type_part[w.page->type + " " + w.page->part].add(w);
  }
  std::printf("  %-15s %5s  (means over pages)\n", "", "pages");
  all.print("all");
  for (const auto& [part, s] : by_part) s.print(part + " part");
  std::printf("by page type:\n");
  for (const auto& [type, s] : by_type) s.print(type);
  std::printf("by page type and part:\n");
  for (const auto& [key, s] : by_type_part) s.print(key);
  std::printf("by language of the page (lang; ? when none):\n");
  for (const auto& [language, s] : by_language)
    if (s.pages >= 3) s.print(language);
  for (const auto& [type, s] : by_type) {
    std::vector<const WcxbPage*> order;
    for (const WcxbPage& w : results)
      if (w.page->type == type) order.push_back(&w);
    std::stable_sort(order.begin(), order.end(),
                     [](const WcxbPage* a, const WcxbPage* b) { return a->score.f1 < b->score.f1; });
    std::printf("worst %s pages:\n", type.c_str());
    for (std::size_t i = 0; i < order.size() && i < worst; ++i)
      std::printf("  %s %-5s F1 %.3f P %.3f R %.3f  %s\n", order[i]->page->id.c_str(), order[i]->page->part.c_str(),
                  order[i]->score.f1, order[i]->score.precision, order[i]->score.recall, order[i]->why.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* shared_env = std::getenv("WINNOW_SHARED");
  const fs::path shared = shared_env ? shared_env : "../shared";
  fs::path wcxb_dir = shared / "corpus" / "wcxb", readability_dir = shared / "corpus" / "readability";
  std::size_t worst = 5;
  fs::path dump;
  bool list = false;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--readability" || a == "--corpus") && i + 1 < argc) readability_dir = argv[++i];
    else if (a == "--wcxb" && i + 1 < argc) wcxb_dir = argv[++i];
    else if (a == "--only" && i + 1 < argc) only = argv[++i];
    else if (a == "--worst" && i + 1 < argc) worst = std::strtoul(argv[++i], nullptr, 10);
    else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    else if (a == "--list") list = true;
    else {
      std::fprintf(stderr,
                   "usage: accuracy [--wcxb DIR] [--readability DIR] [--only wcxb|readability] [--worst N] "
                   "[--dump DIR] [--list]\n");
      return 2;
    }
  }
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({}, &rules); !e.ok()) {
    std::fprintf(stderr, "accuracy: %s\n", e.message.c_str());
    return 1;
  }
  if (only.empty() || only == "wcxb") wcxb_section(wcxb_dir, rules, worst, dump, list);
  if (only.empty() || only == "readability") readability_section(readability_dir, rules, worst, dump, list);
  return 0;
}
