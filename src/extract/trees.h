// Gradient-boosted decision trees, read from a text file and evaluated on rows of features: the
// form of the block model and the page-type model. The files are made by scripts/train_model.py
// from the development corpus and embedded in the binary (src/extract/models/).
//
// File format, one item per line, '#' lines are comments:
//   outputs C                   number of outputs (1: a binary model; C > 1: one score per class)
//   classes NAME...             (C > 1) the name of each output
//   features F                  then F lines, one feature name each: the columns the trees test
//   base B1 .. BC               each output's starting score
//   trees T                     then T trees; tree t adds to output t % C
//   tree N                      then N lines, node 0 the root:
//     split FEATURE THRESHOLD LEFT RIGHT    go LEFT when row[FEATURE] <= THRESHOLD, else RIGHT
//     leaf VALUE
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winnow/winnow.h"

namespace winnow::extract {

class Trees {
 public:
  // Parses `text`, mapping the file's feature names onto `columns` (the caller's feature names, in
  // its row order). Returns kInternal with "NAME:LINE: problem" for a malformed file or a feature
  // the caller does not compute: the models ship with the binary, so that is a build defect.
  Error load(std::string_view text, std::string_view name, const std::vector<std::string>& columns);

  std::size_t outputs() const { return base_.size(); }
  const std::vector<std::string>& classes() const { return classes_; }

  // The raw scores of one row (outputs() of them) into *scores. Cost: one root-to-leaf path per tree.
  void predict(const float* row, float* scores) const;

  // A binary model's probability that the row is positive: the logistic of its score.
  float probability(const float* row) const;

 private:
  struct Node {
    std::uint32_t column;  // kLeaf for a leaf
    float threshold;       // split: the bound; leaf: the value
    std::uint32_t left, right;
  };
  static constexpr std::uint32_t kLeaf = 0xffffffffu;

  std::vector<float> base_;
  std::vector<std::string> classes_;
  std::vector<std::uint32_t> roots_;  // per tree: its root in nodes_
  std::vector<Node> nodes_;
};

}  // namespace winnow::extract
