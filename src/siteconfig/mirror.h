// XPath over winnow's Dom: a copy of the Dom in pugixml's tree, made once per page and only on
// pages a site config applies to, with the way back from each copied node to its NodeId.
//
// Why a copy: pugixml evaluates XPath over its own node structs only (it has no interface a
// foreign tree could implement, and patching it would mean vendoring it), and the Dom stays the
// one tree every stage reads and changes. The copy costs less than a tenth of winnow's parse of
// the page (0.57 ms against 6.7 ms a page over the shared corpus: build/bench/siteconfig).
// Removals made through remove() are made in both trees, so later expressions see them.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "html/dom.h"

namespace winnow::siteconfig {

class Mirror {
 public:
  // Copies the nodes of `dom` attached under its document: elements with their attributes (names
  // as in the Dom, lower case), text nodes. Cost: one walk, one pugixml node per Dom node.
  explicit Mirror(const html::Dom& dom);

  // The nodes `query` selects, as NodeIds in document order: elements and text nodes. An
  // attribute selected stands for its element when `owners` is true, else it is left out.
  // A query whose result is not a node set selects nothing. Cost: pugixml's evaluation.
  std::vector<html::NodeId> select(const pugi::xpath_query& query, bool owners = false) const;

  // The string value of `query`: of the first node it selects (an element's text, an
  // attribute's value), or of its string, number or boolean result; white space collapsed.
  std::string value(const pugi::xpath_query& query) const;

  // The string values of every node `query` selects (or its one value), each collapsed, empty
  // ones left out.
  std::vector<std::string> values(const pugi::xpath_query& query) const;

  // A link `query` names: the first node's href when it is an element, its value when it is an
  // attribute, else the query's string value; trimmed. "" when none.
  std::string link(const pugi::xpath_query& query) const;

  // True if `query` selects a node or is true / non-empty / non-zero.
  bool matches(const pugi::xpath_query& query) const;

  // The attributes `query` selects, as (element, attribute name) pairs in document order.
  std::vector<std::pair<html::NodeId, std::string>> select_attributes(const pugi::xpath_query& query) const;

  // Unlinks `id` from the copy (the caller removes it from the Dom).
  void remove(html::NodeId id);
  // Removes the attribute `name` of `id` in the copy (the caller removes it from the Dom).
  void remove_attribute(html::NodeId id, const std::string& name);
  // Wraps `id` in a new element `wrapper` named `name` in the copy (the caller has done it in the
  // Dom: `wrapper` is the new element's NodeId).
  void wrap(html::NodeId id, html::NodeId wrapper, const std::string& name);
  // Replaces `id` by its children in the copy (the caller unwraps it in the Dom).
  void unwrap(html::NodeId id);

  std::size_t size() const { return ids_.size(); }

 private:
  html::NodeId id_of(const pugi::xml_node& node) const;
  void forget(const pugi::xml_node& root);  // drops `root` and its subtree from the maps

  pugi::xml_document doc_;
  std::unordered_map<const void*, html::NodeId> ids_;  // pugixml node struct -> NodeId
  std::vector<pugi::xml_node> nodes_;                  // NodeId -> copy (empty where not copied)
};

}  // namespace winnow::siteconfig
