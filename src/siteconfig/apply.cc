#include "siteconfig/apply.h"

#include <algorithm>

#include "common/text.h"
#include "html/walk.h"
#include "siteconfig/mirror.h"

namespace winnow::siteconfig {

using html::Dom;
using html::kNoNode;
using html::NodeId;

bool replace_strings(const Config& config, std::string* html) {
  bool changed = false;
  std::string out;
  for (const Replacement& r : config.replacements) {
    if (r.find.empty() || html->find(r.find) == std::string::npos) continue;
    out.clear();
    out.reserve(html->size());
    std::size_t at = 0;
    for (std::size_t hit = html->find(r.find); hit != std::string::npos; hit = html->find(r.find, at)) {
      out.append(*html, at, hit - at).append(r.replace);
      at = hit + r.find.size();
    }
    out.append(*html, at, std::string::npos);
    html->swap(out);
    changed = true;
  }
  return changed;
}

namespace {

// The first 80 code points of a node's text, for --explain.
std::string excerpt(const Dom& dom, NodeId root) {
  std::string text;
  bool pending = false;
  html::walk(dom, root, [&](NodeId id) {
    if (dom.is_text(id)) append_collapsed(&text, dom.text(id), &pending);
    return text.size() < 400;
  });
  std::size_t points = 0, i = 0;
  for (; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++points > 80) break;
  if (i < text.size()) text.resize(i), text += "...";
  if (text.empty() && dom.is_element(root)) text = "<" + std::string(dom.tag_name(root)) + ">";
  return text;
}

class Applier {
 public:
  Applier(const Config& config, Dom* dom, std::vector<Removal>* removals)
      : config_(config), dom_(*dom), removals_(removals), mirror_(*dom) {}

  Found run() {
    read_fields();
    read_links();
    for (const Expression& e : config_.strip)
      for (NodeId id : mirror_.select(*e.query)) remove(id, e.line, "strip", e.text);
    strip_words();
    for (const Expression& e : config_.strip_attr)
      for (const auto& [id, name] : mirror_.select_attributes(*e.query)) {
        mirror_.remove_attribute(id, name);
        dom_.remove_attribute(id, name);
      }
    for (const Expression& e : config_.dissolve)
      for (NodeId id : mirror_.select(*e.query))
        if (dom_.is_element(id) && dom_.attached(id)) {
          mirror_.unwrap(id);
          dom_.unwrap(id);
        }
    for (const Expression& e : config_.wrap_in)
      for (NodeId id : mirror_.select(*e.query))
        if (id != dom_.document() && dom_.attached(id)) {
          const GumboTag tag = gumbo_tag_enum(e.argument.c_str());
          const NodeId wrapper = dom_.add_element(dom_.node(id).parent, tag, e.argument);
          dom_.insert_before(id, wrapper);
          dom_.append_child(wrapper, id);
          mirror_.wrap(id, wrapper, e.argument);
        }
    find_body();
    return std::move(found_);
  }

 private:
  std::string where(int line) const { return config_.name + ":" + std::to_string(line); }

  void read_fields() {
    auto first = [&](const std::vector<Expression>& list, std::string* slot) {
      for (const Expression& e : list) {
        *slot = mirror_.value(*e.query);
        if (!slot->empty()) return;
      }
    };
    first(config_.title, &found_.title);
    first(config_.date, &found_.date);
    // Every node the first matching author expression selects is an author.
    for (const Expression& e : config_.author) {
      for (const std::string& name : mirror_.values(*e.query)) {
        if (found_.author.find(name) != std::string::npos) continue;
        if (!found_.author.empty()) found_.author += ", ";
        found_.author += name;
      }
      if (!found_.author.empty()) break;
    }
  }

  void read_links() {
    if (config_.single_page_link.empty() && config_.next_page_link.empty()) return;
    if (!config_.if_page_contains.empty()) {
      bool any = false;
      for (const Expression& e : config_.if_page_contains) any = any || mirror_.matches(*e.query);
      if (!any) {
        found_.notes.push_back("site config: no if_page_contains expression matched: links not followed");
        return;
      }
    }
    auto first = [&](const std::vector<Expression>& list, std::string* slot) {
      for (const Expression& e : list) {
        *slot = mirror_.link(*e.query);
        if (!slot->empty()) return;
      }
    };
    first(config_.single_page_link, &found_.single_page_link);
    first(config_.next_page_link, &found_.next_page_link);
  }

  // strip_id_or_class: every element whose id or class holds one of the words (a substring, as
  // Full-Text RSS's contains(@class, 'word') has it); strip_image_src: every <img> whose src
  // holds one. One walk for all the words.
  void strip_words() {
    if (config_.strip_id_or_class.empty() && config_.strip_image_src.empty()) return;
    std::vector<std::pair<NodeId, const Word*>> hits;
    html::walk(dom_, dom_.document(), [&](NodeId id) {
      if (!dom_.is_element(id)) return id == dom_.document();
      const Word* hit = nullptr;
      std::string_view value;
      if (!config_.strip_id_or_class.empty()) {
        const std::string_view cls = dom_.attr(id, "class"), ident = dom_.attr(id, "id");
        for (const Word& w : config_.strip_id_or_class)
          if (cls.find(w.text) != std::string_view::npos || ident.find(w.text) != std::string_view::npos) {
            hit = &w;
            break;
          }
      }
      if (hit == nullptr && dom_.tag(id) == GUMBO_TAG_IMG && dom_.attribute(id, "src", &value))
        for (const Word& w : config_.strip_image_src)
          if (value.find(w.text) != std::string_view::npos) {
            hit = &w;
            break;
          }
      if (hit == nullptr) return true;
      hits.emplace_back(id, hit);
      return false;  // what is inside goes with it
    });
    for (const auto& [id, w] : hits) {
      const bool image = w >= config_.strip_image_src.data() && w < config_.strip_image_src.data() + config_.strip_image_src.size();
      remove(id, w->line, image ? "strip_image_src" : "strip_id_or_class", w->text);
    }
  }

  void find_body() {
    for (const Expression& e : config_.body) {
      std::vector<NodeId> picked;
      for (NodeId id : mirror_.select(*e.query))
        if (dom_.is_element(id) && dom_.attached(id) && id != dom_.document()) picked.push_back(id);
      if (picked.empty()) continue;
      // An element inside another picked one comes with it. (Ids follow document order except
      // for elements wrap_in made: sort a copy to search it.)
      std::vector<NodeId> sorted = picked;
      std::sort(sorted.begin(), sorted.end());
      std::vector<NodeId> outer;
      for (NodeId id : picked) {
        bool inside = false;
        for (NodeId up = dom_.node(id).parent; up != kNoNode && !inside; up = dom_.node(up).parent)
          inside = std::binary_search(sorted.begin(), sorted.end(), up);
        if (!inside) outer.push_back(id);
      }
      const std::string what = where(e.line) + " body " + e.text;
      if (outer.size() == 1) {
        found_.root = outer.front();
        found_.notes.push_back("site config: body by " + what);
        return;
      }
      // Several: Full-Text RSS gathers them in a new <div>, in document order.
      NodeId parent = dom_.find_first(GUMBO_TAG_BODY);
      if (parent == kNoNode) parent = dom_.document();
      const NodeId wrapper = dom_.add_element(parent, GUMBO_TAG_DIV, "");
      for (NodeId id : outer) dom_.append_child(wrapper, id);
      found_.root = wrapper;
      found_.notes.push_back("site config: body by " + what + " (" + std::to_string(outer.size()) + " elements joined)");
      return;
    }
    if (!config_.body.empty()) found_.notes.push_back("site config: no body expression matched");
  }

  void remove(NodeId id, int line, const char* directive, const std::string& pattern) {
    if (id == dom_.document() || !dom_.attached(id)) return;
    if (dom_.is_element(id) && (dom_.tag(id) == GUMBO_TAG_HTML || dom_.tag(id) == GUMBO_TAG_BODY)) return;
    if (removals_ != nullptr) removals_->push_back({where(line) + " " + directive, pattern, excerpt(dom_, id)});
    mirror_.remove(id);
    dom_.remove(id);
  }

  const Config& config_;
  Dom& dom_;
  std::vector<Removal>* removals_;
  Mirror mirror_;
  Found found_;
};

}  // namespace

Found apply(const Config& config, Dom* dom, std::vector<Removal>* removals) {
  return Applier(config, dom, removals).run();
}

}  // namespace winnow::siteconfig
