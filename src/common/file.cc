#include "common/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace winnow {

namespace {

// Reads `fd` to its end; refuses to grow past max_bytes so that /dev/zero cannot eat the memory.
Error read_fd(int fd, const std::string& name, std::size_t max_bytes, std::string* out) {
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) return Error{};
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EISDIR) return Error::make(ErrorCode::kIsDirectory, name + ": is a directory, not a file");
      return Error::make(ErrorCode::kUnreadable, name + ": cannot read: " + std::strerror(errno));
    }
    if (out->size() + static_cast<std::size_t>(n) > max_bytes)
      return Error::make(ErrorCode::kTooLarge, name + ": input is over the limit of " +
                                                   std::to_string(max_bytes >> 20) + " MiB (see --max-size)");
    out->append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Error read_file(const std::string& path, std::size_t max_bytes, std::string* out) {
  out->clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT || e == ENOTDIR) return Error::make(ErrorCode::kNotFound, path + ": no such file");
    return Error::make(ErrorCode::kUnreadable, path + ": cannot open: " + std::strerror(e));
  }
  struct stat st {};
  Error error;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    error = Error::make(ErrorCode::kIsDirectory, path + ": is a directory, not a file");
  } else if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes) {
    error = Error::make(ErrorCode::kTooLarge, path + ": file is " + std::to_string(st.st_size) +
                                                  " bytes, over the limit of " + std::to_string(max_bytes >> 20) +
                                                  " MiB (see --max-size)");
  } else {
    if (S_ISREG(st.st_mode)) out->reserve(static_cast<std::size_t>(st.st_size));
    error = read_fd(fd, path, max_bytes, out);
  }
  ::close(fd);
  if (!error.ok()) out->clear();
  return error;
}

Error read_stdin(std::size_t max_bytes, std::string* out) {
  out->clear();
  return read_fd(STDIN_FILENO, "<stdin>", max_bytes, out);
}

}  // namespace winnow
