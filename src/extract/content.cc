// Main-content detection: score, pick, clean; loosen and retry when too little text is left;
// then apply the winning attempt's decisions to the tree.
#include "extract/content.h"

#include <cstdio>

#include "common/text.h"
#include "extract/article_body.h"
#include "extract/boilerplate.h"
#include "extract/scoring.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// Below this much text (Counts::chars units) an attempt is suspect and the next, looser one runs.
constexpr float kEnoughText = 500;

struct Attempt {
  unsigned flags = 0;
  Selection selection;
  float chars = 0;
};

std::string describe(const Dom& dom, NodeId id) {
  std::string s(dom.tag_name(id));
  if (const std::string_view v = dom.attr(id, "id"); !v.empty()) s += "#" + std::string(v);
  if (const std::string_view v = dom.attr(id, "class"); !v.empty()) {
    std::string cls = normalize_space(v);
    for (char& c : cls)
      if (c == ' ') c = '.';
    s += "." + cls;
  }
  return s;
}

std::string flags_text(unsigned flags) {
  std::string s;
  if (flags & kStripUnlikely) s += " skip-unlikely";
  if (flags & kWeightClasses) s += " class-weights";
  if (flags & kCleanConditionally) s += " clean-conditionally";
  return s.empty() ? " none" : s;
}

void record(const Dom& dom, NodeId id, Reason why, std::vector<Removal>* removals) {
  if (removals == nullptr) return;
  Removal r;
  r.rule = std::string("detector: ") + reason_name(why);
  r.pattern = describe(dom, id);
  std::string text = normalize_space(short_text(dom, id, 200));
  if (utf8_length(text) > 80) {
    // Cut at a character boundary.
    std::size_t bytes = 0, chars = 0;
    while (bytes < text.size() && chars < 80) {
      ++chars;
      ++bytes;
      while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
    }
    text.resize(bytes);
  }
  r.excerpt = std::move(text);
  removals->push_back(std::move(r));
}

// Removes every marked node under `root` (the root itself included).
void remove_marked(Dom* dom, NodeId root, const std::vector<Reason>& marks, std::vector<Removal>* removals) {
  html::walk(*dom, root, [&](NodeId id) {
    if (id < marks.size() && marks[id] != Reason::kKeep && marks[id] != Reason::kOutside) {
      // Empty blocks hold nothing worth reporting.
      if (dom->is_element(id) && marks[id] != Reason::kEmpty) record(*dom, id, marks[id], removals);
      dom->remove(id);
      return false;
    }
    return true;
  });
}

}  // namespace

Article find_article(Dom* dom, NodeId hint, const Metadata& metadata, std::vector<Removal>* removals) {
  Article article;
  if (hint != kNoNode) {
    article.root = hint;
    article.notes.push_back("detector: article root chosen by a site rule: " + describe(*dom, hint));
    return article;
  }
  NodeId body = dom->find_first(GUMBO_TAG_BODY);
  if (body == kNoNode) body = dom->document();

  // Readability's order: strict first, then without skipping unlikely blocks, then without class
  // hints, then without conditional cleaning. The first attempt with enough text wins; otherwise
  // the one with the most text.
  static const unsigned kPasses[] = {kStripUnlikely | kWeightClasses | kCleanConditionally,
                                     kWeightClasses | kCleanConditionally, kCleanConditionally, 0};
  Attempt best;
  bool have = false;
  // The passes only read the tree, so what one learns of a node holds for the next.
  NodeFacts facts(*dom, metadata.title);
  for (unsigned flags : kPasses) {
    Attempt a;
    a.flags = flags;
    a.selection = select_article(*dom, body, flags, &facts);
    a.chars = clean_article(*dom, flags, &a.selection, &facts);
    const bool enough = a.chars >= kEnoughText;
    if (!have || a.chars > best.chars) {
      best = std::move(a);
      have = true;
    }
    if (enough) break;
  }

  Selection& sel = best.selection;
  char buf[200];
  std::snprintf(buf, sizeof buf, "detector: root %s, score %.1f among %zu candidates, %zu block(s) kept, passes:%s",
                describe(*dom, sel.top).c_str(), static_cast<double>(sel.top_score), sel.candidates,
                sel.kept.size(), flags_text(best.flags).c_str());
  article.notes.push_back(buf);
  if (sel.kept.size() > 1) {
    std::string merged = "detector: merged siblings:";
    for (NodeId k : sel.kept)
      if (k != sel.top) merged += " " + (dom->is_element(k) ? describe(*dom, k) : std::string("text"));
    article.notes.push_back(merged);
  }
  if (sel.whole_body) article.notes.push_back("detector: no block stood out; the article is the whole body");

  NodeId root = sel.top;
  if (best.chars <= 0) {
    // Nothing survived: never return nothing when the page has text.
    root = body;
    article.notes.push_back("detector: unsure, no article found; falling back to the whole body");
  } else {
    // The article root: the single kept block, or their parent with the other children removed.
    if (sel.kept.size() > 1 || (sel.kept.size() == 1 && sel.kept[0] != sel.top)) {
      root = dom->node(sel.top).parent;
      std::vector<std::uint8_t> keep(dom->size(), 0);
      for (NodeId k : sel.kept) keep[k] = 1;
      for (NodeId k = dom->node(root).first_child; k != kNoNode;) {
        const NodeId next = dom->node(k).next_sibling;
        if (!keep[k]) {
          if (dom->is_element(k) && sel.marks[k] == Reason::kKeep) record(*dom, k, Reason::kOutside, removals);
          dom->remove(k);
        }
        k = next;
      }
    }
    for (NodeId k : sel.kept) remove_marked(dom, k, sel.marks, removals);
    if (best.chars < kEnoughText)
      article.notes.push_back("detector: unsure, little text found (" + std::to_string(static_cast<int>(best.chars)) +
                              " characters); kept the largest plausible block");
  }
  article.root = root;
  use_article_body_if_better(dom, body, best.chars, &article);
  return article;
}

}  // namespace winnow::extract
