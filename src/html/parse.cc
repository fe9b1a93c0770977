#include "html/parse.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "common/ascii.h"
#include "html/tags.h"

namespace winnow::html {

namespace {

// Gumbo allocates every node, string and vector separately; a bump allocator makes each of those a
// pointer increment, and freeing the whole tree a handful of free() calls instead of a walk.
class Arena {
 public:
  explicit Arena(std::size_t first_block) : next_block_(first_block) {}

  void* allocate(std::size_t size) {
    // 8, not malloc's 16: nothing in Gumbo's structs needs more, and a page's few hundred
    // thousand allocations waste half as much (about half the page's size on big pages).
    size = (size + 7) & ~std::size_t{7};
    if (size > left_) {
      const std::size_t block = std::max(size, next_block_);
      // new char[], not make_unique: zero-filling would make every page of a block resident,
      // used or not (a block is malloc'd with mmap, whose untouched pages cost nothing).
      blocks_.emplace_back(new char[block]);
      cursor_ = blocks_.back().get();
      left_ = block;
      next_block_ = block * 2;
    }
    void* p = cursor_;
    cursor_ += size;
    left_ -= size;
    return p;
  }

  static void* allocate_for_gumbo(void* arena, std::size_t size) { return static_cast<Arena*>(arena)->allocate(size); }
  static void free_for_gumbo(void*, void*) {}  // everything goes when the arena does

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  std::size_t left_ = 0;
  std::size_t next_block_;
};

std::string_view unknown_tag_name(const GumboElement& e, std::string* scratch) {
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  scratch->assign(piece.data, piece.length);
  for (char& c : *scratch) c = lower_ascii(c);
  return *scratch;
}

bool is_block(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT && html::is_block(n->v.element.tag); }

// A white-space-only text node whose parent is a block and whose nearest neighbours, past comments
// and other such nodes (the pre-scan drops comments and merges what they held apart), are blocks
// or the edge of the parent, with a block on at least one side: it never shows, and that block
// sibling keeps its parent from being :empty. A page reads the same indented or minified. The
// search stops after 64 nodes each way (and keeps the node), so that a page of 100,000 comments
// stays linear.
bool between_blocks(const GumboNode* g) {
  constexpr unsigned kMaxSkipped = 64;
  const GumboNode* parent = g->parent;
  if (parent == nullptr || !is_block(parent)) return false;
  const GumboVector& siblings = parent->v.element.children;
  auto skipped = [](const GumboNode* n) { return n->type == GUMBO_NODE_COMMENT || n->type == GUMBO_NODE_WHITESPACE; };
  const GumboNode* prev = nullptr;
  const unsigned at = static_cast<unsigned>(g->index_within_parent);
  for (unsigned i = at; i-- > 0;) {
    if (at - i > kMaxSkipped) return false;
    prev = static_cast<const GumboNode*>(siblings.data[i]);
    if (!skipped(prev)) break;
    prev = nullptr;
  }
  const GumboNode* next = nullptr;
  for (unsigned i = at + 1; i < siblings.length; ++i) {
    if (i - at > kMaxSkipped) return false;
    next = static_cast<const GumboNode*>(siblings.data[i]);
    if (!skipped(next)) break;
    next = nullptr;
  }
  if (prev == nullptr && next == nullptr) return false;
  return (prev == nullptr || is_block(prev)) && (next == nullptr || is_block(next));
}

}  // namespace

Dom parse(std::string_view utf8) {
  // Gumbo needs a few times the page's size; start with a block that usually holds it all.
  Arena arena(std::max<std::size_t>(utf8.size() * 4, 64 << 10));
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::allocate_for_gumbo;
  options.deallocator = &Arena::free_for_gumbo;
  options.userdata = &arena;
  options.max_errors = 0;  // nobody reads parse errors, and recording them costs time
  GumboOutput* output = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
  Dom dom;
  dom.reserve(utf8.size() / 40 + 16, utf8.size() / 2 + 64);
  std::string scratch;

  // Iterative copy, children pushed in reverse order.
  struct Pending {
    const GumboNode* node;
    NodeId parent;    // in dom
    bool in_pre;      // inside <pre> or the like, where white space shows
  };
  std::vector<Pending> stack;
  const GumboVector& top = output->document->v.document.children;
  for (unsigned i = top.length; i-- > 0;)
    stack.push_back({static_cast<const GumboNode*>(top.data[i]), dom.document(), false});
  while (!stack.empty()) {
    const auto [g, parent, in_pre] = stack.back();
    stack.pop_back();
    switch (g->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& e = g->v.element;
        std::string_view name = e.tag == GUMBO_TAG_UNKNOWN ? unknown_tag_name(e, &scratch) : "";
        NodeId id = dom.add_element(parent, e.tag, name);
        for (unsigned i = 0; i < e.attributes.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
          dom.add_attribute(id, a->name, a->value);
        }
        const bool pre = in_pre || e.tag == GUMBO_TAG_PRE || e.tag == GUMBO_TAG_LISTING ||
                         e.tag == GUMBO_TAG_TEXTAREA || e.tag == GUMBO_TAG_PLAINTEXT || e.tag == GUMBO_TAG_XMP;
        for (unsigned i = e.children.length; i-- > 0;)
          stack.push_back({static_cast<const GumboNode*>(e.children.data[i]), id, pre});
        break;
      }
      case GUMBO_NODE_WHITESPACE:
        // 40% of a page's nodes, in every later walk; where they cannot show, they are left out.
        if (!in_pre && between_blocks(g)) break;
        [[fallthrough]];
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
        dom.add_text(parent, g->v.text.text);
        break;
      case GUMBO_NODE_COMMENT:
      case GUMBO_NODE_DOCUMENT:
        break;
    }
  }
  // No gumbo_destroy_output: the arena frees the whole tree at once.
  return dom;
}

}  // namespace winnow::html
