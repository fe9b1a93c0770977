// The loopback test HTTP server (tests/fetch/http_server.py), started once per test binary and
// stopped when the binary exits. Used by the fetch tests and the CLI's fetch tests.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kHosts[] = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"};

// The test server: started once for the whole binary, stopped when its stdin pipe closes at exit.
class Server {
 public:
  static Server& get() {
    static Server server;
    return server;
  }

  bool ok() const { return !ports_.empty(); }
  std::string base(int host = 0) const {
    return std::string("http://") + kHosts[host] + ":" + std::to_string(ports_.at(kHosts[host]));
  }
  std::string url(const std::string& path, int host = 0) const { return base(host) + path; }
  int port(int host) const { return ports_.at(kHosts[host]); }

  ~Server() {
    if (to_server_ >= 0) ::close(to_server_);  // the server exits on EOF
    if (pid_ > 0) {
      for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

 private:
  Server() {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      std::vector<const char*> argv = {WINNOW_PYTHON3, WINNOW_HTTP_SERVER};
      for (const char* h : kHosts) argv.push_back(h);
      argv.push_back(nullptr);
      ::execv(WINNOW_PYTHON3, const_cast<char* const*>(argv.data()));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_server_ = in[1];
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    // {"ports": {"127.0.0.1": 40001, ...}}
    for (const char* h : kHosts) {
      const std::string key = std::string("\"") + h + "\": ";
      const std::size_t at = line.find(key);
      if (at == std::string::npos) {
        ports_.clear();
        return;
      }
      ports_[h] = std::stoi(line.substr(at + key.size()));
    }
  }

  pid_t pid_ = -1;
  int to_server_ = -1;
  std::map<std::string, int> ports_;
};

}  // namespace
