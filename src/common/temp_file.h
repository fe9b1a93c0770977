// Temporary files that become outputs by rename (or link): written whole first, so that a crash, a
// full disk or Ctrl-C never leaves a half-written output under its real name. The process keeps a
// list of the temporary files being written, so that the command's signal handling
// (cli/interrupt.h) can remove them before the process dies.
#pragma once

#include <string>
#include <string_view>

#include "winnow/winnow.h"

namespace winnow {

// Creates a new empty file DIR/.winnow-XXXXXX.tmp (mode 0644) open for writing, listed as in
// progress; sets *tmp to its path and *fd to the descriptor (the caller closes it). For an output
// written as it goes (a WARC file's JSON lines). Errors as write_temp_file's.
Error create_temp_file(const std::string& dir, const std::string& name_for_errors, std::string* tmp, int* fd);

// Writes `bytes` to a new file DIR/.winnow-XXXXXX.tmp (mode 0644), listed as in progress; sets
// *tmp to its path. The caller then puts it into place with rename_temp_file, or links it
// somewhere and calls temp_file_done(*tmp).
// Errors (kUnwritable, naming `name_for_errors` and the cause, e.g. "No space left on device"):
// the temporary file is removed and not listed. Fails with "interrupted" once remove_temp_files
// has run. Cost: one file write.
Error write_temp_file(const std::string& dir, std::string_view bytes, const std::string& name_for_errors,
                      std::string* tmp);

// Renames `tmp` to `path` (replacing it) and takes it off the list. On failure (kUnwritable naming
// `name_for_errors`) `tmp` is removed.
Error rename_temp_file(const std::string& tmp, const std::string& path, const std::string& name_for_errors);

// Unlinks `tmp` and takes it off the list.
void temp_file_done(const std::string& tmp);

// Unlinks every listed temporary file and refuses new ones from then on: for a process about to
// die of a signal. Thread-safe; returns with the list locked, so no writer can start another file
// before the process ends. Call it at most once.
void remove_temp_files();

}  // namespace winnow
