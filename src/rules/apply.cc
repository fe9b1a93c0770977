#include "rules/apply.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"
#include "html/walk.h"
#include "rules/load.h"
#include "rules/needles.h"
#include "rules/text_filter.h"

namespace winnow::rules {

using html::Dom;
using html::NodeId;
using html::kNoNode;

// A rule with the file it comes from.
struct Active {
  const Rule* rule;
  const RuleFile* file;
  bool generic() const { return file->generic(); }
};

namespace {

// Whether a selector may select something other than the element it matches. Looking at the
// text over-approximates (an attribute value could spell it), which only costs a select().
// Asked of every remove rule on every page: no copy.
bool selects_elsewhere(std::string_view pattern) {
  auto at = [&](std::size_t i, std::string_view word) {
    if (pattern.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
      const char c = pattern[i + k];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != word[k]) return false;
    }
    return true;
  };
  for (std::size_t i = pattern.find(':'); i != std::string_view::npos; i = pattern.find(':', i + 1))
    if (at(i + 1, "upward") || at(i + 1, "and-after")) return true;
  return false;
}

}  // namespace

struct RemoveIndex {
  std::vector<Active> entries;  // the indexed rules, in order; the lists below hold their numbers
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_id, by_class;
  std::vector<std::vector<std::uint32_t>> by_tag;  // by GumboTag
  std::vector<std::uint32_t> universal;
  struct ByAttribute {
    std::string name;
    std::vector<std::uint32_t> present;  // rules that need only the attribute to be there
    std::vector<std::pair<std::string, std::uint32_t>> needles;
    NeedleSet contains;                  // rules that need a substring of its value
  };
  std::vector<ByAttribute> by_attribute;
  std::vector<Active> text_entries;  // remove-text and remove-label rules, in order
  TextFilter text_filter;            // over text_entries' patterns

  // Sets *out to the numbers of the text rules whose pattern matches all of `text`, ascending.
  // Only the patterns whose literals `text` holds are tried. (One RE2::Set over all the patterns
  // would make this a single pass, but compiling it costs more than 30 ms at start-up: the
  // patterns' counted repeats of UTF-8 '.' are large.)
  void matching_texts(std::string_view text, TextFilter::Scratch* scratch, std::vector<int>* out) const {
    text_filter.candidates(text, scratch, out);
    const re2::StringPiece piece(text.data(), text.size());
    std::size_t kept = 0;
    for (int i : *out)
      if (RE2::FullMatch(piece, *text_entries[static_cast<std::size_t>(i)].rule->regex)) (*out)[kept++] = i;
    out->resize(kept);
  }

  ByAttribute& attribute(std::string_view name) {
    for (ByAttribute& a : by_attribute)
      if (a.name == name) return a;
    by_attribute.push_back({std::string(name), {}, {}, {}});
    return by_attribute.back();
  }

  // Appends the numbers of the rules element `id` could match (unsorted, may repeat): those keyed
  // by its id, each class, its tag, an attribute it has or a substring of one, and the universal.
  void candidates(const Dom& dom, NodeId id, std::vector<std::uint32_t>* out) const {
    auto add = [&](const std::vector<std::uint32_t>& list) { out->insert(out->end(), list.begin(), list.end()); };
    add(universal);
    if (dom.tag(id) < by_tag.size()) add(by_tag[dom.tag(id)]);
    for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
      const std::string_view name = dom.view(a->name), value = dom.view(a->value);
      if (name == "id" && !by_id.empty()) {
        if (auto it = by_id.find(value); it != by_id.end()) add(it->second);
      } else if (name == "class" && !by_class.empty()) {
        std::size_t i = 0;
        while (i < value.size()) {
          while (i < value.size() && static_cast<unsigned char>(value[i]) <= ' ') ++i;
          const std::size_t start = i;
          while (i < value.size() && static_cast<unsigned char>(value[i]) > ' ') ++i;
          if (i > start)
            if (auto it = by_class.find(value.substr(start, i - start)); it != by_class.end()) add(it->second);
        }
      }
      for (const ByAttribute& b : by_attribute) {
        if (!equals_lower(name, b.name)) continue;
        add(b.present);
        if (!b.contains.empty()) b.contains.scan(value, out);
      }
    }
  }
};

std::shared_ptr<const RemoveIndex> index_remove_rules(const std::vector<const RuleFile*>& files) {
  auto index = std::make_shared<RemoveIndex>();
  index->by_tag.resize(GUMBO_TAG_LAST + 1);
  for (const RuleFile* f : files) {
    for (const Rule& r : f->rules) {
      if (r.action == Action::kRemoveText || r.action == Action::kRemoveLabel) index->text_entries.push_back({&r, f});
      if (r.action != Action::kRemove || selects_elsewhere(r.pattern)) continue;
      const auto n = static_cast<std::uint32_t>(index->entries.size());
      index->entries.push_back({&r, f});
      // The most selective key each selector of the list offers: an id, a class, the longest
      // attribute substring, a known tag, an attribute's presence, else none.
      for (const html::SelectorKeys& k : r.selector.keys()) {
        const html::SelectorKeys::Attribute* longest = nullptr;
        for (const auto& a : k.attributes)
          if (!a.contains.empty() && (longest == nullptr || a.contains.size() > longest->contains.size())) longest = &a;
        if (!k.id.empty()) index->by_id[k.id].push_back(n);
        else if (!k.classes.empty()) index->by_class[k.classes.front()].push_back(n);
        else if (longest != nullptr) index->attribute(longest->name).needles.emplace_back(longest->contains, n);
        else if (k.tag != GUMBO_TAG_LAST && k.tag != GUMBO_TAG_UNKNOWN) index->by_tag[k.tag].push_back(n);
        else if (!k.attributes.empty()) index->attribute(k.attributes.front().name).present.push_back(n);
        else index->universal.push_back(n);
      }
    }
  }
  for (RemoveIndex::ByAttribute& b : index->by_attribute) {
    b.contains.build(b.needles);
    b.needles.clear();
  }
  std::vector<const RE2*> regexes;
  for (const Active& a : index->text_entries) regexes.push_back(a.rule->regex.get());
  index->text_filter.build(regexes);
  return index;
}

namespace {

// The remove index of `sites` (most specific host first), made once per rule set and list of
// files: a site's pages all need the same one. The lock is held while indexing, so that two pages
// of a new site do not both index it (a site file set is a few rules: microseconds).
std::shared_ptr<const RemoveIndex> site_index(const Rules::Impl& set, const std::vector<const RuleFile*>& sites) {
  std::lock_guard<std::mutex> lock(set.site_removes_mutex);
  std::shared_ptr<const RemoveIndex>& index = set.site_removes[sites];
  if (index == nullptr) index = index_remove_rules(sites);
  return index;
}

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
          if (invisible(dom.tag(id))) {
            end_[id] = begin_[id];
            return false;
          }
          if (!inline_tag(dom.tag(id))) pending = true;
          return true;
        },
        [&](NodeId id) {
          end_[id] = static_cast<std::uint32_t>(text_.size());
          if (dom.is_element(id) && !inline_tag(dom.tag(id))) pending = true;
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
        if (invisible(dom_.tag(id))) return false;
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
      if (invisible(dom_.tag(id)) || bytes_[id] == 0) return false;
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

Hints apply(const Rules& rules, std::string_view host, html::Dom* dom, std::vector<Removal>* removals,
            NodeId root) {
  Hints hints;
  hints.root = root;
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
  // Site rules come first, the most specific host first, as in `active`.
  std::shared_ptr<const RemoveIndex> site;
  if (!sites.empty()) site = site_index(*set, std::vector<const RuleFile*>(sites.rbegin(), sites.rend()));
  Applier(dom, removals, &hints).run(active, site.get(), set->generic_removes.get(), disabled);
  return hints;
}

}  // namespace winnow::rules
