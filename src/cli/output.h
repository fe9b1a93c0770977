// Where results go: standard output, or one file per input under -o DIR.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "winnow/winnow.h"

namespace winnow::cli {

// The file extension for a format, with the dot (".txt", ".md", ".json", ".html").
const char* extension_for(Format format);

// A file name (without extension) for an input: a path's base name without .html/.htm, "stdin" for
// "-", host and path for a URL. Only [A-Za-z0-9._-] survive; never empty; at most 100 bytes.
std::string output_stem(std::string_view input);

// Chooses DIR/<stem><ext>, or DIR/<stem>-2<ext>, -3... so that no two inputs of one run share a
// file. `taken` remembers the names already handed out.
std::string unique_output_path(const std::string& dir, const std::string& stem, const char* ext,
                               std::set<std::string>* taken);

// Writes `data` to `path` atomically: a temporary file in the same directory (common/temp_file.h),
// then rename, so a crash, a full disk or Ctrl-C never leaves a half-written output. Errors:
// kUnwritable, "PATH: cannot write: <cause>".
Error write_file_atomically(const std::string& path, std::string_view data);

}  // namespace winnow::cli
