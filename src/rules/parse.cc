#include "rules/parse.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "common/text.h"

namespace winnow::rules {

std::string RuleError::str() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

const std::vector<std::string>& directive_names() {
  static const std::vector<std::string> names = {
      "site",  "lang",   "name",   "disable", "remove", "remove-text", "remove-label", "cut-from",
      "body",  "title",  "byline",  "date",   "unwrap",      "replace",      "test",
      "url",   "expect", "must-contain", "must-not-contain"};
  return names;
}

// Calls fn(word, offset) for each word of a list separated by spaces and/or commas ("a, b c");
// stops early when fn returns false.
template <class Fn>
void for_each_word(std::string_view value, Fn&& fn) {
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (is_space_or_tab(value[i]) || value[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < value.size() && !is_space_or_tab(value[i]) && value[i] != ',') ++i;
    if (i == start) return;
    if (!fn(value.substr(start, i - start), start)) return;
  }
}

// A rule line's white space: space and tab (is_space_or_tab), and the CR a file saved with CRLF
// line ends leaves.
constexpr std::string_view kLineSpace = " \t\r";

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Parses one file; keeps the state that spans lines (current name, current test).
class Parser {
 public:
  Parser(std::string_view path, RuleFile* out, std::vector<RuleError>* errors, ParseMode mode)
      : path_(path), out_(out), errors_(errors), mode_(mode) {}

  void line(int number, std::string_view text) {
    line_ = number;
    text_ = text;
    std::size_t i = 0;
    while (i < text.size() && is_space_or_tab(text[i])) ++i;
    if (i == text.size() || text[i] == '#' || trim(text, kLineSpace).empty()) return;
    const std::size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '-' ||
                               text[i] == '_'))
      ++i;
    const std::string directive = ascii_lower(text.substr(start, i - start));
    std::size_t colon = i;
    while (colon < text.size() && is_space_or_tab(text[colon])) ++colon;
    const bool known = std::find(directive_names().begin(), directive_names().end(), directive) !=
                       directive_names().end();
    if (directive.empty()) {
      error(start, "expected a directive such as 'remove:', found " + quoted(trim(text, kLineSpace)));
      return;
    }
    if (!known) {
      std::string message = "unknown directive '" + directive + "'";
      if (std::string near = did_you_mean(directive, directive_names()); !near.empty())
        message += ", did you mean '" + near + "'?";
      error(start, message + " in " + quoted(trim(text, kLineSpace)));
      return;
    }
    if (colon == text.size() || text[colon] != ':') {
      error(colon, "expected ':' after '" + directive + "', found " + quoted(trim(text, kLineSpace)));
      return;
    }
    std::size_t value_at = colon + 1;
    while (value_at < text.size() && is_space_or_tab(text[value_at])) ++value_at;
    const std::string_view value = trim(text.substr(value_at), kLineSpace);
    if (value.empty()) {
      error(value_at, "expected a value after '" + directive + ":'");
      return;
    }
    handle(directive, value, value_at);
  }

  void finish() {
    if (!out_->generic()) {
      // A site file applies to its hosts' pages whatever their language: the site knows what it
      // writes, and its pages are found by host, not by language.
      if (!out_->languages.empty())
        errors_->push_back({std::string(path_), lang_at_.line, lang_at_.column,
                            "'lang:' is only allowed in a generic file (one without 'site:'): a site "
                            "file applies to every page of its hosts"});
      return;
    }
    for (const Disable& d : out_->disabled)
      errors_->push_back({std::string(path_), d.line, d.column,
                          "'disable:' is only allowed in a site file (one with a 'site:' line): " +
                              quoted(d.name)});
  }

 private:
  void handle(const std::string& directive, std::string_view value, std::size_t at) {
    if (directive == "site") return site(value, at);
    if (directive == "lang") return lang(value, at);
    if (directive == "name") {
      if (!valid_name(value)) return error(at, "expected a rule name of letters, digits, '-' and '_', found " + quoted(value));
      name_ = std::string(value);
      out_->names.push_back(name_);
      return;
    }
    if (directive == "disable") {
      for_each_word(value, [&](std::string_view name, std::size_t start) {
        if (!valid_name(name)) {
          error(at + start, "expected a rule name to disable, found " + quoted(name));
          return false;
        }
        out_->disabled.push_back({line_, column(at + start), std::string(name)});
        return true;
      });
      return;
    }
    if (directive == "remove") return selector_rule(Action::kRemove, value, at);
    if (directive == "cut-from") return selector_rule(Action::kCut, value, at);
    if (directive == "unwrap") return selector_rule(Action::kUnwrap, value, at);
    if (directive == "body") return selector_rule(Action::kBody, value, at);
    if (directive == "title") return selector_rule(Action::kTitle, value, at);
    if (directive == "byline") return selector_rule(Action::kByline, value, at);
    if (directive == "date") return selector_rule(Action::kDate, value, at);
    if (directive == "remove-text") return text_rule(Action::kRemoveText, value, at);
    if (directive == "remove-label") return text_rule(Action::kRemoveLabel, value, at);
    if (directive == "replace") return text_rule(Action::kReplace, value, at);
    if (directive == "test") {
      RuleTest t;
      t.line = line_;
      t.page = std::string(value);
      out_->tests.push_back(std::move(t));
      test_closed_ = false;
      return;
    }
    // The rest qualify the last `test:`.
    if (out_->tests.empty() || test_closed_) {
      return error(0, "'" + directive + ":' must follow a 'test:' line, found " + quoted(trim(text_, kLineSpace)));
    }
    RuleTest& t = out_->tests.back();
    if (directive == "url") {
      if (value.find("://") == std::string_view::npos)
        return error(at, "expected an absolute URL such as https://example.com/story, found " + quoted(value));
      t.url = std::string(value);
    } else if (directive == "expect") {
      t.expect = std::string(value);
    } else if (directive == "must-contain") {
      t.must_contain.emplace_back(value);
    } else if (directive == "must-not-contain") {
      t.must_not_contain.emplace_back(value);
    }
  }

  void site(std::string_view value, std::size_t at) {
    for_each_word(value, [&](std::string_view word, std::size_t start) {
      std::string host = normalize_host(word);
      if (host.empty()) {
        error(at + start, "expected a host name such as example.com, found " + quoted(word));
      } else if (std::find(out_->hosts.begin(), out_->hosts.end(), host) == out_->hosts.end()) {
        out_->hosts.push_back(std::move(host));
        out_->host_at.push_back({line_, column(at + start)});
      }
      return true;
    });
  }

  // `lang: de fr`: ISO 639-1 primary subtags (two letters; three for the languages 639-1 lacks),
  // lower case, as the page's language is normalised (html/language.h): "pt", not "pt-BR".
  void lang(std::string_view value, std::size_t at) {
    for_each_word(value, [&](std::string_view word, std::size_t start) {
      const bool letters = std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      });
      if (word.size() < 2 || word.size() > 3 || !letters) {
        std::string message = "expected a language code of two or three letters such as 'de' (the primary subtag: 'pt', not 'pt-BR'), found " + quoted(word);
        const std::size_t cut = word.find_first_of("-_");
        if (cut >= 2 && cut <= 3 && cut != std::string_view::npos) message += ", did you mean '" + ascii_lower(word.substr(0, cut)) + "'?";
        error(at + start, message);
      } else if (ascii_lower(word) != word) {
        error(at + start, "expected a language code in lower case, found " + quoted(word) + ", did you mean '" + ascii_lower(word) + "'?");
      } else if (std::find(out_->languages.begin(), out_->languages.end(), word) == out_->languages.end()) {
        if (out_->languages.empty()) lang_at_ = {line_, column(at + start)};
        out_->languages.emplace_back(word);
      }
      return true;
    });
  }

  // A rule of this line, under the current name; a rule line also ends the `test:` block above.
  Rule new_rule(Action action) {
    test_closed_ = true;
    Rule rule;
    rule.action = action;
    rule.line = line_;
    rule.name = name_;
    return rule;
  }

  void selector_rule(Action action, std::string_view value, std::size_t at) {
    Rule rule = new_rule(action);
    rule.pattern = std::string(value);
    html::SelectorError e;
    if (!html::Selector::compile(value, &rule.selector, &e)) {
      const std::size_t col = e.column > 0 ? e.column - 1 : 0;
      return error(at + std::min(col, value.size()), "bad selector: " + e.message + " in " + quoted(value));
    }
    for (const std::string& name : rule.selector.attribute_names())
      if (std::find(out_->attribute_names.begin(), out_->attribute_names.end(), name) == out_->attribute_names.end())
        out_->attribute_names.push_back(name);
    if (mode_ == ParseMode::kCompile) out_->rules.push_back(std::move(rule));
  }

  // PATTERN is /re2/ with optional flag i, or plain text (the exact text, any case).
  void text_rule(Action action, std::string_view value, std::size_t at) {
    Rule rule = new_rule(action);
    std::string source;
    bool ignore_case = false;
    std::size_t end = 0;  // just past the pattern
    if (value[0] == '/') {
      std::size_t i = 1;
      bool closed = false;
      for (; i < value.size(); ++i) {
        if (value[i] == '\\') { ++i; continue; }
        if (value[i] == '/') { closed = true; break; }
      }
      if (!closed) return error(at + value.size(), "expected '/' to close the pattern " + quoted(value));
      source = std::string(value.substr(1, i - 1));
      ++i;
      while (i < value.size() && !is_space_or_tab(value[i]) && value[i] != '=') {
        if (value[i] != 'i')
          return error(at + i, std::string("unknown pattern flag '") + value[i] + "' (the only flag is 'i'), in " + quoted(value));
        ignore_case = true;
        ++i;
      }
      end = i;
    } else {
      // Plain text: everything up to " => " for replace, else the whole value.
      end = action == Action::kReplace ? value.find("=>") : value.size();
      if (end == std::string_view::npos) end = value.size();
      source = RE2::QuoteMeta(trim(value.substr(0, end), kLineSpace));
      ignore_case = action != Action::kReplace;
    }
    rule.pattern = std::string(trim(value.substr(0, end), kLineSpace));
    if (action == Action::kReplace) {
      std::string_view rest = trim(value.substr(end), kLineSpace);
      if (rest.substr(0, 2) != "=>")
        return error(at + end, "expected '=> replacement' after the pattern, found " + quoted(value));
      rule.replacement = std::string(trim(rest.substr(2), kLineSpace));
    } else if (!trim(value.substr(end), kLineSpace).empty()) {
      return error(at + end, "expected the end of the line after the pattern, found " + quoted(trim(value.substr(end), kLineSpace)));
    }
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!ignore_case);
    // Checking only: a budget too small for any program makes RE2 stop after parsing, so a
    // syntax error is reported as ever and ErrorPatternTooLarge means the syntax is fine. (64,
    // not 1: the compiler gets 2/3 of it, and a budget of 0 means no limit at all.)
    const bool check_only = mode_ == ParseMode::kCheck && action != Action::kReplace;
    if (check_only) options.set_max_mem(64);
    rule.regex = std::make_unique<RE2>(source, options);
    if (check_only && rule.regex->error_code() == RE2::ErrorPatternTooLarge) return;
    if (!rule.regex->ok()) {
      std::string message = "bad regex: " + rule.regex->error();
      return error(at + (value[0] == '/' ? 1 : 0), message + " in " + quoted(value));
    }
    if (action == Action::kReplace) {
      std::string why;
      if (!rule.regex->CheckRewriteString(rule.replacement, &why))
        return error(at + end, "bad replacement: " + why + " in " + quoted(value));
    }
    if (mode_ == ParseMode::kCompile) out_->rules.push_back(std::move(rule));
  }

  static bool valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
  }

  int column(std::size_t byte) const { return static_cast<int>(utf8_length(text_.substr(0, std::min(byte, text_.size())))) + 1; }

  void error(std::size_t byte, std::string message) {
    errors_->push_back({std::string(path_), line_, column(byte), std::move(message)});
  }

  std::string_view path_;
  RuleFile* out_;
  std::vector<RuleError>* errors_;
  ParseMode mode_;
  int line_ = 0;
  std::string_view text_;
  std::string name_;
  bool test_closed_ = false;  // a rule after a test ends it: a test's lines stay together
  Position lang_at_;          // the first `lang:` code, for the error of one in a site file
};

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance && d * 2 < std::max(word.size(), c.size())) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string normalize_host(std::string_view text) {
  std::string host = ascii_lower(text);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  if (host.empty() || host.front() == '.' || host.front() == '-') return "";
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return "";
  return host;
}

std::string host_of_file_name(std::string_view name) {
  constexpr std::string_view kExtension = ".rules";
  if (name.size() <= kExtension.size() || name.substr(name.size() - kExtension.size()) != kExtension) return "";
  name.remove_suffix(kExtension.size());
  std::size_t labels = 0;
  std::string_view last;
  for (std::size_t start = 0; start <= name.size();) {
    std::size_t end = name.find('.', start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return "";
    for (char c : label)
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') return "";
    ++labels;
    last = label;
    start = end + 1;
  }
  // A top-level domain is letters (or an IDN's "xn--" form): "generic.v2.rules" is no host's.
  const bool tld = last.rfind("xn--", 0) == 0 ||
                   (last.size() >= 2 && std::all_of(last.begin(), last.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
  if (labels < 2 || !tld) return "";
  return normalize_host(name);
}

bool parse_rule_file(std::string_view path, std::string_view text, RuleFile* out,
                     std::vector<RuleError>* errors, ParseMode mode) {
  const std::size_t before = errors->size();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Parser parser(path, out, errors, mode);
  int number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++number;
    parser.line(number, line);
    if (end == text.size()) break;
    start = end + 1;
  }
  parser.finish();
  return errors->size() == before;
}

}  // namespace winnow::rules
