#include "html/selector_match.h"

#include <re2/re2.h>

#include <algorithm>
#include <utility>

#include "common/ascii.h"
#include "common/text.h"
#include "html/walk.h"

namespace winnow::html::selector_internal {

namespace {

enum class Result { kMatches, kFailsLocally, kFailsAllSiblings, kFailsCompletely };

NodeId parent_element(const Dom& dom, NodeId e) {
  const NodeId p = dom.node(e).parent;
  return p != kNoNode && dom.is_element(p) ? p : kNoNode;
}

NodeId prev_element(const Dom& dom, NodeId e) {
  for (NodeId s = dom.node(e).prev_sibling; s != kNoNode; s = dom.node(s).prev_sibling)
    if (dom.is_element(s)) return s;
  return kNoNode;
}

NodeId next_element(const Dom& dom, NodeId e) {
  for (NodeId s = dom.node(e).next_sibling; s != kNoNode; s = dom.node(s).next_sibling)
    if (dom.is_element(s)) return s;
  return kNoNode;
}

bool same_type(const Dom& dom, NodeId a, NodeId b) {
  return dom.tag(a) == dom.tag(b) && (dom.tag(a) != GUMBO_TAG_UNKNOWN || dom.tag_name(a) == dom.tag_name(b));
}

// Attribute names compare without case: Gumbo keeps the camel case of some SVG attributes.
bool find_attr(const Dom& dom, NodeId e, std::string_view lower_name, std::string_view* value) {
  for (const Attribute* a = dom.attributes_begin(e); a != dom.attributes_end(e); ++a) {
    if (iequals(dom.view(a->name), lower_name)) {
      *value = dom.view(a->value);
      return true;
    }
  }
  return false;
}

bool has_token(std::string_view list, std::string_view token, bool ignore_case) {
  if (token.empty()) return false;
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && is_ascii_space(list[i])) ++i;
    std::size_t j = i;
    while (j < list.size() && !is_ascii_space(list[j])) ++j;
    const std::string_view word = list.substr(i, j - i);
    if (ignore_case ? iequals(word, token) : word == token) return true;
    i = j;
  }
  return false;
}

bool match_attr(const AttrTest& t, std::string_view v) {
  const std::string_view want = t.value;
  auto eq = [&](std::string_view a, std::string_view b) { return t.ignore_case ? iequals(a, b) : a == b; };
  switch (t.op) {
    case AttrOp::kExists: return true;
    case AttrOp::kEquals: return eq(v, want);
    case AttrOp::kIncludes:
      return want.find_first_of(kAsciiSpace) == std::string_view::npos && has_token(v, want, t.ignore_case);
    case AttrOp::kDashMatch:
      return eq(v, want) || (v.size() > want.size() && v[want.size()] == '-' && eq(v.substr(0, want.size()), want));
    case AttrOp::kPrefix: return !want.empty() && v.size() >= want.size() && eq(v.substr(0, want.size()), want);
    case AttrOp::kSuffix:
      return !want.empty() && v.size() >= want.size() && eq(v.substr(v.size() - want.size()), want);
    case AttrOp::kSubstring: {
      if (want.empty() || v.size() < want.size()) return false;
      if (!t.ignore_case) return v.find(want) != std::string_view::npos;
      // Long values (URLs) against many rules: Horspool, see AttrTest::shifts.
      const std::size_t m = want.size();
      for (std::size_t i = 0; i + m <= v.size(); i += t.shifts[static_cast<unsigned char>(lower_ascii(v[i + m - 1]))])
        if (iequals(v.substr(i, m), want)) return true;
      return false;
    }
  }
  return false;
}

bool nth_matches(int a, int b, int position) {
  if (a == 0) return position == b;
  const long d = static_cast<long>(position) - b;
  return d % a == 0 && d / a >= 0;
}

// 1-based position of `e` among its element siblings (of its type), counted from the start or end.
// With a cache, each parent's children are numbered once; without, this scans the siblings.
int position(Ctx& ctx, NodeId e, bool from_end, bool of_type) {
  const Dom& dom = ctx.dom;
  if (ctx.cache != nullptr && dom.node(e).parent != kNoNode) {
    const ChildPosition& p = ctx.cache->child_position(e);
    const std::uint32_t index = of_type ? p.type_index : p.index;
    const std::uint32_t count = of_type ? p.type_count : p.count;
    return static_cast<int>(from_end ? count - index + 1 : index);
  }
  int n = 1;
  for (NodeId s = from_end ? next_element(dom, e) : prev_element(dom, e); s != kNoNode;
       s = from_end ? next_element(dom, s) : prev_element(dom, s))
    if (!of_type || same_type(dom, s, e)) ++n;
  return n;
}

std::string_view element_text(NodeId e, Ctx& ctx) {
  if (ctx.cache != nullptr) return ctx.cache->element_text(e);
  compute_text(ctx.dom, e, &ctx.scratch);
  return ctx.scratch;
}

bool match_has(const Complex& rel, NodeId anchor, Ctx& ctx);
bool match_has_any_memo(const List& list, NodeId anchor, Ctx& ctx);

bool match_pseudo(const Pseudo& p, NodeId e, Ctx& ctx) {
  const Dom& dom = ctx.dom;
  switch (p.kind) {
    case PseudoKind::kRoot: {
      const NodeId parent = dom.node(e).parent;
      return parent != kNoNode && dom.node(parent).kind == NodeKind::kDocument;
    }
    case PseudoKind::kEmpty:
      for (NodeId c = dom.node(e).first_child; c != kNoNode; c = dom.node(c).next_sibling)
        if (dom.is_element(c) || !dom.text(c).empty()) return false;
      return true;
    case PseudoKind::kFirstChild: return prev_element(dom, e) == kNoNode;
    case PseudoKind::kLastChild: return next_element(dom, e) == kNoNode;
    case PseudoKind::kOnlyChild: return prev_element(dom, e) == kNoNode && next_element(dom, e) == kNoNode;
    case PseudoKind::kFirstOfType: return position(ctx, e, false, true) == 1;
    case PseudoKind::kLastOfType: return position(ctx, e, true, true) == 1;
    case PseudoKind::kOnlyOfType: return position(ctx, e, false, true) == 1 && position(ctx, e, true, true) == 1;
    case PseudoKind::kNthChild: return nth_matches(p.a, p.b, position(ctx, e, false, false));
    case PseudoKind::kNthLastChild: return nth_matches(p.a, p.b, position(ctx, e, true, false));
    case PseudoKind::kNthOfType: return nth_matches(p.a, p.b, position(ctx, e, false, true));
    case PseudoKind::kNthLastOfType: return nth_matches(p.a, p.b, position(ctx, e, true, true));
    case PseudoKind::kNot: return p.tags_only ? !p.tags.test(dom.tag(e)) : !match_list(*p.list, e, kNoNode, ctx);
    case PseudoKind::kIs: return p.tags_only ? p.tags.test(dom.tag(e)) : match_list(*p.list, e, kNoNode, ctx);
    case PseudoKind::kHas:
      if (ctx.cache != nullptr && std::all_of(p.list->items.begin(), p.list->items.end(),
                                              [](const Complex& rel) { return rel.memoizable; }))
        return match_has_any_memo(*p.list, e, ctx);
      for (const Complex& rel : p.list->items)
        if (match_has(rel, e, ctx)) return true;
      return false;
    case PseudoKind::kHasText: {
      const std::string_view text = element_text(e, ctx);
      auto test = [&] {
        if (p.regex) return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *p.regex);
        return text.find(p.needle) != std::string_view::npos;
      };
      // A wrapper and its only child have the same text, and many texts are empty: the cache
      // remembers the last answer, so RE2 (about a microsecond a call) is not asked twice.
      return ctx.cache != nullptr ? ctx.cache->text_test(&p, text, test) : test();
    }
  }
  return false;
}

bool match_compound(const Compound& c, NodeId e, NodeId scope, Ctx& ctx) {
  const Dom& dom = ctx.dom;
  if (!dom.is_element(e)) return false;
  if (c.scope) return e == scope;
  if (c.tag != GUMBO_TAG_LAST) {
    if (dom.tag(e) != c.tag) return false;
    if (c.tag == GUMBO_TAG_UNKNOWN && dom.tag_name(e) != c.tag_name) return false;
  }
  std::string_view value;
  if (!c.ids.empty()) {
    if (!find_attr(dom, e, "id", &value)) return false;
    for (const std::string& id : c.ids)
      if (value != id) return false;
  }
  if (!c.classes.empty()) {
    if (!find_attr(dom, e, "class", &value)) return false;
    for (const std::string& name : c.classes)
      if (!has_token(value, name, false)) return false;
  }
  for (const AttrTest& t : c.attrs)
    if (!find_attr(dom, e, t.name, &value) || !match_attr(t, value)) return false;
  for (const Pseudo& p : c.pseudos)
    if (!match_pseudo(p, e, ctx)) return false;
  return true;
}

// Matches compounds[0..i] with compounds[i] on `e`, climbing left. The failure kinds (as in
// WebKit's SelectorChecker) stop hopeless retries: if "a b" fails for the nearest ancestor
// matching b for every ancestor above it, trying a farther b cannot help.
// Recursion is over the selector's compounds only; the tree is climbed in loops.
Result match_from(const Complex& x, std::size_t i, NodeId e, NodeId scope, Ctx& ctx);

// Crosses the combinator left of compounds[i]: matches compounds[0..i-1] on `start` and, for a
// climbing combinator (descendant, '~'), on each next ancestor / previous sibling until one
// answers for good. With a cache (and outside :has, whose answers depend on the anchor) the answer
// is remembered per starting node, so no node is climbed past twice for the same combinator:
// "section div" on a page 5,000 deep costs one pass, not 12.5 million steps.
Result step(const Complex& x, std::size_t i, NodeId start, NodeId scope, Ctx& ctx, bool climb, bool siblings) {
  const Dom& dom = ctx.dom;
  auto next = [&](NodeId n) { return siblings ? prev_element(dom, n) : parent_element(dom, n); };
  auto settled = [&](Result r) {
    return !climb || r == Result::kMatches || r == Result::kFailsCompletely ||
           (siblings && r == Result::kFailsAllSiblings);
  };
  const Result exhausted = siblings ? Result::kFailsAllSiblings : Result::kFailsCompletely;
  if (ctx.cache == nullptr || scope != kNoNode) {
    for (NodeId n = start; n != kNoNode; n = next(n)) {
      const Result r = match_from(x, i - 1, n, scope, ctx);
      if (settled(r)) return r;
    }
    return exhausted;
  }
  std::vector<std::uint8_t>& memo = ctx.cache->memo(&x.combinators[i - 1]);
  // The nodes whose answer is the one found further on, pushed above what enclosing climbs (of
  // the compounds to the right) have there: one vector for all, not an allocation per climb.
  std::vector<NodeId>& passed = ctx.cache->climb_scratch();
  const std::size_t base = passed.size();
  Result result = exhausted;
  for (NodeId n = start; n != kNoNode; n = next(n)) {
    if (memo[n] != 0) {
      result = static_cast<Result>(memo[n] - 1);
      break;
    }
    const Result r = match_from(x, i - 1, n, scope, ctx);
    if (settled(r)) {
      result = r;
      memo[n] = static_cast<std::uint8_t>(static_cast<int>(r) + 1);
      break;
    }
    passed.push_back(n);
  }
  for (std::size_t k = base; k < passed.size(); ++k) memo[passed[k]] = static_cast<std::uint8_t>(static_cast<int>(result) + 1);
  passed.resize(base);
  return result;
}

Result match_from(const Complex& x, std::size_t i, NodeId e, NodeId scope, Ctx& ctx) {
  if (!match_compound(x.compounds[i], e, scope, ctx)) return Result::kFailsLocally;
  if (i == 0) return Result::kMatches;
  const Dom& dom = ctx.dom;
  switch (x.combinators[i - 1]) {
    case Combinator::kDescendant: {
      const NodeId p = parent_element(dom, e);
      if (p == kNoNode) return Result::kFailsCompletely;
      return step(x, i, p, scope, ctx, /*climb=*/true, /*siblings=*/false);
    }
    case Combinator::kChild: {
      const NodeId p = parent_element(dom, e);
      if (p == kNoNode) return Result::kFailsCompletely;
      return step(x, i, p, scope, ctx, false, false);
    }
    case Combinator::kAdjacent: {
      const NodeId s = prev_element(dom, e);
      if (s == kNoNode) return Result::kFailsAllSiblings;
      return step(x, i, s, scope, ctx, false, true);
    }
    case Combinator::kSibling: {
      const NodeId s = prev_element(dom, e);
      if (s == kNoNode) return Result::kFailsAllSiblings;
      return step(x, i, s, scope, ctx, true, true);
    }
  }
  return Result::kFailsCompletely;
}

// ":has(compound, ...)" with a cache: one post-order walk of the anchor's subtree answers the
// question for the anchor and every element below it, so asking it of nested elements stays
// linear. `subjects` are the compounds; `key` names the memo.
template <class Subjects>
bool match_has_memo(const void* key, const Subjects& subjects, NodeId anchor, Ctx& ctx) {
  const Dom& dom = ctx.dom;
  std::vector<std::uint8_t>& memo = ctx.cache->memo(key);
  if (memo[anchor] != 0) return memo[anchor] == 2;
  walk(
      dom, anchor,
      [&](NodeId id) {
        if (!dom.is_element(id) || memo[id] != 0) return false;
        memo[id] = 1;
        return true;
      },
      [&](NodeId id) {
        if (id == anchor || !dom.is_element(id)) return;
        if (memo[id] == 2 || subjects(id)) memo[dom.node(id).parent] = 2;
      });
  return memo[anchor] == 2;
}

bool match_has_memo(const Complex& rel, NodeId anchor, Ctx& ctx) {
  return match_has_memo(
      &rel, [&](NodeId id) { return match_compound(rel.compounds[1], id, kNoNode, ctx); }, anchor, ctx);
}

// A list of such arguments (":has(a[href*=x], a[href*=y], ...)") in one walk, not one per argument.
bool match_has_any_memo(const List& list, NodeId anchor, Ctx& ctx) {
  return match_has_memo(
      &list,
      [&](NodeId id) {
        for (const Complex& rel : list.items)
          if (match_compound(rel.compounds[1], id, kNoNode, ctx)) return true;
        return false;
      },
      anchor, ctx);
}

bool match_has(const Complex& rel, NodeId anchor, Ctx& ctx) {
  if (rel.memoizable && ctx.cache != nullptr) return match_has_memo(rel, anchor, ctx);
  const Dom& dom = ctx.dom;
  const std::size_t last = rel.compounds.size() - 1;
  // Tries every element of top's subtree (top itself only if include_top) down to depth_limit.
  auto search = [&](NodeId top, bool include_top) {
    bool found = false;
    int depth = -1;
    walk(
        dom, top,
        [&](NodeId id) {
          ++depth;
          if (found || !dom.is_element(id)) return false;
          if ((include_top || id != top) && match_from(rel, last, id, anchor, ctx) == Result::kMatches) {
            found = true;
            return false;
          }
          return depth < rel.depth_limit;
        },
        [&](NodeId) { --depth; });
    return found;
  };
  if (!rel.sibling_lead) return search(anchor, false);
  for (NodeId s = next_element(dom, anchor); s != kNoNode; s = next_element(dom, s)) {
    if (search(s, true)) return true;
    if (rel.adjacent_only) break;
  }
  return false;
}

}  // namespace

bool is_raw_text(const Dom& dom, NodeId e) {
  return dom.is_element(e) && (dom.tag(e) == GUMBO_TAG_SCRIPT || dom.tag(e) == GUMBO_TAG_STYLE);
}

// The normalised text of `e`, computed by walking its subtree.
void compute_text(const Dom& dom, NodeId e, std::string* out) {
  out->clear();
  bool pending = false;
  walk(dom, e, [&](NodeId id) {
    if (dom.is_text(id)) {
      append_collapsed(out, dom.text(id), &pending);
      return false;
    }
    return !is_raw_text(dom, id);
  });
}

bool match_complex(const Complex& x, NodeId e, NodeId scope, Ctx& ctx) {
  return match_from(x, x.compounds.size() - 1, e, scope, ctx) == Result::kMatches;
}

bool match_list(const List& list, NodeId e, NodeId scope, Ctx& ctx) {
  for (const Complex& x : list.items)
    if (match_complex(x, e, scope, ctx)) return true;
  return false;
}

// Applies :upward / :and-after to `matched` and flags what ends up selected. Each step stays
// under `root`: :upward stops there and :and-after does not leave it.
void apply_actions(const Complex& x, NodeId matched, NodeId root, Ctx& ctx, std::vector<std::uint8_t>* selected) {
  const Dom& dom = ctx.dom;
  std::vector<NodeId> current{matched}, next;
  for (const Action& action : x.actions) {
    next.clear();
    for (NodeId n : current) {
      switch (action.kind) {
        case ActionKind::kUpwardCount: {
          NodeId a = n;
          for (int k = 0; k < action.count && a != kNoNode; ++k) a = a == root ? kNoNode : dom.node(a).parent;
          if (a != kNoNode && dom.is_element(a)) next.push_back(a);
          break;
        }
        case ActionKind::kUpwardSelector:
          for (NodeId a = n; a != root && a != kNoNode;) {
            a = dom.node(a).parent;
            if (a == kNoNode || !dom.is_element(a)) break;
            if (match_list(*action.list, a, kNoNode, ctx)) {
              next.push_back(a);
              break;
            }
          }
          break;
        case ActionKind::kAndAfter:
          next.push_back(n);
          if (n != root)
            for (NodeId s = dom.node(n).next_sibling; s != kNoNode; s = dom.node(s).next_sibling) next.push_back(s);
          break;
      }
    }
    std::swap(current, next);
  }
  for (NodeId n : current) (*selected)[n] = 1;
}

}  // namespace winnow::html::selector_internal
