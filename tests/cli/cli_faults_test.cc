// Faults on the network, end to end: `winnow -o DIR BAD GOOD` against the loopback test server
// (tests/fetch/http_server.py). Each bad URL must end with one line on stderr naming it and the
// cause, exit status 1, no output file for it (and no temporary file), while the good URL of the
// same run is still cleaned and written. The time limits here (--timeout) are guards that make a
// hang fail the test; no test asserts how fast anything is.
#include <doctest/doctest.h>

#include <curl/curl.h>

#include <filesystem>
#include <map>
#include <set>

#include "../fetch/test_server.h"
#include "run.h"

namespace fs = std::filesystem;

namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The files under `dir`, by name.
std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

int unique_id() {
  static int n = 0;
  return ++n;
}

// Runs `winnow -q -o DIR ARGS... bad good` and checks the outcome described above. The error line
// is "winnow: <bad>: <prefix>...<suffix>" (suffix empty: the whole cause is `prefix`).
void check_fault(const std::string& bad, std::vector<std::string> args, const std::string& prefix,
                 const std::string& suffix = "") {
  const std::string tag = "good-" + std::to_string(unique_id());
  const std::string good = Server::get().url("/batch/" + tag, 1);
  const std::string out = temp_dir() + "/out";
  args.insert(args.end(), {"-q", "-o", out, bad, good});
  const RunResult r = run_winnow(args);
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  CHECK(count_lines(r.err) == 1);
  const std::string line = r.err.substr(0, r.err.find('\n'));
  if (suffix.empty()) {
    CHECK(line == "winnow: " + bad + ": " + prefix);
  } else {
    CHECK(starts_with(line, "winnow: " + bad + ": " + prefix));
    CHECK(ends_with(line, suffix));
  }
  // Only the good URL's file: nothing for the bad one, no temporary file.
  const std::vector<std::string> files = files_in(out);
  REQUIRE(files.size() == 1);
  CHECK(ends_with(files[0], "_batch_" + tag + ".txt"));
  CHECK(read_whole(out + "/" + files[0]).find("Batch " + tag) != std::string::npos);
}

// The server's /stats text, as `winnow -f json` gives it (which escapes the JSON's quotes).
std::string server_stats() { return run_winnow({"-f", "json", Server::get().url("/stats")}).out; }

// The number `stats` reports under `key` ("sent" or "requests") for `path`; -1 if it has none.
long long stat_in(const std::string& stats, const std::string& key, const std::string& path) {
  const std::string section = "\\\"" + key + "\\\": {";
  const std::size_t at = stats.find(section);
  if (at == std::string::npos) return -1;
  const std::size_t end = stats.find('}', at);
  const std::string field = "\\\"" + path + "\\\": ";
  const std::size_t f = stats.find(field, at);
  if (f == std::string::npos || f > end) return -1;
  return std::stoll(stats.substr(f + field.size()));
}

// The number the server's /stats reports under `key` for `path`.
long long server_stat(const std::string& key, const std::string& path) {
  return stat_in(server_stats(), key, path);
}

}  // namespace

TEST_CASE("a server that accepts and never answers: --timeout") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/hang"), {"--timeout", "1"}, "timed out after ", "(timeout 1.0 s)");
}

TEST_CASE("a server that sends the headers and then stalls: --timeout") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/headers-stall"), {"--timeout", "1"}, "timed out after ", "(timeout 1.0 s)");
}

TEST_CASE("a body larger than --max-size is stopped while it downloads") {
  REQUIRE(Server::get().ok());
  // The body never ends: only stopping during the download ends this run (--timeout is the guard).
  const std::string path = "/endless?k=" + std::to_string(unique_id());
  check_fault(Server::get().url(path), {"--max-size", "1", "--timeout", "60"}, "body over the limit of 1048576 bytes");
  // The server sent 1 MiB and what the socket buffers held, not the 1 GiB it would have.
  const long long sent = server_stat("sent", path);
  CHECK(sent >= (1 << 20));
  CHECK(sent < (64 << 20));
}

TEST_CASE("a body announced larger than --max-size is refused before it downloads") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/big/3000000"), {"--max-size", "1"}, "body over the limit of 1048576 bytes");
}

TEST_CASE("a gzip bomb: the decompressed size is capped by --max-size") {
  REQUIRE(Server::get().ok());
  // 100 MiB of page in about 100 KiB of gzip.
  check_fault(Server::get().url("/gzip-bomb/100"), {"--max-size", "1"}, "body over the limit of 1048576 bytes");
}

TEST_CASE("a brotli bomb: the decompressed size is capped by --max-size") {
  REQUIRE(Server::get().ok());
  if ((curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_BROTLI) == 0) {
    MESSAGE("skipped: this libcurl cannot decode brotli, so winnow never asks for it");
    return;
  }
  // 1 GiB of page in 864 bytes.
  check_fault(Server::get().url("/brotli-bomb"), {"--max-size", "1"}, "body over the limit of 1048576 bytes");
}

TEST_CASE("a redirect loop") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/loop"), {}, "too many redirects (more than 10)");
}

TEST_CASE("a redirect to a scheme that is not http") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/to-file"), {}, "redirected to a URL that is not http or https: file:///etc/passwd");
}

TEST_CASE("a connection reset in the middle of the body") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/reset"), {}, "connection closed in the middle of the body (",
              "Connection reset by peer)");
}

TEST_CASE("a Content-Length longer than the body") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/truncated"), {},
              "connection closed in the middle of the body (transfer closed with 9900 bytes remaining to read)");
}

TEST_CASE("a 200 with an image content type") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/image"), {}, "not an HTML page (content type image/png)");
}

TEST_CASE("bytes that are not UTF-8 in a content type: the error line is UTF-8") {
  REQUIRE(Server::get().ok());
  check_fault(Server::get().url("/bad-utf8-type"), {}, "not an HTML page (content type image/\xEF\xBF\xBD\xEF\xBF\xBD)");
}

TEST_CASE("bytes that are not UTF-8 in headers and in the charset: the page is still cleaned") {
  REQUIRE(Server::get().ok());
  const RunResult r = run_winnow({Server::get().url("/bad-utf8-headers")});
  CHECK(r.exit_code == 0);
  CHECK(r.err == "");
  CHECK(r.out.find("The article text of the fixture page") != std::string::npos);
}

TEST_CASE("a server that answers 429 forever: --retries, then the status") {
  REQUIRE(Server::get().ok());
  const std::string path = "/429-forever?k=" + std::to_string(unique_id());
  check_fault(Server::get().url(path), {"--retries", "2"}, "HTTP 429 Too Many Requests (after 3 attempts)");
  CHECK(server_stat("requests", path) == 3);
}

TEST_CASE("2,000 URLs over 4 hosts, a quarter failing: each accounted for once, exit 1") {
  REQUIRE(Server::get().ok());
  // Each failing endpoint with the cause its line must give (docs/errors.md, "Network"): the whole
  // cause, or a prefix and a suffix around the part that varies.
  struct Fault {
    std::string path, prefix, suffix;
  };
  const std::string kOverLimit = "body over the limit of 1048576 bytes";
  // The stalls each hold a transfer for the whole --timeout: a few, at the head of the list, so that
  // they wait beside the rest of the batch instead of after it.
  const std::vector<Fault> stalls = {{"/hang", "timed out after ", "(timeout 2.0 s)"},
                                     {"/headers-stall", "timed out after ", "(timeout 2.0 s)"}};
  const int kStalls = 8;
  std::vector<Fault> faults = {
      {"/status/404", "HTTP 404 Not Found", ""},
      {"/status/500", "HTTP 500 Internal Server Error", ""},
      {"/truncated", "connection closed in the middle of the body (transfer closed with 9900 bytes remaining to read)", ""},
      {"/reset", "connection closed in the middle of the body (", "Connection reset by peer)"},
      {"/image", "not an HTML page (content type image/png)", ""},
      {"/loop", "too many redirects (more than 10)", ""},
      {"/to-file", "redirected to a URL that is not http or https: file:///etc/passwd", ""},
      {"/bad-utf8-type", "not an HTML page (content type image/\xEF\xBF\xBD\xEF\xBF\xBD)", ""},
      {"/429-forever", "HTTP 429 Too Many Requests (after 2 attempts)", ""},
      {"/endless", kOverLimit, ""},
      {"/big/3000000", kOverLimit, ""},
      {"/gzip-bomb/100", kOverLimit, ""},
  };
  if ((curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_BROTLI) != 0) {
    faults.push_back({"/brotli-bomb", kOverLimit, ""});
  } else {
    MESSAGE("no brotli bomb in the batch: this libcurl cannot decode brotli, so winnow never asks for it");
  }
  const std::string dir = temp_dir();
  std::string list;
  std::set<std::string> good;
  std::map<std::string, const Fault*> bad;  // URL -> its fault
  std::vector<std::string> endless;         // the /endless paths, for the bytes the server sent
  for (int i = 0; i < 2000; ++i) {
    // Every fourth URL fails; the hosts take turns, so that each host has its share of each.
    const int host = (i + i / 4) % 4;
    std::string url;
    if (i % 4 == 3) {
      const int b = i / 4;
      const Fault& f = b < kStalls ? stalls[b % stalls.size()] : faults[(b - kStalls) % faults.size()];
      const std::string path = f.path + "?k=batch-" + std::to_string(i);
      if (f.path == "/endless") endless.push_back(path);
      url = Server::get().url(path, host);
      bad[url] = &f;
    } else {
      url = Server::get().url("/batch/many-" + std::to_string(i), host);
      good.insert("Batch many-" + std::to_string(i));
    }
    list += url + "\n";
  }
  write_whole(dir + "/urls.txt", list);
  const std::string out = dir + "/out";
  const RunResult r = run_winnow({"-q", "--fetch-jobs", "32", "--per-host", "8", "--retries", "1", "--timeout", "2",
                                  "--max-size", "1", "-i", dir + "/urls.txt", "-o", out});
  CHECK(r.exit_code == 1);
  // Each failure: one line naming its URL and its cause, each failing URL exactly once.
  std::map<std::string, int> failed;
  for (const std::string& line : lines_of(r.err)) {
    REQUIRE_MESSAGE(starts_with(line, "winnow: "), line);
    const std::size_t colon = line.find(": ", 8);
    REQUIRE_MESSAGE(colon != std::string::npos, line);
    const std::string url = line.substr(8, colon - 8);
    failed[url]++;
    const auto it = bad.find(url);
    if (it == bad.end()) continue;  // counted below
    const Fault& f = *it->second;
    const std::string cause = line.substr(colon + 2);
    if (f.suffix.empty()) {
      CHECK_MESSAGE(cause == f.prefix, line);
    } else {
      CHECK_MESSAGE(starts_with(cause, f.prefix), line);
      CHECK_MESSAGE(ends_with(cause, f.suffix), line);
    }
  }
  CHECK(count_lines(r.err) == static_cast<int>(bad.size()));
  CHECK(failed.size() == bad.size());
  for (const auto& entry : failed) {
    CHECK_MESSAGE(bad.count(entry.first) == 1, entry.first);
    CHECK_MESSAGE(entry.second == 1, entry.first);
  }
  // Each success: one whole file, each good page exactly once, nothing else in the directory (no
  // temporary file, no part of a failed page).
  std::map<std::string, int> written;
  for (const std::string& name : files_in(out)) {
    CHECK_MESSAGE(name.find(".tmp") == std::string::npos, name);
    REQUIRE_MESSAGE(ends_with(name, ".txt"), name);
    const std::string text = read_whole(out + "/" + name);
    const std::size_t at = text.find("Batch many-");
    REQUIRE_MESSAGE(at != std::string::npos, name);
    written[text.substr(at, text.find_first_of("\n ", at + 6) - at)]++;
  }
  CHECK(written.size() == good.size());
  for (const auto& entry : written) {
    CHECK_MESSAGE(good.count(entry.first) == 1, entry.first);
    CHECK_MESSAGE(entry.second == 1, entry.first);
  }
  CHECK(failed.size() + written.size() == 2000);
  // The endless bodies were stopped while they downloaded: the server sent each 1 MiB and what the
  // socket buffers held, not the 1 GiB it would have.
  const std::string stats = server_stats();
  REQUIRE(!endless.empty());
  for (const std::string& path : endless) {
    const long long sent = stat_in(stats, "sent", path);
    CHECK_MESSAGE(sent >= (1 << 20), path);
    CHECK_MESSAGE(sent < (64 << 20), path);
  }
}
