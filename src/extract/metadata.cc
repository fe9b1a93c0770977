#include "extract/metadata.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "common/ascii.h"
#include "common/text.h"
#include "extract/byline.h"
#include "extract/dates.h"
#include "extract/entities.h"
#include "extract/hints.h"
#include "extract/jsonld.h"
#include "extract/title.h"
#include "extract/url.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// Everything read_metadata needs, gathered in one walk of the page.
struct Scan {
  std::map<std::string, std::string> meta;  // "og:title" -> content; last one wins
  std::string title;                        // <title>
  std::vector<std::string> headings;        // <h1> and <h2> texts
  std::size_t h1_count = 0;
  std::string first_h1;
  std::string html_lang;
  std::string canonical;
  std::string image_src;  // <link rel=image_src>
  std::string base_href;
  std::string byline;     // first rel=author / itemprop=author / .byline element's text
  std::string time_published;  // <time itemprop=datePublished|pubdate datetime>
};

// The text of `root`'s subtree, white space collapsed, with a space where a block starts or ends
// ("<div>By Ana</div><div>May 1</div>" reads "By Ana May 1", however the page is indented).
std::string text_of(const Dom& dom, NodeId root) {
  std::string out;
  bool pending = false;
  html::walk(
      dom, root,
      [&](NodeId id) {
        if (dom.is_text(id)) append_collapsed(&out, dom.text(id), &pending);
        if (id != root && dom.is_element(id) && html::is_block(dom.tag(id))) pending = true;
        return dom.tag(id) != GUMBO_TAG_SCRIPT && dom.tag(id) != GUMBO_TAG_STYLE;
      },
      [&](NodeId id) {
        if (id != root && dom.is_element(id) && html::is_block(dom.tag(id))) pending = true;
      });
  return out;
}

bool has_token(std::string_view list, std::string_view token) {
  const std::string l = ascii_lower(list);
  std::size_t i = 0;
  while (i < l.size()) {
    while (i < l.size() && l[i] == ' ') ++i;
    const std::size_t b = i;
    while (i < l.size() && l[i] != ' ') ++i;
    if (std::string_view(l).substr(b, i - b) == token) return true;
  }
  return false;
}

// "og : title" / "DC.Title" -> "og:title" / "dc:title".
std::string meta_key(std::string_view name) {
  std::string k;
  for (char c : ascii_lower(name))
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') k += c == '.' ? ':' : c;
  return k;
}

// True if a strict ancestor of `id` below the body is hidden or an unlikely block (menus, headers,
// sidebars): the byline is looked for outside those only, as the detector does. `body` is the first
// <body> the walk entered and `before_body` the elements that were open then (its ancestors); the
// other ancestors of `id` were entered inside the body. `memo` caches each ancestor's verdict
// (0 unknown, 1 no, 2 yes) so that many candidates under one block cost one test of it.
bool in_skipped_block(const Dom& dom, NodeId id, NodeId body, const std::vector<NodeId>& before_body,
                      std::vector<std::uint8_t>* memo) {
  for (NodeId a = dom.node(id).parent; a != kNoNode && a != body; a = dom.node(a).parent) {
    if (std::find(before_body.begin(), before_body.end(), a) != before_body.end()) return false;
    // The walk below does not test <html> and <body> elements.
    if (dom.tag(a) == GUMBO_TAG_BODY || dom.tag(a) == GUMBO_TAG_HTML) continue;
    if (memo->empty()) memo->assign(dom.size(), 0);
    std::uint8_t& m = (*memo)[a];
    if (m == 0) m = is_hidden(dom, a) || is_unlikely(dom, a) ? 2 : 1;
    if (m == 2) return true;
  }
  return false;
}

// One walk of the page. With `full` false only what page_url() needs (links, metas, <base>).
Scan scan(const Dom& dom, bool full) {
  Scan s;
  NodeId body = kNoNode;  // the first <body> entered: the walk is in the body from then on
  std::vector<NodeId> before_body;
  std::vector<std::uint8_t> memo;
  html::walk(dom, dom.document(), [&](NodeId id) {
    if (!dom.is_element(id)) return id == dom.document();
    switch (dom.tag(id)) {
      case GUMBO_TAG_HTML:
        if (!full) return true;
        s.html_lang = normalize_space(dom.attr(id, "lang"));
        if (s.html_lang.empty()) s.html_lang = normalize_space(dom.attr(id, "xml:lang"));
        return true;
      case GUMBO_TAG_BODY:
        if (body == kNoNode) {
          body = id;
          for (NodeId a = dom.node(id).parent; a != kNoNode; a = dom.node(a).parent) before_body.push_back(a);
        }
        return true;
      case GUMBO_TAG_TITLE:
        if (full && s.title.empty() && body == kNoNode && !dom.node(id).in_foreign_namespace) s.title = text_of(dom, id);
        return false;
      case GUMBO_TAG_META: {
        const std::string_view content = dom.attr(id, "content");
        if (content.empty()) return false;
        std::string_view v;
        if (dom.attribute(id, "property", &v)) {
          // A space-separated list of properties ("og:title twitter:title").
          std::string list = ascii_lower(v);
          std::size_t i = 0;
          while (i < list.size()) {
            while (i < list.size() && list[i] == ' ') ++i;
            const std::size_t b = i;
            while (i < list.size() && list[i] != ' ') ++i;
            if (i > b) s.meta[list.substr(b, i - b)] = normalize_space(content);
          }
        }
        if (dom.attribute(id, "name", &v)) s.meta[meta_key(v)] = normalize_space(content);
        if (dom.attribute(id, "itemprop", &v)) s.meta["itemprop:" + meta_key(v)] = normalize_space(content);
        if (dom.attribute(id, "http-equiv", &v)) s.meta["http-equiv:" + meta_key(v)] = normalize_space(content);
        return false;
      }
      case GUMBO_TAG_LINK: {
        const std::string_view rel = dom.attr(id, "rel");
        if (s.canonical.empty() && has_token(rel, "canonical")) s.canonical = normalize_space(dom.attr(id, "href"));
        if (s.image_src.empty() && has_token(rel, "image_src")) s.image_src = normalize_space(dom.attr(id, "href"));
        return false;
      }
      case GUMBO_TAG_BASE:
        if (s.base_href.empty()) s.base_href = normalize_space(dom.attr(id, "href"));
        return false;
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2: {
        if (!full) break;
        std::string t = text_of(dom, id);
        if (dom.tag(id) == GUMBO_TAG_H1 && ++s.h1_count == 1) s.first_h1 = t;
        s.headings.push_back(std::move(t));
        break;
      }
      case GUMBO_TAG_TIME: {
        std::string_view ignored;
        if (full && s.time_published.empty() &&
            (has_token(dom.attr(id, "itemprop"), "datepublished") || dom.attribute(id, "pubdate", &ignored) ||
             has_token(dom.attr(id, "class"), "published")))
          s.time_published = normalize_space(dom.attr(id, "datetime"));
        break;
      }
      case GUMBO_TAG_SCRIPT:
      case GUMBO_TAG_STYLE:
      case GUMBO_TAG_TEMPLATE:
        return false;
      default:
        break;
    }
    if (full && body != kNoNode && s.byline.empty() && looks_like_byline(dom, id) &&
        !in_skipped_block(dom, id, body, before_body, &memo)) {
      // An author block often holds the name in itemprop=name beside a photo and a bio link.
      NodeId name = kNoNode;
      if (contains_lower(dom.attr(id, "itemprop"), "author"))
        html::walk(dom, id, [&](NodeId k) {
          if (name == kNoNode && dom.is_element(k) && k != id && equals_lower(dom.attr(k, "itemprop"), "name")) name = k;
          return name == kNoNode;
        });
      std::string t = text_of(dom, name != kNoNode ? name : id);
      if (is_valid_byline(t)) s.byline = std::move(t);
    }
    return true;
  });
  return s;
}

std::string first_of(const Scan& s, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto it = s.meta.find(k); it != s.meta.end() && !it->second.empty()) return it->second;
  return "";
}

// An absolute URL from a page-given one: as is if absolute, resolved against <base href> (itself
// resolved against `url`) or `url` otherwise; "" if it stays relative.
std::string absolute(const Scan& s, std::string_view url, std::string_view ref) {
  if (ref.empty()) return "";
  std::string base = resolve_url(url, s.base_href);
  if (!has_scheme(base)) base = std::string(url);
  std::string out = resolve_url(base, ref);
  return has_scheme(out) ? out : "";
}

}  // namespace

std::string page_url(const Dom& dom, std::string_view given) {
  if (!normalize_space(given).empty()) return normalize_space(given);
  const Scan s = scan(dom, /*full=*/false);
  const std::string base = has_scheme(s.base_href) ? s.base_href : "";
  for (const std::string& candidate : {s.canonical, first_of(s, {"og:url"}), s.base_href}) {
    if (candidate.empty()) continue;
    const std::string u = resolve_url(base, candidate);
    if (has_scheme(u)) return u;
  }
  return "";
}

std::string url_host(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host = ascii_lower(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

Metadata read_metadata(const Dom& dom, std::string_view url) {
  const Scan s = scan(dom, /*full=*/true);
  const JsonLd ld = read_jsonld(dom);
  Metadata m;
  m.url = std::string(url);

  // Title: the page's own metadata first (JSON-LD, Dublin Core, Open Graph, Twitter...), then the
  // <title> element without its site-name part.
  const std::string doc_title = title_from_document(s.title, s.headings, s.h1_count, s.first_h1);
  if (!ld.name.empty() && !ld.headline.empty() && ld.name != ld.headline) {
    // Some sites put their own name in "name": take the one that matches the <title>.
    const bool name_ok = text_similarity(ld.name, doc_title) > 0.75;
    const bool headline_ok = text_similarity(ld.headline, doc_title) > 0.75;
    m.title = headline_ok && !name_ok ? ld.headline : ld.name;
  } else {
    m.title = !ld.name.empty() ? ld.name : ld.headline;
  }
  if (m.title.empty())
    m.title = first_of(s, {"dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
                           "title", "twitter:title", "parsely-title"});
  if (m.title.empty()) m.title = doc_title;
  m.title = normalize_space(unescape_entities(m.title));

  m.byline = ld.byline;
  if (m.byline.empty()) m.byline = first_of(s, {"dc:creator", "dcterm:creator", "author", "parsely-author"});
  if (m.byline.empty()) m.byline = s.byline;
  m.byline = normalize_space(unescape_entities(m.byline));

  m.description = !ld.description.empty()
                      ? ld.description
                      : first_of(s, {"dc:description", "dcterm:description", "og:description",
                                     "weibo:article:description", "weibo:webpage:description", "description",
                                     "twitter:description"});
  m.description = normalize_space(unescape_entities(m.description));

  m.site_name = !ld.site_name.empty() ? ld.site_name : first_of(s, {"og:site_name", "application-name"});
  m.site_name = normalize_space(unescape_entities(m.site_name));

  for (const std::string& raw :
       {ld.published, first_of(s, {"article:published_time", "parsely-pub-date", "itemprop:datepublished",
                                   "og:published_time", "article:published", "dc:date:issued", "dc:date",
                                   "dcterms:created", "date", "pubdate", "publishdate", "sailthru:date"}),
        s.time_published}) {
    if (raw.empty()) continue;
    m.published = iso8601(unescape_entities(raw));
    if (!m.published.empty()) break;
  }
  for (const std::string& raw :
       {ld.modified, first_of(s, {"article:modified_time", "og:updated_time", "itemprop:datemodified",
                                  "dc:date:modified", "dcterms:modified", "last-modified"})}) {
    if (raw.empty()) continue;
    m.modified = iso8601(raw);
    if (!m.modified.empty()) break;
  }

  m.language = s.html_lang;
  if (m.language.empty()) m.language = first_of(s, {"http-equiv:content-language", "content-language", "dc:language"});
  if (m.language.empty()) m.language = ld.language;
  if (m.language.empty()) m.language = first_of(s, {"og:locale"});
  for (char& c : m.language)
    if (c == '_') c = '-';
  if (const std::size_t comma = m.language.find(','); comma != std::string::npos)
    m.language = normalize_space(m.language.substr(0, comma));

  m.canonical_url = absolute(s, url, s.canonical);
  if (m.canonical_url.empty()) m.canonical_url = absolute(s, url, first_of(s, {"og:url"}));

  for (const std::string& raw : {first_of(s, {"og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                                              "twitter:image:src"}),
                                 ld.image, s.image_src}) {
    m.image = absolute(s, url, raw);
    if (!m.image.empty()) break;
  }
  return m;
}

}  // namespace winnow::extract
