#include "rules/text_filter.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/text.h"
#include "rules/embedded.h"
#include "rules/parse.h"

using namespace winnow;
using namespace winnow::rules;

namespace {

// The terms of a requirement as strings, e.g. "share" or "copyright+LETTER", sorted.
std::vector<std::string> terms(const Requirement& r) {
  std::vector<std::string> out;
  for (const Requirement::Term& t : r.terms) {
    std::string s;
    for (const std::string& l : t.literals) s += (s.empty() ? "" : "+") + l;
    if (t.non_ascii_letter) s += s.empty() ? "LETTER" : "+LETTER";
    out.push_back(s);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The terms joined by " | ".
std::string terms_of(std::string_view pattern, bool ignore_case = true) {
  std::string out;
  for (const std::string& t : terms(required_literals(pattern, ignore_case))) out += (out.empty() ? "" : " | ") + t;
  return out;
}

std::unique_ptr<RE2> compile(const std::string& pattern, bool ignore_case) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(!ignore_case);
  auto re = std::make_unique<RE2>(pattern, o);
  REQUIRE_MESSAGE(re->ok(), pattern);
  return re;
}

// Every remove-text / remove-label pattern of the embedded rule files.
std::vector<std::unique_ptr<RE2>> shipped_patterns() {
  std::vector<std::unique_ptr<RE2>> out;
  for (std::size_t i = 0; i < kEmbeddedRuleCount; ++i) {
    RuleFile file;
    std::vector<RuleError> errors;
    parse_rule_file(kEmbeddedRules[i].name, kEmbeddedRules[i].text, &file, &errors);
    for (Rule& r : file.rules)
      if ((r.action == Action::kRemoveText || r.action == Action::kRemoveLabel) && r.regex) out.push_back(std::move(r.regex));
  }
  return out;
}

// Whether the filter keeps every pattern that matches `text`; reports the first it drops.
bool keeps_matches(const TextFilter& filter, const std::vector<const RE2*>& regexes, const std::string& text,
                   std::vector<int>* matches) {
  TextFilter::Scratch scratch;
  std::vector<int> kept;
  filter.candidates(text, &scratch, &kept);
  for (std::size_t k = 0; k < regexes.size(); ++k) {
    if (!RE2::FullMatch(text, *regexes[k])) continue;
    ++(*matches)[k];
    if (!std::binary_search(kept.begin(), kept.end(), static_cast<int>(k))) {
      FAIL_CHECK("the filter dropped /" << regexes[k]->pattern() << "/ for \"" << text << "\"");
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("required_literals: alternatives, concatenations and repeats") {
  CHECK(terms_of("(share|tweet)( this)?[.:!]?") == "share | tweet");
  // "share" covers "share this": the weaker alternative is kept.
  CHECK(terms_of("share|share this") == "share");
  CHECK(terms_of("(main |top )?photo: .{1,100}") == "photo: ");
  CHECK(terms_of("\\d+ (minutes?|hours?) ago") == " hour ago |  hours ago |  minute ago |  minutes ago");
  CHECK(terms_of("[^x]+foo[a-c]") == "fooa | foob | fooc");
  CHECK(terms_of("ab{0}c") == "ac");
  CHECK(terms_of("a{,3}") == "a{,3}");  // not a repeat: literal braces
  CHECK(terms_of("(?:copy)(?P<x>right)\\b\\.") == "copyright.");
  CHECK(terms_of("\\x41\\x{42}c") == "abc");
  // Long literals are cut: a prefix occurs wherever the whole does.
  CHECK(terms_of("continue reading the main story") == "continue reading");
}

TEST_CASE("required_literals: nothing required") {
  CHECK(required_literals(".*", true).always());
  CHECK(required_literals("x*|y", true).always());
  CHECK(required_literals("\\d{1,2}:\\d\\d", true).terms.size() == 1);  // ":" only
  CHECK(required_literals("\\Qshare\\E", true).always());               // not followed: asks nothing
  CHECK(required_literals("(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p)(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p)x*", true).terms.size() <= 128);
}

TEST_CASE("required_literals: case folding outside ASCII") {
  // Case-insensitively, a letter outside ASCII may be any of its cases: only "some such letter".
  CHECK(terms_of("lire aussi|à lire") == " lire+LETTER | lire aussi");
  CHECK(terms_of("читайте также") == "LETTER");
  // Case-sensitively, it is matched byte for byte.
  CHECK(terms_of("à lire", false) == "à lire");
  // CJK, punctuation and symbols have no case.
  CHECK(terms_of("関連記事|©|don’t miss") == "don’t miss | © | 関連記事");
  // KELVIN SIGN matches ASCII k: it asks for nothing, not even a non-ASCII letter.
  CHECK(terms_of("\xE2\x84\xAA"
                 "elvin") == "elvin");
  // An inline (?i) makes the whole pattern case-insensitive.
  CHECK(terms_of("(?i)é", false) == "LETTER");
}

TEST_CASE("TextFilter keeps the patterns whose literals a text holds") {
  const auto share = compile("(share|tweet)[.:!]?", true);
  const auto cyrillic = compile("читайте также", true);
  const auto copyright = compile("(©|ⓒ)\\s*.{1,80}", true);
  const auto any = compile(".{0,5}", true);
  const std::vector<const RE2*> regexes{share.get(), cyrillic.get(), copyright.get(), any.get()};
  TextFilter filter;
  filter.build(regexes);
  TextFilter::Scratch scratch;
  std::vector<int> kept;
  auto candidates = [&](std::string_view text) {
    filter.candidates(text, &scratch, &kept);
    return kept;
  };
  CHECK(candidates("Hello world") == std::vector<int>{3});
  CHECK(candidates("SHARE!") == std::vector<int>{0, 3});
  CHECK(candidates("ЧИТАЙТЕ ТАКЖЕ") == std::vector<int>{1, 2, 3});
  CHECK(RE2::FullMatch("Ⓒ 2024 Reuters", *copyright));
  CHECK(candidates("Ⓒ 2024 Reuters") == std::vector<int>{1, 2, 3});
  // Curly quotes and dashes are not letters: no pattern that needs one is tried.
  CHECK(candidates("don’t — miss") == std::vector<int>{3});
  // "ſ" (LONG S) folds to 's', KELVIN SIGN to 'k': a text holding one is not filtered at all.
  CHECK(RE2::FullMatch("\xC5\xBFhare", *share));
  CHECK(candidates("\xC5\xBFhare") == std::vector<int>{0, 1, 2, 3});
  CHECK(candidates("\xE2\x84\xAA") == std::vector<int>{0, 1, 2, 3});
  // Invalid UTF-8 might hide a letter: it counts as one.
  CHECK(candidates("\xFF\xFE") == std::vector<int>{1, 2, 3});
}

namespace {

// Random strings a pattern matches (mostly), written independently of the code under test: a
// small reading of the RE2 syntax the shipped patterns use, each repeat bounded to a few copies.
class Sampler {
 public:
  Sampler(std::string_view pattern, std::mt19937* rng) : p_(pattern), rng_(*rng) {}

  std::string sample() {
    i_ = 0;
    std::string out;
    alternation(&out, true);
    return out;
  }

 private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }

  // Writes one choice of the alternation at i_ (or only skips it when !emit); leaves i_ after it.
  void alternation(std::string* out, bool emit) {
    // Count the alternatives first, then emit one of them.
    const std::size_t start = i_;
    std::size_t count = 1;
    concatenation(nullptr);
    while (at('|')) {
      ++i_;
      ++count;
      concatenation(nullptr);
    }
    if (!emit) return;
    const std::size_t chosen = pick(count), end = i_;
    i_ = start;
    for (std::size_t k = 0; k < count; ++k) {
      concatenation(k == chosen ? out : nullptr);
      if (at('|')) ++i_;
    }
    i_ = end;
  }

  void concatenation(std::string* out) {
    while (i_ < p_.size() && !at('|') && !at(')')) {
      const std::size_t start = i_;
      atom(nullptr);
      const std::size_t end = i_;
      std::size_t lo = 1, hi = 1;
      if (at('*')) lo = 0, hi = 3, ++i_;
      else if (at('+')) lo = 1, hi = 3, ++i_;
      else if (at('?')) lo = 0, hi = 1, ++i_;
      else if (at('{') && i_ + 1 < p_.size() && p_[i_ + 1] >= '0' && p_[i_ + 1] <= '9') {
        std::size_t close = p_.find('}', i_);
        const std::string body(p_.substr(i_ + 1, close - i_ - 1));
        lo = std::stoul(body);
        const std::size_t comma = body.find(',');
        hi = comma == std::string::npos ? lo : comma + 1 == body.size() ? lo + 3 : std::stoul(body.substr(comma + 1));
        i_ = close + 1;
      }
      if (at('?')) ++i_;
      const std::size_t after = i_;
      const std::size_t n = lo + pick(std::min<std::size_t>(hi - lo, 4) + 1);
      for (std::size_t k = 0; out != nullptr && k < n; ++k) {
        i_ = start;
        atom(out);
      }
      (void)end;
      i_ = after;
    }
  }

  void atom(std::string* out) {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      if (at('?')) {
        while (i_ < p_.size() && !at(':') && !at('>')) ++i_;
        ++i_;
      }
      alternation(out, out != nullptr);
      ++i_;  // ')'
    } else if (c == '[') {
      ++i_;
      const bool negated = at('^');
      if (negated) ++i_;
      std::vector<std::string> set;
      bool first = true;
      while (!at(']') || first) {
        first = false;
        std::string lo = one(&set);
        if (!lo.empty() && at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
          ++i_;
          std::string hi = one(&set);
          std::size_t a = 0, b = 0;
          for (std::uint32_t cp = next_code_point(lo, &a), end = next_code_point(hi, &b); cp <= end; ++cp) {
            std::string s;
            append_utf8(&s, cp);
            set.push_back(s);
          }
        } else if (!lo.empty()) {
          set.push_back(lo);
        }
      }
      ++i_;
      if (negated) {
        std::vector<std::string> others;
        for (const char* o : {"a", "Z", "é", "Ж", "7", " ", "-", ".", "関"})
          if (std::find(set.begin(), set.end(), o) == set.end()) others.push_back(o);
        set = others;
      }
      if (out != nullptr) *out += set[pick(set.size())];
    } else if (c == '.') {
      ++i_;
      if (out != nullptr) *out += std::vector<std::string>{"a", "Q", "é", "Ж", "7", " ", ":", "関"}[pick(8)];
    } else if (c == '^' || c == '$') {
      ++i_;
    } else if (c == '\\') {
      std::vector<std::string> set;
      const std::string s = one(&set);
      if (out != nullptr) *out += s.empty() ? (set.empty() ? "" : set[pick(set.size())]) : s;
    } else {
      const std::size_t start = i_;
      next_code_point(p_, &i_);
      if (out != nullptr) out->append(p_.substr(start, i_ - start));
    }
  }

  // One character (returned) or an escape for a set (added to *set, "" returned) at i_.
  std::string one(std::vector<std::string>* set) {
    if (at('\\')) {
      const char e = p_[i_ + 1];
      i_ += 2;
      switch (e) {
        case 'd': set->insert(set->end(), {"0", "4", "9"}); return "";
        case 's': set->insert(set->end(), {" "}); return "";
        case 'S': case 'w': set->insert(set->end(), {"a", "Z", "5", "é"}); return "";
        case 'b': case 'B': case 'A': case 'z': return "";
        default: return std::string(1, e);
      }
    }
    const std::size_t start = i_;
    next_code_point(p_, &i_);
    return std::string(p_.substr(start, i_ - start));
  }

  std::string_view p_;
  std::mt19937& rng_;
  std::size_t i_ = 0;
};

}  // namespace

TEST_CASE("TextFilter never drops a shipped pattern that matches (random texts)") {
  const std::vector<std::unique_ptr<RE2>> owned = shipped_patterns();
  REQUIRE(owned.size() >= 20);
  std::vector<const RE2*> regexes;
  for (const auto& r : owned) regexes.push_back(r.get());
  TextFilter filter;
  filter.build(regexes);
  // Other cases of letters outside ASCII, and the characters that fold to ASCII letters.
  const std::vector<std::pair<std::string, std::string>> cases{
      {"é", "É"}, {"à", "À"}, {"ä", "Ä"}, {"ö", "Ö"}, {"ü", "Ü"}, {"ç", "Ç"}, {"ó", "Ó"}, {"í", "Í"}, {"ę", "Ę"},
      {"ł", "Ł"}, {"ś", "Ś"}, {"ч", "Ч"}, {"т", "Т"}, {"а", "А"}, {"е", "Е"}, {"ж", "Ж"}, {"ⓒ", "Ⓒ"}, {"k", "\xE2\x84\xAA"},
      {"s", "\xC5\xBF"}};
  std::mt19937 rng(12345);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<int> matches(regexes.size(), 0);
  for (std::size_t k = 0; k < regexes.size(); ++k) {
    Sampler sampler(regexes[k]->pattern(), &rng);
    for (int round = 0; round < 300; ++round) {
      std::string text = sampler.sample();
      // Change the case of some letters, ASCII and not.
      if (pick(2) == 0)
        for (char& c : text)
          if (c >= 'a' && c <= 'z' && pick(3) == 0) c = static_cast<char>(c - 'a' + 'A');
      for (const auto& [lower, upper] : cases) {
        if (pick(4) != 0) continue;
        for (std::size_t at = text.find(lower); at != std::string::npos; at = text.find(lower, at + upper.size())) {
          text.replace(at, lower.size(), upper);
          if (pick(2) == 0) break;
        }
      }
      if (!keeps_matches(filter, regexes, text, &matches)) return;
    }
  }
  // The texts must exercise the property: every pattern matched many times.
  for (std::size_t k = 0; k < regexes.size(); ++k)
    CHECK_MESSAGE(matches[k] >= 50, "few random texts matched /" << regexes[k]->pattern() << "/: " << matches[k]);
}
