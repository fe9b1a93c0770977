#include "common/temp_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

namespace winnow {

namespace {

// The list, and whether the process is going down. Creating a file and listing it happen under
// the one lock, so remove_temp_files never misses a file that exists.
std::mutex& list_mutex() {
  static std::mutex* m = new std::mutex;  // never destroyed: a signal may come during exit
  return *m;
}
std::set<std::string>& listed() {
  static auto* s = new std::set<std::string>;
  return *s;
}
bool dying = false;

Error write_error(const std::string& name, int e) {
  return Error::make(ErrorCode::kUnwritable, name + ": cannot write: " + std::strerror(e));
}

}  // namespace

Error create_temp_file(const std::string& dir, const std::string& name_for_errors, std::string* tmp, int* fd) {
  std::string name = dir + "/.winnow-XXXXXX.tmp";
  const std::lock_guard<std::mutex> lock(list_mutex());
  if (dying) return Error::make(ErrorCode::kUnwritable, name_for_errors + ": cannot write: interrupted");
  *fd = ::mkstemps(name.data(), 4);
  if (*fd < 0) return write_error(name_for_errors, errno);
  ::fchmod(*fd, 0644);
  listed().insert(name);
  *tmp = std::move(name);
  return Error{};
}

Error write_temp_file(const std::string& dir, std::string_view bytes, const std::string& name_for_errors,
                      std::string* tmp) {
  std::string name;
  int fd = -1;
  if (Error e = create_temp_file(dir, name_for_errors, &name, &fd); !e.ok()) return e;
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  int e = 0;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      e = n < 0 ? errno : EIO;
      break;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 && e == 0) e = errno;
  if (e != 0) {
    temp_file_done(name);
    return write_error(name_for_errors, e);
  }
  *tmp = std::move(name);
  return Error{};
}

Error rename_temp_file(const std::string& tmp, const std::string& path, const std::string& name_for_errors) {
  // Under the lock: once renamed, the temporary name is free for another file, which must not be
  // mistaken for this one.
  const std::lock_guard<std::mutex> lock(list_mutex());
  listed().erase(tmp);
  if (::rename(tmp.c_str(), path.c_str()) == 0) return Error{};
  const int e = errno;
  ::unlink(tmp.c_str());
  return write_error(name_for_errors, e);
}

void temp_file_done(const std::string& tmp) {
  const std::lock_guard<std::mutex> lock(list_mutex());
  ::unlink(tmp.c_str());
  listed().erase(tmp);
}

void remove_temp_files() {
  list_mutex().lock();  // kept: the process is about to end
  dying = true;
  for (const std::string& name : listed()) ::unlink(name.c_str());
  listed().clear();
}

}  // namespace winnow
