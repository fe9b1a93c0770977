#include "extract/jsonld.h"

#include <nlohmann/json.hpp>

#include "common/ascii.h"
#include "common/text.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return normalize_space(it->get<std::string>());
  return "";
}

bool has_article_type(const json& j) {
  if (!j.is_object()) return false;
  auto it = j.find("@type");
  if (it == j.end()) return false;
  if (it->is_string()) return is_article_type(it->get<std::string>());
  if (it->is_array())
    for (const json& t : *it)
      if (t.is_string() && is_article_type(t.get<std::string>())) return true;
  return false;
}

// Depth-limited search for the first article object: top level, arrays, @graph, mainEntity.
const json* find_article(const json& j, int depth) {
  if (depth > 4) return nullptr;
  if (j.is_array()) {
    for (const json& item : j)
      if (const json* found = find_article(item, depth + 1)) return found;
    return nullptr;
  }
  if (!j.is_object()) return nullptr;
  if (has_article_type(j)) return &j;
  for (const char* key : {"@graph", "mainEntity", "mainEntityOfPage"}) {
    auto it = j.find(key);
    if (it != j.end())
      if (const json* found = find_article(*it, depth + 1)) return found;
  }
  return nullptr;
}

std::string person_name(const json& a) {
  if (a.is_string()) return normalize_space(a.get<std::string>());
  if (a.is_object()) return str(a, "name");
  return "";
}

std::string image_url(const json& img) {
  if (img.is_string()) return normalize_space(img.get<std::string>());
  if (img.is_object()) {
    std::string u = str(img, "url");
    return u.empty() ? str(img, "contentUrl") : u;
  }
  if (img.is_array() && !img.empty()) return image_url(img.front());
  return "";
}

}  // namespace

bool is_article_type(std::string_view type) {
  if (type.size() >= 7 && type.substr(type.size() - 7) == "Article") return true;  // *Article
  for (std::string_view t : {"BlogPosting", "LiveBlogPosting", "DiscussionForumPosting",
                             "SocialMediaPosting", "Report", "Posting"})
    if (type == t) return true;
  return false;
}

JsonLd parse_jsonld(std::string_view text) {
  JsonLd out;
  // Some sites wrap the JSON in CDATA markers or HTML comments.
  std::string s(text);
  for (std::string_view marker : {"<![CDATA[", "]]>", "<!--", "-->"})
    for (std::size_t at; (at = s.find(marker)) != std::string::npos;) s.erase(at, marker.size());
  const json root = json::parse(s, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return out;
  const json* a = find_article(root, 0);
  if (a == nullptr) return out;
  out.found = true;
  out.name = str(*a, "name");
  out.headline = str(*a, "headline");
  if (auto it = a->find("author"); it != a->end()) {
    if (it->is_array()) {
      for (const json& p : *it) {
        const std::string n = person_name(p);
        if (n.empty()) continue;
        if (!out.byline.empty()) out.byline += ", ";
        out.byline += n;
      }
    } else {
      out.byline = person_name(*it);
    }
  }
  out.description = str(*a, "description");
  if (auto it = a->find("publisher"); it != a->end()) out.site_name = person_name(*it);
  out.published = str(*a, "datePublished");
  out.modified = str(*a, "dateModified");
  if (auto it = a->find("image"); it != a->end()) out.image = image_url(*it);
  if (auto it = a->find("inLanguage"); it != a->end()) out.language = person_name(*it);
  out.url = str(*a, "url");
  if (auto it = a->find("articleBody"); it != a->end() && it->is_string()) out.article_body = it->get<std::string>();
  return out;
}

JsonLd read_jsonld(const html::Dom& dom) {
  JsonLd result;
  html::walk(dom, dom.document(), [&](html::NodeId id) {
    if (result.found) return false;
    if (!dom.is_element(id)) return id == dom.document();
    if (dom.tag(id) != GUMBO_TAG_SCRIPT) return true;
    if (ascii_lower(normalize_space(dom.attr(id, "type"))) == "application/ld+json") {
      std::string text;
      for (html::NodeId c = dom.node(id).first_child; c != html::kNoNode; c = dom.node(c).next_sibling)
        text += dom.text(c);
      JsonLd j = parse_jsonld(text);
      if (j.found) result = std::move(j);
    }
    return false;
  });
  return result;
}

}  // namespace winnow::extract
