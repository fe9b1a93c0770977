// Ctrl-C (SIGINT), SIGTERM and SIGHUP: the command dies of the signal as usual (status 130, 143,
// 129 to the shell), but first removes the temporary files of the outputs being written
// (common/temp_file.h). Outputs already in place are whole (each was renamed into place once
// complete); a later run with --skip-existing does only what is missing. SIGXFSZ is ignored: a
// write over the file size limit fails, and is reported, like one on a full disk.
#pragma once

namespace winnow::cli {

// Blocks the three signals in the calling thread (and so in every thread it starts from then on)
// and starts the thread that waits for them. Call once, from main(), before starting any thread.
void handle_interrupts();

}  // namespace winnow::cli
