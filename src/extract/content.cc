// Main-content detection: score, pick, clean; loosen and retry when too little text is left;
// then apply the winning attempt's decisions to the tree.
#include "extract/content.h"

#include <algorithm>
#include <cstdio>

#include "common/text.h"
#include "extract/article_body.h"
#include "extract/block_features.h"
#include "extract/blocks.h"
#include "extract/models.h"
#include "extract/boilerplate.h"
#include "extract/junk_shapes.h"
#include "extract/metadata.h"
#include "extract/scoring.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// Below this much text (Counts::chars units) an attempt is suspect and the next, looser one runs.
constexpr float kEnoughText = 500;
// The block model learnt from real pages, which have dozens of blocks: on a page with fewer, or
// with less text than a short article, it has too little context to read, and the scoring
// detector's choice stands.
constexpr std::size_t kModelMinBlocks = 8;
constexpr float kModelMinChars = 400;

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

// Which nodes the scoring detector's selection keeps: the kept roots' subtrees, less the nodes it
// marked (hidden, bylines, junk classes, link-dense blocks...). The whole body when it found none.
std::vector<std::uint8_t> selected_nodes(const Dom& dom, NodeId body, const Selection& sel, bool found) {
  std::vector<std::uint8_t> in(dom.size(), 0);
  auto mark = [&](NodeId root) {
    html::walk(dom, root, [&](NodeId id) {
      if (found && id < sel.marks.size() && sel.marks[id] != Reason::kKeep) return false;
      in[id] = 1;
      return true;
    });
  };
  if (!found) mark(body);
  else
    for (NodeId k : sel.kept) mark(k);
  return in;
}

// Removes the elements under `root` left without text or images once blocks were dropped, so the
// writers do not print empty list items and table cells.
void prune_empty(Dom* dom, NodeId root) {
  std::vector<std::uint8_t> full(dom->size(), 0);
  html::walk(
      *dom, root, [&](NodeId id) { return dom->is_element(id) || dom->node(id).kind == html::NodeKind::kDocument; },
      [&](NodeId id) {
        const NodeId p = dom->node(id).parent;
        bool keep = full[id];
        if (dom->is_text(id)) keep = !is_blank(dom->text(id));
        else if (dom->is_element(id)) {
          const GumboTag t = dom->tag(id);
          keep = keep || t == GUMBO_TAG_IMG || t == GUMBO_TAG_BR || t == GUMBO_TAG_HR || html::is_unrendered(t);
        }
        if (keep && p != kNoNode) full[p] = 1;
      });
  html::walk(*dom, root, [&](NodeId id) {
    if (id == root || !dom->is_element(id)) return true;
    if (!full[id] && !html::is_unrendered(dom->tag(id)) && dom->tag(id) != GUMBO_TAG_IMG &&
        dom->tag(id) != GUMBO_TAG_BR && dom->tag(id) != GUMBO_TAG_HR) {
      dom->remove(id);
      return false;
    }
    return true;
  });
}

// The nearest element holding every kept block, from the blocks' owners.
NodeId common_ancestor(const Dom& dom, const BlockSet& blocks, const std::vector<std::uint8_t>& keep, NodeId body) {
  NodeId lca = kNoNode;
  std::vector<NodeId> chain;
  for (std::size_t i = 0; i < blocks.blocks.size(); ++i) {
    if (!keep[i]) continue;
    const NodeId owner = blocks.blocks[i].owner;
    if (lca == kNoNode) {
      lca = owner;
      continue;
    }
    chain.clear();
    for (NodeId a = lca; a != kNoNode; a = dom.node(a).parent) chain.push_back(a);
    NodeId a = owner;
    while (a != kNoNode && std::find(chain.begin(), chain.end(), a) == chain.end()) a = dom.node(a).parent;
    lca = a == kNoNode ? body : a;
    if (lca == body) break;
  }
  return lca == kNoNode ? body : lca;
}

Article find_root(Dom* dom, NodeId hint, const Metadata& metadata, const PageSignals& page,
                  std::vector<Removal>* removals, BlockTrace* trace) {
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
  {
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

  // The block model reads the scoring detector's choice as one signal among many, and decides
  // block by block what the page's content is.
  const Trees* model = block_model();
  if (model != nullptr || trace != nullptr) {
    const std::vector<std::uint8_t> selected = selected_nodes(*dom, body, sel, best.chars > 0);
    BlockSet blocks = find_blocks(*dom, body);
    const std::size_t n = blocks.blocks.size();
    std::vector<std::uint8_t> detected(n), keep(n);
    for (std::size_t i = 0; i < n; ++i) detected[i] = selected[blocks.blocks[i].first];
    std::size_t kept = 0;
    float page_chars = 0;
    for (const Block& b : blocks.blocks) page_chars += b.chars;
    const bool readable = n >= kModelMinBlocks && page_chars >= kModelMinChars;
    // The features only when something reads them.
    std::vector<float> features;
    if ((model != nullptr && readable) || trace != nullptr)
      block_features(*dom, blocks, detected, best.chars > 0 ? sel.top : kNoNode, page, metadata.title, &features);
    const std::size_t columns = block_feature_names().size();
    std::vector<float> p(n, 0.0f);
    if (model != nullptr && !readable)
      article.notes.push_back("detector: too few blocks for the block model (" + std::to_string(n) + ")");
    if (model != nullptr && readable) model->probabilities(features.data(), n, columns, p.data());
    for (std::size_t i = 0; model != nullptr && readable && i < n; ++i) {
      keep[i] = p[i] >= 0.5f;
      kept += keep[i];
    }
    if (trace != nullptr) {
      trace->columns = columns;
      trace->features = std::move(features);
      trace->probabilities = p;
      trace->signals = page.values;
      trace->texts.clear();
      for (const Block& b : blocks.blocks) trace->texts.emplace_back(blocks.text_of(b));
    }
    if (kept > 0) {
      for (std::size_t i = 0; i < n; ++i) {
        if (keep[i]) continue;
        if (removals != nullptr) {
          Removal r;
          char why[64];
          std::snprintf(why, sizeof why, "detector: block model (p %.2f < 0.50)", static_cast<double>(p[i]));
          r.rule = why;
          r.pattern = describe(*dom, blocks.blocks[i].owner);
          r.excerpt = std::string(blocks.text_of(blocks.blocks[i]).substr(0, 80));
          removals->push_back(std::move(r));
        }
        remove_block(dom, blocks.blocks[i]);
      }
      const NodeId root = common_ancestor(*dom, blocks, keep, body);
      prune_empty(dom, root);
      article.root = root;
      article.notes.push_back("detector: block model kept " + std::to_string(kept) + " of " + std::to_string(n) +
                              " blocks under " + describe(*dom, root));
      float chars = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (keep[i]) chars += blocks.blocks[i].chars;
      use_article_body_if_better(dom, body, chars, &article);
      add_product_description(dom, metadata, &article);
      return article;
    }
    if (model != nullptr && readable)
      article.notes.push_back("detector: block model kept nothing; the scoring detector's choice stands");
  }

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
  add_product_description(dom, metadata, &article);
  return article;
}

}  // namespace

Article find_article(Dom* dom, NodeId hint, const Metadata& metadata, const PageSignals& page,
                     std::vector<Removal>* removals, BlockTrace* trace, unsigned junk_shapes) {
  Article article = find_root(dom, hint, metadata, page, removals, trace);
  // A site rule's root is taken as the rule writer chose it; the detector's gets the shape signals
  // (see junk_shapes.cc for why after the detector).
  // On a listing or collection page the lists of links to the site's other pages are the content.
  unsigned shapes = junk_shapes;
  if (metadata.page_type == "listing" || metadata.page_type == "collection") shapes &= ~(kSiteLinkList | kHeadlineLinks);
  if (hint == kNoNode) remove_junk_shapes(dom, article.root, url_host(metadata.url), shapes, removals);
  return article;
}

}  // namespace winnow::extract
