#include "extract/title.h"

#include <algorithm>

#include "common/ascii.h"
#include "common/text.h"

namespace winnow::extract {

namespace {

std::size_t word_count(std::string_view s) {
  std::size_t n = 1;  // like "".split(/\s+/).length: a title never has zero words
  bool in_space = false;
  for (char c : s) {
    const bool sp = c == ' ';
    if (sp && !in_space) ++n;
    in_space = sp;
  }
  return n;
}

struct Separator {
  std::size_t at;
  std::size_t size;
  bool hierarchical;  // "/", "\", ">", "»": breadcrumbs rather than "title - site"
};

// Separators of the form " X " in `s` (s is space-normalised).
std::vector<Separator> separators(std::string_view s) {
  static const std::pair<std::string_view, bool> kSeps[] = {
      {" | ", false}, {" - ", false}, {" \xE2\x80\x93 ", false}, {" \xE2\x80\x94 ", false},
      {" / ", true},  {" \\ ", true}, {" > ", true},  {" \xC2\xBB ", true}, {" \xC2\xB7 ", false}};
  std::vector<Separator> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != ' ') continue;
    for (const auto& [sep, hier] : kSeps)
      if (s.substr(i, sep.size()) == sep) {
        out.push_back({i, sep.size(), hier});
        break;
      }
  }
  return out;
}

// Calls each(word) for the words of `s`: runs of letters, digits and '_', where any byte past
// ASCII is a letter (so a UTF-8 sequence is never cut).
template <typename Each>
void for_each_word(std::string_view s, Each each) {
  std::size_t begin = 0;
  bool in_word = false;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const unsigned char c = i < s.size() ? static_cast<unsigned char>(s[i]) : ' ';
    const bool word = c >= 0x80 || is_ascii_alnum(static_cast<char>(c)) || c == '_';
    if (word && !in_word) begin = i;
    if (!word && in_word) each(s.substr(begin, i - begin));
    in_word = word;
  }
}

std::uint64_t size_bit(std::size_t size) { return std::uint64_t{1} << std::min<std::size_t>(size, 63); }

}  // namespace

SimilarityTo::SimilarityTo(std::string_view a) {
  for_each_word(a, [&](std::string_view w) {
    if (has(w)) return;
    words_.push_back(ascii_lower(w));
    sizes_ |= size_bit(w.size());
  });
}

bool SimilarityTo::has(std::string_view word) const {
  // Most words of a page have no word of the title's size.
  if ((sizes_ & size_bit(word.size())) == 0) return false;
  for (const std::string& w : words_)
    if (equals_lower(word, w)) return true;
  return false;
}

double SimilarityTo::operator()(std::string_view b) const {
  if (words_.empty()) return 0;
  // The words of b joined by single spaces, in code points: all of them, and those not in a.
  std::size_t all = 0, all_words = 0, unique = 0, unique_words = 0;
  for_each_word(b, [&](std::string_view w) {
    const std::size_t length = utf8_length(w);
    all += length;
    ++all_words;
    if (!has(w)) {
      unique += length;
      ++unique_words;
    }
  });
  if (all_words == 0) return 0;
  all += all_words - 1;
  if (unique_words > 0) unique += unique_words - 1;
  return 1.0 - static_cast<double>(unique) / static_cast<double>(all);
}

double text_similarity(std::string_view a, std::string_view b) { return SimilarityTo(a)(b); }

std::string title_from_document(std::string_view raw, const std::vector<std::string>& headings,
                                std::size_t h1_count, std::string_view first_h1) {
  const std::string orig = normalize_space(raw);
  std::string cur = orig;
  bool hierarchical = false;
  const std::vector<Separator> seps = separators(orig);
  if (!seps.empty()) {
    for (const Separator& s : seps) hierarchical |= s.hierarchical;
    cur = orig.substr(0, seps.back().at);
    // Too short: the title is after the first separator instead ("Site | Story").
    if (word_count(cur) < 3) cur = orig.substr(seps.front().at + seps.front().size);
  } else if (orig.find(": ") != std::string::npos) {
    bool heading_matches = false;
    for (const std::string& h : headings) heading_matches |= normalize_space(h) == orig;
    if (!heading_matches) {
      cur = orig.substr(orig.rfind(':') + 1);
      if (word_count(normalize_space(cur)) < 3) cur = orig.substr(orig.find(':') + 1);
      else if (word_count(orig.substr(0, orig.find(':'))) > 5) cur = orig;
    }
  } else if (utf8_length(orig) > 150 || utf8_length(orig) < 15) {
    if (h1_count == 1) cur = std::string(first_h1);
  }
  cur = normalize_space(cur);
  // Four words or fewer left: the cut was probably wrong, unless it only dropped a breadcrumb part.
  const std::size_t n = word_count(cur);
  if (n <= 4) {
    std::size_t orig_words_without_seps = 0;
    {
      std::string stripped;
      for (char c : orig)
        if (c != '|' && c != '-' && c != '/' && c != '\\' && c != '>') stripped += c;
      orig_words_without_seps = word_count(normalize_space(stripped));
    }
    if (!hierarchical || n != orig_words_without_seps - 1) cur = orig;
  }
  return cur;
}

}  // namespace winnow::extract
