#include "rules/needles.h"

namespace winnow::rules {

void NeedleSet::build(const std::vector<std::pair<std::string, std::uint32_t>>& needles) {
  // At most 230 classes: upper-case letters share the class of their lower case.
  class_.fill(0);
  classes_ = 1;
  for (const auto& [needle, value] : needles)
    for (unsigned char c : needle)
      if (class_[c] == 0) class_[c] = static_cast<std::uint8_t>(classes_++);
  for (int c = 'A'; c <= 'Z'; ++c) class_[c] = class_[c + ('a' - 'A')];
  // The trie; 0 doubles as "no edge" since no edge leads back to the root.
  next_.assign(classes_, 0);
  std::vector<std::vector<std::uint32_t>> out(1);
  for (const auto& [needle, value] : needles) {
    std::uint32_t s = 0;
    for (unsigned char c : needle) {
      std::uint32_t& edge = next_[s * classes_ + class_[c]];
      if (edge == 0) {
        edge = static_cast<std::uint32_t>(out.size());
        out.emplace_back();
        next_.resize(next_.size() + classes_, 0);
      }
      s = next_[s * classes_ + class_[c]];
    }
    out[s].push_back(value);
  }
  // Breadth first: failure links, completed transitions, and each state's outputs merged with
  // those of its failure state (which, being shallower, is complete by then).
  std::vector<std::uint32_t> fail(out.size(), 0), queue;
  for (std::uint32_t k = 0; k < classes_; ++k)
    if (next_[k] != 0) queue.push_back(next_[k]);
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const std::uint32_t s = queue[q];
    for (std::uint32_t k = 0; k < classes_; ++k) {
      std::uint32_t& t = next_[s * classes_ + k];
      if (t != 0) {
        fail[t] = next_[fail[s] * classes_ + k];
        out[t].insert(out[t].end(), out[fail[t]].begin(), out[fail[t]].end());
        queue.push_back(t);
      } else {
        t = next_[fail[s] * classes_ + k];
      }
    }
  }
  for (std::uint32_t& t : next_) t = t * classes_ | (out[t].empty() ? 0 : kHasOutput);
  out_begin_.assign(1, 0);
  values_.clear();
  for (const auto& o : out) {
    values_.insert(values_.end(), o.begin(), o.end());
    out_begin_.push_back(static_cast<std::uint32_t>(values_.size()));
  }
}

}  // namespace winnow::rules
