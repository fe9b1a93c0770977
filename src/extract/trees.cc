#include "extract/trees.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

namespace winnow::extract {

namespace {

// Splits a line into words separated by spaces or tabs.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t b = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > b) out.push_back(line.substr(b, i - b));
  }
  return out;
}

bool to_float(std::string_view s, float* out) {
  // std::from_chars for float is in GCC 11+; strtof needs a terminated copy.
  const std::string copy(s);
  char* end = nullptr;
  *out = std::strtof(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(*out);
}

bool to_uint(std::string_view s, std::uint32_t* out) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

Error Trees::load(std::string_view text, std::string_view name, const std::vector<std::string>& columns) {
  *this = Trees{};
  std::unordered_map<std::string_view, std::uint32_t> column_of;
  for (std::size_t i = 0; i < columns.size(); ++i) column_of.emplace(columns[i], static_cast<std::uint32_t>(i));

  std::vector<std::uint32_t> file_columns;  // the file's feature index -> the caller's column
  std::size_t line_no = 0, pos = 0;
  auto fail = [&](const std::string& why) {
    *this = Trees{};
    return Error::make(ErrorCode::kInternal, std::string(name) + ":" + std::to_string(line_no) + ": " + why);
  };
  // Reads the next line that is neither blank nor a comment; false at the end.
  auto next = [&](std::vector<std::string_view>* w) {
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      *w = words(line);
      if (!w->empty() && (*w)[0][0] != '#') return true;
    }
    return false;
  };
  std::vector<std::string_view> w;
  std::uint32_t outputs = 0, count = 0;
  if (!next(&w) || w.size() != 2 || w[0] != "outputs" || !to_uint(w[1], &outputs) || outputs == 0)
    return fail("expected 'outputs N'");
  if (outputs > 1) {
    if (!next(&w) || w.size() != outputs + 1 || w[0] != "classes") return fail("expected 'classes' and a name per output");
    for (std::size_t i = 1; i < w.size(); ++i) classes_.emplace_back(w[i]);
  }
  if (!next(&w) || w.size() != 2 || w[0] != "features" || !to_uint(w[1], &count)) return fail("expected 'features N'");
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!next(&w) || w.size() != 1) return fail("expected a feature name");
    const auto it = column_of.find(w[0]);
    if (it == column_of.end()) return fail("feature '" + std::string(w[0]) + "' is not computed by this build");
    file_columns.push_back(it->second);
  }
  if (!next(&w) || w.size() != outputs + 1 || w[0] != "base") return fail("expected 'base' and a value per output");
  for (std::size_t i = 1; i < w.size(); ++i) {
    float v;
    if (!to_float(w[i], &v)) return fail("bad base value");
    base_.push_back(v);
  }
  std::uint32_t trees = 0;
  if (!next(&w) || w.size() != 2 || w[0] != "trees" || !to_uint(w[1], &trees)) return fail("expected 'trees N'");
  // One tree as the file gives it: split or leaf, children by index within the tree.
  struct Node {
    bool leaf;
    std::uint32_t column;  // split: the caller's column
    float value;           // split: the bound; leaf: the value
    std::uint32_t left, right;
  };
  std::vector<Node> nodes;
  std::vector<std::uint32_t> depth;
  for (std::uint32_t t = 0; t < trees; ++t) {
    std::uint32_t count = 0;
    if (!next(&w) || w.size() != 2 || w[0] != "tree" || !to_uint(w[1], &count) || count == 0)
      return fail("expected 'tree N'");
    nodes.assign(count, Node{});
    depth.assign(count, 0);
    std::uint32_t tree_depth = 0;
    for (std::uint32_t k = 0; k < count; ++k) {
      if (!next(&w)) return fail("tree ends early");
      Node& node = nodes[k];
      if (w[0] == "leaf" && w.size() == 2) {
        node.leaf = true;
        if (!to_float(w[1], &node.value)) return fail("bad leaf value");
      } else if (w[0] == "split" && w.size() == 5) {
        std::uint32_t feature = 0;
        if (!to_uint(w[1], &feature) || feature >= file_columns.size()) return fail("bad split feature");
        node.column = file_columns[feature];
        if (!to_float(w[2], &node.value) || !to_uint(w[3], &node.left) || !to_uint(w[4], &node.right))
          return fail("bad split");
        // Children come after their parent, so every path ends, and a node's depth is known
        // before its children's.
        if (node.left <= k || node.right <= k || node.left >= count || node.right >= count)
          return fail("split child out of order");
        depth[node.left] = depth[node.right] = depth[k] + 1;
        tree_depth = std::max(tree_depth, depth[k] + 1);
        if (tree_depth > kMaxDepth) return fail("tree deeper than " + std::to_string(kMaxDepth));
      } else {
        return fail("expected 'split F T L R' or 'leaf V'");
      }
    }
    // Lay the tree out complete, level by level: at[h] is the file node heap position h stands for.
    Tree tree{tree_depth, static_cast<std::uint32_t>(splits_.size()), static_cast<std::uint32_t>(leaves_.size())};
    const std::uint32_t inner = (1u << tree_depth) - 1;
    std::vector<std::uint32_t> at(2 * inner + 1, 0);
    for (std::uint32_t h = 0; h < inner; ++h) {
      const Node& node = nodes[at[h]];
      // A leaf above the last level: a padding split whose two sides both lead to it.
      splits_.push_back(node.leaf ? Split{0, 0.0f} : Split{node.column, node.value});
      at[2 * h + 1] = node.leaf ? at[h] : node.left;
      at[2 * h + 2] = node.leaf ? at[h] : node.right;
    }
    for (std::uint32_t h = inner; h < at.size(); ++h) leaves_.push_back(nodes[at[h]].value);
    trees_.push_back(tree);
  }
  if (next(&w)) return fail("unexpected text after the last tree");
  return Error{};
}

float Trees::leaf_of(const Tree& tree, const float* row) const {
  const Split* split = splits_.data() + tree.splits;
  std::uint32_t h = 0;
  // "<=" as the file means it: a NaN goes right.
  for (std::uint32_t d = 0; d < tree.depth; ++d) h = 2 * h + 1 + !(row[split[h].column] <= split[h].threshold);
  return leaves_[tree.leaves + h - ((1u << tree.depth) - 1)];
}

void Trees::predict_rows(const float* rows, std::size_t n, std::size_t stride, float* scores) const {
  const std::size_t outputs = base_.size();
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < outputs; ++c) scores[r * outputs + c] = base_[c];
  // Eight rows walk each tree side by side: eight independent chains of loads the processor
  // overlaps, where one row's path is a chain of dependent loads. The rows stay in the L1 cache
  // while every tree passes over them.
  constexpr std::size_t kLanes = 8;
  std::size_t r = 0;
  for (; r + kLanes <= n; r += kLanes) {
    const float* lane = rows + r * stride;
    for (std::size_t t = 0; t < trees_.size(); ++t) {
      const Tree& tree = trees_[t];
      const Split* split = splits_.data() + tree.splits;
      std::uint32_t h[kLanes] = {};
      for (std::uint32_t d = 0; d < tree.depth; ++d)
        for (std::size_t k = 0; k < kLanes; ++k)
          h[k] = 2 * h[k] + 1 + !(lane[k * stride + split[h[k]].column] <= split[h[k]].threshold);
      const float* leaves = leaves_.data() + tree.leaves - ((1u << tree.depth) - 1);
      float* score = scores + r * outputs + t % outputs;
      for (std::size_t k = 0; k < kLanes; ++k) score[k * outputs] += leaves[h[k]];
    }
  }
  for (; r < n; ++r)
    for (std::size_t t = 0; t < trees_.size(); ++t) scores[r * outputs + t % outputs] += leaf_of(trees_[t], rows + r * stride);
}

void Trees::predict(const float* row, float* scores) const { predict_rows(row, 1, 0, scores); }

float Trees::probability(const float* row) const {
  float score = 0;
  predict(row, &score);
  return 1.0f / (1.0f + std::exp(-score));
}

void Trees::probabilities(const float* rows, std::size_t n, std::size_t stride, float* out) const {
  std::vector<float> scores(n * base_.size());
  predict_rows(rows, n, stride, scores.data());
  for (std::size_t r = 0; r < n; ++r) out[r] = 1.0f / (1.0f + std::exp(-scores[r * base_.size()]));
}

}  // namespace winnow::extract
