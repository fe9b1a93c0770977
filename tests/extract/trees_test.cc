#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "extract/trees.h"

using winnow::extract::Trees;

namespace {

// Two trees of uneven shape over columns a and b: the first has a leaf at depth 1 beside a
// subtree of depth 2, the second is a lone leaf.
const char* const kModel =
    "# a comment\n"
    "outputs 1\n"
    "features 2\n"
    "b\n"
    "a\n"
    "base 0.5\n"
    "trees 2\n"
    "tree 5\n"
    "split 1 1.5 1 2\n"   // a <= 1.5 ?
    "leaf -1\n"
    "split 0 0 3 4\n"     // b <= 0 ?
    "leaf 2\n"
    "leaf 3\n"
    "tree 1\n"
    "leaf 0.25\n";

const std::vector<std::string> kColumns = {"unused", "a", "b"};

}  // namespace

TEST_CASE("a model's trees score rows as the file says, leaves at any depth") {
  Trees trees;
  REQUIRE(trees.load(kModel, "test.model", kColumns).ok());
  REQUIRE(trees.outputs() == 1);
  float score = 0;
  const float left[] = {9, 1.5f, 7};  // a <= 1.5: the leaf at depth 1, whatever b is
  trees.predict(left, &score);
  CHECK(score == 0.5f + -1.0f + 0.25f);
  const float right_low[] = {9, 2, 0};
  trees.predict(right_low, &score);
  CHECK(score == 0.5f + 2.0f + 0.25f);
  const float right_high[] = {9, 2, 0.1f};
  trees.predict(right_high, &score);
  CHECK(score == 0.5f + 3.0f + 0.25f);
  // A NaN fails "<=" and goes right, as the trainer's trees do.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float missing[] = {9, nan, nan};
  trees.predict(missing, &score);
  CHECK(score == 0.5f + 3.0f + 0.25f);
  CHECK(trees.probability(left) == doctest::Approx(1 / (1 + std::exp(0.25))));
}

TEST_CASE("rows scored together score as one by one") {
  Trees trees;
  REQUIRE(trees.load(kModel, "test.model", kColumns).ok());
  // Four rows of four columns (one more than the model reads: a stride).
  const std::vector<float> rows = {9, 1, 7, 0, 9, 2, 0, 0, 9, 2, 5, 0, 0, 0, 0, 0};
  std::vector<float> scores(4), p(4);
  trees.predict_rows(rows.data(), 4, 4, scores.data());
  trees.probabilities(rows.data(), 4, 4, p.data());
  for (std::size_t r = 0; r < 4; ++r) {
    float one = 0;
    trees.predict(rows.data() + r * 4, &one);
    CHECK(scores[r] == one);
    CHECK(p[r] == trees.probability(rows.data() + r * 4));
  }
}

TEST_CASE("a malformed model is refused with its line") {
  Trees trees;
  winnow::Error e = trees.load("outputs 1\nfeatures 1\nzzz\n", "bad.model", kColumns);
  CHECK_FALSE(e.ok());
  CHECK(e.message == "bad.model:3: feature 'zzz' is not computed by this build");
  e = trees.load("outputs 1\nfeatures 1\na\nbase 0\ntrees 1\ntree 2\nsplit 0 1 0 1\nleaf 1\n", "bad.model", kColumns);
  CHECK(e.message == "bad.model:7: split child out of order");
  // Deeper than the loader lays out: a chain of kMaxDepth + 1 splits.
  std::string deep = "outputs 1\nfeatures 1\na\nbase 0\ntrees 1\n";
  const std::uint32_t splits = Trees::kMaxDepth + 1;
  deep += "tree " + std::to_string(2 * splits + 1) + "\n";
  for (std::uint32_t k = 0; k < splits; ++k)
    deep += "split 0 1 " + std::to_string(2 * k + 1) + " " + std::to_string(2 * k + 2) + "\nleaf 0\n";
  deep += "leaf 1\n";
  e = trees.load(deep, "deep.model", kColumns);
  CHECK_FALSE(e.ok());
  CHECK(e.message.find("tree deeper than") != std::string::npos);
}
