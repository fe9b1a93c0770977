// The pre-scan's model of the tree builder's stack of open elements (see prescan_scanner.h):
// pushing and popping them, closing down to one, and the adoption agency, roughly.
#include "html/prescan_scanner.h"
#include "html/tags.h"

namespace winnow::html::prescan_internal {

namespace {

// Foreign elements named title, meta, link, base, script, style or template hold elements (HTML
// ones are void, raw text or a template's own tree): extract::page_url does not walk into them.
bool hides_url_tags(const Open& e) {
  if (e.ns == Ns::kHtml) return false;
  switch (e.tag) {
    case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK: case GUMBO_TAG_BASE:
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

}  // namespace

void Scanner::push(const Tag& t, Ns ns) {
  Open e;
  e.key = ns == Ns::kHtml ? t.key : t.foreign_key;
  e.tag = t.tag;
  e.ns = ns;
  e.opens_frame = ns == Ns::kHtml && t.tag == GUMBO_TAG_TEMPLATE;
  e.integration = false;
  if (ns == Ns::kSvg) {
    e.integration = t.tag == GUMBO_TAG_FOREIGNOBJECT || t.tag == GUMBO_TAG_DESC ||
                    t.tag == GUMBO_TAG_TITLE;
  } else if (ns == Ns::kMath && t.tag == GUMBO_TAG_ANNOTATION_XML && t.encoding_seen) {
    const std::string_view enc = t.encoding;
    e.integration = equals_lower(enc, "text/html") || equals_lower(enc, "application/xhtml+xml");
  }
  if (ns == Ns::kHtml && is_formatting(t.tag)) {
    // A second <a> or <nobr> runs the adoption agency on the first.
    if ((t.tag == GUMBO_TAG_A || t.tag == GUMBO_TAG_NOBR) && count(e.key) > 0) formatting_lost_ = true;
    ++formatting_open_;
  }
  ++counts_[slot(e.key)];
  if (ns == Ns::kHtml && (t.tag == GUMBO_TAG_PRE || t.tag == GUMBO_TAG_LISTING)) ++open_pre_;
  if (hides_url_tags(e)) ++url_tags_hidden_;
  stack_.push_back(e);
  if (e.opens_frame) ++frames_;
  if (stack_.size() > max_depth_) max_depth_ = stack_.size();
}

void Scanner::push_implied(GumboTag tag) {
  Tag t;
  t.tag = tag;
  t.key = static_cast<std::uint64_t>(tag);
  push(t, Ns::kHtml);
}

void Scanner::pop_one() {
  const Open& e = stack_.back();
  if (e.ns == Ns::kHtml && is_formatting(e.tag)) {
    // Closed by another element's end tag (or implied): it stays in the list of active
    // formatting elements, to be reconstructed.
    --formatting_open_;
    formatting_lost_ = true;
  }
  if (e.opens_frame) --frames_;
  if (e.ns == Ns::kHtml && (e.tag == GUMBO_TAG_PRE || e.tag == GUMBO_TAG_LISTING)) --open_pre_;
  if (hides_url_tags(e)) --url_tags_hidden_;
  --counts_[slot(e.key)];
  stack_.pop_back();
}

// Pops the open elements from `index` up. If that takes the element whose contents are being
// dropped: fine when `closes_region` (its own end tag, starting at tag_begin), else the drop is
// undone (bail) and nothing is popped; returns false then.
bool Scanner::pop_to(std::size_t index, bool closes_region, std::size_t tag_begin) {
  if (region_ != Region::kNone && index <= region_index_) {
    if (!(closes_region && index == region_index_)) {
      bail(tag_begin);
      return false;
    }
    region_ = Region::kNone;
    copy_from_ = tag_begin;
  }
  while (stack_.size() > index) pop_one();
  return true;
}

std::size_t Scanner::topmost(std::uint64_t key) const {
  for (std::size_t k = stack_.size(); k-- > 0;)
    if (stack_[k].key == key) return k;
  return stack_.size();
}
// The adoption agency, roughly, for the formatting element find_open found at `index`: it and
// the ordinary elements above it leave the stack; the special ones above it (the "furthest
// blocks" its outer loop moves it past) stay open. Returns false if that bailed.
bool Scanner::adopt(std::size_t index, std::size_t tag_begin) {
  if (index == kNpos || (index == kTooDeep && region_ == Region::kNone)) return true;
  if (index == kTooDeep || (region_ != Region::kNone && index <= region_index_)) {
    bail(tag_begin);
    return false;
  }
  // Only a formatting element that is the current node closes without a trace.
  if (index + 1 != stack_.size()) formatting_lost_ = true;
  std::size_t kept = index;
  for (std::size_t k = index; k < stack_.size(); ++k) {
    if (k > index && is_special(stack_[k])) {
      stack_[kept++] = stack_[k];
    } else {
      if (stack_[k].opens_frame) --frames_;
      if (stack_[k].ns == Ns::kHtml && is_formatting(stack_[k].tag)) --formatting_open_;
      --counts_[slot(stack_[k].key)];
    }
  }
  stack_.resize(kept);
  return true;
}

void Scanner::end_head_phase() {
  head_phase_ = false;
  if (top_is(GUMBO_TAG_NOSCRIPT)) pop_one();  // content in a head noscript closes it
}

}  // namespace winnow::html::prescan_internal
