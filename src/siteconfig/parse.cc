#include "siteconfig/parse.h"

#include <algorithm>

#include "common/ascii.h"
#include "rules/parse.h"

namespace winnow::siteconfig {

namespace {

// What a directive's value is, and what becomes of it.
enum class Kind {
  kXPath,       // an expression, compiled; where it goes is in `slot`
  kWord,        // plain text (strip_id_or_class, strip_image_src)
  kBool,        // yes / no (prune, autodetect_on_failure)
  kFind,        // find_string
  kReplace,     // replace_string, and replace_string(find)
  kHeader,      // http_header(name)
  kTestUrl,
  kTestContains,
  kIgnored,     // accepted, nothing to do (tidy, parser, login_*...)
};

struct Directive {
  const char* name;
  Kind kind;
  std::vector<Expression> Config::*xpath = nullptr;  // kXPath
  std::vector<Word> Config::*words = nullptr;        // kWord
  bool Config::*flag = nullptr;                      // kBool
  bool argument = false;                             // written name(argument): value
};

const std::vector<Directive>& directives() {
  static const std::vector<Directive> table = {
      {"body", Kind::kXPath, &Config::body},
      {"title", Kind::kXPath, &Config::title},
      {"author", Kind::kXPath, &Config::author},
      {"date", Kind::kXPath, &Config::date},
      {"strip", Kind::kXPath, &Config::strip},
      {"dissolve", Kind::kXPath, &Config::dissolve},
      {"single_page_link", Kind::kXPath, &Config::single_page_link},
      {"next_page_link", Kind::kXPath, &Config::next_page_link},
      {"if_page_contains", Kind::kXPath, &Config::if_page_contains},
      {"strip_id_or_class", Kind::kWord, nullptr, &Config::strip_id_or_class},
      {"strip_image_src", Kind::kWord, nullptr, &Config::strip_image_src},
      {"prune", Kind::kBool, nullptr, nullptr, &Config::prune},
      {"autodetect_on_failure", Kind::kBool, nullptr, nullptr, &Config::autodetect_on_failure},
      {"find_string", Kind::kFind},
      {"replace_string", Kind::kReplace},
      {"replace_string", Kind::kReplace, nullptr, nullptr, nullptr, true},
      {"http_header", Kind::kHeader, nullptr, nullptr, nullptr, true},
      {"test_url", Kind::kTestUrl},
      {"test_contains", Kind::kTestContains},
      // graby's and wallabag's: compiled, not acted on.
      {"strip_attr", Kind::kXPath, &Config::strip_attr},
      {"post_strip_attr", Kind::kXPath, &Config::unused},
      {"native_ad_clue", Kind::kXPath, &Config::unused},
      {"not_logged_in_xpath", Kind::kXPath, &Config::unused},
      {"single_page_link_in_feed", Kind::kXPath, &Config::unused},
      {"wrap_in", Kind::kXPath, &Config::wrap_in, nullptr, nullptr, true},
      {"move_into", Kind::kXPath, &Config::unused, nullptr, nullptr, true},
      // Accepted and ignored: tidy and parser choose Full-Text RSS's HTML parser (winnow has one);
      // the rest are graby's logins and output options.
      {"tidy", Kind::kIgnored},
      {"parser", Kind::kIgnored},
      {"login_uri", Kind::kIgnored},
      {"login_username_field", Kind::kIgnored},
      {"login_password_field", Kind::kIgnored},
      {"login_extra_fields", Kind::kIgnored},
      {"requires_login", Kind::kIgnored},
      {"skip_json_ld", Kind::kIgnored},
      {"insert_detected_image", Kind::kIgnored},
      {"convert_double_br_tags", Kind::kIgnored},
      {"footnotes", Kind::kIgnored},
      {"autodetect_next_page", Kind::kIgnored},
      {"strip_comments", Kind::kIgnored},
      {"skip_id_or_class", Kind::kIgnored},
      {"src_lazy_load_attr", Kind::kIgnored},
  };
  return table;
}

const std::vector<std::string>& directive_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Directive& d : directives())
      if (std::find(v.begin(), v.end(), d.name) == v.end()) v.emplace_back(d.name);
    return v;
  }();
  return names;
}

std::string_view trim(std::string_view s) { return winnow::trim(s, kCSpace); }

bool is_name_char(char c) {
  return is_ascii_alnum(c) || c == '_' || c == '-';
}

void add_name(std::vector<std::string>* names, std::string name) {
  if (std::find(names->begin(), names->end(), name) == names->end()) names->push_back(std::move(name));
}

class Parser {
 public:
  Parser(std::string_view path, Config* out, Problems* problems) : path_(path), out_(out), problems_(problems) {}

  void line(int number, std::string_view text) {
    line_ = number;
    const std::size_t start = text.find_first_not_of(" \t\r\f\v");
    if (start == std::string_view::npos || text[start] == '#') return;
    // "name: value" or "name(argument): value". The argument may hold ':' (a find string), so it
    // ends at "):", not at the first ':' as Full-Text RSS has it.
    std::size_t i = start;
    while (i < text.size() && is_name_char(text[i])) ++i;
    std::string name(text.substr(start, i - start));
    std::size_t j = i;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    bool has_argument = false;
    std::string_view argument;
    std::size_t colon = std::string_view::npos;
    if (!name.empty() && j < text.size() && text[j] == '(') {
      const std::size_t close = text.find("):", j + 1);
      if (close != std::string_view::npos) {
        has_argument = true;
        argument = text.substr(j + 1, close - j - 1);
        colon = close + 1;
      }
    } else if (!name.empty() && j < text.size() && text[j] == ':') {
      colon = j;
    }
    if (colon == std::string_view::npos) {
      warn(start + 1, "expected 'directive: value', found \"" + std::string(trim(text)) + "\"");
      return;
    }
    std::size_t value_start = colon + 1;
    while (value_start < text.size() && (text[value_start] == ' ' || text[value_start] == '\t')) ++value_start;
    const std::string_view value = trim(text.substr(colon + 1));
    const int column = static_cast<int>(value_start) + 1;
    const std::string lower = ascii_lower(name);
    const Directive* d = nullptr;
    for (const Directive& candidate : directives())
      if (lower == candidate.name && candidate.argument == has_argument) d = &candidate;
    if (d == nullptr) {
      bool known_name = false;
      for (const Directive& candidate : directives()) known_name |= lower == candidate.name;
      std::string message;
      if (known_name) {
        message = has_argument ? "'" + lower + "' takes no (argument)" : "'" + lower + "' needs an argument: " + lower + "(...)";
      } else {
        message = "unknown directive '" + name + "'";
        if (std::string near = rules::did_you_mean(lower, directive_names()); !near.empty())
          message += ", did you mean '" + near + "'?";
      }
      warn(start + 1, message + " in \"" + std::string(trim(text)) + "\"");
      return;
    }
    // An empty value says nothing (Full-Text RSS skips the line too), except a replacement by
    // nothing, which is what replace_string(find): with no value means.
    if (value.empty() && d->kind != Kind::kReplace) return;
    switch (d->kind) {
      case Kind::kXPath: {
        if (has_argument && trim(argument).empty()) {
          warn(start + 1, "'" + lower + "' needs an argument in \"" + std::string(trim(text)) + "\"");
          return;
        }
        Expression e;
        e.line = line_;
        e.text = std::string(value);
        if (d->xpath == &Config::wrap_in) {
          // The element to wrap in: a tag name.
          e.argument = ascii_lower(trim(argument));
          bool name = true;
          for (char c : e.argument) name = name && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
          if (!name || !(e.argument[0] >= 'a' && e.argument[0] <= 'z')) {
            warn(start + 1, "wrap_in(...) needs a tag name, not \"" + std::string(argument) + "\"");
            return;
          }
        }
        if (!compile(&e, column)) return;
        attributes_tested(e.text, &out_->attribute_names, &out_->reads_every_attribute);
        if (d->xpath == &Config::single_page_link || d->xpath == &Config::next_page_link)
          add_name(&out_->attribute_names, "href");
        (out_->*(d->xpath)).push_back(std::move(e));
        return;
      }
      case Kind::kWord: {
        // Full-Text RSS drops quotes: the word goes into an XPath string literal.
        std::string word;
        for (char c : value)
          if (c != '\'' && c != '"') word += c;
        if (word.empty()) return;
        (out_->*(d->words)).push_back({line_, std::move(word)});
        if (d->words == &Config::strip_image_src) {
          add_name(&out_->attribute_names, "src");
        } else {
          add_name(&out_->attribute_names, "id");
          add_name(&out_->attribute_names, "class");
        }
        return;
      }
      case Kind::kBool: {
        const std::string v = ascii_lower(value);
        if (v == "yes" || v == "true") out_->*(d->flag) = true;
        else if (v == "no" || v == "false") out_->*(d->flag) = false;
        else warn(column, "'" + lower + "' takes yes or no, not \"" + std::string(value) + "\"");
        return;
      }
      case Kind::kFind:
        if (pending_find_) warn_unpaired();
        pending_find_ = true;
        find_ = std::string(value);
        find_line_ = line_;
        return;
      case Kind::kReplace:
        if (has_argument) {
          if (argument.empty()) {
            warn(start + 1, "replace_string() needs the text to find in \"" + std::string(trim(text)) + "\"");
            return;
          }
          out_->replacements.push_back({line_, std::string(argument), std::string(value)});
          return;
        }
        if (!pending_find_) {
          warn(start + 1, "replace_string without a find_string before it");
          return;
        }
        pending_find_ = false;
        out_->replacements.push_back({find_line_, std::move(find_), std::string(value)});
        return;
      case Kind::kHeader: {
        const std::string_view header = trim(argument);
        if (header.empty() || header.find_first_of(":\r\n") != std::string_view::npos) {
          warn(start + 1, "http_header(...) needs a header name in \"" + std::string(trim(text)) + "\"");
          return;
        }
        out_->http_headers.push_back({line_, std::string(header), std::string(value)});
        return;
      }
      case Kind::kTestUrl:
        out_->tests.push_back({line_, std::string(value), {}});
        return;
      case Kind::kTestContains:
        if (out_->tests.empty()) {
          warn(start + 1, "test_contains without a test_url before it");
          return;
        }
        out_->tests.back().contains.emplace_back(value);
        return;
      case Kind::kIgnored:
        ++out_->ignored_directives;
        return;
    }
  }

  void finish() {
    if (pending_find_) warn_unpaired();
  }

 private:
  bool compile(Expression* e, int column) {
    try {
      e->query = std::make_unique<pugi::xpath_query>(e->text.c_str());
      return true;
    } catch (const pugi::xpath_exception& x) {
      const int at = column + static_cast<int>(std::max<std::ptrdiff_t>(0, x.result().offset));
      problems_->errors.push_back({std::string(path_), line_, at,
                                   std::string("bad XPath: ") + x.result().description() + " in \"" + e->text + "\""});
    } catch (const std::bad_alloc&) {
      problems_->errors.push_back({std::string(path_), line_, column, "XPath too large: \"" + e->text + "\""});
    }
    return false;
  }

  void warn(std::size_t column, std::string message) {
    problems_->warnings.push_back({std::string(path_), line_, static_cast<int>(column), std::move(message)});
  }

  void warn_unpaired() {
    problems_->warnings.push_back(
        {std::string(path_), find_line_, 1, "find_string without a replace_string after it: \"" + find_ + "\""});
  }

  std::string_view path_;
  Config* out_;
  Problems* problems_;
  int line_ = 0;
  bool pending_find_ = false;
  std::string find_;
  int find_line_ = 0;
};

}  // namespace

bool parse_config(std::string_view path, std::string_view text, Config* out, Problems* problems) {
  const std::size_t errors_before = problems->errors.size();
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Parser parser(path, out, problems);
  int number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    parser.line(++number, text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  parser.finish();
  return problems->errors.size() == errors_before;
}

void attributes_tested(std::string_view xpath, std::vector<std::string>* names, bool* every) {
  auto name_at = [&](std::size_t i) {
    while (i < xpath.size() && is_c_space(xpath[i])) ++i;
    if (i < xpath.size() && xpath[i] == '*') {
      *every = true;
      return;
    }
    const std::size_t start = i;
    // A QName: letters, digits, '_', '-', '.', ':' and anything not ASCII.
    while (i < xpath.size() && (is_name_char(xpath[i]) || xpath[i] == '.' || xpath[i] == ':' ||
                                static_cast<unsigned char>(xpath[i]) >= 0x80))
      ++i;
    // "@prefix:*" tests any attribute of a namespace: keep them all.
    if (i < xpath.size() && xpath[i] == '*' && i > start && xpath[i - 1] == ':') *every = true;
    if (i > start) add_name(names, ascii_lower(xpath.substr(start, i - start)));
  };
  for (std::size_t i = 0; i < xpath.size(); ++i) {
    const char c = xpath[i];
    if (c == '\'' || c == '"') {
      const std::size_t close = xpath.find(c, i + 1);
      if (close == std::string_view::npos) return;
      i = close;
    } else if (c == '@') {
      name_at(i + 1);
    } else if (c == 'a' && xpath.substr(i, 9) == "attribute" && (i == 0 || !is_name_char(xpath[i - 1]))) {
      std::size_t k = i + 9;
      while (k < xpath.size() && is_c_space(xpath[k])) ++k;
      if (xpath.substr(k, 2) == "::") name_at(k + 2);
    }
  }
}

}  // namespace winnow::siteconfig
