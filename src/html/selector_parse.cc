#include "html/selector_parse.h"

#include <algorithm>
#include <utility>

#include "common/ascii.h"
#include "common/text.h"
#include "html/attribute_filter.h"

namespace winnow::html::selector_internal {

namespace {

bool is_name_start(char c) {
  return is_ascii_alpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_char(char c) { return is_name_start(c) || is_ascii_digit(c) || c == '-'; }

// A recursive-descent parser over the selector text (recursion follows the selector's nesting,
// never the page's). The first error stops it and is kept with its position.
class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  // Parses the whole text as a top-level selector list.
  bool parse_top(List* list) {
    if (!parse_list(list, /*relative=*/false, /*top=*/true, "")) return false;
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

  static constexpr int kMaxNesting = 32;
  int depth_ = 0;
  int in_has_ = 0;  // how many :has() arguments the parser is inside

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
    while (!at_end() && is_ascii_space(cur())) ++pos_;
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
    if (is_ascii_hex_digit(cur())) {
      unsigned cp = 0;
      for (int n = 0; n < 6 && is_ascii_hex_digit(cur()); ++n, ++pos_) {
        const char c = lower_ascii(cur());
        cp = cp * 16 + static_cast<unsigned>(is_ascii_digit(c) ? c - '0' : c - 'a' + 10);
      }
      if (is_ascii_space(cur())) ++pos_;
      append_utf8(out, cp == 0 ? 0xFFFD : cp);  // CSS: an escaped NUL is U+FFFD
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
    // :is(), :not(), :has() and :upward() nest lists; the parser and the matcher recurse on that
    // nesting, so it is bounded (real rules nest two or three levels).
    struct Nesting {
      int* depth;
      explicit Nesting(int* d) : depth(d) { ++*depth; }
      ~Nesting() { --*depth; }
    } nesting(&depth_);
    if (depth_ > kMaxNesting)
      return fail(pos_, "selector nested more than " + std::to_string(kMaxNesting) + " levels deep");
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
      for (char& c : name) c = lower_ascii(c);
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
    // Cheapest first (see PseudoKind); a tag lookup before all. The order does not change what
    // matches: every test of a compound must pass.
    auto cost = [](const Pseudo& p) { return p.tags_only ? -1 : static_cast<int>(p.kind); };
    std::stable_sort(out->pseudos.begin(), out->pseudos.end(),
                     [&](const Pseudo& a, const Pseudo& b) { return cost(a) < cost(b); });
    return true;
  }

  // True if pos_ is on ":upward" or ":and-after" (which may follow an earlier action).
  bool action_follows() const {
    if (cur() != ':') return false;
    std::size_t i = pos_ + 1;
    std::string name;
    while (i < s_.size() && is_name_char(s_[i])) name.push_back(lower_ascii(s_[i++]));
    return name == "upward" || name == "and-after";
  }

  bool parse_attribute(Compound* out) {
    ++pos_;  // '['
    skip_ws();
    if (cur() == '|' || (cur() == '*' && at(pos_ + 1) == '|')) return namespace_error(pos_);
    AttrTest test;
    const std::size_t name_at = pos_;
    if (!consume_ident(&test.name)) return fail(pos_, "expected an attribute name after '['");
    for (char& c : test.name) c = lower_ascii(c);
    if (is_dropped_attribute(test.name))
      return fail(name_at, "'" + test.name + "' is dropped before parsing (event handlers and srcdoc): no element has it");
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
      test.ignore_case = lower_ascii(cur()) == 'i';
      ++pos_;
      skip_ws();
    }
    if (cur() != ']' || at_end()) return fail(pos_, "expected ']' to close attribute selector");
    ++pos_;
    if (test.op == AttrOp::kSubstring && test.ignore_case && !test.value.empty()) {
      const std::size_t m = test.value.size();
      test.shifts.assign(256, static_cast<std::uint8_t>(std::min<std::size_t>(m, 255)));
      for (std::size_t k = 0; k + 1 < m; ++k)
        test.shifts[static_cast<unsigned char>(lower_ascii(test.value[k]))] = static_cast<std::uint8_t>(std::min<std::size_t>(m - 1 - k, 255));
    }
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
    for (char& c : name) c = lower_ascii(c);
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
      if (is_ascii_digit(cur())) {
        const std::size_t digits = pos_;
        long n = 0;
        while (is_ascii_digit(cur()) && !at_end()) {
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
      // As in CSS (Selectors 4), :has() is not valid inside :has(): each level would search every
      // descendant of every candidate again, and the selector fuzzer found nestings of a few
      // levels with lists of '*' that took minutes to match on a small page.
      if (p.kind == PseudoKind::kHas && in_has_ > 0)
        return fail(colon, "':has()' cannot be used inside ':has()'");
      p.list = std::make_unique<List>();
      in_has_ += p.kind == PseudoKind::kHas;
      const bool parsed = parse_list(p.list.get(), p.kind == PseudoKind::kHas, false, display);
      in_has_ -= p.kind == PseudoKind::kHas;
      if (!parsed) return false;
      ++pos_;  // ')'
      if (p.kind != PseudoKind::kHas) find_tags_only(&p);
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
      while (i < s_.size() && (is_name_char(s_[i]))) word.push_back(lower_ascii(s_[i++]));
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
    while (is_ascii_digit(cur()) && !at_end()) {
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
        while (is_ascii_digit(cur()) && !at_end()) {
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

  // Sets p->tags_only and p->tags when every selector of p's list is a plain known tag.
  static void find_tags_only(Pseudo* p) {
    std::bitset<GUMBO_TAG_LAST + 1> tags;
    for (const Complex& x : p->list->items) {
      if (x.compounds.size() != 1 || !x.actions.empty()) return;
      const Compound& c = x.compounds[0];
      if (c.scope || c.tag == GUMBO_TAG_LAST || c.tag == GUMBO_TAG_UNKNOWN || !c.ids.empty() || !c.classes.empty() ||
          !c.attrs.empty() || !c.pseudos.empty())
        return;
      tags.set(c.tag);
    }
    p->tags_only = !p->list->items.empty();
    p->tags = tags;
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

}  // namespace

bool parse(std::string_view text, List* out, SelectorError* error) {
  Parser parser(text);
  if (parser.parse_top(out)) return true;
  if (error != nullptr) *error = parser.error();
  return false;
}

}  // namespace winnow::html::selector_internal
