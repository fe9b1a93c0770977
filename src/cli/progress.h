// Progress of a batch on standard error: a live bar when stderr is a terminal, a plain line every
// ten seconds when it is not, nothing with --quiet or a single input.
#pragma once

#include <chrono>
#include <cstddef>

namespace winnow::cli {

class Progress {
 public:
  // `total` 0: not known in advance (shows the count and the rate only).
  Progress(std::size_t total, bool enabled);
  // One more input done (ok or failed); redraws at most ten times a second.
  void finished(bool ok);
  // Erases the live bar so that a message can be printed on a clean line (the next finished()
  // draws it again).
  void clear_line();
  // Prints the final state (terminal) or a summary line (batches that printed progress lines).
  void done();

 private:
  void draw(bool force);

  using Clock = std::chrono::steady_clock;
  const std::size_t total_;
  const bool enabled_;
  const bool terminal_;
  std::size_t done_ = 0, failed_ = 0;
  Clock::time_point start_, last_draw_;
  bool drawn_ = false;
  bool printed_lines_ = false;
};

}  // namespace winnow::cli
