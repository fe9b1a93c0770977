#include "html/dom.h"

#include <algorithm>
#include <vector>

#include "html/walk.h"

namespace winnow::html {

Dom::Dom() {
  Node document;
  document.kind = NodeKind::kDocument;
  nodes_.push_back(document);
}

void Dom::reserve(std::size_t nodes, std::size_t pool_bytes) {
  nodes_.reserve(nodes);
  pool_.reserve(pool_bytes);
}

std::string_view Dom::tag_name(NodeId id) const {
  const Node& n = nodes_[id];
  if (n.kind != NodeKind::kElement) return {};
  if (n.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n.tag);
  return view(n.text);
}

std::string_view Dom::text(NodeId id) const {
  const Node& n = nodes_[id];
  return n.kind == NodeKind::kText ? view(n.text) : std::string_view();
}

bool Dom::attribute(NodeId id, std::string_view name, std::string_view* value) const {
  for (const Attribute* a = attributes_begin(id); a != attributes_end(id); ++a) {
    if (view(a->name) == name) {
      *value = view(a->value);
      return true;
    }
  }
  return false;
}

std::string_view Dom::attr(NodeId id, std::string_view name) const {
  std::string_view value;
  return attribute(id, name, &value) ? value : std::string_view();
}

NodeId Dom::find_first(GumboTag tag) const {
  for (NodeId id = 0; id < nodes_.size(); ++id)
    if (nodes_[id].kind == NodeKind::kElement && nodes_[id].tag == tag && attached(id)) return id;
  return kNoNode;
}

bool Dom::attached(NodeId id) const {
  for (; id != kNoNode; id = nodes_[id].parent)
    if (nodes_[id].removed) return false;
  return true;
}

void Dom::remove(NodeId id) {
  Node& n = nodes_[id];
  if (id == document() || n.removed || n.parent == kNoNode) return;
  Node& parent = nodes_[n.parent];
  if (n.prev_sibling != kNoNode) nodes_[n.prev_sibling].next_sibling = n.next_sibling;
  else parent.first_child = n.next_sibling;
  if (n.next_sibling != kNoNode) nodes_[n.next_sibling].prev_sibling = n.prev_sibling;
  else parent.last_child = n.prev_sibling;
  n.removed = true;
}

void Dom::unwrap(NodeId id) {
  Node& n = nodes_[id];
  if (id == document() || n.removed || n.parent == kNoNode) return;
  if (n.first_child == kNoNode) {
    remove(id);
    return;
  }
  for (NodeId c = n.first_child; c != kNoNode; c = nodes_[c].next_sibling) nodes_[c].parent = n.parent;
  Node& parent = nodes_[n.parent];
  // Splice the children in where `id` stood.
  nodes_[n.first_child].prev_sibling = n.prev_sibling;
  nodes_[n.last_child].next_sibling = n.next_sibling;
  if (n.prev_sibling != kNoNode) nodes_[n.prev_sibling].next_sibling = n.first_child;
  else parent.first_child = n.first_child;
  if (n.next_sibling != kNoNode) nodes_[n.next_sibling].prev_sibling = n.last_child;
  else parent.last_child = n.last_child;
  // Keep links to the first child so that a walk standing on `id` descends into the children.
  n.removed = true;
}

void Dom::append_child(NodeId parent, NodeId child) {
  if (child == document()) return;
  remove(child);  // unlinks it if it is linked; a removed node keeps stale links, reset below
  Node& n = nodes_[child];
  Node& p = nodes_[parent];
  n.parent = parent;
  n.next_sibling = kNoNode;
  n.prev_sibling = p.last_child;
  if (p.last_child != kNoNode) nodes_[p.last_child].next_sibling = child;
  else p.first_child = child;
  p.last_child = child;
  n.removed = false;
}

void Dom::insert_before(NodeId ref, NodeId node) {
  if (node == document() || node == ref || nodes_[ref].parent == kNoNode) return;
  remove(node);
  Node& n = nodes_[node];
  Node& r = nodes_[ref];
  n.parent = r.parent;
  n.next_sibling = ref;
  n.prev_sibling = r.prev_sibling;
  if (r.prev_sibling != kNoNode) nodes_[r.prev_sibling].next_sibling = node;
  else nodes_[r.parent].first_child = node;
  r.prev_sibling = node;
  n.removed = false;
}

NodeId Dom::append_copy(const Dom& from, NodeId root, NodeId parent) {
  std::vector<NodeId> parents{parent};
  NodeId first = kNoNode;
  walk(
      from, root,
      [&](NodeId id) {
        NodeId made = kNoNode;
        if (from.is_text(id)) {
          made = add_text(parents.back(), from.text(id));
        } else if (from.is_element(id)) {
          made = add_element(parents.back(), from.tag(id), from.tag(id) == GUMBO_TAG_UNKNOWN ? from.tag_name(id) : "");
          // Attributes right after their element, as add_attribute wants.
          for (const Attribute* a = from.attributes_begin(id); a != from.attributes_end(id); ++a)
            add_attribute(made, from.view(a->name), from.view(a->value));
          parents.push_back(made);
        } else {
          return true;  // the document: its children are copied
        }
        if (first == kNoNode) first = made;
        return from.is_element(id);
      },
      [&](NodeId id) {
        if (from.is_element(id)) parents.pop_back();
      });
  return first;
}

void Dom::remove_attribute(NodeId id, std::string_view name) {
  Node& n = nodes_[id];
  Attribute* begin = attributes_.data() + n.attr_begin;
  Attribute* end = begin + n.attr_count;
  Attribute* kept = std::remove_if(begin, end, [&](const Attribute& a) { return view(a.name) == name; });
  n.attr_count = static_cast<std::uint16_t>(kept - begin);
}

void Dom::set_text(NodeId id, std::string_view text) {
  if (nodes_[id].kind == NodeKind::kText) nodes_[id].text = intern(text);
}

PoolRef Dom::intern(std::string_view s) {
  PoolRef ref{static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(s.size())};
  pool_.append(s);
  return ref;
}

NodeId Dom::add_node(NodeId parent, Node node) {
  const NodeId id = static_cast<NodeId>(nodes_.size());
  node.parent = parent;
  Node& p = nodes_[parent];
  node.prev_sibling = p.last_child;
  if (p.last_child != kNoNode) nodes_[p.last_child].next_sibling = id;
  else p.first_child = id;
  p.last_child = id;
  nodes_.push_back(node);
  return id;
}

NodeId Dom::add_element(NodeId parent, GumboTag tag, std::string_view unknown_name) {
  Node node;
  node.kind = NodeKind::kElement;
  node.tag = tag;
  if (tag == GUMBO_TAG_UNKNOWN) node.text = intern(unknown_name);
  node.attr_begin = static_cast<std::uint32_t>(attributes_.size());
  node.in_foreign_namespace = nodes_[parent].in_foreign_namespace || tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH;
  return add_node(parent, node);
}

NodeId Dom::add_text(NodeId parent, std::string_view text) {
  Node node;
  node.kind = NodeKind::kText;
  node.text = intern(text);
  return add_node(parent, node);
}

void Dom::add_attribute(NodeId element, std::string_view name, std::string_view value) {
  // Attributes are added right after their element, so they stay contiguous.
  attributes_.push_back(Attribute{intern(name), intern(value)});
  nodes_[element].attr_count++;
}

}  // namespace winnow::html
