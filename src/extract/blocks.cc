#include "extract/blocks.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "common/ascii.h"
#include "common/needles.h"
#include "common/text.h"
#include "extract/hints.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// The vocabulary of class names, ids, roles and microdata that tells page parts apart, on sites
// of every kind and language (class names are mostly English everywhere). Order is bit order: the
// model file names features by these words, so append rather than reorder (scripts/train_model.py
// rebuilds the model from the names the dump prints).
constexpr std::string_view kWords[] = {
    "nav", "menu", "footer", "header", "sidebar", "comment", "share", "social", "related", "recommend",
    "cookie", "consent", "newsletter", "subscri", "promo", "advert", "sponsor", "breadcrumb", "paginat",
    "pager", "widget", "login", "signin", "modal", "popup", "banner", "cart", "review", "rating", "tag",
    "author", "byline", "meta", "toolbar", "search", "filter", "sort", "skip", "hidden", "icon", "btn",
    "button", "carousel", "slide", "caption", "credit", "footnote", "follow", "signup", "form", "more",
    "next", "prev", "card", "tile", "grid", "item", "list", "price", "product", "thread", "post", "reply",
    "message", "topic", "answer", "question", "user", "avatar", "date", "time", "content", "article",
    "main", "body", "text", "entry", "story", "descr", "detail", "prose", "markdown", "rich", "blog",
    "title", "heading", "summary", "spec", "feature", "faq", "accordion", "tab", "hero", "section",
    "lead", "intro", "excerpt", "teaser", "info", "label", "badge", "count", "vote", "like", "profile",
    "signature", "quote", "code", "toc", "doc", "sr-only", "visually-hidden", "screen-reader", "offscreen",
    "ad-", "ads", "overlay", "drawer", "dropdown", "legal", "copyright", "contact", "mega", "site",
    "page", "wrap", "container", "col",
};
static_assert(std::size(kWords) <= 128, "WordBits holds 128 words");

const NeedleSet& word_set() {
  static const NeedleSet set = [] {
    std::vector<std::pair<std::string, std::uint32_t>> needles;
    for (std::size_t i = 0; i < std::size(kWords); ++i) needles.emplace_back(std::string(kWords[i]), i);
    NeedleSet n;
    n.build(needles);
    return n;
  }();
  return set;
}

void add_words(std::string_view v, WordBits* bits) {
  if (v.empty()) return;
  word_set().scan(v, [bits](std::uint32_t i) { (*bits)[i >> 6] |= std::uint64_t{1} << (i & 63); });
}

WordBits element_words(const Dom& dom, NodeId id) {
  WordBits bits{};
  if (dom.node(id).attr_count == 0) return bits;
  for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
    const std::string_view name = dom.view(a->name);
    if (name == "class" || name == "id" || name == "role" || name == "itemprop" || name == "itemtype")
      add_words(dom.view(a->value), &bits);
  }
  return bits;
}

void merge(WordBits* into, const WordBits& from) {
  (*into)[0] |= from[0];
  (*into)[1] |= from[1];
}

// `may_hide`: whether hiding this element hides it from the reader. A wrapper hiding most of the
// page is waiting for a script to show it (as the generic hidden rules hold back on it too).
std::uint32_t element_ancestor_bits(const Dom& dom, NodeId id, bool may_hide) {
  std::uint32_t bits = 0;
  switch (dom.tag(id)) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_MENU: bits |= kInNav; break;
    case GUMBO_TAG_HEADER: bits |= kInHeader; break;
    case GUMBO_TAG_FOOTER: bits |= kInFooter; break;
    case GUMBO_TAG_ASIDE: bits |= kInAside; break;
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: bits |= kInForm; break;
    case GUMBO_TAG_MAIN: bits |= kInMain; break;
    case GUMBO_TAG_ARTICLE: bits |= kInArticle; break;
    case GUMBO_TAG_LI: bits |= kInListItem; break;
    case GUMBO_TAG_TABLE: bits |= kInTable; break;
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: bits |= kInList; break;
    case GUMBO_TAG_A: if (!dom.attr(id, "href").empty()) bits |= kInLink; break;
    case GUMBO_TAG_FIGURE: bits |= kInFigure; break;
    case GUMBO_TAG_SECTION: bits |= kInSection; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: bits |= kInHeading; break;
    case GUMBO_TAG_DL: bits |= kInDefinition; break;
    case GUMBO_TAG_BLOCKQUOTE: bits |= kInQuote; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_CODE: bits |= kInCode; break;
    case GUMBO_TAG_DETAILS: bits |= kInDetails; break;
    case GUMBO_TAG_ADDRESS: bits |= kInAddress; break;
    case GUMBO_TAG_LABEL: case GUMBO_TAG_LEGEND: bits |= kInLabel; break;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: bits |= kInCell; break;
    case GUMBO_TAG_UNKNOWN:
      // Gumbo 0.10 knows no <dialog>.
      if (dom.tag_name(id) == "dialog") bits |= kInDialog;
      break;
    default: break;
  }
  if (dom.node(id).attr_count == 0) return bits;
  const std::string_view role = dom.attr(id, "role");
  if (!role.empty()) {
    if (equals_lower(role, "navigation") || equals_lower(role, "menu") || equals_lower(role, "menubar")) bits |= kInNav;
    else if (equals_lower(role, "banner")) bits |= kInHeader;
    else if (equals_lower(role, "contentinfo")) bits |= kInFooter;
    else if (equals_lower(role, "complementary")) bits |= kInAside;
    else if (equals_lower(role, "main")) bits |= kInMain;
    else if (equals_lower(role, "dialog") || equals_lower(role, "alertdialog")) bits |= kInDialog;
  }
  const std::string_view type = dom.attr(id, "itemtype");
  if (contains_lower(type, "comment") || contains_lower(type, "answer") || contains_lower(type, "question") ||
      contains_lower(type, "discussionforumposting"))
    bits |= kInPost;
  if (may_hide && is_hidden(dom, id)) bits |= kInHidden;
  return bits;
}

bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

struct Frame {
  NodeId id;
  std::uint32_t ancestors;  // this element's bits and every ancestor's
  WordBits words;           // this element's own words
  std::uint16_t repeats;
  std::uint8_t heading;
};

}  // namespace

const std::vector<std::string_view>& class_words() {
  static const std::vector<std::string_view> words(std::begin(kWords), std::end(kWords));
  return words;
}

BlockSet find_blocks(const Dom& dom, NodeId root) {
  BlockSet set;
  const std::size_t n = dom.size();
  // Per element: whether a block-level element sits somewhere inside it (then it cannot be part
  // of a run: "<a><div>Title</div></a>" is a container, as a browser lays it out).
  std::vector<std::uint8_t> holds_block(n, 0);
  // Per element: the bytes of text inside it.
  std::vector<std::uint32_t> bytes(n, 0);
  html::walk(
      dom, root, [&](NodeId id) { return dom.is_element(id) && !html::is_unrendered(dom.tag(id)); },
      [&](NodeId id) {
        const NodeId p = dom.node(id).parent;
        if (dom.is_text(id)) {
          if (p != kNoNode) bytes[p] += static_cast<std::uint32_t>(visible_bytes(dom.text(id)));
          return;
        }
        if (!dom.is_element(id) || html::is_unrendered(dom.tag(id))) return;
        if (p != kNoNode && id != root) bytes[p] += bytes[id];
        if (p != kNoNode && (holds_block[id] || html::separates_text_blocks(dom.tag(id)))) holds_block[p] = 1;
      });
  const std::uint64_t page_bytes = bytes[root];
  auto container = [&](NodeId id) {
    return dom.is_element(id) && !html::is_unrendered(dom.tag(id)) &&
           (html::separates_text_blocks(dom.tag(id)) || holds_block[id]);
  };

  std::vector<std::uint16_t> repeats(n, 1);
  std::vector<std::pair<std::uint64_t, NodeId>> signatures;
  std::vector<Frame> stack;
  std::vector<WordBits> cumulative;  // cumulative[i]: words of stack[0..i]

  std::vector<NodeId> links;  // read_run's open links, kept between runs for its capacity

  // Collects one run's text and measures into *b.
  auto read_run = [&](Block* b, std::uint32_t outer_bits) {
    bool pending = false;
    const std::size_t begin = set.text.size();
    int in_link = (outer_bits & kInLink) ? 1 : 0;
    links.clear();
    for (NodeId k = b->first;; k = dom.node(k).next_sibling) {
      html::walk(
          dom, k,
          [&](NodeId id) {
            if (dom.is_text(id)) {
              const std::size_t before = set.text.size();
              append_collapsed(&set.text, dom.text(id), &pending);
              if (in_link > 0) {
                // Link text, measured as the detector does (in-page "#" links weigh less).
                b->link_chars += static_cast<float>(set.text.size() - before);
              }
              return false;
            }
            if (!dom.is_element(id)) return false;
            const GumboTag t = dom.tag(id);
            if (t == GUMBO_TAG_IMG) b->images = true;
            if (html::is_unrendered(t)) return false;
            if (dom.node(id).attr_count > 0) merge(&b->near_words, element_words(dom, id));
            if (t == GUMBO_TAG_A && !dom.attr(id, "href").empty()) {
              ++in_link;
              links.push_back(id);
            }
            if (t == GUMBO_TAG_BR && !pending && set.text.size() > begin) pending = true;
            return true;
          },
          [&](NodeId id) {
            if (!links.empty() && links.back() == id) {
              links.pop_back();
              --in_link;
            }
          });
      if (k == b->last) break;
    }
    b->text_begin = static_cast<std::uint32_t>(begin);
    b->text_size = static_cast<std::uint32_t>(set.text.size() - begin);
    const std::string_view text = set.text_of(*b);
    // chars in Counts units, words as runs of letters and digits, commas.
    float chars = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size();) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        ++i;
        chars += 1;
        if (c == ',') ++b->commas;
        const bool w = is_word_byte(c);
        if (w && !in_word) ++b->words;
        in_word = w;
        continue;
      }
      const std::uint32_t cp = next_code_point(text, &i);
      const bool cjk = is_cjk(cp);
      chars += cjk ? 2 : 1;
      if (cp == 0x3001 || cp == 0xFF0C || cp == 0x060C) ++b->commas;
      const bool w = cp > 0xBF && !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) &&
                     !(cp >= 0xFF00 && cp <= 0xFF0F);
      if (w && (!in_word || cjk)) ++b->words;
      in_word = w;
    }
    b->chars = chars;
    // Link text was counted in bytes; scale it to the same units.
    if (text.size() > 0) b->link_chars = std::min(chars, b->link_chars * chars / static_cast<float>(text.size()));
  };

  auto emit = [&](NodeId owner, NodeId first, NodeId last) {
    Block b;
    b.owner = owner;
    b.first = first;
    b.last = last;
    const Frame& top = stack.back();
    b.depth = static_cast<std::uint32_t>(stack.size());
    b.ancestors = top.ancestors;
    b.tag = dom.tag(owner);
    b.heading = top.heading;
    const std::size_t s = stack.size();
    b.near_words = stack[s - 1].words;
    if (s >= 2) merge(&b.near_words, stack[s - 2].words);
    if (s >= 3) merge(&b.near_words, stack[s - 3].words);
    if (s >= 4) b.far_words = cumulative[s - 4];
    std::uint32_t rep = 1;
    for (std::size_t i = 0; i < 5 && i < s; ++i) rep = std::max<std::uint32_t>(rep, repeats[stack[s - 1 - i].id]);
    b.repeats = rep;
    read_run(&b, top.ancestors);
    if (b.chars > 0) set.blocks.push_back(std::move(b));
  };

  html::walk(
      dom, root,
      [&](NodeId id) {
        if (!container(id)) return false;
        Frame f;
        f.id = id;
        f.words = element_words(dom, id);
        const bool may_hide = std::uint64_t{bytes[id]} * 2 <= page_bytes;
        f.ancestors = element_ancestor_bits(dom, id, may_hide) | (stack.empty() ? 0 : stack.back().ancestors);
        f.repeats = repeats[id];
        f.heading = stack.empty() ? 0 : stack.back().heading;
        const GumboTag t = dom.tag(id);
        if (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6) f.heading = static_cast<std::uint8_t>(t - GUMBO_TAG_H1 + 1);
        WordBits cum = f.words;
        if (!cumulative.empty()) merge(&cum, cumulative.back());
        stack.push_back(f);
        cumulative.push_back(cum);
        // Look-alike children: same tag and class.
        signatures.clear();
        for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling)
          if (dom.is_element(k))
            signatures.emplace_back(std::hash<std::string_view>{}(dom.attr(k, "class")) * 31 + dom.tag(k), k);
        if (signatures.size() > 1) {
          std::sort(signatures.begin(), signatures.end());
          for (std::size_t i = 0; i < signatures.size();) {
            std::size_t j = i;
            while (j < signatures.size() && signatures[j].first == signatures[i].first) ++j;
            const auto count = static_cast<std::uint16_t>(std::min<std::size_t>(j - i, 65535));
            for (std::size_t m = i; m < j; ++m) repeats[signatures[m].second] = count;
            i = j;
          }
        }
        // The runs of inline content among its children.
        NodeId first = kNoNode, last = kNoNode;
        for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling) {
          if (container(k)) {
            if (first != kNoNode) emit(id, first, last);
            first = kNoNode;
            continue;
          }
          if (first == kNoNode) first = k;
          last = k;
        }
        if (first != kNoNode) emit(id, first, last);
        return true;
      },
      [&](NodeId id) {
        if (!stack.empty() && stack.back().id == id) {
          stack.pop_back();
          cumulative.pop_back();
        }
      });
  return set;
}

void remove_block(Dom* dom, const Block& b) {
  for (NodeId k = b.first; k != kNoNode;) {
    const NodeId next = dom->node(k).next_sibling;
    const bool end = k == b.last;
    dom->remove(k);
    if (end) break;
    k = next;
  }
}

}  // namespace winnow::extract
