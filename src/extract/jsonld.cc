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

bool is_product_type(std::string_view type) { return type == "Product" || type == "ProductGroup"; }

// True if the object's @type (a string or an array of them) passes `is_type`.
template <class IsType>
bool has_type(const json& j, IsType&& is_type) {
  if (!j.is_object()) return false;
  auto it = j.find("@type");
  if (it == j.end()) return false;
  if (it->is_string()) return is_type(it->get<std::string>());
  if (it->is_array())
    for (const json& t : *it)
      if (t.is_string() && is_type(t.get<std::string>())) return true;
  return false;
}

// Depth-limited search for the first object of a type: top level, arrays, @graph, mainEntity.
template <class IsType>
const json* find_typed(const json& j, int depth, IsType&& is_type) {
  if (depth > 4) return nullptr;
  if (j.is_array()) {
    for (const json& item : j)
      if (const json* found = find_typed(item, depth + 1, is_type)) return found;
    return nullptr;
  }
  if (!j.is_object()) return nullptr;
  if (has_type(j, is_type)) return &j;
  for (const char* key : {"@graph", "mainEntity", "mainEntityOfPage"}) {
    auto it = j.find(key);
    if (it != j.end())
      if (const json* found = find_typed(*it, depth + 1, is_type)) return found;
  }
  return nullptr;
}

// The JSON of an ld+json script's text; discarded when it does not parse.
json parse_script(std::string_view text) {
  // Some sites wrap the JSON in CDATA markers or HTML comments.
  std::string s(text);
  for (std::string_view marker : {"<![CDATA[", "]]>", "<!--", "-->"})
    for (std::size_t at; (at = s.find(marker)) != std::string::npos;) s.erase(at, marker.size());
  return json::parse(s, nullptr, /*allow_exceptions=*/false);
}

// Calls visit(text) for each ld+json script of the page in document order, until it returns true.
template <class Visit>
void for_each_script(const html::Dom& dom, Visit&& visit) {
  bool done = false;
  html::walk(dom, dom.document(), [&](html::NodeId id) {
    if (done) return false;
    if (!dom.is_element(id)) return id == dom.document();
    if (dom.tag(id) != GUMBO_TAG_SCRIPT) return true;
    if (ascii_lower(normalize_space(dom.attr(id, "type"))) == "application/ld+json") {
      std::string text;
      for (html::NodeId c = dom.node(id).first_child; c != html::kNoNode; c = dom.node(c).next_sibling)
        text += dom.text(c);
      done = visit(text);
    }
    return false;
  });
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
  const json root = parse_script(text);
  if (root.is_discarded()) return out;
  const json* a = find_typed(root, 0, is_article_type);
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
  for_each_script(dom, [&](const std::string& text) {
    JsonLd j = parse_jsonld(text);
    if (j.found) result = std::move(j);
    return result.found;
  });
  return result;
}

std::string read_product_description(const html::Dom& dom) {
  std::string description;
  for_each_script(dom, [&](const std::string& text) {
    const json root = parse_script(text);
    if (root.is_discarded()) return false;
    if (const json* p = find_typed(root, 0, is_product_type)) description = str(*p, "description");
    return !description.empty();
  });
  return description;
}

}  // namespace winnow::extract
