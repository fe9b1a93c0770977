// winnow's own compact DOM: the page as Gumbo parsed it, copied into three flat arrays so that
// later stages can remove nodes (Gumbo's tree is not meant to be mutated) and walk it fast.
//
// Nodes live in one vector and refer to each other by index; strings (text, tag names of unknown
// elements, attribute names and values) live in one pool. Removing a node unlinks it from its
// parent in O(1); its storage stays until the Dom dies.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::html {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

enum class NodeKind : std::uint8_t { kDocument, kElement, kText };

// A span of Dom::pool.
struct PoolRef {
  std::uint32_t begin = 0;
  std::uint32_t size = 0;
};

struct Attribute {
  PoolRef name;   // lower-case
  PoolRef value;  // entities already decoded
};

struct Node {
  NodeId parent = kNoNode;
  NodeId first_child = kNoNode;
  NodeId last_child = kNoNode;
  NodeId prev_sibling = kNoNode;
  NodeId next_sibling = kNoNode;
  PoolRef text;                  // text nodes: the text; unknown elements: the lower-case tag name
  std::uint32_t attr_begin = 0;  // index into Dom::attributes
  std::uint16_t attr_count = 0;
  GumboTag tag = GUMBO_TAG_UNKNOWN;  // elements only
  NodeKind kind = NodeKind::kText;
  bool in_foreign_namespace = false;  // inside <svg> or <math>
  bool removed = false;               // unlinked by Dom::remove (keeps its own links)
};

class Dom {
 public:
  Dom();

  NodeId document() const { return 0; }
  std::size_t size() const { return nodes_.size(); }
  const Node& node(NodeId id) const { return nodes_[id]; }

  bool is_element(NodeId id) const { return nodes_[id].kind == NodeKind::kElement; }
  bool is_text(NodeId id) const { return nodes_[id].kind == NodeKind::kText; }
  GumboTag tag(NodeId id) const { return nodes_[id].tag; }
  // Lower-case tag name of an element ("div", or the name as written for unknown tags).
  std::string_view tag_name(NodeId id) const;
  // The text of a text node; empty for other nodes.
  std::string_view text(NodeId id) const;
  // Sets *value to an element's attribute and returns true, or returns false if it has none.
  bool attribute(NodeId id, std::string_view name, std::string_view* value) const;
  // The value of an attribute, or "" when absent (use attribute() to tell absent from empty).
  std::string_view attr(NodeId id, std::string_view name) const;
  std::string_view view(PoolRef ref) const { return std::string_view(pool_).substr(ref.begin, ref.size); }
  const Attribute* attributes_begin(NodeId id) const { return attributes_.data() + nodes_[id].attr_begin; }
  const Attribute* attributes_end(NodeId id) const {
    return attributes_.data() + nodes_[id].attr_begin + nodes_[id].attr_count;
  }

  // The first <html>, <head>, <body> element, or kNoNode.
  NodeId find_first(GumboTag tag) const;

  // Unlinks `id` (with its subtree) from its parent. The node keeps its own parent and sibling
  // links, so a walk standing on it can go on. Removing the document, or a removed node, does
  // nothing.
  void remove(NodeId id);
  // Replaces `id` by its children, in place.
  void unwrap(NodeId id);
  // Makes `child` (attached elsewhere, or removed) the last child of `parent`, with its subtree.
  // `parent` must not be inside `child`'s subtree.
  void append_child(NodeId parent, NodeId child);
  // Moves `node` (attached elsewhere, or removed) to stand just before `ref`, an attached node
  // other than the document. `ref` must not be inside `node`'s subtree.
  void insert_before(NodeId ref, NodeId node);
  // Copies `root` of another Dom, with its subtree, to be the last child of `parent` here, and
  // returns the copy's id. Cost: one walk of the subtree, iterative.
  NodeId append_copy(const Dom& from, NodeId root, NodeId parent);
  // Removes an element's attribute `name` (lower case), if it has it.
  void remove_attribute(NodeId id, std::string_view name);
  // Replaces the text of a text node.
  void set_text(NodeId id, std::string_view text);
  // True if `id` is still attached under the document.
  bool attached(NodeId id) const;

  // Building (used by the parser).
  NodeId add_element(NodeId parent, GumboTag tag, std::string_view unknown_name);
  NodeId add_text(NodeId parent, std::string_view text);
  void add_attribute(NodeId element, std::string_view name, std::string_view value);
  void reserve(std::size_t nodes, std::size_t pool_bytes);

 private:
  PoolRef intern(std::string_view s);
  NodeId add_node(NodeId parent, Node node);

  std::vector<Node> nodes_;
  std::vector<Attribute> attributes_;
  std::string pool_;
};

}  // namespace winnow::html
