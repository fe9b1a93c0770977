#include "extract/trees.h"

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
  for (std::uint32_t t = 0; t < trees; ++t) {
    std::uint32_t nodes = 0;
    if (!next(&w) || w.size() != 2 || w[0] != "tree" || !to_uint(w[1], &nodes) || nodes == 0)
      return fail("expected 'tree N'");
    const auto root = static_cast<std::uint32_t>(nodes_.size());
    roots_.push_back(root);
    for (std::uint32_t k = 0; k < nodes; ++k) {
      if (!next(&w)) return fail("tree ends early");
      Node node{};
      if (w[0] == "leaf" && w.size() == 2) {
        node.column = kLeaf;
        if (!to_float(w[1], &node.threshold)) return fail("bad leaf value");
      } else if (w[0] == "split" && w.size() == 5) {
        std::uint32_t feature = 0;
        if (!to_uint(w[1], &feature) || feature >= file_columns.size()) return fail("bad split feature");
        node.column = file_columns[feature];
        if (!to_float(w[2], &node.threshold) || !to_uint(w[3], &node.left) || !to_uint(w[4], &node.right))
          return fail("bad split");
        // Children come after their parent, so every path ends.
        if (node.left <= k || node.right <= k || node.left >= nodes || node.right >= nodes)
          return fail("split child out of order");
        node.left += root;
        node.right += root;
      } else {
        return fail("expected 'split F T L R' or 'leaf V'");
      }
      nodes_.push_back(node);
    }
  }
  if (next(&w)) return fail("unexpected text after the last tree");
  return Error{};
}

void Trees::predict(const float* row, float* scores) const {
  const std::size_t outputs = base_.size();
  for (std::size_t c = 0; c < outputs; ++c) scores[c] = base_[c];
  for (std::size_t t = 0; t < roots_.size(); ++t) {
    const Node* node = &nodes_[roots_[t]];
    while (node->column != kLeaf) node = &nodes_[row[node->column] <= node->threshold ? node->left : node->right];
    scores[t % outputs] += node->threshold;
  }
}

float Trees::probability(const float* row) const {
  float score = 0;
  predict(row, &score);
  return 1.0f / (1.0f + std::exp(-score));
}

}  // namespace winnow::extract
