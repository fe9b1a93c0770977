// Runs the winnow binary the way a user would, for end-to-end tests.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_whole(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline void write_whole(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary);
  f << data;
}

// A fresh temporary directory for one test.
inline std::string temp_dir() {
  char tmpl[] = "/tmp/winnow-test-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  return dir ? dir : "/tmp";
}

// The binary under test, from the WINNOW_EXE variable that tests/cli/meson.build sets.
inline std::string winnow_exe() {
  const char* exe = std::getenv("WINNOW_EXE");
  return exe ? exe : "winnow";
}

// Runs winnow with `args`, feeding `input` on standard input (or /dev/null when input_path is set
// to it), and captures both output streams. Never uses a shell, so paths need no quoting.
inline RunResult run_winnow(const std::vector<std::string>& args, const std::string& input = "",
                            const std::vector<std::string>& env_extra = {}) {
  const std::string dir = temp_dir();
  const std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  write_whole(in, input);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_s = {winnow_exe()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("WINNOW_RULES=", 0) != 0) env_s.emplace_back(*e);
  env_s.insert(env_s.end(), env_extra.begin(), env_extra.end());
  std::vector<char*> envp;
  for (std::string& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  RunResult r;
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  r.out = read_whole(out);
  r.err = read_whole(err);
  return r;
}

inline int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
