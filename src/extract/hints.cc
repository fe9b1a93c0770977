#include "extract/hints.h"

#include <re2/re2.h>

#include <string>

#include "common/text.h"

namespace winnow::extract {

namespace {

struct Patterns {
  RE2 unlikely{
      "(?i)-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|"
      "legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|"
      "ad-break|agegate|pagination|pager|popup|yom-remote"};
  RE2 maybe{"(?i)and|article|body|column|content|main|mathjax|shadow"};
  RE2 positive{"(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story"};
  RE2 negative{
      "(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|"
      "outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget"};
  RE2 share{"(?i)(\\b|_)(share|sharedaddy)(\\b|_)"};
  RE2 display_none{"(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden"};
};

const Patterns& patterns() {
  static const Patterns p;
  return p;
}

std::string match_string(const html::Dom& dom, html::NodeId id) {
  std::string s(dom.attr(id, "class"));
  s += ' ';
  s += dom.attr(id, "id");
  return s;
}

}  // namespace

int class_weight(const html::Dom& dom, html::NodeId id) {
  const Patterns& p = patterns();
  int weight = 0;
  for (std::string_view v : {dom.attr(id, "class"), dom.attr(id, "id")}) {
    if (v.empty()) continue;
    const re2::StringPiece s(v.data(), v.size());
    if (RE2::PartialMatch(s, p.negative)) weight -= 25;
    if (RE2::PartialMatch(s, p.positive)) weight += 25;
  }
  return weight;
}

bool is_unlikely(const html::Dom& dom, html::NodeId id) {
  const std::string role = ascii_lower(dom.attr(id, "role"));
  for (std::string_view r : {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"})
    if (role == r) return true;
  const std::string s = match_string(dom, id);
  if (s.size() <= 1) return false;
  const Patterns& p = patterns();
  return RE2::PartialMatch(s, p.unlikely) && !RE2::PartialMatch(s, p.maybe);
}

bool is_share(const html::Dom& dom, html::NodeId id) {
  const std::string s = match_string(dom, id);
  return s.size() > 1 && RE2::PartialMatch(s, patterns().share);
}

bool is_hidden(const html::Dom& dom, html::NodeId id) {
  std::string_view v;
  if (dom.attribute(id, "hidden", &v)) return true;
  if (dom.attribute(id, "aria-hidden", &v) && normalize_space(v) == "true" &&
      dom.attr(id, "class").find("fallback-image") == std::string_view::npos)
    return true;
  if (dom.attribute(id, "style", &v) && !v.empty()) {
    const re2::StringPiece s(v.data(), v.size());
    return RE2::PartialMatch(s, patterns().display_none);
  }
  return false;
}

}  // namespace winnow::extract
