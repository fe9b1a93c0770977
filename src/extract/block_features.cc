#include "extract/block_features.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "common/ascii.h"
#include "common/text.h"
#include "extract/title.h"

namespace winnow::extract {

namespace {

// Own-text and position features, in column order.
enum Own {
  kLogWords, kLogChars, kLinkDensity, kSentenceEnd, kSentences, kLogCommas, kUpper, kDigits, kCurrency,
  kPosition, kCharPosition, kRelativeLength, kDepth, kLogRepeats, kHeading, kImages, kLogDuplicates,
  kDetected, kColonEnd, kCopyright, kBeforeFirstH1, kDetectedNear, kBullet, kPipes, kBeforeDetected,
  kAfterDetected, kTitle, kOwnCount
};
constexpr std::string_view kOwnNames[] = {
    "log_words", "log_chars", "link_density", "sentence_end", "sentences", "log_commas", "upper", "digits",
    "currency", "position", "char_position", "relative_length", "depth", "log_repeats", "heading", "images",
    "log_duplicates", "detected", "colon_end", "copyright", "before_first_h1", "detected_near", "bullet",
    "pipes", "before_detected", "after_detected", "title"};
static_assert(std::size(kOwnNames) == kOwnCount);

constexpr GumboTag kTags[] = {GUMBO_TAG_P, GUMBO_TAG_LI, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_DIV,
                              GUMBO_TAG_DT, GUMBO_TAG_DD, GUMBO_TAG_PRE, GUMBO_TAG_BLOCKQUOTE,
                              GUMBO_TAG_FIGCAPTION, GUMBO_TAG_CAPTION, GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE,
                              GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_A, GUMBO_TAG_SPAN, GUMBO_TAG_LABEL,
                              GUMBO_TAG_SUMMARY, GUMBO_TAG_ADDRESS};
constexpr std::string_view kTagNames[] = {"p", "li", "td", "th", "div", "dt", "dd", "pre", "blockquote",
                                          "figcaption", "caption", "section", "article", "header", "footer",
                                          "a", "span", "label", "summary", "address"};
static_assert(std::size(kTags) == std::size(kTagNames));
constexpr std::size_t kTagCount = std::size(kTags) + 1;  // + other

constexpr std::string_view kAncestorNames[] = {
    "nav", "header", "footer", "aside", "form", "main", "article", "li", "table", "list", "link", "figure",
    "section", "dialog", "heading", "dl", "quote", "code", "details", "address", "label", "hidden", "cell",
    "post"};
constexpr std::size_t kAncestorCount = std::size(kAncestorNames);

// What each neighbour contributes (previous two, next two).
enum Neighbour { kNLogWords, kNLinkDensity, kNSentenceEnd, kNDetected, kNHeading, kNListItem, kNNav, kNRepeats,
                 kNeighbourCount };
constexpr std::string_view kNeighbourNames[] = {"log_words", "link_density", "sentence_end", "detected",
                                                "heading", "li", "nav", "log_repeats"};
constexpr int kOffsets[] = {-2, -1, 1, 2};
constexpr std::string_view kOffsetNames[] = {"prev2_", "prev1_", "next1_", "next2_"};

enum Window { kWLogWords3, kWLinkDensity3, kWDetected3, kWDetected10, kWSentenceEnd3, kWindowCount };
constexpr std::string_view kWindowNames[] = {"win3_log_words", "win3_link_density", "win3_detected",
                                             "win10_detected", "win3_sentence_end"};

// The block's surroundings: the elements 1, 2, 4 and 8 levels above its owner, each with the text
// of its whole subtree (how much, how much of it links, how much the scoring detector kept, in how
// many blocks). A link list reads as one wherever its links stand.
constexpr int kLevels[] = {1, 2, 4, 8};
enum Region { kRLogChars, kRLinkDensity, kRDetectedShare, kRLogBlocks, kRHoldsH1, kRHoldsTop, kRegionCount };
constexpr std::string_view kRegionNames[] = {"log_chars", "link_density", "detected_share", "log_blocks",
                                             "holds_h1", "holds_top"};

enum PageTotal { kPLogChars, kPLinkDensity, kPLogBlocks, kPDetectedShare, kPageTotalCount };
constexpr std::string_view kPageTotalNames[] = {"page_log_chars", "page_link_density", "page_log_blocks",
                                                "page_detected_share"};

std::size_t word_count() { return class_words().size(); }

// Column offsets.
struct Layout {
  std::size_t own = 0, tags, ancestors, near, far, neighbours, window, regions, totals, page, size;
  Layout() {
    tags = own + kOwnCount;
    ancestors = tags + kTagCount;
    near = ancestors + kAncestorCount;
    far = near + word_count();
    neighbours = far + word_count();
    window = neighbours + std::size(kOffsets) * kNeighbourCount;
    regions = window + kWindowCount;
    totals = regions + std::size(kLevels) * kRegionCount;
    page = totals + kPageTotalCount;
    size = page + page_signal_names().size();
  }
};

const Layout& layout() {
  static const Layout l;
  return l;
}

bool sentence_end(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '"' || t.back() == ')' || t.back() == '\'')) t.remove_suffix(1);
  if (t.empty()) return false;
  const char c = t.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' ) return c != ':';
  // 。！？ and the Arabic question mark.
  for (std::string_view p : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F", "\xD8\x9F", "\xE0\xA5\xA4"})
    if (t.size() >= p.size() && t.substr(t.size() - p.size()) == p) return true;
  return false;
}

std::uint32_t sentences(std::string_view t) {
  // ". ", "! " and "? " counted without a branch per byte (a test per byte mispredicts).
  static constexpr auto kStop = [] {
    std::array<std::uint8_t, 256> stop{};
    stop['.'] = stop['!'] = stop['?'] = 1;
    return stop;
  }();
  std::uint32_t n = 0;
  for (std::size_t i = 0; i + 1 < t.size(); ++i)
    n += kStop[static_cast<unsigned char>(t[i])] & static_cast<std::uint8_t>(t[i + 1] == ' ');
  for (std::size_t i = t.find("\xE3\x80\x82"); i != std::string_view::npos; i = t.find("\xE3\x80\x82", i + 3)) ++n;
  return n + (sentence_end(t) ? 1 : 0);
}

// Writes 1 at out[i] for each bit i set in `bits`.
void set_bits(const WordBits& bits, float* out) {
  for (std::size_t half = 0; half < bits.size(); ++half)
    for (std::uint64_t rest = bits[half]; rest != 0; rest &= rest - 1)
      out[half * 64 + static_cast<std::size_t>(std::countr_zero(rest))] = 1;
}

}  // namespace

const std::vector<std::string>& block_feature_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (std::string_view s : kOwnNames) v.emplace_back(s);
    for (std::string_view s : kTagNames) v.push_back("tag_" + std::string(s));
    v.emplace_back("tag_other");
    for (std::string_view s : kAncestorNames) v.push_back("in_" + std::string(s));
    for (std::string_view w : class_words()) v.push_back("near_" + std::string(w));
    for (std::string_view w : class_words()) v.push_back("far_" + std::string(w));
    for (std::size_t o = 0; o < std::size(kOffsets); ++o)
      for (std::string_view s : kNeighbourNames) v.push_back(std::string(kOffsetNames[o]) + std::string(s));
    for (std::string_view s : kWindowNames) v.emplace_back(s);
    for (int level : kLevels)
      for (std::string_view s : kRegionNames) v.push_back("up" + std::to_string(level) + "_" + std::string(s));
    for (std::string_view s : kPageTotalNames) v.emplace_back(s);
    for (const std::string& s : page_signal_names()) v.push_back("page_" + s);
    return v;
  }();
  return names;
}

void block_features(const html::Dom& dom, const BlockSet& set, const std::vector<std::uint8_t>& detected,
                    html::NodeId top, const PageSignals& page, std::string_view title, std::vector<float>* out) {
  const Layout& L = layout();
  const std::size_t n = set.blocks.size();
  out->assign(n * L.size, 0.0f);
  if (n == 0) return;

  float total_chars = 0, total_links = 0, max_chars = 1, detected_chars = 0;
  std::size_t first_h1 = n;
  std::unordered_map<std::string_view, std::uint32_t> seen;
  seen.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Block& b = set.blocks[i];
    total_chars += b.chars;
    total_links += b.link_chars;
    max_chars = std::max(max_chars, b.chars);
    if (detected[i]) detected_chars += b.chars;
    if (first_h1 == n && b.heading == 1) first_h1 = i;
    ++seen[set.text_of(b)];
  }
  std::size_t first_detected = n, last_detected = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (detected[i]) {
      if (first_detected == n) first_detected = i;
      last_detected = i;
    }
  // Per element: the chars, link chars, detected chars and blocks of its subtree.
  struct Sum {
    float chars = 0, links = 0, detected = 0, blocks = 0;
  };
  std::vector<Sum> sums(dom.size());
  for (std::size_t i = 0; i < n; ++i) {
    const Block& b = set.blocks[i];
    for (html::NodeId a = b.owner; a != html::kNoNode; a = dom.node(a).parent) {
      Sum& s = sums[a];
      s.chars += b.chars;
      s.links += b.link_chars;
      s.detected += detected[i] ? b.chars : 0;
      s.blocks += 1;
    }
  }
  const SimilarityTo like_title(normalize_space(title));
  // The ancestors of the page's first <h1> and of the scoring detector's best candidate.
  enum : std::uint8_t { kAboveH1 = 1, kAboveTop = 2 };
  std::vector<std::uint8_t> above(dom.size(), 0);
  auto mark_up = [&](html::NodeId from, std::uint8_t bit) {
    for (html::NodeId a = from; a != html::kNoNode; a = dom.node(a).parent) above[a] |= bit;
  };
  if (first_h1 < n) mark_up(set.blocks[first_h1].owner, kAboveH1);
  if (top != html::kNoNode) mark_up(top, kAboveTop);
  // Distance in blocks to the nearest detected block, both ways.
  std::vector<std::uint32_t> near(n, 1000);
  for (std::size_t i = 0, last = n; i < n; ++i) {
    if (detected[i]) last = i;
    if (last != n) near[i] = static_cast<std::uint32_t>(i - last);
  }
  for (std::size_t i = n, last = n; i-- > 0;) {
    if (detected[i]) last = i;
    if (last != n) near[i] = std::min<std::uint32_t>(near[i], static_cast<std::uint32_t>(last - i));
  }

  float position_chars = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Block& b = set.blocks[i];
    float* row = out->data() + i * L.size;
    const std::string_view t = set.text_of(b);
    std::size_t upper = 0, digits = 0;
    for (char c : t) {
      upper += c >= 'A' && c <= 'Z';
      digits += c >= '0' && c <= '9';
    }
    const float bytes = static_cast<float>(std::max<std::size_t>(t.size(), 1));
    float* own = row + L.own;
    own[kLogWords] = std::log1p(static_cast<float>(b.words));
    own[kLogChars] = std::log1p(b.chars);
    own[kLinkDensity] = b.chars > 0 ? std::min(1.0f, b.link_chars / b.chars) : 0;
    own[kSentenceEnd] = sentence_end(t);
    own[kSentences] = std::log1p(static_cast<float>(sentences(t)));
    own[kLogCommas] = std::log1p(static_cast<float>(b.commas));
    own[kUpper] = static_cast<float>(upper) / bytes;
    own[kDigits] = static_cast<float>(digits) / bytes;
    own[kCurrency] = t.find('$') != std::string_view::npos || t.find("\xE2\x82\xAC") != std::string_view::npos ||
                     t.find("\xC2\xA3") != std::string_view::npos;
    own[kPosition] = n > 1 ? static_cast<float>(i) / static_cast<float>(n - 1) : 0;
    own[kCharPosition] = total_chars > 0 ? position_chars / total_chars : 0;
    position_chars += b.chars;
    own[kRelativeLength] = b.chars / max_chars;
    own[kDepth] = static_cast<float>(b.depth);
    own[kLogRepeats] = std::log1p(static_cast<float>(b.repeats - 1));
    own[kHeading] = b.heading;
    own[kImages] = b.images;
    own[kLogDuplicates] = std::log1p(static_cast<float>(seen[t] - 1));
    own[kDetected] = detected[i];
    own[kColonEnd] = !t.empty() && (t.back() == ':' || t.substr(t.size() >= 3 ? t.size() - 3 : 0) == "\xEF\xBC\x9A");
    own[kCopyright] = t.find("\xC2\xA9") != std::string_view::npos || contains_lower(t, "copyright");
    own[kBeforeFirstH1] = i < first_h1;
    own[kDetectedNear] = std::log1p(static_cast<float>(near[i]));
    own[kBeforeDetected] = i < first_detected;
    own[kAfterDetected] = first_detected < n && i > last_detected;
    own[kTitle] = b.chars < 400 && like_title(t) > 0.75;
    own[kBullet] = t.rfind("\xE2\x80\xA2", 0) == 0 || t.rfind("- ", 0) == 0 || t.rfind("\xC2\xB7", 0) == 0;
    own[kPipes] = static_cast<float>(std::count(t.begin(), t.end(), '|'));

    std::size_t tag = std::size(kTags);
    for (std::size_t k = 0; k < std::size(kTags); ++k)
      if (kTags[k] == b.tag) tag = k;
    if (b.heading > 0 && tag == std::size(kTags)) tag = std::size(kTags);  // headings: the heading feature
    row[L.tags + tag] = 1;
    for (std::size_t k = 0; k < kAncestorCount; ++k) row[L.ancestors + k] = (b.ancestors >> k) & 1;
    // The row is zero: only the words present are written (a few of the 128).
    set_bits(b.near_words, row + L.near);
    set_bits(b.far_words, row + L.far);
  }
  // The page's totals, the same in every row.
  float totals[kPageTotalCount];
  totals[kPLogChars] = std::log1p(total_chars);
  totals[kPLinkDensity] = total_chars > 0 ? total_links / total_chars : 0;
  totals[kPLogBlocks] = std::log1p(static_cast<float>(n));
  totals[kPDetectedShare] = total_chars > 0 ? detected_chars / total_chars : 0;
  // Neighbours and windows read the own features just written.
  auto own_of = [&](std::size_t j) { return out->data() + j * L.size + L.own; };
  for (std::size_t i = 0; i < n; ++i) {
    float* row = out->data() + i * L.size;
    for (std::size_t o = 0; o < std::size(kOffsets); ++o) {
      float* nb = row + L.neighbours + o * kNeighbourCount;
      const long j = static_cast<long>(i) + kOffsets[o];
      if (j < 0 || j >= static_cast<long>(n)) {
        for (std::size_t k = 0; k < kNeighbourCount; ++k) nb[k] = -1;
        continue;
      }
      const float* other = own_of(static_cast<std::size_t>(j));
      const Block& ob = set.blocks[static_cast<std::size_t>(j)];
      nb[kNLogWords] = other[kLogWords];
      nb[kNLinkDensity] = other[kLinkDensity];
      nb[kNSentenceEnd] = other[kSentenceEnd];
      nb[kNDetected] = other[kDetected];
      nb[kNHeading] = other[kHeading];
      nb[kNListItem] = (ob.ancestors & kInListItem) != 0;
      nb[kNNav] = (ob.ancestors & kInNav) != 0;
      nb[kNRepeats] = other[kLogRepeats];
    }
    auto mean = [&](std::size_t radius, Own f) {
      const std::size_t lo = i >= radius ? i - radius : 0, hi = std::min(n, i + radius + 1);
      float s = 0;
      for (std::size_t j = lo; j < hi; ++j) s += own_of(j)[f];
      return s / static_cast<float>(hi - lo);
    };
    float* w = row + L.window;
    w[kWLogWords3] = mean(3, kLogWords);
    w[kWLinkDensity3] = mean(3, kLinkDensity);
    w[kWDetected3] = mean(3, kDetected);
    w[kWDetected10] = mean(10, kDetected);
    w[kWSentenceEnd3] = mean(3, kSentenceEnd);
    {
      const Block& b = set.blocks[i];
      html::NodeId a = b.owner;
      int up = 0;
      for (std::size_t l = 0; l < std::size(kLevels); ++l) {
        while (up < kLevels[l] && a != html::kNoNode && dom.node(a).parent != html::kNoNode) {
          a = dom.node(a).parent;
          ++up;
        }
        const Sum& s = sums[a];
        float* r = row + L.regions + l * kRegionCount;
        r[kRLogChars] = std::log1p(s.chars);
        r[kRLinkDensity] = s.chars > 0 ? std::min(1.0f, s.links / s.chars) : 0;
        r[kRDetectedShare] = s.chars > 0 ? s.detected / s.chars : 0;
        r[kRLogBlocks] = std::log1p(s.blocks);
        r[kRHoldsH1] = (above[a] & kAboveH1) != 0;
        r[kRHoldsTop] = (above[a] & kAboveTop) != 0;
      }
    }
    std::copy(std::begin(totals), std::end(totals), row + L.totals);
    std::copy(page.values.begin(), page.values.end(), row + L.page);
  }
}

}  // namespace winnow::extract
