#include "cli/interrupt.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

#include "common/temp_file.h"

namespace winnow::cli {

void handle_interrupts() {
  static sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A file size limit (ulimit -f) makes a write fail with EFBIG, reported for its input, instead
  // of killing the whole batch.
  signal(SIGXFSZ, SIG_IGN);
  // sigwait in an ordinary thread, not a handler: removing the files may take locks and allocate.
  std::thread([] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return;
    remove_temp_files();
    // Die of the signal itself, so that the parent sees how the command ended.
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    raise(sig);
  }).detach();
}

}  // namespace winnow::cli
