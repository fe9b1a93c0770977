// Reading an input's bytes from a path or standard input.
#pragma once

#include <string>
#include <string_view>

#include "winnow/winnow.h"

namespace winnow {

// Reads the whole file at `path` into *out. Errors (one line, naming the path): kNotFound,
// kIsDirectory, kUnreadable (permissions, I/O), kTooLarge when the file is over `max_bytes` (checked
// before reading, and while reading for pipes and special files). Cost: one read of the file.
Error read_file(const std::string& path, std::size_t max_bytes, std::string* out);

// Reads standard input to its end into *out; kTooLarge past `max_bytes`, kUnreadable on I/O error.
Error read_stdin(std::size_t max_bytes, std::string* out);

}  // namespace winnow
