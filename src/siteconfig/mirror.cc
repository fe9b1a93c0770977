#include "siteconfig/mirror.h"

#include "common/text.h"
#include "html/walk.h"

namespace winnow::siteconfig {

using html::Dom;
using html::kNoNode;
using html::NodeId;

Mirror::Mirror(const Dom& dom) : nodes_(dom.size()) {
  ids_.reserve(dom.size());
  nodes_[dom.document()] = doc_;
  std::string name;  // pugixml wants names NUL-terminated; values it takes with their size
  html::walk(dom, dom.document(), [&](NodeId id) {
    if (id == dom.document()) return true;
    pugi::xml_node parent = nodes_[dom.node(id).parent];
    pugi::xml_node copy;
    if (dom.is_element(id)) {
      copy = parent.append_child(pugi::node_element);
      if (dom.tag(id) != GUMBO_TAG_UNKNOWN) {
        copy.set_name(gumbo_normalized_tagname(dom.tag(id)));
      } else {
        name.assign(dom.tag_name(id));
        copy.set_name(name.c_str());
      }
      for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
        name.assign(dom.view(a->name));
        const std::string_view value = dom.view(a->value);
        copy.append_attribute(name.c_str()).set_value(value.data(), value.size());
      }
    } else if (dom.is_text(id)) {
      copy = parent.append_child(pugi::node_pcdata);
      const std::string_view text = dom.text(id);
      copy.set_value(text.data(), text.size());
    } else {
      return false;
    }
    nodes_[id] = copy;
    ids_.emplace(copy.internal_object(), id);
    return dom.is_element(id);
  });
}

NodeId Mirror::id_of(const pugi::xml_node& node) const {
  const auto it = ids_.find(node.internal_object());
  return it == ids_.end() ? kNoNode : it->second;
}

std::vector<NodeId> Mirror::select(const pugi::xpath_query& query, bool owners) const {
  std::vector<NodeId> out;
  if (query.return_type() != pugi::xpath_type_node_set) return out;
  try {
    pugi::xpath_node_set set = query.evaluate_node_set(doc_);
    set.sort();
    for (const pugi::xpath_node& n : set) {
      if (n.attribute() && !owners) continue;
      const NodeId id = id_of(n.attribute() ? n.parent() : n.node());
      if (id != kNoNode && (out.empty() || out.back() != id)) out.push_back(id);
    }
  } catch (const std::exception&) {
    // Out of memory evaluating a pathological expression on a huge page: it selects nothing.
    out.clear();
  }
  return out;
}

std::vector<std::pair<NodeId, std::string>> Mirror::select_attributes(const pugi::xpath_query& query) const {
  std::vector<std::pair<NodeId, std::string>> out;
  if (query.return_type() != pugi::xpath_type_node_set) return out;
  try {
    pugi::xpath_node_set set = query.evaluate_node_set(doc_);
    set.sort();
    for (const pugi::xpath_node& n : set) {
      if (!n.attribute()) continue;
      const NodeId id = id_of(n.parent());
      if (id != kNoNode) out.emplace_back(id, n.attribute().name());
    }
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

void Mirror::remove_attribute(NodeId id, const std::string& name) {
  if (id < nodes_.size() && nodes_[id]) nodes_[id].remove_attribute(name.c_str());
}

std::vector<std::string> Mirror::values(const pugi::xpath_query& query) const {
  std::vector<std::string> out;
  try {
    if (query.return_type() != pugi::xpath_type_node_set) {
      std::string v = normalize_space(query.evaluate_string(doc_));
      // A boolean's "false" is no value.
      if (!v.empty() && !(query.return_type() == pugi::xpath_type_boolean && v == "false")) out.push_back(std::move(v));
      return out;
    }
    pugi::xpath_node_set set = query.evaluate_node_set(doc_);
    set.sort();
    // An element's string value is all the text inside it: XPath's string(.) says it.
    thread_local const pugi::xpath_query string_of("string(.)");
    for (const pugi::xpath_node& n : set) {
      std::string v = normalize_space(n.attribute() ? n.attribute().value() : string_of.evaluate_string(n.node()));
      if (!v.empty()) out.push_back(std::move(v));
    }
  } catch (const std::exception&) {
    out.clear();
  }
  return out;
}

std::string Mirror::value(const pugi::xpath_query& query) const {
  std::vector<std::string> all = values(query);
  return all.empty() ? std::string() : std::move(all.front());
}

std::string Mirror::link(const pugi::xpath_query& query) const {
  try {
    if (query.return_type() != pugi::xpath_type_node_set) return normalize_space(query.evaluate_string(doc_));
    pugi::xpath_node_set set = query.evaluate_node_set(doc_);
    set.sort();
    for (const pugi::xpath_node& n : set) {
      std::string v = n.attribute()                           ? n.attribute().value()
                      : n.node().type() == pugi::node_element ? n.node().attribute("href").value()
                                                              : n.node().value();
      v = normalize_space(v);
      if (!v.empty()) return v;
    }
  } catch (const std::exception&) {
  }
  return {};
}

bool Mirror::matches(const pugi::xpath_query& query) const {
  try {
    if (query.return_type() == pugi::xpath_type_node_set) return !query.evaluate_node_set(doc_).empty();
    return query.evaluate_boolean(doc_);
  } catch (const std::exception&) {
    return false;
  }
}

void Mirror::remove(NodeId id) {
  if (id >= nodes_.size() || !nodes_[id]) return;
  pugi::xml_node node = nodes_[id];
  // Its structs are freed with it: forget the whole subtree, so that no NodeId points there.
  forget(node);
  node.parent().remove_child(node);
}

void Mirror::forget(const pugi::xml_node& root) {
  pugi::xml_node n = root;
  while (true) {
    if (const auto it = ids_.find(n.internal_object()); it != ids_.end()) {
      nodes_[it->second] = pugi::xml_node();
      ids_.erase(it);
    }
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n != root && !n.next_sibling()) n = n.parent();
    if (n == root) return;
    n = n.next_sibling();
  }
}

void Mirror::wrap(NodeId id, NodeId wrapper, const std::string& name) {
  if (id >= nodes_.size() || !nodes_[id]) return;
  pugi::xml_node node = nodes_[id];
  pugi::xml_node copy = node.parent().insert_child_before(pugi::node_element, node);
  copy.set_name(name.c_str());
  copy.append_move(node);
  if (wrapper >= nodes_.size()) nodes_.resize(wrapper + 1);
  nodes_[wrapper] = copy;
  ids_.emplace(copy.internal_object(), wrapper);
}

void Mirror::unwrap(NodeId id) {
  if (id >= nodes_.size() || !nodes_[id]) return;
  pugi::xml_node node = nodes_[id];
  pugi::xml_node parent = node.parent();
  while (pugi::xml_node child = node.first_child()) parent.insert_move_before(child, node);
  ids_.erase(node.internal_object());
  nodes_[id] = pugi::xml_node();
  parent.remove_child(node);  // childless now
}

}  // namespace winnow::siteconfig
