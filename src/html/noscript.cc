#include "html/noscript.h"

#include <vector>

#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::html {

namespace {

// Below this much fallback text a noscript only says to turn JavaScript on.
constexpr std::size_t kMinFallback = 200;
constexpr std::size_t kMinOne = 25;

}  // namespace

bool show_noscript_fallback(Dom* dom) {
  const NodeId body = dom->find_first(GUMBO_TAG_BODY);
  if (body == kNoNode) return false;
  std::size_t outside = 0, inside = 0;
  std::vector<std::pair<NodeId, std::size_t>> noscripts;  // the outermost ones, with their text
  NodeId current = kNoNode;  // the noscript the walk is in
  walk(
      *dom, body,
      [&](NodeId id) {
        if (dom->is_text(id)) {
          // Visible bytes: enough to weigh one side against the other.
          const std::size_t n = visible_bytes(dom->text(id));
          if (current == kNoNode) outside += n;
          else noscripts.back().second += n;
          return false;
        }
        if (!dom->is_element(id)) return true;
        const GumboTag t = dom->tag(id);
        if (t == GUMBO_TAG_NOSCRIPT) {
          if (current != kNoNode) return false;
          current = id;
          noscripts.emplace_back(id, 0);
          return true;
        }
        return !is_unrendered(t);
      },
      [&](NodeId id) {
        if (id == current) current = kNoNode;
      });
  for (const auto& [id, n] : noscripts) inside += n;
  if (inside < kMinFallback || inside < outside) return false;
  bool any = false;
  for (const auto& [id, n] : noscripts)
    if (n >= kMinOne) {
      dom->unwrap(id);
      any = true;
    }
  return any;
}

}  // namespace winnow::html
