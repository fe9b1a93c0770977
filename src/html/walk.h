// The one tree walk: document order, no recursion (real pages nest thousands deep).
#pragma once

#include "html/dom.h"

namespace winnow::html {

// Visits `root` and its subtree in document order. `enter(id)` is called before a node's
// children and returns false to skip them; `leave(id)` is called after them (also for leaves and
// skipped subtrees). `enter` may remove the node it is given if it then returns false (a removed
// node keeps its own links, so the walk goes on with its next sibling); removing any other node the
// walk has not finished is not allowed.
template <class Enter, class Leave>
void walk(const Dom& dom, NodeId root, Enter&& enter, Leave&& leave) {
  NodeId id = root;
  while (true) {
    if (enter(id) && dom.node(id).first_child != kNoNode) {
      id = dom.node(id).first_child;
      continue;
    }
    // `id` is done: leave it, and every ancestor whose last child it was.
    while (true) {
      const NodeId next = dom.node(id).next_sibling;
      const NodeId parent = dom.node(id).parent;
      leave(id);
      if (id == root) return;
      if (next != kNoNode) {
        id = next;
        break;
      }
      id = parent;
      if (id == kNoNode) return;
    }
  }
}

// Visits `root` and its subtree in document order; `enter(id)` returns false to skip children.
template <class Enter>
void walk(const Dom& dom, NodeId root, Enter&& enter) {
  walk(dom, root, enter, [](NodeId) {});
}

}  // namespace winnow::html
