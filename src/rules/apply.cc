#include "rules/apply.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"
#include "rules/load.h"
#include "rules/remove_index.h"
#include "rules/text_filter.h"

namespace winnow::rules {

using html::Dom;
using html::NodeId;
using html::kNoNode;

namespace {

// The remove index of `sites` (most specific host first), made once per rule set and list of
// files: a site's pages all need the same one. The lock is held while indexing, so that two pages
// of a new site do not both index it (a site file set is a few rules: microseconds).
std::shared_ptr<const RemoveIndex> site_index(const RuleSet& set, const std::vector<const RuleFile*>& sites) {
  std::lock_guard<std::mutex> lock(set.site_removes_mutex);
  std::shared_ptr<const RemoveIndex>& index = set.site_removes[sites];
  if (index == nullptr) index = index_remove_rules(sites);
  return index;
}

// The remove index of the generic files of a page's language (see RuleSet::language_removes).
std::shared_ptr<const RemoveIndex> generic_index(const RuleSet& set, const std::vector<const RuleFile*>& files) {
  if (files.size() == set.unscoped.size()) return set.generic_removes;  // no `lang:` file applies
  std::lock_guard<std::mutex> lock(set.language_removes_mutex);
  std::shared_ptr<const RemoveIndex>& index = set.language_removes[files];
  if (index == nullptr) index = index_remove_rules(files);
  return index;
}

// Text patterns are matched against small blocks only: labels, notices, credits. Bigger blocks are
// never a label, and measuring every block's text would cost O(size * depth).
constexpr std::uint32_t kMaxPatternBytes = 600;

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
        if (html::is_hidden_from_rules(dom.tag(id))) return false;
        if (!html::is_inline_text(dom.tag(id)) && id != root) pending = true;
        return true;
      },
      [&](NodeId id) {
        if (id != root && dom.is_element(id) && !html::is_inline_text(dom.tag(id))) pending = true;
      });
  return out;
}

// subtree_text() of every element at once, in one walk: the whole document's text is laid out in
// document order, and an element's text is the span between entering and leaving it, less the
// space owed from before it. Asking each nested element for its text instead costs O(size *
// depth): 10,000 nested <div>s are 50 million steps.
class TextLayout {
 public:
  explicit TextLayout(const Dom& dom) : begin_(dom.size(), 0), end_(dom.size(), 0) {
    bool pending = false;
    html::walk(
        dom, dom.document(),
        [&](NodeId id) {
          begin_[id] = static_cast<std::uint32_t>(text_.size());
          if (dom.is_text(id)) {
            append_collapsed(&text_, dom.text(id), &pending);
            end_[id] = static_cast<std::uint32_t>(text_.size());
            return false;
          }
          if (!dom.is_element(id)) return true;
          if (html::is_hidden_from_rules(dom.tag(id))) {
            end_[id] = begin_[id];
            return false;
          }
          if (!html::is_inline_text(dom.tag(id))) pending = true;
          return true;
        },
        [&](NodeId id) {
          end_[id] = static_cast<std::uint32_t>(text_.size());
          if (dom.is_element(id) && !html::is_inline_text(dom.tag(id))) pending = true;
        });
  }

  // subtree_text(dom, id) of an element of the Dom as it was when the layout was made.
  std::string_view text(NodeId id) const {
    std::string_view t = std::string_view(text_).substr(begin_[id], end_[id] - begin_[id]);
    if (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    return t;
  }

 private:
  std::string text_;
  std::vector<std::uint32_t> begin_, end_;
};

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
          // Not its white space: with or without the pre-scan, a subtree weighs the same.
          bytes[id] = static_cast<std::uint32_t>(visible_bytes(dom.text(id)));
          return false;
        }
        return !(dom.is_element(id) && html::is_hidden_from_rules(dom.tag(id)));
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
        if (dom.is_element(id) && html::is_hidden_from_rules(dom.tag(id))) return false;
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

  // `site`: the remove index of the page's site files (null if none); `generic`: the generic one.
  void run(const std::vector<Active>& rules, const RemoveIndex* site, const RemoveIndex* generic,
           const std::unordered_set<std::string_view>& disabled) {
    read_hints(rules);
    replace(rules);
    unwrap(rules);
    bytes_ = measure(dom_);
    body_ = dom_.find_first(GUMBO_TAG_BODY);
    std::vector<std::uint8_t> off;  // generic rules a site file disabled
    if (generic != nullptr && !disabled.empty()) {
      off.resize(generic->entries.size() + generic->text_entries.size());
      for (std::size_t i = 0; i < off.size(); ++i) {
        const std::size_t n = generic->entries.size();
        const std::string& name = (i < n ? generic->entries[i] : generic->text_entries[i - n]).rule->name;
        off[i] = !name.empty() && disabled.count(name);
      }
    }
    remove_selected(rules, site, generic, off);
    cut(rules);
    bytes_ = measure(dom_);
    remove_text(site, generic, off);
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
      if (!dom_.is_text(id)) return !(dom_.is_element(id) && html::is_hidden_from_rules(dom_.tag(id)));
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

  // remove: one walk trying each element against the plain remove rules it could match (see
  // RemoveIndex: the site files' rules, indexed here, then the generic ones, indexed at load),
  // plus one select() per selector that climbs (:upward) or spreads (:and-after).
  void remove_selected(const std::vector<Active>& rules, const RemoveIndex* site, const RemoveIndex* generic,
                       const std::vector<std::uint8_t>& off) {
    std::vector<std::pair<NodeId, const Active*>> hits;
    std::vector<NodeId> found;
    for (const Active& a : rules) {
      if (a.rule->action != Action::kRemove || !selects_elsewhere(a.rule->pattern)) continue;
      found.clear();
      a.rule->selector.select(dom_, dom_.document(), &found);
      for (NodeId id : found) hits.emplace_back(id, &a);
    }
    if (site != nullptr && site->entries.empty()) site = nullptr;
    if (generic != nullptr && generic->entries.empty()) generic = nullptr;
    if (site != nullptr || generic != nullptr) {
      html::MatchCache cache(dom_);
      std::vector<std::uint32_t> candidates;
      // The first of an index's candidates that matches and may remove `id`, or null.
      auto first_match = [&](const RemoveIndex& index, NodeId id, bool skip_off) -> const Active* {
        candidates.clear();
        index.candidates(dom_, id, &candidates);
        if (candidates.empty()) return nullptr;
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (std::uint32_t c : candidates) {
          if (skip_off && !off.empty() && off[c]) continue;
          const Active& a = index.entries[c];
          if (a.rule->selector.matches(dom_, id, &cache) && allowed(id, a)) return &a;
        }
        return nullptr;
      };
      html::walk(dom_, dom_.document(), [&](NodeId id) {
        if (!dom_.is_element(id)) return !dom_.is_text(id);
        if (html::is_hidden_from_rules(dom_.tag(id))) return false;
        const Active* hit = site != nullptr ? first_match(*site, id, false) : nullptr;
        if (hit == nullptr && generic != nullptr) hit = first_match(*generic, id, true);
        if (hit == nullptr) return true;
        hits.emplace_back(id, hit);
        return false;  // what is inside goes with it
      });
    }
    // Document order (ids are assigned in document order), so that an outer element goes first and
    // the rules that matched inside it are not reported as removing anything.
    std::stable_sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [id, a] : hits) remove(id, *a);
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

  // remove-text / remove-label: one walk, testing the small blocks' whole text against the site
  // files' patterns, then the generic ones (all of those at once).
  void remove_text(const RemoveIndex* site, const RemoveIndex* generic, const std::vector<std::uint8_t>& off) {
    if (site != nullptr && site->text_entries.empty()) site = nullptr;
    if (generic != nullptr && generic->text_entries.empty()) generic = nullptr;
    if (site == nullptr && generic == nullptr) return;
    const std::size_t off_base = generic != nullptr ? generic->entries.size() : 0;
    std::vector<std::pair<NodeId, const Active*>> hits;
    std::vector<int> matched;
    TextFilter::Scratch scratch;
    std::string_view text;
    std::unique_ptr<TextLayout> layout;  // made on the first block tested
    auto first_match = [&](const RemoveIndex& index, bool skip_off) -> const Active* {
      index.matching_texts(text, &scratch, &matched);
      for (int i : matched)
        if (!skip_off || off.empty() || !off[off_base + i]) return &index.text_entries[i];
      return nullptr;
    };
    html::walk(dom_, dom_.document(), [&](NodeId id) {
      if (!dom_.is_element(id)) return dom_.is_text(id) ? false : true;
      if (html::is_hidden_from_rules(dom_.tag(id)) || bytes_[id] == 0) return false;
      if (bytes_[id] > kMaxPatternBytes || !candidate(id)) return true;
      if (layout == nullptr) layout = std::make_unique<TextLayout>(dom_);
      text = layout->text(id);
      if (text.empty()) return false;
      const Active* hit = site != nullptr ? first_match(*site, false) : nullptr;
      if (hit == nullptr && generic != nullptr) hit = first_match(*generic, true);
      if (hit == nullptr) return true;
      hits.emplace_back(id, hit);
      return false;
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
    if (!html::is_inline_text(dom_.tag(id))) return true;
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

Hints apply(const Rules& rules, std::string_view host, std::string_view language, html::Dom* dom,
            std::vector<Removal>* removals, NodeId root) {
  Hints hints;
  hints.root = root;
  const RuleSet* set = rule_set(rules);
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
  const std::vector<const RuleFile*> generic = generic_files(*set, language);
  for (const RuleFile* f : generic) {
    hints.files.push_back(f->path);
    for (const Rule& r : f->rules)
      if (r.name.empty() || !disabled.count(r.name)) active.push_back({&r, f});
  }
  for (const std::string_view name : disabled) hints.notes.push_back("rules: disabled generic rule " + std::string(name));
  // Site rules come first, the most specific host first, as in `active`.
  std::shared_ptr<const RemoveIndex> site;
  if (!sites.empty()) site = site_index(*set, std::vector<const RuleFile*>(sites.rbegin(), sites.rend()));
  const std::shared_ptr<const RemoveIndex> generic_removes = generic_index(*set, generic);
  Applier(dom, removals, &hints).run(active, site.get(), generic_removes.get(), disabled);
  return hints;
}

}  // namespace winnow::rules
