#include "extract/boilerplate.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>

#include "common/ascii.h"
#include "common/text.h"
#include "html/tags.h"
#include "html/walk.h"

namespace winnow::extract {

namespace {

using html::Dom;
using html::kNoNode;
using html::NodeId;

// An embedded player from a video host: the block holding it is content, however little text.
bool is_video(const Dom& dom, NodeId id) {
  static const RE2 video(
      "(?i)//(www\\.)?((dailymotion|youtube|youtube-nocookie|player\\.vimeo|v\\.qq|bilibili|live\\.bilibili)\\.com|"
      "(archive|upload\\.wikimedia)\\.org|player\\.twitch\\.tv)");
  for (const html::Attribute* a = dom.attributes_begin(id); a != dom.attributes_end(id); ++a) {
    const std::string_view v = dom.view(a->value);
    if (RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), video)) return true;
  }
  return false;
}

// A block whose whole text is an advertising or loading label, in several languages. The text is
// short_text(dom, id, 200), read only as far as a label could go: every label is under 64 bytes
// (even with Unicode case folding), and the text only grows as the walk goes on.
bool is_label_only(const Dom& dom, NodeId root) {
  static const RE2 label(
      "(?i)^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|广告|Реклама|Anuncio|"
      "(loading|正在加载|Загрузка|chargement|cargando)(…|\\.\\.\\.)?)$");
  constexpr std::size_t kLimit = 200, kLongestLabel = 64;
  std::string out;
  bool pending = false, too_long = false;
  std::size_t visited = 0;
  html::walk(dom, root, [&](NodeId id) {
    if (too_long || out.size() > kLimit || ++visited > kLimit) return false;
    if (dom.is_text(id)) {
      // Every printable ASCII byte of the text reaches `out`: count them first, so that a long text
      // is not collapsed only to learn it is too long.
      const std::string_view text = dom.text(id);
      // White space between tags (most text nodes here) only owes a space.
      if (!text.empty() && std::all_of(text.begin(), text.end(), is_c_space)) {
        pending = true;
        return true;
      }
      std::size_t printable = out.size();
      for (std::size_t i = 0; i < text.size() && printable <= kLongestLabel; ++i)
        printable += text[i] > ' ' && text[i] < 0x7F;
      if (printable > kLongestLabel) {
        too_long = true;
        return false;
      }
      append_collapsed(&out, text, &pending);
    }
    too_long = out.size() > kLongestLabel;
    return !dom.is_element(id) || !html::is_unrendered(dom.tag(id));
  });
  return !too_long && RE2::FullMatch(normalize_space(out), label);
}

}  // namespace

bool is_data_table(const Dom& dom, NodeId id, const Counts& c) {
  if (ascii_lower(dom.attr(id, "role")) == "presentation") return false;
  if (dom.attr(id, "datatable") == "0") return false;
  if (!dom.attr(id, "summary").empty()) return true;
  for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling)
    if (dom.is_element(k) && dom.tag(k) == GUMBO_TAG_CAPTION && dom.node(k).first_child != kNoNode) return true;
  if (c.table_hint) return true;
  if (c.nested_table) return false;
  if (c.rows >= 10 || c.max_cols > 4) return true;
  return c.rows * c.max_cols > 10;
}

float clean_article(const Dom& dom, unsigned flags, Selection* sel, NodeFacts* facts) {
  std::vector<Reason>& marks = sel->marks;
  const std::vector<Counts>& before = sel->counts;
  const std::size_t n = dom.size();
  // Counts after this pass's drops, per node. Every entry is written before it is read (a kept
  // node's counts are set when the walk leaves it), so the array is reused from page to page rather
  // than allocated and cleared: on a large page that is a third of a megabyte.
  thread_local std::vector<Counts> cc;
  if (cc.size() < n) cc.resize(n);
  std::vector<std::uint8_t> data_table(n, 0), holds_data(n, 0), video(n, 0);
  int in_data = 0, in_code = 0, in_figure = 0;
  float total = 0;

  auto drop_reason = [&](NodeId id, const Counts& c) -> Reason {
    const GumboTag t = dom.tag(id);
    if (t == GUMBO_TAG_TABLE && data_table[id]) return Reason::kKeep;
    if (in_data > 0 || in_code > 0 || holds_data[id] || video[id]) return Reason::kKeep;
    const bool list_tag = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL;
    const bool is_list = list_tag || (c.chars > 0 && c.list_chars / c.chars > 0.9f);
    const int weight = (flags & kWeightClasses) ? facts->class_weight(id) : 0;
    if (weight < 0) return Reason::kNegativeClass;
    if (c.commas >= 10) return Reason::kKeep;
    const float p = static_cast<float>(c.p), img = static_cast<float>(c.img);
    const float li = static_cast<float>(c.li) - 100;
    const float ld = link_density(c);
    const float heading_density = c.chars > 0 ? c.heading_chars / c.chars : 0;
    const float text_density = c.chars > 0 ? c.textish_chars / c.chars : 0;
    const bool figure = in_figure > 0;
    if (c.chars < 30 && is_label_only(dom, id)) return Reason::kShady;
    Reason r = Reason::kKeep;
    if (!figure && img > 1 && p / img < 0.5f) r = Reason::kShady;
    else if (!is_list && li > p) r = Reason::kShady;
    else if (static_cast<float>(c.input) > std::floor(p / 3)) r = Reason::kShady;
    else if (!is_list && !figure && heading_density < 0.9f && c.chars < 25 && (c.img == 0 || c.img > 2) && ld > 0)
      r = Reason::kLinkDense;
    else if (!is_list && weight < 25 && ld > 0.2f) r = Reason::kLinkDense;
    else if (weight >= 25 && ld > 0.5f) r = Reason::kLinkDense;
    else if ((c.embed == 1 && c.chars < 75) || c.embed > 1) r = Reason::kShady;
    else if (c.img == 0 && text_density == 0) r = Reason::kShady;
    if (r != Reason::kKeep && is_list) {
      // A list of images stays: every item one image, and no item holding more than one element.
      for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling) {
        if (!dom.is_element(k) || marks[k] != Reason::kKeep) continue;
        std::size_t grandchildren = 0;
        for (NodeId g = dom.node(k).first_child; g != kNoNode; g = dom.node(g).next_sibling)
          if (dom.is_element(g) && marks[g] == Reason::kKeep) ++grandchildren;
        if (grandchildren > 1) return r;
      }
      if (c.img == c.li) return Reason::kKeep;
    }
    return r;
  };

  for (NodeId top : sel->kept) {
    html::walk(
        dom, top,
        [&](NodeId id) {
          if (marks[id] != Reason::kKeep || !dom.is_element(id)) return false;
          const GumboTag t = dom.tag(id);
          if (html::is_unrendered(t)) return false;
          if (t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE) {
            marks[id] = Reason::kJunkTag;
            return false;
          }
          if ((t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2) && (flags & kWeightClasses) && facts->class_weight(id) < 0) {
            marks[id] = Reason::kNegativeHeading;
            return false;
          }
          if (id != top && before[id].chars < 500 && facts->share(id)) {
            marks[id] = Reason::kShare;
            return false;
          }
          if (t == GUMBO_TAG_TABLE && is_data_table(dom, id, before[id])) {
            data_table[id] = 1;
            ++in_data;
          }
          if (t == GUMBO_TAG_CODE) ++in_code;
          if (t == GUMBO_TAG_FIGURE) ++in_figure;
          return true;
        },
        [&](NodeId id) {
          if (marks[id] != Reason::kKeep) return;
          if (dom.is_text(id)) {
            cc[id] = before[id];
            return;
          }
          if (!dom.is_element(id)) return;
          const GumboTag t = dom.tag(id);
          if (html::is_unrendered(t)) {
            cc[id] = Counts{};
            video[id] = html::is_embed(t) && is_video(dom, id);
            return;
          }
          if (data_table[id]) --in_data;
          if (t == GUMBO_TAG_CODE) --in_code;
          if (t == GUMBO_TAG_FIGURE) --in_figure;
          Counts c;
          Counts run;
          auto flush = [&] {
            if (run.chars > 0) {
              c.p += 1;
              c.textish_chars += run.chars;
            }
            run = Counts{};
          };
          const bool div = t == GUMBO_TAG_DIV;
          for (NodeId k = dom.node(id).first_child; k != kNoNode; k = dom.node(k).next_sibling) {
            if (marks[k] != Reason::kKeep) continue;
            add_child(dom, k, cc[k], &c);
            holds_data[id] |= holds_data[k] | data_table[k];
            video[id] |= video[k];
            if (dom.is_element(k) && html::is_embed(dom.tag(k))) video[id] |= is_video(dom, k);
            if (div) {
              if (is_phrasing(dom, k, cc[k])) add_child(dom, k, cc[k], &run);
              else flush();
            }
          }
          if (div && c.has_block) flush();
          finish_element(dom, id, &c);
          cc[id] = c;
          if (!(flags & kCleanConditionally)) return;
          const bool paragraph_div = div && (!c.has_block || sel->collapsible[id]);
          if (t == GUMBO_TAG_FORM || t == GUMBO_TAG_FIELDSET || t == GUMBO_TAG_TABLE || t == GUMBO_TAG_UL ||
              (div && !paragraph_div)) {
            const Reason r = drop_reason(id, c);
            if (r != Reason::kKeep) marks[id] = r;
          }
        });
    if (marks[top] == Reason::kKeep) total += cc[top].chars;
  }
  return total;
}

}  // namespace winnow::extract
