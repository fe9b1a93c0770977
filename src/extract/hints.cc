#include "extract/hints.h"

#include <re2/re2.h>

#include <string>

#include "common/text.h"
#include "extract/ascii.h"

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
  if (dom.node(id).attr_count == 0) return false;
  const std::string_view role = dom.attr(id, "role");
  for (std::string_view r : {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"})
    if (equals_lower(role, r)) return true;
  std::string buf;
  std::string_view s;
  if (!match_string(dom, id, &buf, &s)) return false;
  const Patterns& p = patterns();
  const re2::StringPiece sp(s.data(), s.size());
  return RE2::PartialMatch(sp, p.unlikely) && !RE2::PartialMatch(sp, p.maybe);
}

bool is_share(const html::Dom& dom, html::NodeId id) {
  if (dom.node(id).attr_count == 0) return false;
  std::string buf;
  std::string_view s;
  return match_string(dom, id, &buf, &s) && RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), patterns().share);
}

bool is_hidden(const html::Dom& dom, html::NodeId id) {
  if (dom.node(id).attr_count == 0) return false;
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
