#include "rules/text_filter.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "common/ascii.h"
#include "common/text.h"

namespace winnow::rules {

namespace {

using Term = Requirement::Term;

constexpr std::size_t kMaxExact = 64;    // strings an alternation's exact set may hold
constexpr std::size_t kMaxProduct = 16;  // strings a concatenation of exact sets may make
constexpr std::size_t kMaxTerms = 128;   // terms of a requirement; past that nothing is required
constexpr std::size_t kMaxLiteral = 16;  // bytes of a literal kept: a prefix occurs wherever it does

// Needle value of the characters that case folding takes to an ASCII letter.
constexpr std::uint32_t kUnsafe = std::numeric_limits<std::uint32_t>::max();

// Characters without another case (punctuation, symbols, CJK), which a case-insensitive pattern
// matches byte for byte. Anything else outside ASCII may match another case of itself.
bool caseless(std::uint32_t cp) {
  return (cp >= 0xA0 && cp <= 0xBF && cp != 0xB5) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x25A0 && cp <= 0x25FF) || (cp >= 0x3000 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xFF01 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF9F);
}

// Characters that fold to or from an ASCII letter: KELVIN SIGN (k), LONG S (s), and, to be safe,
// the Turkish dotted and dotless I.
bool folds_to_ascii(std::uint32_t cp) { return cp == 0x212A || cp == 0x17F || cp == 0x130 || cp == 0x131; }

// Whether `s` holds a character outside ASCII that is not caseless(). A byte that is not part of
// valid UTF-8 counts as one when `invalid_counts` (texts: asking less), else not (literals).
bool has_letter(std::string_view s, bool invalid_counts) {
  // Most block texts are ASCII: look at eight bytes at a time for a high bit first.
  std::size_t ascii = 0;
  for (; ascii + 8 <= s.size(); ascii += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + ascii, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  for (std::size_t i = ascii; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool valid = len != 0 && c < 0xF8 && i + len <= s.size();
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      if (invalid_counts) return true;
      ++i;
      continue;
    }
    std::uint32_t cp = c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (!caseless(cp)) return true;
    i += len;
  }
  return false;
}

Requirement always_required() { return Requirement{{Term{}}}; }

bool empty_term(const Term& t) { return t.literals.empty() && !t.non_ascii_letter; }

// Sorts and dedupes the literals; a one-byte literal is dropped when the term asks for more (it
// occurs almost everywhere, and asking less is always safe).
void normalize(Term* t) {
  auto& l = t->literals;
  std::sort(l.begin(), l.end());
  l.erase(std::unique(l.begin(), l.end()), l.end());
  const bool more = t->non_ascii_letter || std::any_of(l.begin(), l.end(), [](const std::string& s) { return s.size() > 1; });
  if (more) l.erase(std::remove_if(l.begin(), l.end(), [](const std::string& s) { return s.size() <= 1; }), l.end());
}

void add_literal(Term* t, std::string_view s) {
  std::string lit(s.substr(0, kMaxLiteral));
  for (char& c : lit) c = lower_ascii(c);
  t->literals.push_back(std::move(lit));
}

// What a text holding `s` (as the pattern matches it) must hold. Case-insensitively, the pieces
// between letters outside ASCII must occur as they are (ASCII case aside), and such a letter
// needs one in the text (in some case) unless it may stand for an ASCII letter.
Term term_of(std::string_view s, bool ignore_case) {
  Term t;
  if (!ignore_case) {
    if (!s.empty()) add_literal(&t, s);
    return t;
  }
  std::size_t piece = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const std::uint32_t cp = next_code_point(s, &i);
    if (cp < 0x80 || caseless(cp)) continue;
    if (start > piece) add_literal(&t, s.substr(piece, start - piece));
    piece = i;
    if (!folds_to_ascii(cp)) t.non_ascii_letter = true;
  }
  if (s.size() > piece) add_literal(&t, s.substr(piece));
  normalize(&t);
  return t;
}

// Whether every text meeting `a` meets `b`: each literal of b lies in one of a's, and a asks for
// a letter outside ASCII if b does.
bool implies(const Term& a, const Term& b) {
  if (b.non_ascii_letter && !a.non_ascii_letter &&
      std::none_of(a.literals.begin(), a.literals.end(), [](const std::string& l) { return has_letter(l, false); }))
    return false;
  for (const std::string& lb : b.literals)
    if (std::none_of(a.literals.begin(), a.literals.end(), [&](const std::string& la) { return la.find(lb) != std::string::npos; }))
      return false;
  return true;
}

// Adds alternative `t` to `terms`, keeping only the weakest of those that imply one another ("share"
// covers "share this"); false if the requirement became "nothing".
bool add_term(std::vector<Term>* terms, Term t) {
  if (empty_term(t)) return false;
  for (const Term& u : *terms)
    if (implies(t, u)) return true;
  terms->erase(std::remove_if(terms->begin(), terms->end(), [&](const Term& u) { return implies(u, t); }), terms->end());
  terms->push_back(std::move(t));
  return terms->size() <= kMaxTerms;
}

Requirement either(const Requirement& a, const Requirement& b) {
  if (a.always() || b.always()) return always_required();
  Requirement out = a;
  for (const Term& t : b.terms)
    if (!add_term(&out.terms, t)) return always_required();
  return out;
}

// How selective a requirement is: the longest literal of its weakest term.
std::size_t strength(const Requirement& r) {
  std::size_t weakest = std::numeric_limits<std::size_t>::max();
  for (const Term& t : r.terms) {
    std::size_t longest = t.non_ascii_letter ? 1 : 0;
    for (const std::string& l : t.literals) longest = std::max(longest, l.size());
    weakest = std::min(weakest, longest);
  }
  return weakest;
}

Requirement both(const Requirement& a, const Requirement& b) {
  if (a.always()) return b;
  if (b.always()) return a;
  if (a.terms.size() * b.terms.size() > kMaxTerms) {
    // Asking for one side only asks less, so it stays safe: keep the more selective side.
    const std::size_t sa = strength(a), sb = strength(b);
    if (sa != sb) return sa > sb ? a : b;
    return a.terms.size() <= b.terms.size() ? a : b;
  }
  Requirement out;
  for (const Term& x : a.terms) {
    for (const Term& y : b.terms) {
      Term t = x;
      t.literals.insert(t.literals.end(), y.literals.begin(), y.literals.end());
      t.non_ascii_letter = t.non_ascii_letter || y.non_ascii_letter;
      normalize(&t);
      add_term(&out.terms, std::move(t));
    }
  }
  return out;
}

// What a sub-pattern matches: the exact set of its strings when that is small and known, else a
// requirement on the text it matches.
struct Info {
  bool exact = false;
  std::vector<std::string> strings;
  Requirement req;
};

Info exact(std::vector<std::string> strings) { return Info{true, std::move(strings), {}}; }
Info anything() { return Info{false, {}, always_required()}; }

// A recursive-descent reading of RE2 syntax (recursion is over the pattern's nesting, which RE2
// itself bounds). Whatever it does not follow sets failed_: then nothing is required.
class Analysis {
 public:
  Analysis(std::string_view pattern, bool ignore_case) : p_(pattern), icase_(ignore_case || has_i_flag(pattern)) {}

  Requirement run() {
    const Info info = alternation();
    if (failed_ || i_ != p_.size()) return always_required();
    return required(info);
  }

 private:
  // A "(?i)" or "(?i:" anywhere makes the whole analysis case-insensitive (asking less).
  static bool has_i_flag(std::string_view p) {
    for (std::size_t at = p.find("(?"); at != std::string_view::npos; at = p.find("(?", at + 1)) {
      for (std::size_t j = at + 2; j < p.size() && std::string_view("imsU-").find(p[j]) != std::string_view::npos; ++j)
        if (p[j] == 'i') return true;
    }
    return false;
  }

  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }

  Info fail() {
    failed_ = true;
    return anything();
  }
  bool stop() {
    failed_ = true;
    return false;
  }

  Requirement required(const Info& x) const {
    if (!x.exact) return x.req;
    Requirement r;
    for (const std::string& s : x.strings)
      if (!add_term(&r.terms, term_of(s, icase_))) return always_required();
    return r;
  }

  Info alternation() {
    Info acc = concatenation();
    while (!failed_ && at('|')) {
      ++i_;
      Info next = concatenation();
      if (acc.exact && next.exact && acc.strings.size() + next.strings.size() <= kMaxExact) {
        for (std::string& s : next.strings)
          if (std::find(acc.strings.begin(), acc.strings.end(), s) == acc.strings.end()) acc.strings.push_back(std::move(s));
      } else {
        acc = Info{false, {}, either(required(acc), required(next))};
      }
    }
    return acc;
  }

  // Adjacent exact parts multiply out ("(a|b)c" is {"ac", "bc"}) while the product stays small;
  // the rest is the conjunction of the parts' requirements.
  Info concatenation() {
    bool inexact = false;
    Requirement req = always_required();
    std::vector<std::string> tail{""};
    while (!failed_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      Info x = repetition();
      if (x.exact && x.strings.size() == 1) {  // the common case: one more literal character
        for (std::string& a : tail) a += x.strings[0];
        continue;
      }
      if (x.exact && tail.size() * x.strings.size() <= kMaxProduct) {
        std::vector<std::string> product;
        for (const std::string& a : tail)
          for (const std::string& b : x.strings) product.push_back(a + b);
        tail = std::move(product);
        continue;
      }
      inexact = true;
      req = both(req, required(exact(std::move(tail))));
      if (x.exact) {
        tail = std::move(x.strings);
      } else {
        req = both(req, x.req);
        tail = {""};
      }
    }
    if (!inexact) return exact(std::move(tail));
    return Info{false, {}, both(req, required(exact(std::move(tail))))};
  }

  Info repetition() {
    Info x = atom();
    while (!failed_ && i_ < p_.size()) {
      int lo = 0, hi = -1;  // hi -1: unbounded
      if (at('*')) {
        ++i_;
      } else if (at('+')) {
        lo = 1;
        ++i_;
      } else if (at('?')) {
        hi = 1;
        ++i_;
      } else if (!(at('{') && braces(&lo, &hi))) {
        break;
      }
      if (at('?')) ++i_;  // non-greedy
      if (lo == 1 && hi == 1) continue;
      if (hi == 0) {
        x = exact({""});
      } else if (lo == 0) {
        if (hi == 1 && x.exact && x.strings.size() < kMaxExact) {
          if (std::find(x.strings.begin(), x.strings.end(), "") == x.strings.end()) x.strings.push_back("");
        } else {
          x = anything();
        }
      } else {
        x = Info{false, {}, required(x)};  // at least one copy of x
      }
    }
    return x;
  }

  // "{n}", "{n,}", "{n,m}" at i_; anything else is a literal '{' to RE2.
  bool braces(int* lo, int* hi) {
    std::size_t j = i_ + 1;
    auto number = [&](int* out) {
      const std::size_t start = j;
      long v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') v = std::min(v * 10 + (p_[j++] - '0'), 100000L);
      *out = static_cast<int>(v);
      return j > start;
    };
    if (!number(lo)) return false;
    *hi = *lo;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (!number(hi)) *hi = -1;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    i_ = j + 1;
    return true;
  }

  Info atom() {
    switch (p_[i_]) {
      case '(': return group();
      case '[': return char_class();
      case '.': ++i_; return anything();
      case '^': case '$': ++i_; return exact({""});
      case '\\': return escape();
      case '*': case '+': case '?': return fail();
      default: {
        const std::size_t start = i_;
        next_code_point(p_, &i_);
        return exact({std::string(p_.substr(start, i_ - start))});
      }
    }
  }

  Info group() {
    ++i_;
    if (at('?')) {
      ++i_;
      if (at(':')) {
        ++i_;
      } else if (at('<') || (at('P') && i_ + 1 < p_.size() && p_[i_ + 1] == '<')) {
        const std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return fail();
        i_ = close + 1;
      } else {
        while (i_ < p_.size() && std::string_view("imsU-").find(p_[i_]) != std::string_view::npos) ++i_;
        if (at(')')) {
          ++i_;
          return exact({""});
        }
        if (!at(':')) return fail();
        ++i_;
      }
    }
    Info x = alternation();
    if (!at(')')) return fail();
    ++i_;
    return x;
  }

  // At a backslash: reads an escape that stands for one character into *cp and returns true;
  // returns false for one that stands for a set (\d \s \w \pL \p{Greek} and negations), or when
  // it does not know the escape (then failed_ is set).
  bool escaped_char(std::uint32_t* cp) {
    ++i_;
    if (i_ >= p_.size()) return stop();
    const auto c = static_cast<unsigned char>(p_[i_++]);
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        return false;
      case 'p': case 'P':
        if (at('{')) {
          const std::size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return stop();
          i_ = close + 1;
        } else if (i_ < p_.size()) {
          ++i_;
        }
        return false;
      case 'x': {
        std::uint32_t v = 0;
        auto hex = [&](char h, std::uint32_t* out) {
          if (h >= '0' && h <= '9') *out = static_cast<std::uint32_t>(h - '0');
          else if (h >= 'a' && h <= 'f') *out = static_cast<std::uint32_t>(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F') *out = static_cast<std::uint32_t>(h - 'A' + 10);
          else return false;
          return true;
        };
        std::uint32_t d = 0;
        if (at('{')) {
          ++i_;
          while (i_ < p_.size() && hex(p_[i_], &d) && v <= 0x10FFFF) v = v * 16 + d, ++i_;
          if (!at('}')) return stop();
          ++i_;
        } else {
          for (int k = 0; k < 2; ++k) {
            if (i_ >= p_.size() || !hex(p_[i_], &d)) return stop();
            v = v * 16 + d;
            ++i_;
          }
        }
        *cp = v;
        return true;
      }
      case 'a': *cp = 7; return true;
      case 'f': *cp = 12; return true;
      case 't': *cp = 9; return true;
      case 'n': *cp = 10; return true;
      case 'r': *cp = 13; return true;
      case 'v': *cp = 11; return true;
      default:
        if (c >= '0' && c <= '7') {
          std::uint32_t v = c - '0';
          for (int k = 0; k < 2 && i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '7'; ++k) v = v * 8 + (p_[i_++] - '0');
          *cp = v;
          return true;
        }
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
          *cp = c;  // escaped punctuation
          return true;
        }
        return stop();
    }
  }

  Info escape() {
    if (i_ + 1 < p_.size()) {
      const char c = p_[i_ + 1];
      if (c == 'b' || c == 'B' || c == 'A' || c == 'z') {
        i_ += 2;
        return exact({""});  // empty-width
      }
      if (c == 'C') {
        i_ += 2;
        return anything();  // any byte
      }
      if (c == 'Q') return fail();  // \Q...\E is rare in rules; not followed
    }
    std::uint32_t cp = 0;
    if (!escaped_char(&cp)) return anything();
    std::string s;
    append_utf8(&s, cp);
    return exact({std::move(s)});
  }

  // One character of a class into *cp; false for a set escape (skipped) or an error (failed_).
  bool class_char(std::uint32_t* cp) {
    if (at('\\')) return escaped_char(cp);
    *cp = next_code_point(p_, &i_);
    return true;
  }

  // A small class of known characters is the exact set of them; any other is one unknown character.
  Info char_class() {
    ++i_;
    bool negated = false, wild = false, first = true;
    if (at('^')) {
      negated = true;
      ++i_;
    }
    std::vector<std::uint32_t> chars;
    while (!failed_) {
      if (i_ >= p_.size()) return fail();
      if (at(']') && !first) {
        ++i_;
        break;
      }
      first = false;
      if (at('[') && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        const std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return fail();
        i_ = close + 2;
        wild = true;
        continue;
      }
      std::uint32_t lo = 0;
      if (!class_char(&lo)) {
        wild = true;
        continue;
      }
      if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        std::uint32_t hi = 0;
        if (!class_char(&hi) || hi < lo) return fail();
        if (hi - lo >= kMaxExact) wild = true;
        else
          for (std::uint32_t c = lo; c <= hi; ++c) chars.push_back(c);
        continue;
      }
      chars.push_back(lo);
    }
    if (failed_ || negated || wild || chars.size() > kMaxExact) return anything();
    std::vector<std::string> strings;
    for (std::uint32_t c : chars) {
      std::string s;
      append_utf8(&s, c);
      if (std::find(strings.begin(), strings.end(), s) == strings.end()) strings.push_back(std::move(s));
    }
    return exact(std::move(strings));
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool icase_;
  bool failed_ = false;
};

}  // namespace

Requirement required_literals(std::string_view pattern, bool ignore_case) {
  return Analysis(pattern, ignore_case).run();
}

void TextFilter::build(const std::vector<const re2::RE2*>& regexes) {
  *this = TextFilter();
  regexes_ = static_cast<int>(regexes.size());
  std::vector<std::string> atoms(1);  // atom 0: a letter outside ASCII
  letter_atom_ = 0;
  atom_terms_.assign(1, {});
  for (int k = 0; k < regexes_; ++k) {
    const re2::RE2& re = *regexes[static_cast<std::size_t>(k)];
    const RE2::Options& o = re.options();
    const Requirement req = o.encoding() == RE2::Options::EncodingUTF8 && !o.literal()
                                ? required_literals(re.pattern(), !o.case_sensitive())
                                : always_required();
    if (req.always()) {
      unfiltered_.push_back(k);
      continue;
    }
    for (const Term& t : req.terms) {
      const auto term = static_cast<std::uint32_t>(term_size_.size());
      std::uint32_t size = 0;
      for (const std::string& l : t.literals) {
        auto it = std::find(atoms.begin() + 1, atoms.end(), l);
        const auto a = static_cast<std::uint32_t>(it - atoms.begin());
        if (it == atoms.end()) {
          atoms.push_back(l);
          atom_terms_.emplace_back();
        }
        atom_terms_[a].push_back(term);
        ++size;
      }
      if (t.non_ascii_letter) {
        atom_terms_[letter_atom_].push_back(term);
        ++size;
      }
      term_size_.push_back(size);
      term_regex_.push_back(k);
    }
  }
  if (static_cast<int>(unfiltered_.size()) == regexes_) return;
  std::vector<std::pair<std::string, std::uint32_t>> needles;
  for (std::uint32_t a = 1; a < atoms.size(); ++a) needles.emplace_back(atoms[a], a);
  for (const char* unsafe : {"\xE2\x84\xAA", "\xC5\xBF", "\xC4\xB0", "\xC4\xB1"}) needles.emplace_back(unsafe, kUnsafe);
  needles_.build(needles);
}

void TextFilter::candidates(std::string_view text, Scratch* scratch, std::vector<int>* out) const {
  out->clear();
  if (static_cast<int>(unfiltered_.size()) == regexes_) {
    for (int k = 0; k < regexes_; ++k) out->push_back(k);
    return;
  }
  std::vector<std::uint32_t>& atoms = scratch->atoms;
  atoms.clear();
  bool unsafe = false;
  needles_.scan(text, [&](std::uint32_t v) {
    if (v == kUnsafe) unsafe = true;
    else atoms.push_back(v);
  });
  if (unsafe) {
    for (int k = 0; k < regexes_; ++k) out->push_back(k);
    return;
  }
  if (!atom_terms_[letter_atom_].empty() && has_letter(text, true)) atoms.push_back(letter_atom_);
  *out = unfiltered_;
  if (atoms.empty()) return;
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  // A term is met when each of its atoms was found: it then comes up term_size_ times.
  std::vector<std::uint32_t>& terms = scratch->terms;
  terms.clear();
  for (std::uint32_t a : atoms) terms.insert(terms.end(), atom_terms_[a].begin(), atom_terms_[a].end());
  std::sort(terms.begin(), terms.end());
  for (std::size_t i = 0, j = 0; i < terms.size(); i = j) {
    while (j < terms.size() && terms[j] == terms[i]) ++j;
    if (j - i == term_size_[terms[i]]) out->push_back(term_regex_[terms[i]]);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace winnow::rules
