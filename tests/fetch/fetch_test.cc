// Fetch tests against tests/fetch/http_server.py, started here on loopback addresses only.
#include "fetch/fetch.h"
#include "test_server.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

using winnow::ErrorCode;
using winnow::fetch::FetchOptions;
using winnow::fetch::FetchResult;

namespace {

FetchOptions quick() {
  FetchOptions o;
  o.connect_timeout_ms = 2000;
  o.timeout_ms = 5000;
  o.retry_backoff_ms = 100;
  return o;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The server's /stats: JSON, served as text/html so that fetch accepts it.
std::string stats() {
  const FetchResult r = winnow::fetch::fetch_one(Server::get().url("/stats"), quick());
  REQUIRE(r.error.ok());
  return r.body;
}

}  // namespace

TEST_CASE("the test server runs") {
  REQUIRE_MESSAGE(Server::get().ok(), "tests/fetch/http_server.py did not start");
}

TEST_CASE("a page served as text/html is fetched with its headers") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/page"), quick());
  CHECK(r.error.ok());
  CHECK(r.error.message.empty());
  CHECK(r.status == 200);
  CHECK(r.url == s.url("/page"));
  CHECK(r.final_url == s.url("/page"));
  CHECK(r.content_type == "text/html");
  CHECK(r.charset == "utf-8");
  CHECK_FALSE(r.date.empty());
  CHECK(contains(r.body, "<title>Fixture page</title>"));
  CHECK(r.attempts == 1);
}

TEST_CASE("requests carry the User-Agent, extra headers, cookies and Accept-Encoding") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  char dir[] = "/tmp/winnow-fetch-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  const std::string cookies = std::string(dir) + "/cookies.txt";
  {
    std::ofstream f(cookies);
    f << "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc123\n";
  }
  FetchOptions o = quick();
  o.headers = {"X-Winnow-Test: yes"};
  o.cookie_file = cookies;
  const FetchResult r = winnow::fetch::fetch_one(s.url("/headers"), o);
  REQUIRE(r.error.ok());
  CHECK(contains(r.body, "User-Agent: winnow/" + std::string(winnow::version()) + " (+https://github.com/winnow)"));
  CHECK(contains(r.body, "X-Winnow-Test: yes"));
  CHECK(contains(r.body, "Cookie: session=abc123"));
  CHECK(contains(r.body, "Accept-Encoding:"));
  CHECK(contains(r.body, "gzip"));

  o.user_agent = "custom-agent/1";
  o.cookie_file.clear();
  const FetchResult r2 = winnow::fetch::fetch_one(s.url("/headers"), o);
  CHECK(contains(r2.body, "User-Agent: custom-agent/1"));
  CHECK_FALSE(contains(r2.body, "Cookie:"));
  std::remove(cookies.c_str());
  ::rmdir(dir);
}

TEST_CASE("a redirect chain is followed and the final URL reported") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/redirect/3"), quick());
  CHECK(r.error.ok());
  CHECK(r.status == 200);
  CHECK(r.url == s.url("/redirect/3"));
  CHECK(r.final_url == s.url("/page"));
  CHECK(contains(r.body, "Fixture page"));

  FetchOptions o = quick();
  o.max_redirects = 2;
  const FetchResult r2 = winnow::fetch::fetch_one(s.url("/redirect/3"), o);
  CHECK(r2.error.code == ErrorCode::kFetch);
  CHECK(contains(r2.error.message, "too many redirects (more than 2)"));
}

TEST_CASE("a redirect loop ends with too many redirects") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/loop"), quick());
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(r.error.message == s.url("/loop") + ": too many redirects (more than 10)");
  CHECK(r.body.empty());
}

TEST_CASE("a redirect to file:// is refused") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/to-file"), quick());
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(r.error.message == s.url("/to-file") + ": redirected to a URL that is not http or https: file:///etc/passwd");
  CHECK(r.body.empty());
}

TEST_CASE("HTTP errors name the URL and the status, one line") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r404 = winnow::fetch::fetch_one(s.url("/status/404"), quick());
  CHECK(r404.error.code == ErrorCode::kFetch);
  CHECK(r404.error.message == s.url("/status/404") + ": HTTP 404 Not Found");
  CHECK(r404.status == 404);
  CHECK(r404.body.empty());
  CHECK(r404.attempts == 1);

  const FetchResult r500 = winnow::fetch::fetch_one(s.url("/status/500"), quick());
  CHECK(r500.error.code == ErrorCode::kFetch);
  CHECK(r500.error.message == s.url("/status/500") + ": HTTP 500 Internal Server Error");
  CHECK(r500.attempts == 1);  // only 429 and 503 are retried
}

TEST_CASE("503 with Retry-After is retried after the wait the server asked for") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = winnow::fetch::fetch_one(s.url("/retry/first"), quick());
  const double took = seconds_since(start);
  CHECK(r.error.ok());
  CHECK(r.status == 200);
  CHECK(r.attempts == 2);
  CHECK(contains(r.body, "Fixture page"));
  CHECK(took >= 0.95);
  CHECK(took < 3.0);

  FetchOptions no_retry = quick();
  no_retry.max_retries = 0;
  const FetchResult r2 = winnow::fetch::fetch_one(s.url("/retry/second"), no_retry);
  CHECK(r2.error.code == ErrorCode::kFetch);
  CHECK(r2.error.message == s.url("/retry/second") + ": HTTP 503 Service Unavailable");

  FetchOptions impatient = quick();
  impatient.max_retry_wait_ms = 500;  // the server asks for 1 s: give up rather than retry early
  const FetchResult r3 = winnow::fetch::fetch_one(s.url("/retry/third"), impatient);
  CHECK(r3.error.code == ErrorCode::kFetch);
  CHECK(contains(r3.error.message, "HTTP 503 Service Unavailable (asked to retry after 1.0 s"));
  CHECK(r3.attempts == 1);
}

TEST_CASE("429 without Retry-After is retried after the back-off") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  FetchOptions o = quick();
  o.retry_backoff_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = winnow::fetch::fetch_one(s.url("/retry429/first"), o);
  const double took = seconds_since(start);
  CHECK(r.error.ok());
  CHECK(r.attempts == 2);
  CHECK(took >= 0.29);
  CHECK(took < 2.0);
}

TEST_CASE("Retry-After values") {
  const std::time_t now = 1'700'000'000;  // 2023-11-14T22:13:20Z
  CHECK(winnow::fetch::retry_after_ms("1", now) == 1000);
  CHECK(winnow::fetch::retry_after_ms(" 120 ", now) == 120'000);
  CHECK(winnow::fetch::retry_after_ms("0", now) == 0);
  CHECK(winnow::fetch::retry_after_ms("Tue, 14 Nov 2023 22:13:25 GMT", now) == 5000);
  CHECK(winnow::fetch::retry_after_ms("Tue, 14 Nov 2023 22:13:00 GMT", now) == 0);
  CHECK(winnow::fetch::retry_after_ms("soon", now) == -1);
  // Found by the http fuzz target under UBSan: years this far off overflowed the milliseconds.
  CHECK(winnow::fetch::retry_after_ms("Tue, 14 Nov 2147483647 22:13:25 GMT", now) == 999'999'999'000LL);
  CHECK(winnow::fetch::retry_after_ms("Tue, 14 Nov 99999999 22:13:25 GMT", now) == 999'999'999'000LL);
  CHECK(winnow::fetch::retry_after_ms("", now) == -1);
  CHECK(winnow::fetch::retry_after_ms("-5", now) == -1);
}

TEST_CASE("a response slower than the timeout fails fast with a timeout") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  FetchOptions o = quick();
  o.timeout_ms = 500;
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = winnow::fetch::fetch_one(s.url("/slow/3000"), o);
  const double took = seconds_since(start);
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(contains(r.error.message, s.url("/slow/3000") + ": timed out after 0."));
  CHECK(took < 1.5);
}

TEST_CASE("a gzip body is decoded") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/gzip"), quick());
  CHECK(r.error.ok());
  CHECK(r.status == 200);
  CHECK(contains(r.body, "<title>Fixture page</title>"));
}

TEST_CASE("the header charset is reported even when the page's meta says otherwise") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/charset"), quick());
  CHECK(r.error.ok());
  CHECK(r.charset == "windows-1252");
  CHECK(contains(r.body, "<meta charset=utf-8>"));
}

TEST_CASE("a body over the size limit aborts the transfer") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  FetchOptions o = quick();
  o.max_body_bytes = 1 << 20;
  for (const char* path : {"/big/3000000", "/big-chunked/3000000"}) {
    CAPTURE(path);
    const FetchResult r = winnow::fetch::fetch_one(s.url(path), o);
    CHECK(r.error.code == ErrorCode::kFetch);
    CHECK(r.error.message == s.url(path) + ": body over the limit of 1048576 bytes");
    CHECK(r.body.empty());
  }
  const FetchResult under = winnow::fetch::fetch_one(s.url("/big-chunked/1000000"), o);
  CHECK(under.error.ok());
  CHECK(under.body.size() == 1000000);
}

TEST_CASE("content that is not HTML is refused; a missing type is accepted") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult pdf = winnow::fetch::fetch_one(s.url("/pdf"), quick());
  CHECK(pdf.error.code == ErrorCode::kContentType);
  CHECK(pdf.error.message == s.url("/pdf") + ": not an HTML page (content type application/pdf)");
  CHECK(pdf.body.empty());
  const FetchResult json = winnow::fetch::fetch_one(s.url("/json"), quick());
  CHECK(json.error.code == ErrorCode::kContentType);
  CHECK(contains(json.error.message, "application/json"));
  const FetchResult none = winnow::fetch::fetch_one(s.url("/notype"), quick());
  CHECK(none.error.ok());
  CHECK(none.content_type.empty());
  CHECK(contains(none.body, "Fixture page"));
}

TEST_CASE("a connection closed mid-body is an error, not a short page") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const FetchResult r = winnow::fetch::fetch_one(s.url("/truncated"), quick());
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(contains(r.error.message, s.url("/truncated") + ": connection closed in the middle of the body"));
  CHECK(r.body.empty());
}

TEST_CASE("schemes other than http and https are refused without a transfer") {
  const FetchResult ftp = winnow::fetch::fetch_one("ftp://127.0.0.1/file.html", quick());
  CHECK(ftp.error.code == ErrorCode::kFetch);
  CHECK(ftp.error.message == "ftp://127.0.0.1/file.html: unsupported scheme 'ftp' (only http and https are fetched)");
  CHECK(ftp.attempts == 0);
  const FetchResult file = winnow::fetch::fetch_one("file:///etc/passwd", quick());
  CHECK(file.error.code == ErrorCode::kFetch);
  CHECK(contains(file.error.message, "unsupported scheme 'file'"));
  const FetchResult junk = winnow::fetch::fetch_one("not a url", quick());
  CHECK(junk.error.code == ErrorCode::kFetch);
  CHECK(contains(junk.error.message, "not a url: not a valid URL"));
}

TEST_CASE("a host name that cannot resolve is a DNS failure") {
  // A label over 63 bytes under the reserved .invalid TLD: the C library refuses to build the query,
  // so the failure comes from the real resolver path without any packet leaving the machine.
  const std::string host = std::string(64, 'a') + ".invalid";
  FetchOptions o = quick();
  o.connect_timeout_ms = 3000;
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = winnow::fetch::fetch_one("http://" + host + "/page", o);
  CHECK(seconds_since(start) < 4.0);
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(r.error.message == "http://" + host + "/page: cannot resolve host name '" + host + "' (DNS failure)");
}

TEST_CASE("https to a server that does not speak TLS is a TLS failure") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  const std::string url = "https://127.0.0.1:" + std::to_string(s.port(0)) + "/page";
  const FetchResult r = winnow::fetch::fetch_one(url, quick());
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(contains(r.error.message, url + ": TLS failure ("));
  CHECK(r.error.message.find('\n') == std::string::npos);
}

TEST_CASE("a closed port is a refused connection") {
  // Take an ephemeral port and release it: nothing listens there for the next moment.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const int port = ntohs(addr.sin_port);
  ::close(fd);
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  const FetchResult r = winnow::fetch::fetch_one(url, quick());
  CHECK(r.error.code == ErrorCode::kFetch);
  CHECK(contains(r.error.message, url + ": connection refused ("));
  CHECK(r.status == 0);
}

TEST_CASE("a batch of 200 URLs over 4 hosts: one result each, per-host limit kept") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  std::vector<std::string> urls;
  for (int i = 0; i < 200; ++i) urls.push_back(s.url("/batch/" + std::to_string(i), i % 4));
  urls.push_back("gopher://127.0.0.1/x");  // a failure in the middle of a batch stops nothing
  urls.push_back(s.url("/status/404", 2));
  FetchOptions o = quick();
  o.jobs = 8;
  o.per_host = 2;
  std::vector<int> calls(urls.size(), 0);
  std::vector<FetchResult> results(urls.size());
  const auto caller = std::this_thread::get_id();
  bool on_caller_thread = true;
  winnow::fetch::fetch_all(urls, o, [&](std::size_t i, FetchResult&& r) {
    REQUIRE(i < urls.size());
    calls[i]++;
    results[i] = std::move(r);
    if (std::this_thread::get_id() != caller) on_caller_thread = false;
  });
  CHECK(on_caller_thread);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    CAPTURE(i);
    CHECK(calls[i] == 1);
    CHECK(results[i].url == urls[i]);
    if (i < 200) {
      CHECK(results[i].error.ok());
      CHECK(contains(results[i].body, "<title>Batch " + std::to_string(i) + "</title>"));
    }
  }
  CHECK(results[200].error.code == ErrorCode::kFetch);
  CHECK(results[201].error.message == urls[201] + ": HTTP 404 Not Found");

  // The server counted, per Host header, the most requests it ever had in flight at once.
  const std::string st = stats();
  int hosts_at_limit = 0;
  for (int h = 0; h < 4; ++h) {
    const std::string key = "\"" + std::string(kHosts[h]) + ":" + std::to_string(s.port(h)) + "\": ";
    const std::size_t at = st.find(key);
    REQUIRE_MESSAGE(at != std::string::npos, key);
    const int most = std::stoi(st.substr(at + key.size()));
    CAPTURE(key);
    CHECK(most >= 1);
    CHECK(most <= 2);
    if (most == 2) hosts_at_limit++;
  }
  CHECK(hosts_at_limit >= 1);  // the limit was reached, so it was the limit that held
  for (int i = 0; i < 200; ++i) {
    CAPTURE(i);
    const std::string key = "\"/batch/" + std::to_string(i) + "\": ";
    const std::size_t at = st.find(key);
    REQUIRE(at != std::string::npos);
    CHECK(std::stoi(st.substr(at + key.size())) == 1);  // requested once: no duplicate transfers
  }
}

TEST_CASE("the per-host delay spaces out the requests to one host") {
  auto& s = Server::get();
  REQUIRE(s.ok());
  std::vector<std::string> urls;
  for (int i = 0; i < 4; ++i) urls.push_back(s.url("/batch/delay" + std::to_string(i), 3));
  FetchOptions o = quick();
  o.per_host = 1;
  o.per_host_delay_ms = 200;
  int done = 0;
  winnow::fetch::fetch_all(urls, o, [&](std::size_t, FetchResult&& r) {
    CHECK(r.error.ok());
    done++;
  });
  CHECK(done == 4);
  const std::string st = stats();
  std::vector<double> times;
  for (int i = 0; i < 4; ++i) {
    const std::string key = "\"/batch/delay" + std::to_string(i) + "\": [";
    const std::size_t at = st.find(key);
    REQUIRE(at != std::string::npos);
    times.push_back(std::stod(st.substr(at + key.size())));
  }
  std::sort(times.begin(), times.end());
  for (int i = 1; i < 4; ++i) CHECK(times[i] - times[i - 1] >= 0.15);  // without the delay: about 0.02 s
}
