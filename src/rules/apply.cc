#include "rules/apply.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"
#include "html/walk.h"
#include "rules/load.h"

namespace winnow::rules {

namespace {

using html::Dom;
using html::NodeId;
using html::kNoNode;

// A rule with the file it comes from.
struct Active {
  const Rule* rule;
  const RuleFile* file;
  bool generic() const { return file->generic(); }
};

// Text patterns are matched against small blocks only: labels, notices, credits. Bigger blocks are
// never a label, and measuring every block's text would cost O(size * depth).
constexpr std::uint32_t kMaxPatternBytes = 600;

// Elements whose text never shows.
bool invisible(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_TITLE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
      return true;
    default:
      return false;
  }
}

bool inline_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO:
    case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA: case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM: case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_KBD:
    case GUMBO_TAG_MARK: case GUMBO_TAG_Q: case GUMBO_TAG_S: case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_U: case GUMBO_TAG_VAR:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_BIG: case GUMBO_TAG_TT: case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_NOBR: case GUMBO_TAG_INS: case GUMBO_TAG_DEL:
      return true;
    default:
      return false;
  }
}

// The visible text of a subtree, white space collapsed; blocks are separated by a space so that
// "caption" and "credit" in two <div>s do not read as "captioncredit".
std::string subtree_text(const Dom& dom, NodeId root) {
  std::string out;
  bool pending = false;
  html::walk(
      dom, root,
      [&](NodeId id) {
        if (dom.is_text(id)) {
          append_collapsed(&out, dom.text(id), &pending);
          return false;
        }
        if (!dom.is_element(id)) return true;
        if (invisible(dom.tag(id))) return false;
        if (!inline_tag(dom.tag(id)) && id != root) pending = true;
        return true;
      },
      [&](NodeId id) {
        if (id != root && dom.is_element(id) && !inline_tag(dom.tag(id))) pending = true;
      });
  return out;
}

std::string excerpt(const Dom& dom, NodeId id) {
  std::string text = subtree_text(dom, id);
  if (text.empty()) return "<" + std::string(dom.tag_name(id)) + ">";
  // Cut after 80 code points, never inside a UTF-8 sequence.
  std::size_t points = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++points > 80) break;
  }
  if (i < text.size()) {
    text.resize(i);
    text += "...";
  }
  return text;
}

// Bytes of visible text under each node (a cheap upper bound of its normalised length).
std::vector<std::uint32_t> measure(const Dom& dom) {
  std::vector<std::uint32_t> bytes(dom.size(), 0);
  html::walk(
      dom, dom.document(),
      [&](NodeId id) {
        if (dom.is_text(id)) {
          bytes[id] = static_cast<std::uint32_t>(dom.text(id).size());
          return false;
        }
        return !(dom.is_element(id) && invisible(dom.tag(id)));
      },
      [&](NodeId id) {
        const NodeId parent = dom.node(id).parent;
        if (parent != kNoNode && id != dom.document()) bytes[parent] += bytes[id];
      });
  return bytes;
}

// Share of a subtree's text that sits inside links (0 when it has no text).
double link_density(const Dom& dom, NodeId root) {
  std::size_t total = 0, linked = 0;
  int in_link = 0;
  html::walk(
      dom, root,
      [&](NodeId id) {
        if (dom.is_text(id)) {
          std::size_t visible = 0;
          for (char c : dom.text(id))
            if (static_cast<unsigned char>(c) > ' ') ++visible;
          total += visible;
          if (in_link) linked += visible;
          return false;
        }
        if (dom.is_element(id) && invisible(dom.tag(id))) return false;
        if (dom.is_element(id) && dom.tag(id) == GUMBO_TAG_A) ++in_link;
        return true;
      },
      [&](NodeId id) {
        if (dom.is_element(id) && dom.tag(id) == GUMBO_TAG_A && dom.node(id).first_child != kNoNode) --in_link;
      });
  if (dom.is_element(root) && dom.tag(root) == GUMBO_TAG_A && dom.node(root).first_child == kNoNode) return 0;
  return total == 0 ? 0 : static_cast<double>(linked) / static_cast<double>(total);
}

bool is_ancestor_or_self(const Dom& dom, NodeId ancestor, NodeId node) {
  for (NodeId id = node; id != kNoNode; id = dom.node(id).parent)
    if (id == ancestor) return true;
  return false;
}

// Applies one page's worth of rules; holds what the phases share.
class Applier {
 public:
  Applier(Dom* dom, std::vector<Removal>* removals, Hints* hints)
      : dom_(*dom), removals_(removals), hints_(*hints) {}

  void run(const std::vector<Active>& rules) {
    read_hints(rules);
    replace(rules);
    unwrap(rules);
    bytes_ = measure(dom_);
    body_ = dom_.find_first(GUMBO_TAG_BODY);
    remove_selected(rules);
    cut(rules);
    bytes_ = measure(dom_);
    remove_text(rules);
  }

 private:
  // title / byline / date / body: the first rule (site rules come first) that selects something.
  void read_hints(const std::vector<Active>& rules) {
    std::vector<NodeId> found;
    for (const Active& a : rules) {
      const Action action = a.rule->action;
      std::string* slot = action == Action::kTitle    ? &hints_.title
                          : action == Action::kByline ? &hints_.byline
                          : action == Action::kDate   ? &hints_.date
                                                      : nullptr;
      if (action != Action::kBody && (slot == nullptr || !slot->empty())) continue;
      if (action == Action::kBody && hints_.root != kNoNode) continue;
      found.clear();
      a.rule->selector.select(dom_, dom_.document(), &found);
      if (found.empty()) continue;
      if (action == Action::kBody) {
        hints_.root = found.front();
        continue;
      }
      for (NodeId id : found) {
        std::string value;
        std::string_view attr;
        if (action == Action::kDate && dom_.attribute(id, "datetime", &attr)) value = normalize_space(attr);
        else if (dom_.tag(id) == GUMBO_TAG_META) value = normalize_space(dom_.attr(id, "content"));
        else value = subtree_text(dom_, id);
        if (value.empty()) continue;
        // Several byline elements are several authors.
        if (action == Action::kByline && !slot->empty()) {
          if (slot->find(value) == std::string::npos) *slot += ", " + value;
          continue;
        }
        *slot = std::move(value);
        if (action != Action::kByline) break;
      }
    }
  }

  void replace(const std::vector<Active>& rules) {
    std::vector<const Rule*> replaces;
    for (const Active& a : rules)
      if (a.rule->action == Action::kReplace) replaces.push_back(a.rule);
    if (replaces.empty()) return;
    std::string text;
    html::walk(dom_, dom_.document(), [&](NodeId id) {
      if (!dom_.is_text(id)) return !(dom_.is_element(id) && invisible(dom_.tag(id)));
      text.assign(dom_.text(id));
      bool changed = false;
      for (const Rule* r : replaces)
        if (RE2::GlobalReplace(&text, *r->regex, r->replacement) > 0) changed = true;
      if (changed) dom_.set_text(id, text);
      return false;
    });
  }

  void unwrap(const std::vector<Active>& rules) {
    std::vector<NodeId> found;
    for (const Active& a : rules) {
      if (a.rule->action != Action::kUnwrap) continue;
      found.clear();
      a.rule->selector.select(dom_, dom_.document(), &found);
      for (NodeId id : found)
        if (!protected_node(id) && dom_.attached(id)) dom_.unwrap(id);
    }
  }

  // remove: one walk for every selector that only matches (each tried only on elements that carry
  // its rightmost tag, id or class), plus one select() per selector that climbs (:upward) or
  // spreads (:and-after).
  void remove_selected(const std::vector<Active>& rules) {
    std::vector<std::pair<NodeId, const Active*>> hits;
    std::vector<NodeId> found;
    std::vector<const Active*> indexed;
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_id, by_class;
    std::unordered_map<int, std::vector<std::uint32_t>> by_tag;
    std::vector<std::uint32_t> universal;
    for (const Active& a : rules) {
      if (a.rule->action != Action::kRemove) continue;
      if (selects_elsewhere(a.rule->pattern)) {
        found.clear();
        a.rule->selector.select(dom_, dom_.document(), &found);
        for (NodeId id : found) hits.emplace_back(id, &a);
        continue;
      }
      const auto index = static_cast<std::uint32_t>(indexed.size());
      indexed.push_back(&a);
      for (const html::SelectorKeys& k : a.rule->selector.keys()) {
        if (!k.id.empty()) by_id[k.id].push_back(index);
        else if (!k.classes.empty()) by_class[k.classes.front()].push_back(index);
        else if (k.tag != GUMBO_TAG_LAST && k.tag != GUMBO_TAG_UNKNOWN) by_tag[k.tag].push_back(index);
        else universal.push_back(index);
      }
    }
    if (!indexed.empty()) {
      html::MatchCache cache(dom_);
      std::vector<std::uint32_t> candidates;
      auto add = [&](const std::vector<std::uint32_t>* list) {
        if (list != nullptr) candidates.insert(candidates.end(), list->begin(), list->end());
      };
      html::walk(dom_, dom_.document(), [&](NodeId id) {
        if (!dom_.is_element(id)) return !dom_.is_text(id);
        if (invisible(dom_.tag(id))) return false;
        candidates.assign(universal.begin(), universal.end());
        if (auto it = by_tag.find(dom_.tag(id)); it != by_tag.end()) add(&it->second);
        std::string_view value;
        if (!by_id.empty() && dom_.attribute(id, "id", &value))
          if (auto it = by_id.find(value); it != by_id.end()) add(&it->second);
        if (!by_class.empty() && dom_.attribute(id, "class", &value)) {
          std::size_t i = 0;
          while (i < value.size()) {
            while (i < value.size() && static_cast<unsigned char>(value[i]) <= ' ') ++i;
            const std::size_t start = i;
            while (i < value.size() && static_cast<unsigned char>(value[i]) > ' ') ++i;
            if (i > start)
              if (auto it = by_class.find(value.substr(start, i - start)); it != by_class.end()) add(&it->second);
          }
        }
        if (candidates.empty()) return true;
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (std::uint32_t c : candidates) {
          if (indexed[c]->rule->selector.matches(dom_, id, &cache) && allowed(id, *indexed[c])) {
            hits.emplace_back(id, indexed[c]);
            return false;  // what is inside goes with it
          }
        }
        return true;
      });
    }
    // Document order (ids are assigned in document order), so that an outer element goes first and
    // the rules that matched inside it are not reported as removing anything.
    std::stable_sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [id, a] : hits) remove(id, *a);
  }

  // Whether a selector may select something other than the element it matches. Looking at the
  // text over-approximates (an attribute value could spell it), which only costs a select().
  static bool selects_elsewhere(std::string_view pattern) {
    const std::string lower = ascii_lower(pattern);
    return lower.find(":upward") != std::string::npos || lower.find(":and-after") != std::string::npos;
  }

  // cut-from: the first selected element and everything after it up to the end of the article
  // (the `body:` root, else the nearest <article>, <main> or <body> around the marker).
  void cut(const std::vector<Active>& rules) {
    std::vector<NodeId> found;
    for (const Active& a : rules) {
      if (a.rule->action != Action::kCut) continue;
      found.clear();
      a.rule->selector.select(dom_, dom_.document(), &found);
      NodeId marker = kNoNode;
      for (NodeId id : found)
        if (dom_.attached(id) && !protected_node(id)) { marker = id; break; }
      if (marker == kNoNode) continue;
      const NodeId stop = cut_boundary(marker);
      std::vector<NodeId> doomed;
      std::uint64_t doomed_bytes = 0;
      for (NodeId at = marker; at != stop && at != kNoNode; at = dom_.node(at).parent) {
        for (NodeId s = (at == marker ? at : dom_.node(at).next_sibling); s != kNoNode; s = dom_.node(s).next_sibling) {
          doomed.push_back(s);
          doomed_bytes += bytes_[s];
        }
      }
      if (a.generic() && body_ != kNoNode && doomed_bytes * 2 > bytes_[body_] && doomed_bytes > 2000) {
        hints_.notes.push_back(label(a) + ": held back cut-from " + excerpt(dom_, marker) +
                               ": it would remove most of the page's text");
        continue;
      }
      for (NodeId id : doomed) remove(id, a, /*checked=*/true);
    }
  }

  NodeId cut_boundary(NodeId marker) const {
    if (hints_.root != kNoNode && is_ancestor_or_self(dom_, hints_.root, marker)) return hints_.root;
    for (NodeId id = dom_.node(marker).parent; id != kNoNode; id = dom_.node(id).parent) {
      if (!dom_.is_element(id)) return id;
      const GumboTag tag = dom_.tag(id);
      if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_BODY) return id;
    }
    return dom_.document();
  }

  // remove-text / remove-label: one walk, testing the small blocks' whole text.
  void remove_text(const std::vector<Active>& rules) {
    std::vector<const Active*> patterns;
    for (const Active& a : rules)
      if (a.rule->action == Action::kRemoveText || a.rule->action == Action::kRemoveLabel) patterns.push_back(&a);
    if (patterns.empty()) return;
    std::vector<std::pair<NodeId, const Active*>> hits;
    html::walk(dom_, dom_.document(), [&](NodeId id) {
      if (!dom_.is_element(id)) return dom_.is_text(id) ? false : true;
      if (invisible(dom_.tag(id)) || bytes_[id] == 0) return false;
      if (bytes_[id] > kMaxPatternBytes || !candidate(id)) return true;
      const std::string text = subtree_text(dom_, id);
      if (text.empty()) return false;
      for (const Active* a : patterns) {
        if (RE2::FullMatch(text, *a->rule->regex)) {
          hits.emplace_back(id, a);
          return false;
        }
      }
      return true;
    });
    for (const auto& [id, a] : hits) {
      if (!dom_.attached(id)) continue;
      std::vector<NodeId> list;
      if (a->rule->action == Action::kRemoveLabel) list = introduced_list(id);
      remove(id, *a);
      for (NodeId s : list) remove(s, *a);
    }
  }

  // A block takes part in text matching if it is a block, or an inline element standing alone
  // (no words of its own parent's around it): "share" inside a sentence is not a share button.
  bool candidate(NodeId id) const {
    if (!inline_tag(dom_.tag(id))) return true;
    const NodeId parent = dom_.node(id).parent;
    for (NodeId s = dom_.node(parent).first_child; s != kNoNode; s = dom_.node(s).next_sibling)
      if (s != id && dom_.is_text(s) && !is_blank(dom_.text(s))) return false;
    return true;
  }

  // The headlines a label introduces: its following siblings while they are link lists (or hold
  // no text at all: thumbnails, dividers).
  std::vector<NodeId> introduced_list(NodeId label) const {
    std::vector<NodeId> list;
    for (NodeId s = dom_.node(label).next_sibling; s != kNoNode; s = dom_.node(s).next_sibling) {
      if (dom_.is_text(s)) {
        if (is_blank(dom_.text(s))) continue;
        break;
      }
      if (!dom_.is_element(s)) continue;
      if (bytes_[s] == 0 || link_density(dom_, s) >= 0.5) {
        list.push_back(s);
        continue;
      }
      break;
    }
    return list;
  }

  bool protected_node(NodeId id) const {
    if (id == dom_.document() || !dom_.is_element(id)) return id == dom_.document();
    const GumboTag tag = dom_.tag(id);
    if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HEAD) return true;
    return hints_.root != kNoNode && is_ancestor_or_self(dom_, id, hints_.root);
  }

  std::string label(const Active& a) const {
    std::string s = a.file->name + ":" + std::to_string(a.rule->line);
    if (!a.rule->name.empty()) s += " " + a.rule->name;
    return s;
  }

  // Whether rule `a` may remove `id`: never the page's skeleton or the article root, and a
  // generic rule never an element holding most of the page's text (noted for --explain).
  bool allowed(NodeId id, const Active& a) {
    if (protected_node(id)) return false;
    if (a.generic() && body_ != kNoNode && bytes_[id] > 2000 && std::uint64_t{bytes_[id]} * 2 > bytes_[body_]) {
      hints_.notes.push_back(label(a) + ": held back on <" + std::string(dom_.tag_name(id)) +
                             ">: it holds most of the page's text");
      return false;
    }
    return true;
  }

  void remove(NodeId id, const Active& a, bool checked = false) {
    if (!dom_.attached(id) || protected_node(id)) return;
    if (!checked && !allowed(id, a)) return;
    if (removals_ != nullptr) removals_->push_back({label(a), a.rule->pattern, excerpt(dom_, id)});
    dom_.remove(id);
  }

  Dom& dom_;
  std::vector<Removal>* removals_;
  Hints& hints_;
  std::vector<std::uint32_t> bytes_;
  NodeId body_ = kNoNode;
};

}  // namespace

Hints apply(const Rules& rules, std::string_view host, html::Dom* dom, std::vector<Removal>* removals) {
  Hints hints;
  const Rules::Impl* set = rules.impl();
  if (set == nullptr) return hints;
  const std::vector<const RuleFile*> sites = site_files(*set, host);
  std::unordered_set<std::string_view> disabled;
  for (const RuleFile* f : sites)
    for (const Disable& d : f->disabled) disabled.insert(d.name);
  // Site rules first (the most specific host first): their title/body win over generic ones.
  std::vector<Active> active;
  for (auto it = sites.rbegin(); it != sites.rend(); ++it) {
    hints.files.push_back((*it)->path);
    for (const Rule& r : (*it)->rules) active.push_back({&r, *it});
  }
  for (const RuleFile* f : set->generic) {
    hints.files.push_back(f->path);
    for (const Rule& r : f->rules)
      if (r.name.empty() || !disabled.count(r.name)) active.push_back({&r, f});
  }
  for (const std::string_view name : disabled) hints.notes.push_back("rules: disabled generic rule " + std::string(name));
  Applier(dom, removals, &hints).run(active);
  return hints;
}

}  // namespace winnow::rules
