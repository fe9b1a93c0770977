#include "extract/page_signals.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "common/ascii.h"
#include "common/needles.h"
#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// schema.org types (JSON-LD @type, microdata itemtype), matched whole, ASCII case ignored.
constexpr std::string_view kTypes[] = {
    "product", "offer", "aggregaterating", "review", "article", "newsarticle", "blogposting",
    "discussionforumposting", "qapage", "question", "answer", "comment", "itemlist", "collectionpage",
    "searchresultspage", "faqpage", "techarticle", "apireference", "howto", "recipe",
    "softwareapplication", "service", "organization", "localbusiness", "event", "jobposting", "course",
    "webpage", "website", "breadcrumblist", "person", "videoobject", "profilepage", "listitem",
};
// og:type values, by prefix.
constexpr std::string_view kOgTypes[] = {"article", "product", "website", "profile", "video", "book"};
// Words of the URL's path (lower case) that say what a page is on sites of every kind.
constexpr std::string_view kUrlWords[] = {
    "forum", "thread", "topic", "/t/", "communit", "discuss", "question", "/q/", "product", "/p/", "/dp/",
    "/item", "shop", "store", "collection", "categor", "/c/", "/b/", "docs", "/doc", "documentation",
    "wiki", "api", "reference", "guide", "manual", "learn", "blog", "news", "article", "/20", "tag",
    "search", "list", "job", "service", "solution", "pricing", "about", "feature", "recipe", "review",
    ".html", "/index", "help", "support", "faq",
};

enum Counter { kArticles, kPres, kCodes, kForms, kInputs, kH1s, kMains, kTables, kItems, kLinks, kPrices,
               kTimes, kNextLink, kImages, kH2s, kH3s, kBlockquotes, kNavs, kAsides, kButtons, kTextBytes,
               kLinkBytes, kCardGroups, kLargestGroup, kCounters };
constexpr std::string_view kCounterNames[] = {"n_article", "n_pre", "n_code", "n_form", "n_input", "n_h1",
                                              "has_main", "n_table", "n_li", "n_a", "n_price", "n_time",
                                              "rel_next", "n_img", "n_h2", "n_h3", "n_blockquote", "n_nav",
                                              "n_aside", "n_button", "text_bytes", "link_share", "card_groups",
                                              "largest_group"};
// Class and id words whose count says what a page is made of: posts and replies (threads),
// prices and cards (shops and listings), a table of contents and code (docs), features and
// testimonials (service pages). Each counts the elements whose class or id holds it.
constexpr std::string_view kClassWords[] = {
    "post", "comment", "reply", "message", "author", "avatar", "vote", "thread", "topic", "answer",
    "price", "product", "card", "grid", "item", "cart", "rating", "review", "toc", "sidebar", "doc",
    "code", "highlight", "feature", "pricing", "testimonial", "hero", "cta", "article", "story",
    "byline", "share", "related", "breadcrumb", "pagination", "filter"};
static_assert(std::size(kCounterNames) == kCounters);

const std::size_t kTypeBase = 0;
const std::size_t kOgBase = std::size(kTypes);
const std::size_t kUrlBase = kOgBase + std::size(kOgTypes);
const std::size_t kCounterBase = kUrlBase + std::size(kUrlWords);
const std::size_t kClassBase = kCounterBase + kCounters;
const std::size_t kSignals = kClassBase + std::size(kClassWords);

const NeedleSet& class_word_set() {
  static const NeedleSet set = [] {
    std::vector<std::pair<std::string, std::uint32_t>> needles;
    for (std::size_t i = 0; i < std::size(kClassWords); ++i)
      needles.emplace_back(std::string(kClassWords[i]), static_cast<std::uint32_t>(i));
    NeedleSet n;
    n.build(needles);
    return n;
  }();
  return set;
}

void mark_type(std::string_view type, std::vector<float>* v) {
  // "https://schema.org/Product" and "Product" alike.
  const std::size_t slash = type.rfind('/');
  if (slash != std::string_view::npos) type = type.substr(slash + 1);
  for (std::size_t i = 0; i < std::size(kTypes); ++i)
    if (equals_lower(type, kTypes[i])) (*v)[kTypeBase + i] = 1;
}

// Every "@type" value of a JSON-LD text, a string or an array of strings, without parsing the
// rest: the types are all the signal needs, and the scripts can be large.
void scan_ld_types(std::string_view s, std::vector<float>* v) {
  for (std::size_t at = s.find("\"@type\""); at != std::string_view::npos; at = s.find("\"@type\"", at + 7)) {
    std::size_t i = at + 7;
    while (i < s.size() && (s[i] == ' ' || s[i] == ':' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
    const bool array = i < s.size() && s[i] == '[';
    if (array) ++i;
    for (int items = 0; items < 8 && i < s.size(); ++items) {
      while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
      if (i >= s.size() || s[i] != '"') break;
      const std::size_t end = s.find('"', i + 1);
      if (end == std::string_view::npos) break;
      mark_type(s.substr(i + 1, end - i - 1), v);
      i = end + 1;
      if (!array) break;
    }
  }
}

// Prices in a text: a currency sign next to a digit.
float count_prices(std::string_view t) {
  float n = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    // Most bytes start no sign: only '$', 0xC2 (£ ¥) and 0xE2 (€ ₹) are looked at closer.
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c != '$' && c != 0xC2 && c != 0xE2) continue;
    std::size_t sign = 0;
    if (c == '$') sign = 1;
    else if (t.compare(i, 2, "\xC2\xA3") == 0 || t.compare(i, 2, "\xC2\xA5") == 0) sign = 2;  // £ ¥
    else if (t.compare(i, 3, "\xE2\x82\xAC") == 0 || t.compare(i, 3, "\xE2\x82\xB9") == 0) sign = 3;  // € ₹
    if (sign == 0) continue;
    const std::size_t j = i + sign;
    auto digit = [&](std::size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
    const bool after = digit(j) || (j < t.size() && t[j] == ' ' && digit(j + 1));
    const bool before = i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9';
    if (after || before) ++n;
    i = j - 1;
  }
  return n;
}

}  // namespace

const std::vector<std::string>& page_signal_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (std::string_view t : kTypes) v.push_back("ld_" + std::string(t));
    for (std::string_view t : kOgTypes) v.push_back("og_" + std::string(t));
    for (std::string_view w : kUrlWords) v.push_back("url_" + std::string(w));
    for (std::string_view c : kCounterNames) v.emplace_back(c);
    for (std::string_view w : kClassWords) v.push_back("class_" + std::string(w));
    return v;
  }();
  return names;
}

PageSignals read_page_signals(const Dom& dom, std::string_view url) {
  PageSignals out;
  std::vector<float>& v = out.values;
  v.assign(kSignals, 0);
  // The URL's path: after the host.
  std::string path;
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::size_t slash = url.find('/', scheme + 3);
    if (slash != std::string_view::npos) path = ascii_lower(url.substr(slash));
  }
  for (std::size_t i = 0; i < std::size(kUrlWords); ++i)
    if (path.find(kUrlWords[i]) != std::string::npos) v[kUrlBase + i] = 1;

  float counts[kCounters] = {};
  float class_counts[std::size(kClassWords)] = {};
  std::vector<std::uint64_t> signatures;
  int in_link = 0;
  NodeId link = kNoNode;
  html::walk(
      dom, dom.document(), [&](NodeId id) {
    if (dom.is_text(id)) {
      const std::string_view t = dom.text(id);
      if (t.size() < 2000) counts[kPrices] += count_prices(t);
      std::size_t visible = 0;
      for (char c : t) visible += c != ' ' && c != '\n' && c != '\t' && c != '\r';
      counts[kTextBytes] += static_cast<float>(visible);
      if (in_link > 0) counts[kLinkBytes] += static_cast<float>(visible);
      return false;
    }
    if (!dom.is_element(id)) return true;
    const GumboTag tag = dom.tag(id);
    switch (tag) {
      case GUMBO_TAG_LINK:
        if (equals_lower(dom.attr(id, "rel"), "next")) counts[kNextLink] = 1;
        return false;
      case GUMBO_TAG_META:
        if (equals_lower(dom.attr(id, "property"), "og:type")) {
          const std::string type = ascii_lower(normalize_space(dom.attr(id, "content")));
          for (std::size_t i = 0; i < std::size(kOgTypes); ++i)
            if (type.rfind(kOgTypes[i], 0) == 0) v[kOgBase + i] = 1;
        }
        return false;
      case GUMBO_TAG_SCRIPT:
        if (contains_lower(dom.attr(id, "type"), "ld+json"))
          for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling)
            if (dom.is_text(k)) scan_ld_types(dom.text(k), &v);
        return false;
      case GUMBO_TAG_INPUT: ++counts[kInputs]; return false;
      case GUMBO_TAG_BUTTON: ++counts[kButtons]; return false;
      default: break;
    }
    // The insides of scripts, styles, svg and the like are not the page's (and the pre-scan drops
    // them), so nothing below depends on them.
    if (html::is_unrendered(tag) && tag != GUMBO_TAG_HEAD) return false;
    switch (tag) {
      case GUMBO_TAG_ARTICLE: ++counts[kArticles]; break;
      case GUMBO_TAG_PRE: ++counts[kPres]; break;
      case GUMBO_TAG_CODE: ++counts[kCodes]; break;
      case GUMBO_TAG_FORM: ++counts[kForms]; break;
      case GUMBO_TAG_H1: ++counts[kH1s]; break;
      case GUMBO_TAG_MAIN: counts[kMains] = 1; break;
      case GUMBO_TAG_TABLE: ++counts[kTables]; break;
      case GUMBO_TAG_LI: ++counts[kItems]; break;
      case GUMBO_TAG_A:
        ++counts[kLinks];
        if (link == kNoNode) {
          link = id;
          ++in_link;
        }
        break;
      case GUMBO_TAG_TIME: ++counts[kTimes]; break;
      case GUMBO_TAG_IMG: ++counts[kImages]; break;
      case GUMBO_TAG_H2: ++counts[kH2s]; break;
      case GUMBO_TAG_H3: ++counts[kH3s]; break;
      case GUMBO_TAG_BLOCKQUOTE: ++counts[kBlockquotes]; break;
      case GUMBO_TAG_NAV: ++counts[kNavs]; break;
      case GUMBO_TAG_ASIDE: ++counts[kAsides]; break;
      default: break;
    }
    // Groups of look-alike children (same tag and class, not empty): cards, posts, results. How
    // many groups of five or more, and the largest.
    signatures.clear();
    for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling)
      if (dom.is_element(k) && dom.node(k).first_child != kNoNode && !html::is_unrendered(dom.tag(k)))
        signatures.push_back(std::hash<std::string_view>{}(dom.attr(k, "class")) * 31 + dom.tag(k));
    if (signatures.size() >= 5) {
      std::sort(signatures.begin(), signatures.end());
      for (std::size_t i = 0; i < signatures.size();) {
        std::size_t j = i;
        while (j < signatures.size() && signatures[j] == signatures[i]) ++j;
        if (j - i >= 5) {
          ++counts[kCardGroups];
          counts[kLargestGroup] = std::max(counts[kLargestGroup], static_cast<float>(j - i));
        }
        i = j;
      }
    }
    if (dom.node(id).attr_count > 0) {
      // class, id and itemtype in one pass over the attributes (the first of each name counts).
      std::string_view values[3];
      bool found[3] = {};
      for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
        const std::string_view name = dom.view(a->name);
        const int which = name == "class" ? 0 : name == "id" ? 1 : name == "itemtype" ? 2 : -1;
        if (which >= 0 && !found[which]) {
          found[which] = true;
          values[which] = dom.view(a->value);
        }
      }
      for (std::string_view value : {values[0], values[1]}) {
        std::uint64_t seen = 0;
        class_word_set().scan(value, [&](std::uint32_t w) { seen |= std::uint64_t{1} << w; });
        for (std::size_t w = 0; seen != 0; ++w, seen >>= 1)
          if (seen & 1) ++class_counts[w];
      }
      const std::string_view type = values[2];
      // itemtype may list several URLs.
      for (std::size_t b = 0; b < type.size();) {
        std::size_t e = type.find(' ', b);
        if (e == std::string_view::npos) e = type.size();
        if (e > b) mark_type(type.substr(b, e - b), &v);
        b = e + 1;
      }
    }
    return true;
  },
      [&](NodeId id) {
        if (id == link) {
          link = kNoNode;
          --in_link;
        }
      });
  // The share of the text in links, in place of the link bytes.
  counts[kLinkBytes] = counts[kTextBytes] > 0 ? counts[kLinkBytes] / counts[kTextBytes] : 0;
  for (std::size_t i = 0; i < kCounters; ++i) v[kCounterBase + i] = i == kLinkBytes ? counts[i] : std::log1p(counts[i]);
  for (std::size_t i = 0; i < std::size(kClassWords); ++i) v[kClassBase + i] = std::log1p(class_counts[i]);
  return out;
}

}  // namespace winnow::extract
