#include "common/needles.h"

#include <algorithm>

namespace winnow {

void NeedleSet::build(const std::vector<std::pair<std::string, std::uint32_t>>& needles) {
  // At most 230 classes: upper-case letters share the class of their lower case.
  class_.fill(0);
  classes_ = 1;
  for (const auto& [needle, value] : needles)
    for (unsigned char c : needle)
      if (class_[c] == 0) class_[c] = static_cast<std::uint8_t>(classes_++);
  for (int c = 'A'; c <= 'Z'; ++c) class_[c] = class_[c + ('a' - 'A')];
  // The trie, with its edges kept sparse while it grows.
  struct State {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  // class -> state
    std::vector<std::uint32_t> out;
    std::uint32_t fail = 0;
  };
  std::vector<State> trie(1);
  std::size_t bytes = 0;
  for (const auto& n : needles) bytes += n.first.size();
  trie.reserve(bytes + 1);
  for (const auto& [needle, value] : needles) {
    std::uint32_t s = 0;
    for (unsigned char c : needle) {
      const std::uint32_t k = class_[c];
      auto& edges = trie[s].edges;
      auto it = std::find_if(edges.begin(), edges.end(), [&](const auto& e) { return e.first == k; });
      if (it != edges.end()) {
        s = it->second;
        continue;
      }
      const auto t = static_cast<std::uint32_t>(trie.size());
      edges.emplace_back(k, t);
      trie.emplace_back();
      s = t;
    }
    trie[s].out.push_back(value);
  }
  // Breadth first, so that a state's failure state (shallower) is complete before it: its row is
  // the failure state's row with its own edges written over, its outputs include the failure
  // state's. 0 doubles as "no edge" while rows are built, since no edge leads back to the root.
  next_.assign(trie.size() * classes_, 0);
  std::vector<std::uint32_t> queue{0};
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const std::uint32_t s = queue[q];
    State& state = trie[s];
    std::uint32_t* row = next_.data() + std::size_t{s} * classes_;
    if (s != 0) {
      const std::uint32_t* fail_row = next_.data() + std::size_t{state.fail} * classes_;
      std::copy(fail_row, fail_row + classes_, row);
      const auto& inherited = trie[state.fail].out;
      state.out.insert(state.out.end(), inherited.begin(), inherited.end());
    }
    for (const auto& [k, t] : state.edges) {
      trie[t].fail = s == 0 ? 0 : row[k];  // row[k] is still the failure state's transition
      queue.push_back(t);
    }
    for (const auto& [k, t] : state.edges) row[k] = t;
  }
  std::vector<std::uint32_t> target(trie.size());
  for (std::uint32_t t = 0; t < trie.size(); ++t) target[t] = t * classes_ | (trie[t].out.empty() ? 0 : kHasOutput);
  for (std::uint32_t& t : next_) t = target[t];
  out_begin_.assign(1, 0);
  values_.clear();
  for (const State& state : trie) {
    values_.insert(values_.end(), state.out.begin(), state.out.end());
    out_begin_.push_back(static_cast<std::uint32_t>(values_.size()));
  }
}

}  // namespace winnow
