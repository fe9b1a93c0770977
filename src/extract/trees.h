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

  // The raw scores of `n` rows, `stride` floats apart, into scores[r * outputs() + c]: what
  // predict() gives for each row, to the bit (each row's sum is taken in the same tree order), but
  // tree by tree over all rows, so the rows' independent paths overlap in the processor.
  void predict_rows(const float* rows, std::size_t n, std::size_t stride, float* scores) const;

  // A binary model's probability that the row is positive: the logistic of its score.
  float probability(const float* row) const;

  // probability() of `n` rows, `stride` floats apart, into out[0..n).
  void probabilities(const float* rows, std::size_t n, std::size_t stride, float* out) const;

  // Deepest tree this loader takes: a tree is stored complete to its depth (2^depth leaves).
  static constexpr std::uint32_t kMaxDepth = 12;

 private:
  // Each tree complete to its depth D, in heap order: split i (of 2^D - 1) sends a row to 2i+1
  // when row[column] <= threshold, else to 2i+2; past the last level, the leaves. A leaf of the
  // file above the last level is copied into every leaf below it (its padding splits lead there
  // either way), so every path has D steps and no test of "is this a leaf" mispredicts.
  struct Split {
    std::uint32_t column;
    float threshold;
  };
  struct Tree {
    std::uint32_t depth;
    std::uint32_t splits;  // first of its 2^D - 1 splits in splits_
    std::uint32_t leaves;  // first of its 2^D leaves in leaves_
  };
  float leaf_of(const Tree& tree, const float* row) const;

  std::vector<float> base_;
  std::vector<std::string> classes_;
  std::vector<Tree> trees_;
  std::vector<Split> splits_;
  std::vector<float> leaves_;
};

}  // namespace winnow::extract
