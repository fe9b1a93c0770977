#include "html/selector.h"

#include <re2/re2.h>

#include <algorithm>
#include <climits>
#include <utility>

#include "common/text.h"
#include "html/walk.h"

namespace winnow::html {

// ---------------------------------------------------------------------------------------------
// The compiled form. A complex selector is kept left to right, as written; matching starts at its
// last compound and climbs (see match_from).

namespace {

enum class Combinator : std::uint8_t { kDescendant, kChild, kAdjacent, kSibling };

enum class AttrOp : std::uint8_t { kExists, kEquals, kIncludes, kDashMatch, kPrefix, kSuffix, kSubstring };

struct AttrTest {
  std::string name;  // lower-case
  AttrOp op = AttrOp::kExists;
  std::string value;
  bool ignore_case = false;
};

struct List;

// Ordered by cost: a compound's pseudo-classes are sorted by kind, so the cheap structural ones
// reject first and :has-text (which needs the element's text) runs last.
enum class PseudoKind : std::uint8_t {
  kRoot,
  kEmpty,
  kFirstChild,
  kLastChild,
  kOnlyChild,
  kFirstOfType,
  kLastOfType,
  kOnlyOfType,
  kNthChild,
  kNthLastChild,
  kNthOfType,
  kNthLastOfType,
  kNot,
  kIs,
  kHas,
  kHasText,
};

struct Pseudo {
  PseudoKind kind = PseudoKind::kRoot;
  int a = 0, b = 0;            // :nth-*(an+b)
  std::unique_ptr<List> list;  // :not, :is, :has (relative selectors)
  std::unique_ptr<RE2> regex;  // :has-text(/re/)
  std::string needle;          // :has-text(plain text), normalised
};

struct Compound {
  bool scope = false;              // the :has() anchor: leftmost compound of a relative selector
  GumboTag tag = GUMBO_TAG_LAST;   // GUMBO_TAG_LAST: any
  std::string tag_name;            // lower-case, for tags Gumbo does not know
  std::vector<std::string> ids;
  std::vector<std::string> classes;
  std::vector<AttrTest> attrs;
  std::vector<Pseudo> pseudos;     // cheapest first
};

enum class ActionKind : std::uint8_t { kUpwardCount, kUpwardSelector, kAndAfter };

struct Action {
  ActionKind kind = ActionKind::kAndAfter;
  int count = 0;
  std::unique_ptr<List> list;
};

struct Complex {
  std::vector<Compound> compounds;      // left to right
  std::vector<Combinator> combinators;  // combinators[i] joins compounds[i] and compounds[i + 1]
  std::vector<Action> actions;          // applied in order to the matched element (top level only)
  // Relative selectors (:has arguments) only, set by finish_relative():
  bool memoizable = false;  // ":has(compound)": answer per anchor = "some descendant matches"
  bool sibling_lead = false;    // starts with '+' or '~': candidates are following siblings
  bool adjacent_only = false;   // ... and only the next one
  int depth_limit = INT_MAX;    // no descendant combinator: candidates are at most this deep
};

struct List {
  std::vector<Complex> items;
};

}  // namespace

struct Selector::Impl {
  std::string text;
  List list;
  std::vector<SelectorKeys> keys;
  bool has_actions = false;
  bool has_upward = false;
};

namespace {

// ---------------------------------------------------------------------------------------------
// Parsing.

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '-'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

void append_utf8(std::string* out, unsigned cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  // Parses the whole text as a top-level selector list.
  bool parse_top(Selector::Impl* impl) {
    if (!parse_list(&impl->list, /*relative=*/false, /*top=*/true, "")) return false;
    if (pos_ != s_.size()) return fail(pos_, "unexpected " + quoted_here());
    return true;
  }

  SelectorError error() const {
    return SelectorError{utf8_length(s_.substr(0, std::min(error_pos_, s_.size()))) + 1, error_message_};
  }

 private:
  char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  char cur() const { return at(pos_); }
  bool at_end() const { return pos_ >= s_.size(); }

  bool fail(std::size_t pos, std::string message) {
    error_pos_ = pos;
    error_message_ = std::move(message);
    return false;
  }

  // "'x'" for the character at pos_ (a whole UTF-8 sequence), or "end of selector".
  std::string quoted_here() const {
    if (at_end()) return "end of selector";
    std::size_t len = 1;
    while (pos_ + len < s_.size() && (static_cast<unsigned char>(s_[pos_ + len]) & 0xC0) == 0x80) ++len;
    return "'" + std::string(s_.substr(pos_, len)) + "'";
  }

  bool skip_ws() {
    const std::size_t start = pos_;
    while (!at_end() && is_ws(cur())) ++pos_;
    return pos_ != start;
  }

  bool valid_escape(std::size_t i) const { return at(i) == '\\' && i + 1 < s_.size() && at(i + 1) != '\n'; }

  bool ident_starts_at(std::size_t i) const {
    if (is_name_start(at(i)) || valid_escape(i)) return true;
    if (at(i) == '-') return is_name_start(at(i + 1)) || at(i + 1) == '-' || valid_escape(i + 1);
    return false;
  }

  // Consumes one escape (pos_ on the backslash) and appends what it stands for.
  void consume_escape(std::string* out) {
    ++pos_;
    if (is_hex(cur())) {
      unsigned cp = 0;
      for (int n = 0; n < 6 && is_hex(cur()); ++n, ++pos_) {
        const char c = lower(cur());
        cp = cp * 16 + static_cast<unsigned>(is_digit(c) ? c - '0' : c - 'a' + 10);
      }
      if (is_ws(cur())) ++pos_;
      append_utf8(out, cp);
    } else {
      out->push_back(cur());
      ++pos_;
    }
  }

  // Consumes name characters and escapes; returns false if there were none.
  bool consume_name(std::string* out) {
    const std::size_t start = pos_;
    while (!at_end()) {
      if (valid_escape(pos_)) consume_escape(out);
      else if (is_name_char(cur())) out->push_back(s_[pos_++]);
      else break;
    }
    return pos_ != start;
  }

  bool consume_ident(std::string* out) { return ident_starts_at(pos_) && consume_name(out); }

  // A quoted string, pos_ on the quote.
  bool consume_string(std::string* out) {
    const char quote = cur();
    const std::size_t open = pos_++;
    while (true) {
      if (at_end())
        return fail(pos_, std::string("expected ") + quote + " to close the string opened at column " +
                              std::to_string(utf8_length(s_.substr(0, open)) + 1));
      const char c = cur();
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (c == '\n') return fail(pos_, "unexpected newline inside a string");
      if (c == '\\') {
        if (at(pos_ + 1) == '\n') pos_ += 2;  // line continuation
        else if (pos_ + 1 >= s_.size()) ++pos_;
        else consume_escape(out);
        continue;
      }
      out->push_back(c);
      ++pos_;
    }
  }

  bool namespace_error(std::size_t pos) { return fail(pos, "namespaces ('|') are not supported"); }

  // list := complex (',' complex)*. Inside parentheses (context is the pseudo-class, e.g.
  // ":not()") it stops before ')'; at top level it stops at the end.
  bool parse_list(List* out, bool relative, bool top, const std::string& context) {
    while (true) {
      skip_ws();
      Complex complex;
      if (!parse_complex(&complex, relative, top, context)) return false;
      if (relative) finish_relative(&complex);
      out->items.push_back(std::move(complex));
      skip_ws();
      if (cur() == ',' && !at_end()) {
        ++pos_;
        continue;
      }
      if (top) {
        if (at_end()) return true;
        return fail(pos_, "unexpected " + quoted_here() + " (expected a combinator, ',' or the end)");
      }
      if (cur() == ')' && !at_end()) return true;
      if (at_end()) return fail(pos_, "expected ')' to close '" + context + "('");
      return fail(pos_, "unexpected " + quoted_here() + " (expected a combinator, ',' or ')')");
    }
  }

  bool ends_complex() const { return at_end() || cur() == ',' || cur() == ')'; }

  bool parse_complex(Complex* out, bool relative, bool top, const std::string& context) {
    if (relative) {
      out->compounds.emplace_back().scope = true;
      Combinator lead = Combinator::kDescendant;
      if (combinator_here(&lead)) {
        ++pos_;
        skip_ws();
      }
      out->combinators.push_back(lead);
    }
    if (ends_complex()) {
      if (top) return fail(pos_, "expected a selector");
      return fail(pos_, "expected a selector in '" + context + "()'");
    }
    while (true) {
      Compound compound;
      if (!parse_compound(&compound, out, top, context)) return false;
      out->compounds.push_back(std::move(compound));
      const bool ws = skip_ws();
      if (ends_complex()) return true;
      Combinator combinator = Combinator::kDescendant;
      const std::size_t at_combinator = pos_;
      if (combinator_here(&combinator)) {
        ++pos_;
        skip_ws();
      } else if (!ws) {
        const char* tail = top ? "the end" : "')'";
        return fail(pos_, "unexpected " + quoted_here() + " (expected a combinator, ',' or " + tail + ")");
      }
      if (!out->actions.empty()) return fail(at_combinator, last_action_message(*out));
      out->combinators.push_back(combinator);
      if (ends_complex()) {
        return fail(pos_, "expected a selector after combinator '" + std::string(1, s_[at_combinator]) + "'");
      }
    }
  }

  bool combinator_here(Combinator* out) const {
    switch (cur()) {
      case '>': *out = Combinator::kChild; return !at_end();
      case '+': *out = Combinator::kAdjacent; return true;
      case '~': *out = Combinator::kSibling; return true;
      default: return false;
    }
  }

  static std::string last_action_message(const Complex& c) {
    const char* name = c.actions.back().kind == ActionKind::kAndAfter ? ":and-after" : ":upward()";
    return std::string("'") + name + "' must end the selector (it changes what is selected)";
  }

  // compound := [type | '*'] (#id | .class | [attr] | :pseudo)*, not empty.
  bool parse_compound(Compound* out, Complex* complex, bool top, const std::string& context) {
    const std::size_t start = pos_;
    bool any = false;
    if (cur() == '*' && !at_end()) {
      ++pos_;
      if (cur() == '|') return namespace_error(pos_);
      any = true;
    } else if (ident_starts_at(pos_)) {
      std::string name;
      consume_name(&name);
      if (cur() == '|') return namespace_error(pos_);
      for (char& c : name) c = lower(c);
      out->tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
      if (out->tag == GUMBO_TAG_UNKNOWN) out->tag_name = std::move(name);
      any = true;
    } else if (cur() == '|') {
      return namespace_error(pos_);
    }
    while (!at_end()) {
      const char c = cur();
      if (c != '#' && c != '.' && c != '[' && c != ':') break;
      if (!complex->actions.empty() && !action_follows()) return fail(pos_, last_action_message(*complex));
      const std::size_t simple_start = pos_;
      if (c == '#') {
        ++pos_;
        std::string id;
        // Lenient: any name characters, so "#123" works as browsers' getElementById would.
        if (!consume_name(&id)) return fail(pos_, "expected an id after '#'");
        out->ids.push_back(std::move(id));
      } else if (c == '.') {
        ++pos_;
        std::string name;
        if (!consume_ident(&name)) return fail(pos_, "expected a class name after '.'");
        out->classes.push_back(std::move(name));
      } else if (c == '[') {
        if (!parse_attribute(out)) return false;
      } else {
        if (!parse_pseudo(out, complex, top, context, simple_start)) return false;
      }
      any = true;
    }
    if (!any) {
      if (at_end()) return fail(pos_, "expected a selector");
      return fail(start, "unexpected " + quoted_here() + " (expected a selector)");
    }
    std::stable_sort(out->pseudos.begin(), out->pseudos.end(),
                     [](const Pseudo& a, const Pseudo& b) { return a.kind < b.kind; });
    return true;
  }

  // True if pos_ is on ":upward" or ":and-after" (which may follow an earlier action).
  bool action_follows() const {
    if (cur() != ':') return false;
    std::size_t i = pos_ + 1;
    std::string name;
    while (i < s_.size() && is_name_char(s_[i])) name.push_back(lower(s_[i++]));
    return name == "upward" || name == "and-after";
  }

  bool parse_attribute(Compound* out) {
    ++pos_;  // '['
    skip_ws();
    if (cur() == '|' || (cur() == '*' && at(pos_ + 1) == '|')) return namespace_error(pos_);
    AttrTest test;
    if (!consume_ident(&test.name)) return fail(pos_, "expected an attribute name after '['");
    for (char& c : test.name) c = lower(c);
    if (cur() == '|' && at(pos_ + 1) != '=') return namespace_error(pos_);
    skip_ws();
    if (at_end()) return fail(pos_, "expected ']' to close attribute selector");
    if (cur() == ']') {
      ++pos_;
      out->attrs.push_back(std::move(test));
      return true;
    }
    const std::size_t op_start = pos_;
    if (cur() == '=') {
      test.op = AttrOp::kEquals;
      ++pos_;
    } else if (at(pos_ + 1) == '=' && std::string_view("~|^$*").find(cur()) != std::string_view::npos) {
      switch (cur()) {
        case '~': test.op = AttrOp::kIncludes; break;
        case '|': test.op = AttrOp::kDashMatch; break;
        case '^': test.op = AttrOp::kPrefix; break;
        case '$': test.op = AttrOp::kSuffix; break;
        default: test.op = AttrOp::kSubstring; break;
      }
      pos_ += 2;
    } else {
      return fail(pos_, "expected ']' or an operator ('=', '~=', '|=', '^=', '$=', '*=') in attribute selector");
    }
    const std::string op(s_.substr(op_start, pos_ - op_start));
    skip_ws();
    const bool quoted = cur() == '"' || cur() == '\'';
    if (quoted) {
      if (!consume_string(&test.value)) return false;
    } else if (at_end() || !(is_name_char(cur()) || valid_escape(pos_))) {
      // Lenient: unquoted values may be any run of name characters ("[width=100]").
      return fail(pos_, "expected a value after '" + op + "' in attribute selector");
    } else {
      consume_name(&test.value);
    }
    const bool ws = skip_ws();
    if ((ws || quoted) && (cur() == 'i' || cur() == 'I' || cur() == 's' || cur() == 'S') && !is_name_char(at(pos_ + 1))) {
      test.ignore_case = lower(cur()) == 'i';
      ++pos_;
      skip_ws();
    }
    if (cur() != ']' || at_end()) return fail(pos_, "expected ']' to close attribute selector");
    ++pos_;
    out->attrs.push_back(std::move(test));
    return true;
  }

  // After a pseudo-class's '(' and its argument: expects ')'.
  bool close_paren(const std::string& what) {
    skip_ws();
    if (cur() != ')' || at_end()) return fail(pos_, "expected ')' " + what);
    ++pos_;
    return true;
  }

  bool parse_pseudo(Compound* out, Complex* complex, bool top, const std::string& context, std::size_t colon) {
    if (at(pos_ + 1) == ':') {
      std::string name;
      pos_ += 2;
      consume_name(&name);
      return fail(colon, "pseudo-elements are not supported ('::" + name + "')");
    }
    ++pos_;
    std::string name;
    if (!consume_ident(&name)) return fail(pos_, "expected a pseudo-class name after ':'");
    for (char& c : name) c = lower(c);
    const std::string display = ":" + name;
    const bool paren = cur() == '(' && !at_end();

    static constexpr std::pair<std::string_view, PseudoKind> kPlain[] = {
        {"root", PseudoKind::kRoot},
        {"empty", PseudoKind::kEmpty},
        {"first-child", PseudoKind::kFirstChild},
        {"last-child", PseudoKind::kLastChild},
        {"only-child", PseudoKind::kOnlyChild},
        {"first-of-type", PseudoKind::kFirstOfType},
        {"last-of-type", PseudoKind::kLastOfType},
        {"only-of-type", PseudoKind::kOnlyOfType},
    };
    static constexpr std::pair<std::string_view, PseudoKind> kNth[] = {
        {"nth-child", PseudoKind::kNthChild},
        {"nth-last-child", PseudoKind::kNthLastChild},
        {"nth-of-type", PseudoKind::kNthOfType},
        {"nth-last-of-type", PseudoKind::kNthLastOfType},
    };
    for (const auto& [n, kind] : kPlain) {
      if (name != n) continue;
      if (paren) return fail(pos_, "'" + display + "' takes no argument");
      out->pseudos.emplace_back().kind = kind;
      return true;
    }
    if (name == "and-after") {
      if (!top) return fail(colon, "':and-after' is not allowed inside '" + context + "()'");
      if (paren) return fail(pos_, "':and-after' takes no argument");
      complex->actions.emplace_back().kind = ActionKind::kAndAfter;
      return true;
    }
    const bool known_function = name == "not" || name == "is" || name == "where" || name == "has" ||
                                name == "has-text" || name == "upward" ||
                                std::any_of(std::begin(kNth), std::end(kNth),
                                            [&](const auto& p) { return p.first == name; });
    if (!known_function) {
      if (name == "before" || name == "after" || name == "first-line" || name == "first-letter")
        return fail(colon, "pseudo-elements are not supported ('" + display + "')");
      return fail(colon, "unknown pseudo-class '" + display + "'");
    }
    if (!paren) return fail(pos_, "expected '(' after '" + display + "'");
    ++pos_;
    skip_ws();

    for (const auto& [n, kind] : kNth) {
      if (name != n) continue;
      Pseudo p;
      p.kind = kind;
      if (!parse_nth(&p.a, &p.b, display)) return false;
      if (!close_paren("after " + display + " argument")) return false;
      out->pseudos.push_back(std::move(p));
      return true;
    }
    if (name == "upward") {
      if (!top) return fail(colon, "':upward()' is not allowed inside '" + context + "()'");
      Action action;
      if (is_digit(cur())) {
        const std::size_t digits = pos_;
        long n = 0;
        while (is_digit(cur()) && !at_end()) {
          n = std::min(n * 10 + (cur() - '0'), 1L << 20);
          ++pos_;
        }
        if (n < 1) return fail(digits, "expected a count >= 1 in ':upward()'");
        action.kind = ActionKind::kUpwardCount;
        action.count = static_cast<int>(n);
        if (!close_paren("after the ':upward()' count")) return false;
      } else {
        action.kind = ActionKind::kUpwardSelector;
        action.list = std::make_unique<List>();
        if (!parse_list(action.list.get(), false, false, display)) return false;
        ++pos_;  // ')'
      }
      complex->actions.push_back(std::move(action));
      return true;
    }
    Pseudo p;
    if (name == "has-text") {
      p.kind = PseudoKind::kHasText;
      if (!parse_has_text(&p)) return false;
    } else {
      p.kind = name == "has" ? PseudoKind::kHas : name == "not" ? PseudoKind::kNot : PseudoKind::kIs;
      p.list = std::make_unique<List>();
      if (!parse_list(p.list.get(), p.kind == PseudoKind::kHas, false, display)) return false;
      ++pos_;  // ')'
    }
    out->pseudos.push_back(std::move(p));
    return true;
  }

  // an+b | odd | even, pos_ after the '(' and white space.
  bool parse_nth(int* a, int* b, const std::string& display) {
    const std::string expected = "expected an+b, 'odd' or 'even' in '" + display + "()'";
    const std::size_t start = pos_;
    std::string word;
    {
      std::size_t i = pos_;
      while (i < s_.size() && (is_name_char(s_[i]))) word.push_back(lower(s_[i++]));
      if (word == "odd" || word == "even") {
        *a = 2;
        *b = word == "odd" ? 1 : 0;
        pos_ = i;
        return true;
      }
    }
    int sign = 1;
    if (cur() == '+' || cur() == '-') {
      sign = cur() == '-' ? -1 : 1;
      ++pos_;
    }
    long digits = -1;
    while (is_digit(cur()) && !at_end()) {
      digits = std::min((digits < 0 ? 0 : digits) * 10 + (cur() - '0'), 1L << 24);
      ++pos_;
    }
    if (cur() == 'n' || cur() == 'N') {
      ++pos_;
      *a = sign * static_cast<int>(digits < 0 ? 1 : digits);
      skip_ws();
      if (cur() == '+' || cur() == '-') {
        const int sign_b = cur() == '-' ? -1 : 1;
        ++pos_;
        skip_ws();
        long value = -1;
        while (is_digit(cur()) && !at_end()) {
          value = std::min((value < 0 ? 0 : value) * 10 + (cur() - '0'), 1L << 24);
          ++pos_;
        }
        if (value < 0) return fail(pos_, "expected a number after the sign in '" + display + "()'");
        *b = sign_b * static_cast<int>(value);
      } else {
        *b = 0;
      }
      return true;
    }
    if (digits < 0) return fail(start, expected);
    *a = 0;
    *b = sign * static_cast<int>(digits);
    return true;
  }

  // :has-text(/re/flags) | :has-text("text") | :has-text(plain text); pos_ after '(' and space.
  bool parse_has_text(Pseudo* p) {
    if (cur() == '/' && !at_end()) {
      const std::size_t slash = pos_;
      std::size_t i = pos_ + 1;
      bool in_class = false;
      for (; i < s_.size(); ++i) {
        const char c = s_[i];
        if (c == '\\') ++i;
        else if (c == '[') in_class = true;
        else if (c == ']') in_class = false;
        else if (c == '/' && !in_class) break;
      }
      if (i >= s_.size()) return fail(s_.size(), "expected '/' to close the regular expression");
      const std::string pattern(s_.substr(slash + 1, i - slash - 1));
      pos_ = i + 1;
      bool ignore_case = false;
      const std::string slash_hint = "expected ')' after the regular expression in ':has-text()' (write '/' inside it as '\\/')";
      const std::size_t close = s_.find(')', pos_);
      if (s_.substr(pos_, close == std::string_view::npos ? close : close - pos_).find('/') != std::string_view::npos)
        return fail(i, slash_hint);  // "/a/b/": the regex went on past an unescaped '/'
      while (!at_end() && is_name_char(cur())) {
        if (cur() != 'i') return fail(pos_, "unknown regular expression flag '" + std::string(1, cur()) + "' (only 'i' is supported)");
        ignore_case = true;
        ++pos_;
      }
      skip_ws();
      if (cur() != ')' || at_end())
        return fail(pos_, slash_hint);
      ++pos_;
      if (pattern.empty()) return fail(slash, "empty regular expression in ':has-text()'");
      RE2::Options options;
      options.set_case_sensitive(!ignore_case);
      options.set_log_errors(false);
      p->regex = std::make_unique<RE2>(pattern, options);
      if (!p->regex->ok()) return fail(slash + 1, "bad regular expression in ':has-text()': " + p->regex->error());
      return true;
    }
    std::string text;
    if ((cur() == '"' || cur() == '\'') && !at_end()) {
      if (!consume_string(&text)) return false;
      if (!close_paren("after the ':has-text()' string")) return false;
    } else {
      // Plain text up to the ')' that balances the '(' (backslash escapes one character).
      int depth = 0;
      while (true) {
        if (at_end()) return fail(pos_, "expected ')' to close ':has-text('");
        const char c = cur();
        if (c == '\\' && pos_ + 1 < s_.size()) {
          text.push_back(s_[pos_ + 1]);
          pos_ += 2;
          continue;
        }
        if (c == ')' && depth == 0) break;
        if (c == '(') ++depth;
        if (c == ')') --depth;
        text.push_back(c);
        ++pos_;
      }
      ++pos_;
    }
    p->needle = normalize_space(text);
    if (p->needle.empty()) return fail(pos_ - 1, "expected text or /regex/ in ':has-text()'");
    return true;
  }

  // Precomputes how :has() looks for candidates of a relative selector.
  static void finish_relative(Complex* c) {
    const Combinator lead = c->combinators.front();
    bool descendant = false, sibling_after_lead = false;
    int child = 0;
    for (std::size_t i = 0; i < c->combinators.size(); ++i) {
      const Combinator k = c->combinators[i];
      if (k == Combinator::kDescendant) descendant = true;
      if (k == Combinator::kChild) ++child;
      if (i > 0 && (k == Combinator::kAdjacent || k == Combinator::kSibling)) sibling_after_lead = true;
    }
    c->sibling_lead = lead == Combinator::kAdjacent || lead == Combinator::kSibling;
    c->adjacent_only = lead == Combinator::kAdjacent && !sibling_after_lead;
    c->depth_limit = descendant ? INT_MAX : child;
    c->memoizable = lead == Combinator::kDescendant && c->compounds.size() == 2;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t error_pos_ = 0;
  std::string error_message_;
};

// ---------------------------------------------------------------------------------------------
// Matching.

enum class Result { kMatches, kFailsLocally, kFailsAllSiblings, kFailsCompletely };

struct Ctx {
  const Dom& dom;
  MatchCache* cache;    // may be null: then texts and :has() are computed each time
  std::string scratch;  // element text when there is no cache
};

bool match_list(const List& list, NodeId e, NodeId scope, Ctx& ctx);

NodeId parent_element(const Dom& dom, NodeId e) {
  const NodeId p = dom.node(e).parent;
  return p != kNoNode && dom.is_element(p) ? p : kNoNode;
}

NodeId prev_element(const Dom& dom, NodeId e) {
  for (NodeId s = dom.node(e).prev_sibling; s != kNoNode; s = dom.node(s).prev_sibling)
    if (dom.is_element(s)) return s;
  return kNoNode;
}

NodeId next_element(const Dom& dom, NodeId e) {
  for (NodeId s = dom.node(e).next_sibling; s != kNoNode; s = dom.node(s).next_sibling)
    if (dom.is_element(s)) return s;
  return kNoNode;
}

bool same_type(const Dom& dom, NodeId a, NodeId b) {
  return dom.tag(a) == dom.tag(b) && (dom.tag(a) != GUMBO_TAG_UNKNOWN || dom.tag_name(a) == dom.tag_name(b));
}

// Attribute names compare without case: Gumbo keeps the camel case of some SVG attributes.
bool find_attr(const Dom& dom, NodeId e, std::string_view lower_name, std::string_view* value) {
  for (const Attribute* a = dom.attributes_begin(e); a != dom.attributes_end(e); ++a) {
    if (iequals(dom.view(a->name), lower_name)) {
      *value = dom.view(a->value);
      return true;
    }
  }
  return false;
}

bool has_token(std::string_view list, std::string_view token, bool ignore_case) {
  if (token.empty()) return false;
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && is_ws(list[i])) ++i;
    std::size_t j = i;
    while (j < list.size() && !is_ws(list[j])) ++j;
    const std::string_view word = list.substr(i, j - i);
    if (ignore_case ? iequals(word, token) : word == token) return true;
    i = j;
  }
  return false;
}

bool match_attr(const AttrTest& t, std::string_view v) {
  const std::string_view want = t.value;
  auto eq = [&](std::string_view a, std::string_view b) { return t.ignore_case ? iequals(a, b) : a == b; };
  switch (t.op) {
    case AttrOp::kExists: return true;
    case AttrOp::kEquals: return eq(v, want);
    case AttrOp::kIncludes:
      return want.find_first_of(" \t\n\r\f") == std::string_view::npos && has_token(v, want, t.ignore_case);
    case AttrOp::kDashMatch:
      return eq(v, want) || (v.size() > want.size() && v[want.size()] == '-' && eq(v.substr(0, want.size()), want));
    case AttrOp::kPrefix: return !want.empty() && v.size() >= want.size() && eq(v.substr(0, want.size()), want);
    case AttrOp::kSuffix:
      return !want.empty() && v.size() >= want.size() && eq(v.substr(v.size() - want.size()), want);
    case AttrOp::kSubstring:
      if (want.empty() || v.size() < want.size()) return false;
      if (!t.ignore_case) return v.find(want) != std::string_view::npos;
      for (std::size_t i = 0; i + want.size() <= v.size(); ++i)
        if (iequals(v.substr(i, want.size()), want)) return true;
      return false;
  }
  return false;
}

bool nth_matches(int a, int b, int position) {
  if (a == 0) return position == b;
  const long d = static_cast<long>(position) - b;
  return d % a == 0 && d / a >= 0;
}

// 1-based position of `e` among its element siblings (of its type), counted from the start or end.
int position(const Dom& dom, NodeId e, bool from_end, bool of_type) {
  int n = 1;
  for (NodeId s = from_end ? next_element(dom, e) : prev_element(dom, e); s != kNoNode;
       s = from_end ? next_element(dom, s) : prev_element(dom, s))
    if (!of_type || same_type(dom, s, e)) ++n;
  return n;
}

bool is_raw_text(const Dom& dom, NodeId e) {
  return dom.is_element(e) && (dom.tag(e) == GUMBO_TAG_SCRIPT || dom.tag(e) == GUMBO_TAG_STYLE);
}

// The normalised text of `e`, computed by walking its subtree.
void compute_text(const Dom& dom, NodeId e, std::string* out) {
  out->clear();
  bool pending = false;
  walk(dom, e, [&](NodeId id) {
    if (dom.is_text(id)) {
      append_collapsed(out, dom.text(id), &pending);
      return false;
    }
    return !is_raw_text(dom, id);
  });
}

std::string_view element_text(NodeId e, Ctx& ctx) {
  if (ctx.cache != nullptr) return ctx.cache->element_text(e);
  compute_text(ctx.dom, e, &ctx.scratch);
  return ctx.scratch;
}

bool match_has(const Complex& rel, NodeId anchor, Ctx& ctx);

bool match_pseudo(const Pseudo& p, NodeId e, Ctx& ctx) {
  const Dom& dom = ctx.dom;
  switch (p.kind) {
    case PseudoKind::kRoot: {
      const NodeId parent = dom.node(e).parent;
      return parent != kNoNode && dom.node(parent).kind == NodeKind::kDocument;
    }
    case PseudoKind::kEmpty:
      for (NodeId c = dom.node(e).first_child; c != kNoNode; c = dom.node(c).next_sibling)
        if (dom.is_element(c) || !dom.text(c).empty()) return false;
      return true;
    case PseudoKind::kFirstChild: return prev_element(dom, e) == kNoNode;
    case PseudoKind::kLastChild: return next_element(dom, e) == kNoNode;
    case PseudoKind::kOnlyChild: return prev_element(dom, e) == kNoNode && next_element(dom, e) == kNoNode;
    case PseudoKind::kFirstOfType: return position(dom, e, false, true) == 1;
    case PseudoKind::kLastOfType: return position(dom, e, true, true) == 1;
    case PseudoKind::kOnlyOfType: return position(dom, e, false, true) == 1 && position(dom, e, true, true) == 1;
    case PseudoKind::kNthChild:
    case PseudoKind::kNthLastChild: {
      const bool from_end = p.kind == PseudoKind::kNthLastChild;
      const int pos = ctx.cache != nullptr && dom.node(e).parent != kNoNode
                          ? static_cast<int>(ctx.cache->child_position(e, from_end))
                          : position(dom, e, from_end, false);
      return nth_matches(p.a, p.b, pos);
    }
    case PseudoKind::kNthOfType: return nth_matches(p.a, p.b, position(dom, e, false, true));
    case PseudoKind::kNthLastOfType: return nth_matches(p.a, p.b, position(dom, e, true, true));
    case PseudoKind::kNot: return !match_list(*p.list, e, kNoNode, ctx);
    case PseudoKind::kIs: return match_list(*p.list, e, kNoNode, ctx);
    case PseudoKind::kHas:
      for (const Complex& rel : p.list->items)
        if (match_has(rel, e, ctx)) return true;
      return false;
    case PseudoKind::kHasText: {
      const std::string_view text = element_text(e, ctx);
      if (p.regex) return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *p.regex);
      return text.find(p.needle) != std::string_view::npos;
    }
  }
  return false;
}

bool match_compound(const Compound& c, NodeId e, NodeId scope, Ctx& ctx) {
  const Dom& dom = ctx.dom;
  if (!dom.is_element(e)) return false;
  if (c.scope) return e == scope;
  if (c.tag != GUMBO_TAG_LAST) {
    if (dom.tag(e) != c.tag) return false;
    if (c.tag == GUMBO_TAG_UNKNOWN && dom.tag_name(e) != c.tag_name) return false;
  }
  std::string_view value;
  if (!c.ids.empty()) {
    if (!find_attr(dom, e, "id", &value)) return false;
    for (const std::string& id : c.ids)
      if (value != id) return false;
  }
  if (!c.classes.empty()) {
    if (!find_attr(dom, e, "class", &value)) return false;
    for (const std::string& name : c.classes)
      if (!has_token(value, name, false)) return false;
  }
  for (const AttrTest& t : c.attrs)
    if (!find_attr(dom, e, t.name, &value) || !match_attr(t, value)) return false;
  for (const Pseudo& p : c.pseudos)
    if (!match_pseudo(p, e, ctx)) return false;
  return true;
}

// Matches compounds[0..i] with compounds[i] on `e`, climbing left. The failure kinds (as in
// WebKit's SelectorChecker) stop hopeless retries: if "a b" fails for the nearest ancestor
// matching b for every ancestor above it, trying a farther b cannot help.
// Recursion is over the selector's compounds only; the tree is climbed in loops.
Result match_from(const Complex& x, std::size_t i, NodeId e, NodeId scope, Ctx& ctx) {
  if (!match_compound(x.compounds[i], e, scope, ctx)) return Result::kFailsLocally;
  if (i == 0) return Result::kMatches;
  const Dom& dom = ctx.dom;
  switch (x.combinators[i - 1]) {
    case Combinator::kDescendant:
      for (NodeId p = parent_element(dom, e); p != kNoNode; p = parent_element(dom, p)) {
        const Result r = match_from(x, i - 1, p, scope, ctx);
        if (r == Result::kMatches || r == Result::kFailsCompletely) return r;
      }
      return Result::kFailsCompletely;
    case Combinator::kChild: {
      const NodeId p = parent_element(dom, e);
      if (p == kNoNode) return Result::kFailsCompletely;
      return match_from(x, i - 1, p, scope, ctx);
    }
    case Combinator::kAdjacent: {
      const NodeId s = prev_element(dom, e);
      if (s == kNoNode) return Result::kFailsAllSiblings;
      return match_from(x, i - 1, s, scope, ctx);
    }
    case Combinator::kSibling:
      for (NodeId s = prev_element(dom, e); s != kNoNode; s = prev_element(dom, s)) {
        const Result r = match_from(x, i - 1, s, scope, ctx);
        if (r == Result::kMatches || r == Result::kFailsAllSiblings || r == Result::kFailsCompletely) return r;
      }
      return Result::kFailsAllSiblings;
  }
  return Result::kFailsCompletely;
}

bool match_complex(const Complex& x, NodeId e, NodeId scope, Ctx& ctx) {
  return match_from(x, x.compounds.size() - 1, e, scope, ctx) == Result::kMatches;
}

bool match_list(const List& list, NodeId e, NodeId scope, Ctx& ctx) {
  for (const Complex& x : list.items)
    if (match_complex(x, e, scope, ctx)) return true;
  return false;
}

// ":has(compound)" with a cache: one post-order walk of the anchor's subtree answers the question
// for the anchor and every element below it, so asking it of nested elements stays linear.
bool match_has_memo(const Complex& rel, NodeId anchor, Ctx& ctx) {
  const Dom& dom = ctx.dom;
  std::vector<std::uint8_t>& memo = ctx.cache->has_memo(&rel);
  if (memo[anchor] != 0) return memo[anchor] == 2;
  const Compound& subject = rel.compounds[1];
  walk(
      dom, anchor,
      [&](NodeId id) {
        if (!dom.is_element(id) || memo[id] != 0) return false;
        memo[id] = 1;
        return true;
      },
      [&](NodeId id) {
        if (id == anchor || !dom.is_element(id)) return;
        if (memo[id] == 2 || match_compound(subject, id, kNoNode, ctx)) memo[dom.node(id).parent] = 2;
      });
  return memo[anchor] == 2;
}

bool match_has(const Complex& rel, NodeId anchor, Ctx& ctx) {
  if (rel.memoizable && ctx.cache != nullptr) return match_has_memo(rel, anchor, ctx);
  const Dom& dom = ctx.dom;
  const std::size_t last = rel.compounds.size() - 1;
  // Tries every element of top's subtree (top itself only if include_top) down to depth_limit.
  auto search = [&](NodeId top, bool include_top) {
    bool found = false;
    int depth = -1;
    walk(
        dom, top,
        [&](NodeId id) {
          ++depth;
          if (found || !dom.is_element(id)) return false;
          if ((include_top || id != top) && match_from(rel, last, id, anchor, ctx) == Result::kMatches) {
            found = true;
            return false;
          }
          return depth < rel.depth_limit;
        },
        [&](NodeId) { --depth; });
    return found;
  };
  if (!rel.sibling_lead) return search(anchor, false);
  for (NodeId s = next_element(dom, anchor); s != kNoNode; s = next_element(dom, s)) {
    if (search(s, true)) return true;
    if (rel.adjacent_only) break;
  }
  return false;
}

// Applies :upward / :and-after to `matched` and flags what ends up selected. Each step stays
// under `root`: :upward stops there and :and-after does not leave it.
void apply_actions(const Complex& x, NodeId matched, NodeId root, Ctx& ctx, std::vector<std::uint8_t>* selected) {
  const Dom& dom = ctx.dom;
  std::vector<NodeId> current{matched}, next;
  for (const Action& action : x.actions) {
    next.clear();
    for (NodeId n : current) {
      switch (action.kind) {
        case ActionKind::kUpwardCount: {
          NodeId a = n;
          for (int k = 0; k < action.count && a != kNoNode; ++k) a = a == root ? kNoNode : dom.node(a).parent;
          if (a != kNoNode && dom.is_element(a)) next.push_back(a);
          break;
        }
        case ActionKind::kUpwardSelector:
          for (NodeId a = n; a != root && a != kNoNode;) {
            a = dom.node(a).parent;
            if (a == kNoNode || !dom.is_element(a)) break;
            if (match_list(*action.list, a, kNoNode, ctx)) {
              next.push_back(a);
              break;
            }
          }
          break;
        case ActionKind::kAndAfter:
          next.push_back(n);
          if (n != root)
            for (NodeId s = dom.node(n).next_sibling; s != kNoNode; s = dom.node(s).next_sibling) next.push_back(s);
          break;
      }
    }
    std::swap(current, next);
  }
  for (NodeId n : current) (*selected)[n] = 1;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// MatchCache.

MatchCache::MatchCache(const Dom& dom, NodeId root) : dom_(dom), root_(root) {}

void MatchCache::build_texts() {
  texts_built_ = true;
  text_begin_.assign(dom_.size(), kNoNode);
  text_end_.assign(dom_.size(), kNoNode);
  bool pending = false;
  // One walk lays the whole subtree's text out in document order; an element's text is then the
  // span between entering and leaving it (a leading ' ' there is a space owed from before it).
  walk(
      dom_, root_,
      [&](NodeId id) {
        text_begin_[id] = static_cast<std::uint32_t>(texts_.size());
        if (dom_.is_text(id)) {
          append_collapsed(&texts_, dom_.text(id), &pending);
          return false;
        }
        return !is_raw_text(dom_, id);
      },
      [&](NodeId id) { text_end_[id] = static_cast<std::uint32_t>(texts_.size()); });
}

std::string_view MatchCache::element_text(NodeId id) {
  if (!texts_built_) build_texts();
  if (id < text_begin_.size() && text_begin_[id] != kNoNode) {
    std::string_view text = std::string_view(texts_).substr(text_begin_[id], text_end_[id] - text_begin_[id]);
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    return text;
  }
  compute_text(dom_, id, &scratch_);
  return scratch_;
}

std::uint32_t MatchCache::child_position(NodeId id, bool from_end) {
  if (child_position_.empty()) {
    child_position_.assign(dom_.size(), 0);
    child_count_.assign(dom_.size(), 0);
  }
  const NodeId parent = dom_.node(id).parent;
  if (child_position_[id] == 0) {
    std::uint32_t n = 0;
    for (NodeId c = dom_.node(parent).first_child; c != kNoNode; c = dom_.node(c).next_sibling)
      if (dom_.is_element(c)) child_position_[c] = ++n;
    child_count_[parent] = n;
  }
  return from_end ? child_count_[parent] - child_position_[id] + 1 : child_position_[id];
}

std::vector<std::uint8_t>& MatchCache::has_memo(const void* key) {
  std::vector<std::uint8_t>& memo = has_memo_[key];
  if (memo.size() != dom_.size()) memo.assign(dom_.size(), 0);
  return memo;
}

// ---------------------------------------------------------------------------------------------
// Selector.

Selector::Selector() : impl_(std::make_unique<Impl>()) {}
Selector::~Selector() = default;
Selector::Selector(Selector&&) noexcept = default;
Selector& Selector::operator=(Selector&&) noexcept = default;

bool Selector::compile(std::string_view text, Selector* out, SelectorError* error) {
  auto impl = std::make_unique<Impl>();
  impl->text = std::string(text);
  Parser parser(impl->text);
  if (!parser.parse_top(impl.get())) {
    if (error != nullptr) *error = parser.error();
    return false;
  }
  for (const Complex& x : impl->list.items) {
    const Compound& subject = x.compounds.back();
    SelectorKeys keys;
    keys.tag = subject.tag;
    keys.tag_name = subject.tag_name;
    if (!subject.ids.empty()) keys.id = subject.ids.front();
    keys.classes = subject.classes;
    impl->keys.push_back(std::move(keys));
    for (const Action& a : x.actions) {
      impl->has_actions = true;
      if (a.kind != ActionKind::kAndAfter) impl->has_upward = true;
    }
  }
  out->impl_ = std::move(impl);
  return true;
}

bool Selector::matches(const Dom& dom, NodeId id) const {
  Ctx ctx{dom, nullptr, {}};
  return match_list(impl_->list, id, kNoNode, ctx);
}

bool Selector::matches(const Dom& dom, NodeId id, MatchCache* cache) const {
  Ctx ctx{dom, cache, {}};
  return match_list(impl_->list, id, kNoNode, ctx);
}

void Selector::select(const Dom& dom, NodeId root, std::vector<NodeId>* out) const {
  MatchCache cache(dom, root);
  Ctx ctx{dom, &cache, {}};
  const List& list = impl_->list;
  if (!impl_->has_actions) {
    // A match is selected with its subtree, so nothing below it needs matching.
    walk(dom, root, [&](NodeId id) {
      if (!dom.is_element(id)) return id == dom.document();
      if (match_list(list, id, kNoNode, ctx)) {
        out->push_back(id);
        return false;
      }
      return true;
    });
    return;
  }
  // Actions select other nodes than the match: flag them, then collect the outermost flags in a
  // second walk. Without :upward, everything a flagged node's descendants could select lies inside
  // it, so its subtree is skipped.
  std::vector<std::uint8_t> selected(dom.size(), 0);
  walk(dom, root, [&](NodeId id) {
    if (!dom.is_element(id)) return id == dom.document();
    if (selected[id] && !impl_->has_upward) return false;
    for (const Complex& x : list.items)
      if (match_complex(x, id, kNoNode, ctx)) apply_actions(x, id, root, ctx, &selected);
    return !(selected[id] && !impl_->has_upward);
  });
  walk(dom, root, [&](NodeId id) {
    if (selected[id]) {
      out->push_back(id);
      return false;
    }
    return dom.is_element(id) || id == dom.document();
  });
}

const std::string& Selector::text() const { return impl_->text; }

const std::vector<SelectorKeys>& Selector::keys() const { return impl_->keys; }

}  // namespace winnow::html
