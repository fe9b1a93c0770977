#include "extract/scoring.h"

#include <algorithm>

#include "common/ascii.h"
#include "common/text.h"
#include "extract/hints.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

constexpr std::size_t kTopCandidates = 5;
constexpr float kMinParagraph = 25;
// An article's chunks: a look-alike wrapper this close above the best candidate, holding this much
// prose, is another part of the same article.
constexpr int kChunkLevels = 4;
constexpr float kChunkChars = 200;

// A candidate's starting score, from its tag: containers up, lists and headings down.
float base_score(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
  }
}

float paragraph_score(const Counts& c) {
  return 1.0f + static_cast<float>(c.commas + 1) + std::min(static_cast<float>(static_cast<int>(c.chars / 100)), 3.0f);
}

// True if the text reads like the end of a sentence (in any script).
bool has_sentence_end(std::string_view t) {
  if (!t.empty() && t.back() == '.') return true;
  if (t.find(". ") != std::string_view::npos) return true;
  for (std::string_view p : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F", "\xD8\x9F", "\xE0\xA5\xA4", "!", "?"})
    if (t.find(p) != std::string_view::npos) return true;
  return false;
}

// True for the page's footer: a <footer> (or role=contentinfo) outside any <article> or <main>.
// Its legal notice, copyright and links are never the article, and must not outscore a short
// article when the looser passes run; its paragraphs give no score (it still counts as a block of
// its parent, so the choice among the article's ancestors is unchanged). A <footer> inside an
// <article> is the article's own (notes, a bio) and scores as before. Cost: a walk up the parents
// for footer elements only.
bool page_footer(const Dom& dom, NodeId id) {
  if (dom.tag(id) != GUMBO_TAG_FOOTER && !equals_lower(dom.attr(id, "role"), "contentinfo")) return false;
  for (NodeId a = dom.node(id).parent; a != kNoNode && dom.is_element(a); a = dom.node(a).parent)
    if (dom.tag(a) == GUMBO_TAG_ARTICLE || dom.tag(a) == GUMBO_TAG_MAIN || equals_lower(dom.attr(a, "role"), "main"))
      return false;
  return true;
}

struct Scored {
  NodeId start;  // the first ancestor that gets the score
  float score;
};

}  // namespace

const char* reason_name(Reason r) {
  switch (r) {
    case Reason::kKeep: return "kept";
    case Reason::kHidden: return "hidden";
    case Reason::kUnlikely: return "unlikely candidate (class/id/role)";
    case Reason::kByline: return "byline";
    case Reason::kTitle: return "heading repeats the title";
    case Reason::kEmpty: return "empty block";
    case Reason::kOutside: return "outside the article";
    case Reason::kJunkTag: return "footer or aside";
    case Reason::kShare: return "share row";
    case Reason::kNegativeHeading: return "heading with a junk class";
    case Reason::kNegativeClass: return "block with a junk class or id";
    case Reason::kLinkDense: return "link-dense block";
    case Reason::kShady: return "non-content block (images, inputs, embeds or lists)";
  }
  return "";
}

std::string short_text(const Dom& dom, NodeId root, std::size_t limit) {
  std::string out;
  bool pending = false;
  std::size_t visited = 0;
  html::walk(dom, root, [&](NodeId id) {
    if (out.size() > limit || ++visited > limit) return false;
    if (dom.is_text(id)) append_collapsed(&out, dom.text(id), &pending);
    return !dom.is_element(id) || !html::is_unrendered(dom.tag(id));
  });
  return out;
}

Selection select_article(const Dom& dom, NodeId body, unsigned flags, NodeFacts* facts) {
  Selection sel;
  const std::size_t n = dom.size();
  sel.marks.assign(n, Reason::kKeep);
  sel.counts.assign(n, Counts{});
  sel.collapsible.assign(n, 0);
  std::vector<Reason>& marks = sel.marks;
  std::vector<Counts>& counts = sel.counts;
  std::vector<Scored> scored;
  int in_table = 0, in_code = 0;
  std::vector<NodeId> footers;  // the page footers the walk is in, innermost last
  bool byline_done = false, title_done = normalize_space(facts->title()).empty();

  auto kept_child = [&](NodeId k) { return marks[k] == Reason::kKeep; };

  html::walk(
      dom, body,
      [&](NodeId id) {
        if (!dom.is_element(id)) return dom.node(id).kind == html::NodeKind::kDocument;
        const GumboTag t = dom.tag(id);
        if (html::is_unrendered(t)) return false;
        if (id != body) {
          if (facts->hidden(id)) {
            marks[id] = Reason::kHidden;
            return false;
          }
          if (facts->modal(id)) {
            marks[id] = Reason::kUnlikely;
            return false;
          }
          if (!byline_done && facts->byline(id)) {
            marks[id] = Reason::kByline;
            byline_done = true;
            return false;
          }
          if (!title_done && (t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2) && facts->repeats_title(id)) {
            marks[id] = Reason::kTitle;
            title_done = true;
            return false;
          }
          if ((flags & kStripUnlikely) && !in_table && !in_code && t != GUMBO_TAG_A && is_unlikely(dom, id)) {
            marks[id] = Reason::kUnlikely;
            return false;
          }
        }
        if (t == GUMBO_TAG_TABLE) ++in_table;
        if (t == GUMBO_TAG_CODE) ++in_code;
        if (page_footer(dom, id)) footers.push_back(id);
        return true;
      },
      [&](NodeId id) {
        if (marks[id] != Reason::kKeep) return;
        if (dom.is_text(id)) {
          counts[id] = facts->text_counts(id);
          return;
        }
        if (!dom.is_element(id) || html::is_unrendered(dom.tag(id))) return;
        const GumboTag t = dom.tag(id);
        if (t == GUMBO_TAG_TABLE) --in_table;
        if (t == GUMBO_TAG_CODE) --in_code;
        if (!footers.empty() && footers.back() == id) footers.pop_back();
        Counts c;
        for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling)
          if (kept_child(k)) add_child(dom, k, counts[k], &c);
        finish_element(dom, id, &c);
        const bool container = t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_HEADER ||
                               (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6);
        if (id != body && container && c.chars == 0 && c.elements == c.br_hr) {
          marks[id] = Reason::kEmpty;
          return;
        }
        counts[id] = c;
        if (t == GUMBO_TAG_DIV) {
          // A <div> that only wraps one <p> is that paragraph; one of inline content is a paragraph.
          std::size_t elements = 0;
          bool single_p = true;
          for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling) {
            if (!kept_child(k)) continue;
            if (dom.is_text(k)) single_p &= counts[k].chars == 0;
            else if (dom.is_element(k) && !html::is_unrendered(dom.tag(k))) {
              ++elements;
              single_p &= dom.tag(k) == GUMBO_TAG_P;
            }
          }
          if (single_p && elements == 1 && link_density(c) < 0.25f) sel.collapsible[id] = 1;
        }
        if (!footers.empty()) return;
        if (html::is_scored(t) || (t == GUMBO_TAG_DIV && !c.has_block)) {
          if (c.chars >= kMinParagraph) scored.push_back({dom.node(id).parent, paragraph_score(c)});
        } else if (t == GUMBO_TAG_DIV) {
          // Runs of inline content between a <div>'s blocks are paragraphs of that <div>.
          Counts run;
          auto flush = [&] {
            if (run.chars >= kMinParagraph) scored.push_back({id, paragraph_score(run)});
            run = Counts{};
          };
          for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling) {
            if (!kept_child(k)) continue;
            if (is_phrasing(dom, k, counts[k])) add_child(dom, k, counts[k], &run);
            else flush();
          }
          flush();
        }
      });

  // Hand each paragraph's score to its ancestors.
  std::vector<float> score(n, 0);
  std::vector<std::uint8_t> init(n, 0);
  std::vector<NodeId> candidates;
  auto initialize = [&](NodeId a) {
    if (init[a]) return;
    init[a] = 1;
    score[a] = base_score(dom.tag(a)) + ((flags & kWeightClasses) ? static_cast<float>(facts->class_weight(a)) : 0);
    candidates.push_back(a);
  };
  auto is_candidate_node = [&](NodeId a) {
    return a != kNoNode && dom.is_element(a) && dom.node(a).parent != kNoNode && dom.is_element(dom.node(a).parent);
  };
  for (const Scored& s : scored) {
    NodeId a = s.start;
    int level = 0;
    while (level < 5 && is_candidate_node(a)) {
      if (sel.collapsible[a]) {
        a = dom.node(a).parent;
        continue;
      }
      initialize(a);
      score[a] += s.score / (level == 0 ? 1.0f : level == 1 ? 2.0f : static_cast<float>(level * 3));
      a = dom.node(a).parent;
      ++level;
    }
  }
  for (NodeId c : candidates) score[c] *= 1.0f - link_density(counts[c]);
  sel.candidates = candidates.size();

  std::vector<NodeId> top = candidates;
  std::stable_sort(top.begin(), top.end(), [&](NodeId a, NodeId b) { return score[a] > score[b]; });
  if (top.size() > kTopCandidates) top.resize(kTopCandidates);
  if (top.empty() || dom.tag(top[0]) == GUMBO_TAG_BODY || top[0] == body) {
    sel.whole_body = true;
    sel.top = body;
    sel.kept = {body};
    return sel;
  }
  NodeId best = top[0];

  // Several near-best candidates under one ancestor: the article is that ancestor.
  std::vector<std::vector<NodeId>> alternatives;
  for (std::size_t i = 1; i < top.size(); ++i) {
    if (score[top[i]] / score[best] < 0.75f) continue;
    std::vector<NodeId> chain;
    for (NodeId a = dom.node(top[i]).parent; a != kNoNode; a = dom.node(a).parent) chain.push_back(a);
    alternatives.push_back(std::move(chain));
  }
  if (alternatives.size() >= 3) {
    for (NodeId p = dom.node(best).parent; p != kNoNode && p != body && dom.is_element(p); p = dom.node(p).parent) {
      std::size_t holding = 0;
      for (const auto& chain : alternatives)
        if (std::find(chain.begin(), chain.end(), p) != chain.end()) ++holding;
      if (holding >= 3) {
        best = p;
        break;
      }
    }
  }
  initialize(best);

  // A parent scoring higher than the best child holds more of the article.
  {
    float last = score[best];
    const float threshold = last / 3;
    for (NodeId p = dom.node(best).parent; p != kNoNode && p != body && dom.is_element(p); p = dom.node(p).parent) {
      if (!init[p]) continue;
      if (score[p] < threshold) break;
      if (score[p] > last) {
        best = p;
        break;
      }
      last = score[p];
    }
  }
  // An only child: its parent's siblings may hold the rest of the article. The parent holds what
  // the child holds, so it scores at least as well: the siblings merged below are measured against
  // the article's score, not against a wrapper's that few paragraphs reached.
  for (NodeId p = dom.node(best).parent; p != kNoNode && p != body && dom.is_element(p); p = dom.node(p).parent) {
    std::size_t elements = 0;
    for (NodeId k = dom.node(p).first_child; k != kNoNode; k = dom.node(k).next_sibling)
      if (dom.is_element(k) && kept_child(k)) ++elements;
    if (elements != 1) break;
    initialize(p);
    score[p] = std::max(score[p], score[best]);
    best = p;
  }
  // An article cut into chunks (ads or asides between them) repeats one wrapper: when an ancestor
  // close to the best candidate has a sibling of its own tag and class that holds paragraphs of
  // prose, the article is that ancestor and its look-alikes (merged below with the same-class
  // bonus). Only a few levels up: higher wrappers share classes with the page's other columns.
  {
    NodeId p = best;
    for (int level = 0; level < kChunkLevels && p != body && dom.node(p).parent != body; ++level) {
      const std::string_view cls = dom.attr(p, "class");
      bool chunked = false;
      if (!cls.empty())
        for (NodeId s = dom.node(dom.node(p).parent).first_child; s != kNoNode && !chunked; s = dom.node(s).next_sibling)
          chunked = s != p && dom.is_element(s) && kept_child(s) && dom.tag(s) == dom.tag(p) &&
                    dom.attr(s, "class") == cls && init[s] && counts[s].p >= 2 &&
                    counts[s].chars >= kChunkChars && link_density(counts[s]) < 0.2f;
      if (chunked) {
        best = p;
        break;
      }
      p = dom.node(p).parent;
    }
  }
  initialize(best);
  sel.top = best;
  sel.top_score = score[best];

  // Merge siblings that score well or read like paragraphs.
  const NodeId parent = dom.node(best).parent;
  const float threshold = std::max(10.0f, score[best] * 0.2f);
  const std::string_view best_class = dom.attr(best, "class");
  auto paragraph_like = [&](const Counts& c, NodeId first, NodeId last) {
    const float ld = link_density(c);
    if (c.chars > 80) return ld < 0.25f;
    if (c.chars == 0 || ld > 0) return false;
    std::string text;
    for (NodeId k = first;; k = dom.node(k).next_sibling) {
      if (kept_child(k)) text += short_text(dom, k, 400);
      if (k == last) break;
    }
    return has_sentence_end(normalize_space(text));
  };
  const bool div_parent = dom.tag(parent) == GUMBO_TAG_DIV;
  for (NodeId k = dom.node(parent).first_child; k != kNoNode;) {
    const NodeId next = dom.node(k).next_sibling;
    if (!kept_child(k) || (!dom.is_text(k) && !dom.is_element(k))) {
      k = next;
      continue;
    }
    if (div_parent && k != best && is_phrasing(dom, k, counts[k])) {
      // A run of inline content: one paragraph.
      Counts run;
      NodeId last = k;
      for (NodeId r = k; r != kNoNode && (!kept_child(r) || is_phrasing(dom, r, counts[r])); r = dom.node(r).next_sibling) {
        if (kept_child(r)) add_child(dom, r, counts[r], &run);
        last = r;
      }
      if (run.chars > 0 && paragraph_like(run, k, last))
        for (NodeId r = k;; r = dom.node(r).next_sibling) {
          if (kept_child(r)) sel.kept.push_back(r);
          if (r == last) break;
        }
      k = dom.node(last).next_sibling;
      continue;
    }
    if (!dom.is_element(k)) {
      k = next;
      continue;
    }
    bool keep = k == best;
    if (!keep) {
      const float bonus = !best_class.empty() && dom.attr(k, "class") == best_class ? score[best] * 0.2f : 0;
      if (init[k] && score[k] + bonus >= threshold) keep = true;
      else if (dom.tag(k) == GUMBO_TAG_P || sel.collapsible[k] || (dom.tag(k) == GUMBO_TAG_DIV && !counts[k].has_block))
        keep = paragraph_like(counts[k], k, k);
    }
    if (keep) sel.kept.push_back(k);
    k = next;
  }
  return sel;
}

}  // namespace winnow::extract
