#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace winnow::cli {

Progress::Progress(std::size_t total, bool enabled)
    : total_(total), enabled_(enabled), terminal_(isatty(STDERR_FILENO) != 0), start_(Clock::now()), last_draw_(start_) {}

void Progress::finished(bool ok) {
  ++done_;
  if (!ok) ++failed_;
  draw(false);
}

void Progress::clear_line() {
  if (enabled_ && terminal_ && drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

void Progress::draw(bool force) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  const double since_draw = std::chrono::duration<double>(now - last_draw_).count();
  if (!force && since_draw < (terminal_ ? 0.1 : 10.0)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done_ / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done_) / rate : 0;
  char line[200];
  if (total_ == 0) {  // a count not known in advance (the pages of a WARC file)
    std::snprintf(line, sizeof line, terminal_ ? "\r\033[K%zu done  %zu failed  %.1f pages/s"
                                              : "winnow: %zu done, %zu failed, %.1f pages/s\n",
                  done_, failed_, rate);
    std::fputs(line, stderr);
    if (terminal_) drawn_ = true;
    else printed_lines_ = true;
  } else if (terminal_) {
    const int width = 30;
    const int filled = total_ ? static_cast<int>(width * done_ / total_) : width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::snprintf(line, sizeof line, "\r\033[K[%s] %zu/%zu  %zu failed  %.1f pages/s  ETA %.0f s", bar.c_str(),
                  done_, total_, failed_, rate, eta);
    std::fputs(line, stderr);
    drawn_ = true;
  } else {
    std::snprintf(line, sizeof line, "winnow: %zu/%zu done, %zu failed, %.1f pages/s, ETA %.0f s\n", done_, total_,
                  failed_, rate, eta);
    std::fputs(line, stderr);
    printed_lines_ = true;
  }
  std::fflush(stderr);
}

void Progress::done() {
  if (!enabled_) return;
  if (terminal_) {
    draw(true);
    std::fputs("\n", stderr);
  } else if (printed_lines_) {
    draw(true);
  }
}

}  // namespace winnow::cli
