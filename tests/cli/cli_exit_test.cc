// Nothing lost on the way out: Ctrl-C, SIGTERM and SIGHUP during -o DIR, resuming with --skip-existing,
// inputs of the same base name, a full disk and a file size limit. The waits here (for a file to
// appear) are guards that turn a hang into a failure; no test asserts how fast anything is.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "../fetch/test_server.h"
#include "../load/warc_writer.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A winnow started in the background, its standard input a pipe the test holds (or /dev/null).
struct Child {
  pid_t pid = -1;
  int to_stdin = -1;  // -1: stdin is /dev/null
  std::string err_path;

  // Waits for the exit; returns the status as a shell reports it (128 + signal when killed). The
  // pipe is closed only after: an end of input before the signal is handled would let winnow
  // finish normally.
  int wait() {
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (to_stdin >= 0) ::close(to_stdin);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
};

Child start_winnow(const std::vector<std::string>& args, bool stdin_pipe, long fsize_limit = -1) {
  Child c;
  c.err_path = temp_dir() + "/stderr";
  int in[2] = {-1, -1};
  if (stdin_pipe) REQUIRE(::pipe(in) == 0);
  std::vector<std::string> argv_s = {winnow_exe()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  c.pid = ::fork();
  if (c.pid == 0) {
    if (stdin_pipe) {
      ::dup2(in[0], 0);
      ::close(in[0]);
      ::close(in[1]);
    } else {
      const int null = ::open("/dev/null", O_RDONLY);
      ::dup2(null, 0);
    }
    const int err = ::open(c.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(err, 2);
    const int out = ::open("/dev/null", O_WRONLY);
    ::dup2(out, 1);
    if (fsize_limit >= 0) {
      const rlimit limit{static_cast<rlim_t>(fsize_limit), static_cast<rlim_t>(fsize_limit)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (stdin_pipe) {
    ::close(in[0]);
    c.to_stdin = in[1];
  }
  return c;
}

// Waits (at most a minute: a guard) until `done()` holds.
template <typename F>
bool wait_until(F done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool has_temporary(const std::string& dir) {
  for (const std::string& name : names_in(dir))
    if (contains(name, ".tmp") || name.front() == '.') return true;
  return false;
}

std::string page_with(const std::string& words) {
  return "<html><head><title>" + words + "</title></head><body><article><p>" + words +
         " and enough other words to make this the article paragraph of the page.</p></article></body></html>";
}

}  // namespace

TEST_CASE("SIGINT or SIGTERM during -o DIR: finished outputs whole, none half-written, and --skip-existing resumes") {
  REQUIRE(Server::get().ok());
  for (const int sig : {SIGINT, SIGTERM}) {
  CAPTURE(sig);
  const std::string dir = temp_dir();
  write_whole(dir + "/a.html", page_with("Alpha"));
  write_whole(dir + "/b.html", page_with("Bravo"));
  const std::string key = std::to_string(::getpid()) + "-" + std::to_string(sig);
  const std::string hangs = Server::get().url("/hang-once/exit-" + key);
  const std::string quick = Server::get().url("/batch/exit-" + key, 1);
  const std::string out = dir + "/out";
  const std::vector<std::string> args = {"-q", "--timeout", "120", "-o", out, dir + "/a.html", hangs,
                                         dir + "/b.html", quick};
  Child first = start_winnow(args, false);
  // Three outputs are written; the fourth URL never answers.
  REQUIRE(wait_until([&] { return fs::is_directory(out) && names_in(out).size() == 3; }));
  ::kill(first.pid, sig);
  CHECK(first.wait() == 128 + sig);
  CHECK_FALSE(has_temporary(out));
  const std::vector<std::string> names = names_in(out);
  REQUIRE(names.size() == 3);
  const std::string quick_name = names[0];  // "127.0.0.2_<port>_batch_exit-<key>.txt" sorts first
  CHECK(contains(quick_name, "batch_exit-" + key));
  CHECK(read_whole(out + "/a.txt") == "Alpha\n\nAlpha and enough other words to make this the article paragraph of the page.\n");
  CHECK(contains(read_whole(out + "/b.txt"), "Bravo and enough other words"));
  CHECK(contains(read_whole(out + "/" + quick_name), "Batch exit-" + key));

  // The same command again with --skip-existing: only the missing output is made. (a.txt is
  // marked so that rewriting it would show.)
  write_whole(out + "/a.txt", "kept\n");
  std::vector<std::string> again = args;
  again.insert(again.begin(), "--skip-existing");
  const RunResult second = run_winnow(again);
  CHECK(second.exit_code == 0);
  CHECK(second.err == "");
  CHECK(read_whole(out + "/a.txt") == "kept\n");
  const std::vector<std::string> after = names_in(out);
  REQUIRE(after.size() == 4);
  std::string resumed;
  for (const std::string& n : after)
    if (contains(n, "hang-once")) resumed = n;
  REQUIRE(!resumed.empty());
  CHECK(contains(read_whole(out + "/" + resumed), "Once exit-" + key));
  // The finished URL was not fetched again.
  const RunResult stats = run_winnow({"-f", "json", Server::get().url("/stats")});
  CHECK(contains(stats.out, "\\\"/batch/exit-" + key + "\\\": 1"));
  }
}

TEST_CASE("SIGINT, SIGTERM or SIGHUP while a WARC file's output is being written: no temporary file is left") {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    CAPTURE(sig);
    const std::string dir = temp_dir();
    const std::string out = dir + "/out";
    Child c = start_winnow({"-q", "--input-format", "warc", "-o", out, "-"}, true);
    // Half a crawl, then the pipe stays open: winnow is inside its output, in a temporary file.
    const std::string records = "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n";
    REQUIRE(::write(c.to_stdin, records.data(), records.size()) == static_cast<ssize_t>(records.size()));
    REQUIRE(wait_until([&] { return fs::is_directory(out) && has_temporary(out); }));
    ::kill(c.pid, sig);
    // The command dies of the signal itself (130, 143, 129 to a shell), after removing the file.
    CHECK(c.wait() == 128 + sig);
    CHECK(names_in(out).empty());
  }
}

TEST_CASE("inputs of the same base name from different folders never overwrite each other") {
  const std::string dir = temp_dir();
  for (const char* sub : {"x", "y", "z"}) {
    fs::create_directories(dir + "/" + sub);
    write_whole(dir + "/" + sub + "/story.html", page_with(std::string("From ") + sub));
  }
  const std::string out = dir + "/out";
  const std::vector<std::string> args = {"-q", "-o", out, dir + "/x/story.html", dir + "/y/story.html", dir + "/z/story.htm"};
  write_whole(dir + "/z/story.htm", page_with("From z"));
  RunResult r = run_winnow(args);
  CHECK(r.exit_code == 0);
  CHECK(names_in(out) == std::vector<std::string>{"story-2.txt", "story-3.txt", "story.txt"});
  CHECK(contains(read_whole(out + "/story.txt"), "From x"));
  CHECK(contains(read_whole(out + "/story-2.txt"), "From y"));
  CHECK(contains(read_whole(out + "/story-3.txt"), "From z"));
  // The names follow the input order, not the finishing order: a second run names them the same.
  r = run_winnow({"-q", "--jobs", "3", "-o", out, dir + "/x/story.html", dir + "/y/story.html", dir + "/z/story.htm"});
  CHECK(r.exit_code == 0);
  CHECK(names_in(out).size() == 3);
  CHECK(contains(read_whole(out + "/story-2.txt"), "From y"));
}

TEST_CASE("a write that fails (a file size limit) is reported for its input; the others are written") {
  const std::string dir = temp_dir();
  std::string words;
  for (int i = 0; i < 3000; ++i) words += "lengthy words ";
  write_whole(dir + "/big.html", page_with(words));
  write_whole(dir + "/small.html", page_with("Small"));
  const std::string out = dir + "/out";
  fs::create_directories(out);
  // 16 KiB per file: enough for stderr and the small output, not for the big one (~42 KB).
  Child c = start_winnow({"-q", "-o", out, dir + "/big.html", dir + "/small.html"}, false, 16384);
  CHECK(c.wait() == 1);
  const std::string err = read_whole(c.err_path);
  CHECK(err == "winnow: " + out + "/big.txt: cannot write: File too large (cleaning " + dir + "/big.html)\n");
  CHECK(names_in(out) == std::vector<std::string>{"small.txt"});
  CHECK(contains(read_whole(out + "/small.txt"), "Small and enough"));
}

TEST_CASE("a WARC file's output that fails to write (a file size limit) is reported for it; the other inputs are written") {
  const std::string dir = temp_dir();
  std::string crawl;
  for (int i = 0; i < 200; ++i)
    crawl += warc_test::page_record("p" + std::to_string(i), "https://news.example.com/" + std::to_string(i),
                                    "Story " + std::to_string(i));
  write_whole(dir + "/crawl.warc", crawl);
  write_whole(dir + "/small.html", page_with("Small"));
  const std::string out = dir + "/out";
  fs::create_directories(out);
  // 16 KiB per file: enough for the small page's output, not for 200 JSON lines (~100 KB).
  Child c = start_winnow({"-q", "-o", out, dir + "/crawl.warc", dir + "/small.html"}, false, 16384);
  CHECK(c.wait() == 1);
  const std::string err = read_whole(c.err_path);
  CHECK(contains(err, "winnow: " + out + "/crawl.jsonl: cannot write: File too large (cleaning " + dir + "/crawl.warc)\n"));
  // Nothing half-written under the output's name, no temporary file; the page after it is written.
  CHECK(names_in(out) == std::vector<std::string>{"small.txt"});
  CHECK(contains(read_whole(out + "/small.txt"), "Small and enough"));
}

// Runs winnow with `args` (quoted for sh) and standard output on /dev/full; returns the exit status
// and fills *err with what it said on standard error.
int run_to_full_disk(const std::vector<std::string>& args, std::string* err) {
  const std::string err_path = temp_dir() + "/stderr";
  // Through sh only to point standard output at /dev/full.
  std::string command = "'" + winnow_exe() + "'";
  for (const std::string& a : args) command += " '" + a + "'";
  command += " > /dev/full 2> '" + err_path + "'";
  const int status = std::system(command.c_str());
  *err = read_whole(err_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("a full disk behind standard output is an error, exit 1, in every mode") {
  const std::string dir = temp_dir();
  write_whole(dir + "/page.html", page_with("Full"));
  write_whole(dir + "/other.html", page_with("Other"));
  write_whole(dir + "/crawl.warc", warc_test::page_record("p1", "https://news.example.com/1", "Story one") +
                                       warc_test::page_record("p2", "https://news.example.com/2", "Story two"));
  const std::string full = "winnow: standard output: cannot write: No space left on device\n";
  std::string err;
  SUBCASE("one file") {
    CHECK(run_to_full_disk({dir + "/page.html"}, &err) == 1);
    CHECK(err == full);
  }
  SUBCASE("a batch of files") {
    CHECK(run_to_full_disk({"-q", dir + "/page.html", dir + "/other.html"}, &err) == 1);
    CHECK(err == full);
  }
  SUBCASE("a WARC file") {
    CHECK(run_to_full_disk({"-q", dir + "/crawl.warc"}, &err) == 1);
    CHECK(err == full);
  }
  SUBCASE("a URL") {
    REQUIRE(Server::get().ok());
    CHECK(run_to_full_disk({"-q", Server::get().url("/batch/full-" + std::to_string(::getpid()))}, &err) == 1);
    CHECK(err == full);
  }
  // The rules commands claim no success they could not write.
  SUBCASE("rules check") {
    CHECK(run_to_full_disk({"rules", "check"}, &err) == 1);
    CHECK(err == full);
  }
  SUBCASE("rules test") {
    const char* source = std::getenv("WINNOW_SOURCE");
    REQUIRE(source != nullptr);
    CHECK(run_to_full_disk({"rules", "test", std::string(source) + "/rules"}, &err) == 1);
    CHECK(err == full);
  }
}

TEST_CASE("usage errors around the output and the charset: exit 2, nothing cleaned") {
  const std::string dir = temp_dir();
  write_whole(dir + "/page.html", page_with("Usage"));
  write_whole(dir + "/afile", "");
  RunResult r = run_winnow({"-o", dir + "/afile", dir + "/page.html"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "winnow: " + dir + "/afile: cannot create output directory: Not a directory\n");
  r = run_winnow({"--skip-existing", dir + "/page.html"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "winnow: --skip-existing goes with -o DIR: it skips the inputs whose output file is there\n");
  r = run_winnow({"--charset", "klingon", dir + "/page.html"});
  CHECK(r.exit_code == 2);
  CHECK(r.out == "");
  CHECK(r.err == "winnow: --charset: unknown charset 'klingon' (a WHATWG Encoding label: utf-8, windows-1252, shift_jis...)\n");
  CHECK(run_winnow({"--charset", "Latin1", dir + "/page.html"}).exit_code == 0);
}
