// Where this runs: after the detector and the block model have chosen the article, on the chosen
// root only. Before them it would change what the block model reads (it learnt its features on
// pages with these blocks present, and uses them as context for their neighbours), and it would
// spend a walk on the whole page; after them it only looks at what would be written, and every
// signal sees the block with its final content.
#include "extract/junk_shapes.h"

#include <cstdint>
#include <utility>

#include "common/ascii.h"
#include "common/text.h"
#include "extract/scoring.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// What a subtree holds, summed bottom-up. Byte counts are of visible (non-space) bytes.
struct Shape {
  std::uint32_t text = 0;        // visible bytes
  std::uint32_t link_text = 0;   // visible bytes inside <a href>
  std::uint32_t lead = 0;        // visible bytes before the first link (the label)
  std::uint32_t digits = 0;      // ASCII digits
  std::uint16_t links = 0;       // <a href> holding text
  std::uint16_t site_links = 0;  // of those, to another page of the same site
  std::uint16_t controls = 0;    // input (not hidden), button, select, textarea
  std::uint16_t buttons = 0;     // button, input submit/button/reset/image
  std::uint16_t secrets = 0;     // input email / password / tel
  std::uint16_t textareas = 0;
  std::uint16_t checkboxes = 0;
  std::uint16_t searches = 0;    // input search, role=search, a form whose only field is a query
  std::uint16_t words = 0;       // runs of visible bytes (space-separated)
  bool has_link = false;
};

void add(Shape* to, const Shape& c) {
  if (!to->has_link) to->lead += c.has_link ? c.lead : c.text;
  to->text += c.text;
  to->link_text += c.link_text;
  to->digits += c.digits;
  to->links += c.links;
  to->site_links += c.site_links;
  to->controls += c.controls;
  to->buttons += c.buttons;
  to->secrets += c.secrets;
  to->textareas += c.textareas;
  to->checkboxes += c.checkboxes;
  to->searches += c.searches;
  to->words += c.words;
  to->has_link |= c.has_link;
}

// An href to another page of this site: relative (not "#..." on this page, not javascript: or
// mailto:), or absolute on `host` (an optional "www." aside).
bool same_site(std::string_view href, std::string_view host) {
  while (!href.empty() && is_c_space(href.front())) href.remove_prefix(1);
  if (href.empty() || href.front() == '#') return false;
  std::string_view rest;
  if (href.size() >= 2 && href[0] == '/' && href[1] == '/') rest = href.substr(2);
  else if (starts_with_lower(href, "https://")) rest = href.substr(8);
  else if (starts_with_lower(href, "http://")) rest = href.substr(7);
  else {
    for (char c : href) {
      if (c == ':') return false;  // another scheme
      if (c == '/' || c == '?' || c == '#') break;
    }
    return true;
  }
  if (host.empty()) return false;
  if (starts_with_lower(rest, "www.")) rest.remove_prefix(4);
  if (rest.size() < host.size() || !equals_lower(rest.substr(0, host.size()), host)) return false;
  if (rest.size() == host.size()) return true;
  const char c = rest[host.size()];
  return c == '/' || c == ':' || c == '?' || c == '#';
}

void count_text(std::string_view t, Shape* s) {
  bool in_word = false;
  for (char ch : t) {
    const bool space = is_c_space(ch);
    if (!space) {
      ++s->text;
      s->digits += ch >= '0' && ch <= '9';
      if (!in_word) ++s->words;
    }
    in_word = !space;
  }
}

void count_control(const Dom& dom, NodeId id, GumboTag t, Shape* s) {
  if (t == GUMBO_TAG_TEXTAREA) {
    ++s->controls;
    ++s->textareas;
  } else if (t == GUMBO_TAG_SELECT) {
    ++s->controls;
  } else if (t == GUMBO_TAG_BUTTON) {
    ++s->controls;
    ++s->buttons;
  } else if (t == GUMBO_TAG_INPUT) {
    const std::string_view type = dom.attr(id, "type");
    if (equals_lower(type, "hidden")) return;
    ++s->controls;
    if (equals_lower(type, "submit") || equals_lower(type, "button") || equals_lower(type, "reset") ||
        equals_lower(type, "image"))
      ++s->buttons;
    else if (equals_lower(type, "email") || equals_lower(type, "password") || equals_lower(type, "tel"))
      ++s->secrets;
    else if (equals_lower(type, "checkbox"))
      ++s->checkboxes;
    else if (equals_lower(type, "search"))
      ++s->searches;
  }
  if (equals_lower(dom.attr(id, "role"), "search")) ++s->searches;
}

// (a) A label, then links to other pages of this site, and next to nothing else. A short block:
// a list of links under a label in a long block is the article's own (sources, a reading list).
bool site_link_list(const Shape& s) {
  if (s.links < 3 || s.site_links * 5 < s.links * 4) return false;
  if (s.lead == 0 || s.lead > 80 || s.text > 1200) return false;
  // Besides the label, the text is the links' (separators, dates and counts aside).
  return s.text - s.link_text <= s.lead + 4u * s.links;
}

// (b) Links whose texts read like headlines (several words each), and little else.
bool headline_links(const Shape& s) {
  if (s.links < 3 || s.site_links * 5 < s.links * 4) return false;
  if (s.link_text * 10 < s.text * 9) return false;
  return s.link_text >= 25u * s.links && s.words >= 4u * s.links;
}

// (c) One short line of a number and a word or two: "12:40", "3 comments", "1.234 views", "2024-05-01".
bool lone_counter(const Dom& dom, NodeId id, const Shape& s) {
  const GumboTag t = dom.tag(id);
  if (t != GUMBO_TAG_P && t != GUMBO_TAG_DIV && t != GUMBO_TAG_TIME && t != GUMBO_TAG_SPAN && t != GUMBO_TAG_LI &&
      t != GUMBO_TAG_SMALL)
    return false;
  if (s.text == 0 || s.text > 24 || s.words > 3 || s.digits == 0 || s.controls > 0) return false;
  // A span or time inside running text is part of its sentence: only a line of its own.
  const NodeId p = dom.node(id).parent;
  for (NodeId k = p == kNoNode ? kNoNode : dom.node(p).first_child; k != kNoNode; k = dom.node(k).next_sibling)
    if (k != id && dom.is_text(k) && !is_blank(dom.text(k))) return false;
  return true;
}

// (d) A box of form controls with little text: a sign-up (an email field), a log-in (a password),
// a comment form (a text area), a consent box (a checkbox and a button, a line of text). A search
// field alone is not one: a search form can be part of an article about it.
bool control_box(const Shape& s) {
  if (s.controls == 0 || s.text > 400) return false;
  if (s.secrets > 0 || s.textareas > 0) return true;
  if (s.searches > 0) return false;
  // Buttons alone (and checkboxes) are as often a shop's: filters, sizes, "add to cart". Tried:
  // two buttons and a line of text took 0.12 of the recall of collection pages.
  return s.checkboxes > 0 && s.buttons > 0 && s.links <= 2 && s.text <= 300;
}

}  // namespace

const char* junk_shape_name(JunkShape s) {
  switch (s) {
    case kSiteLinkList: return "site link list";
    case kHeadlineLinks: return "headline links";
    case kLoneCounter: return "lone counter";
    case kControlBox: return "control box";
  }
  return "?";
}

void remove_junk_shapes(Dom* dom, NodeId root, std::string_view page_host, unsigned shapes,
                        std::vector<Removal>* removals) {
  if (shapes == 0 || root == kNoNode) return;
  const std::size_t n = dom->size();
  thread_local std::vector<Shape> at;
  if (at.size() < n) at.resize(n);
  // Subtrees the signals do not judge: data and code are what they are, whatever their shape.
  auto opaque = [&](NodeId id) {
    const GumboTag t = dom->tag(id);
    return t == GUMBO_TAG_TABLE || t == GUMBO_TAG_PRE || t == GUMBO_TAG_CODE || html::is_unrendered(t);
  };
  html::walk(
      *dom, root, [&](NodeId id) { return dom->is_element(id) && !html::is_unrendered(dom->tag(id)); },
      [&](NodeId id) {
        Shape s;
        if (dom->is_text(id)) {
          count_text(dom->text(id), &s);
          at[id] = s;
          return;
        }
        // Form controls are unrendered to the text (their labels are not the article's), but
        // they are what a control box is made of.
        if (!dom->is_element(id) || html::is_unrendered(dom->tag(id))) {
          if (dom->is_element(id)) count_control(*dom, id, dom->tag(id), &s);
          at[id] = s;
          return;
        }
        const GumboTag t = dom->tag(id);
        for (NodeId k = dom->node(id).first_child; k != kNoNode; k = dom->node(k).next_sibling) add(&s, at[k]);
        count_control(*dom, id, t, &s);
        if (t == GUMBO_TAG_A && s.text > 0) {
          const std::string_view href = dom->attr(id, "href");
          if (!href.empty()) {
            s.link_text = s.text;
            s.links = 1;
            s.site_links = same_site(href, page_host);
            s.lead = 0;
            s.has_link = true;
          }
        }
        at[id] = s;
      });
  // The blocks to remove, found first and removed after the walk: a control box is grown upwards
  // from the smallest element that holds all its controls, past nodes the walk has not finished.
  std::vector<std::pair<NodeId, JunkShape>> found;
  auto holds_all_controls = [&](NodeId id) {
    for (NodeId k = dom->node(id).first_child; k != kNoNode; k = dom->node(k).next_sibling)
      if (dom->is_element(k) && !html::is_unrendered(dom->tag(k)) && at[k].controls == at[id].controls) return true;
    return false;
  };
  html::walk(*dom, root, [&](NodeId id) {
    if (!dom->is_element(id) || opaque(id)) return false;
    if (id == root) return true;
    const Shape& s = at[id];
    JunkShape why{};
    if ((shapes & kControlBox) && control_box(s)) {
      // Not yet the box: one child holds every control, and the rest may be the article's.
      if (holds_all_controls(id)) return true;
      // The box's label ("Subscribe", a heading) is next to it: climb while a parent adds no
      // more than a label and is still a box.
      NodeId box = id;
      for (NodeId p = dom->node(box).parent; p != root && p != kNoNode; p = dom->node(box).parent) {
        if (at[p].text > at[box].text + 80 || !control_box(at[p])) break;
        box = p;
      }
      found.emplace_back(box, kControlBox);
      return false;
    }
    if ((shapes & kSiteLinkList) && site_link_list(s)) why = kSiteLinkList;
    else if ((shapes & kHeadlineLinks) && headline_links(s)) why = kHeadlineLinks;
    else if ((shapes & kLoneCounter) && lone_counter(*dom, id, s)) why = kLoneCounter;
    if (why == JunkShape{}) return true;
    found.emplace_back(id, why);
    return false;
  });
  // Climbing boxes may have reached a block found already, or one holding another: the outermost
  // is removed, once.
  auto inside_another = [&](NodeId id) {
    for (NodeId a = dom->node(id).parent; a != kNoNode && a != root; a = dom->node(a).parent)
      for (const auto& f : found)
        if (f.first == a) return true;
    return false;
  };
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto [id, why] = found[i];
    bool seen = false;
    for (std::size_t j = 0; j < i; ++j) seen |= found[j].first == id;
    if (seen || inside_another(id)) continue;
    if (removals != nullptr) {
      Removal r;
      r.rule = std::string("shape: ") + junk_shape_name(why);
      r.pattern = std::string(dom->tag_name(id));
      std::string text = normalize_space(short_text(*dom, id, 200));
      if (text.size() > 80) {
        std::size_t cut = 80;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.resize(cut);
      }
      r.excerpt = std::move(text);
      removals->push_back(std::move(r));
    }
    dom->remove(id);
  }
}

}  // namespace winnow::extract
