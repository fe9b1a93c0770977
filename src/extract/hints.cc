#include "extract/hints.h"

#include <re2/re2.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "common/needles.h"
#include "common/text.h"

namespace winnow::extract {

namespace {

// The class and id vocabularies, as lists of literal words. Each is matched case-insensitively as a
// substring; an RE2 built from the same list answers for text that is not ASCII, where RE2's Unicode
// case folding (K for the Kelvin sign, s for the long s) could differ from ASCII folding.
constexpr std::string_view kUnlikely =
    "-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|"
    "legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|"
    "ad-break|agegate|pagination|pager|popup|yom-remote";
constexpr std::string_view kMaybe = "and|article|body|column|content|main|mathjax|shadow";
constexpr std::string_view kPositive =
    "article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story";
// Also negative: "hid" as a whole space-separated word (hid_word below).
constexpr std::string_view kNegative =
    "-ad-|hidden|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|"
    "outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget";
constexpr std::string_view kHidWord = "|^hid$| hid$| hid |^hid ";

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string icase(std::string_view list) { return "(?i)" + std::string(list); }

// Compiled on first use only: most pages never need them, and compiling costs more than a page.
struct Patterns {
  RE2 unlikely{icase(kUnlikely)};
  RE2 maybe{icase(kMaybe)};
  RE2 positive{icase(kPositive)};
  RE2 negative{icase(std::string(kNegative) + std::string(kHidWord))};
  RE2 share{"(?i)(\\b|_)(share|sharedaddy)(\\b|_)"};
  RE2 display_none{"(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden"};
};

const Patterns& patterns() {
  static const Patterns p;
  return p;
}

// Which of the lists (and "share") have a word in an ASCII text, ASCII case ignored.
enum WordList : std::uint32_t { kUnlikelyList = 1, kMaybeList = 2, kPositiveList = 4, kNegativeList = 8, kShareWord = 16 };

// Every list's words in one automaton: one pass over a class or id answers for all the lists, where
// a search per list would read long class values (utility-class pages) several times.
const NeedleSet& vocabulary() {
  static const NeedleSet set = [] {
    std::vector<std::pair<std::string, std::uint32_t>> needles{{"share", kShareWord}};
    for (auto [list, bit] : {std::pair{kUnlikely, kUnlikelyList}, std::pair{kMaybe, kMaybeList},
                             std::pair{kPositive, kPositiveList}, std::pair{kNegative, kNegativeList}}) {
      for (std::size_t b = 0; b <= list.size();) {
        std::size_t e = list.find('|', b);
        if (e == std::string_view::npos) e = list.size();
        needles.emplace_back(std::string(list.substr(b, e - b)), bit);
        b = e + 1;
      }
    }
    NeedleSet n;
    n.build(needles);
    return n;
  }();
  return set;
}

// The WordList bits of ASCII text `s`. Cost: one table step per byte.
std::uint32_t word_lists(std::string_view s) {
  std::uint32_t bits = 0;
  vocabulary().scan(s, [&](std::uint32_t bit) { bits |= bit; });
  return bits;
}

// "hid" as a whole word of a space-separated list: ^hid$, " hid$", " hid ", "^hid ".
bool hid_word(std::string_view s) {
  for (std::size_t i = s.find_first_of("hH"); i != std::string_view::npos; i = s.find_first_of("hH", i + 1))
    if ((i == 0 || s[i - 1] == ' ') && i + 3 <= s.size() && equals_lower(s.substr(i, 3), "hid") &&
        (i + 3 == s.size() || s[i + 3] == ' '))
      return true;
  return false;
}

bool is_word_char(char c) { return is_ascii_alnum(c) || c == '_'; }

// (\b|_)(share|sharedaddy)(\b|_) for ASCII `s`: "share" or "sharedaddy" not inside a longer word,
// where '_' also separates words.
bool share_word(std::string_view s) {
  for (std::size_t i = 0; i + 5 <= s.size(); ++i) {
    if (!equals_lower(s.substr(i, 5), "share")) continue;
    if (i > 0 && is_word_char(s[i - 1]) && s[i - 1] != '_') continue;
    for (std::size_t end : {i + 5, i + 10}) {
      if (end > s.size() || (end == i + 10 && !equals_lower(s.substr(i + 5, 5), "daddy"))) continue;
      if (end == s.size() || !is_word_char(s[end]) || s[end] == '_') return true;
    }
  }
  return false;
}

// display\s*:\s*none or visibility\s*:\s*hidden in ASCII `s` (\s is RE2's: tab, \n, \f, \r, space).
bool hides(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (auto [prop, value] : {std::pair<std::string_view, std::string_view>{"display", "none"}, {"visibility", "hidden"}}) {
      if (i + prop.size() > s.size() || !equals_lower(s.substr(i, prop.size()), prop)) continue;
      std::size_t j = i + prop.size();
      while (j < s.size() && is_ascii_space(s[j])) ++j;
      if (j == s.size() || s[j] != ':') continue;
      ++j;
      while (j < s.size() && is_ascii_space(s[j])) ++j;
      if (j + value.size() <= s.size() && equals_lower(s.substr(j, value.size()), value)) return true;
    }
  }
  return false;
}

// The text the unlikely and share patterns look at: "class id". Their patterns hold no space and no
// anchor, so a lone class or id is matched as is, without the copy. Returns false when both are empty.
bool match_string(const html::Dom& dom, html::NodeId id, std::string* buf, std::string_view* out) {
  const std::string_view cls = dom.attr(id, "class"), ident = dom.attr(id, "id");
  if (cls.empty() && ident.empty()) return false;
  if (ident.empty()) {
    *out = cls;
  } else if (cls.empty()) {
    *out = ident;
  } else {
    buf->assign(cls);
    *buf += ' ';
    *buf += ident;
    *out = *buf;
  }
  return true;
}

}  // namespace

int class_weight(const html::Dom& dom, html::NodeId id) {
  if (dom.node(id).attr_count == 0) return 0;
  int weight = 0;
  for (std::string_view v : {dom.attr(id, "class"), dom.attr(id, "id")}) {
    if (v.empty()) continue;
    if (is_ascii(v)) {
      const std::uint32_t lists = word_lists(v);
      if ((lists & kNegativeList) || hid_word(v)) weight -= 25;
      if (lists & kPositiveList) weight += 25;
    } else {
      const re2::StringPiece s(v.data(), v.size());
      if (RE2::PartialMatch(s, patterns().negative)) weight -= 25;
      if (RE2::PartialMatch(s, patterns().positive)) weight += 25;
    }
  }
  return weight;
}

bool is_unlikely(const html::Dom& dom, html::NodeId id) {
  if (dom.node(id).attr_count == 0) return false;
  const std::string_view role = dom.attr(id, "role");
  for (std::string_view r : {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"})
    if (equals_lower(role, r)) return true;
  std::string buf;
  std::string_view s;
  if (!match_string(dom, id, &buf, &s)) return false;
  if (is_ascii(s)) return (word_lists(s) & (kUnlikelyList | kMaybeList)) == kUnlikelyList;
  const re2::StringPiece p(s.data(), s.size());
  return RE2::PartialMatch(p, patterns().unlikely) && !RE2::PartialMatch(p, patterns().maybe);
}

bool is_share(const html::Dom& dom, html::NodeId id) {
  if (dom.node(id).attr_count == 0) return false;
  std::string buf;
  std::string_view s;
  if (!match_string(dom, id, &buf, &s)) return false;
  // Most values hold no "share" at all: the automaton tells in the pass it makes anyway.
  if (is_ascii(s)) return (word_lists(s) & kShareWord) && share_word(s);
  return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), patterns().share);
}

bool is_hidden(const html::Dom& dom, html::NodeId id) {
  // One pass over the attributes, each name's first occurrence only (as attr() reads them): the
  // detector asks this of every element.
  const html::Attribute* aria = nullptr;
  const html::Attribute* cls = nullptr;
  const html::Attribute* style = nullptr;
  for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
    const std::string_view name = dom.view(a->name);
    if (name == "hidden") return true;
    if (name == "aria-hidden") {
      if (aria == nullptr) aria = a;
    } else if (name == "class") {
      if (cls == nullptr) cls = a;
    } else if (name == "style") {
      if (style == nullptr) style = a;
    }
  }
  if (aria != nullptr && normalize_space(dom.view(aria->value)) == "true" &&
      (cls == nullptr || dom.view(cls->value).find("fallback-image") == std::string_view::npos))
    return true;
  if (style == nullptr) return false;
  const std::string_view v = dom.view(style->value);
  if (v.empty()) return false;
  return is_ascii(v) ? hides(v) : RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), patterns().display_none);
}

}  // namespace winnow::extract
