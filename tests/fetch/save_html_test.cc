#include "fetch/save_html.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "load/saved_headers.h"

using winnow::fetch::FetchResult;
using winnow::fetch::url_host_dir;
using winnow::fetch::url_slug;

namespace {

// A fresh directory under /tmp, removed with everything in it at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/winnow-save-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

FetchResult page(std::string url, std::string body) {
  FetchResult r;
  r.url = url;
  r.final_url = std::move(url);
  r.status = 200;
  r.content_type = "text/html";
  r.charset = "windows-1252";
  r.date = "Tue, 14 Nov 2023 22:13:20 GMT";
  r.body = std::move(body);
  return r;
}

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("slugs are safe, bounded and readable") {
  CHECK(url_slug("https://example.com/news/2024/05/big-story.html") == "news-2024-05-big-story");
  CHECK(url_slug("https://example.com/") == "index");
  CHECK(url_slug("https://example.com") == "index");
  CHECK(url_slug("https://example.com/a/b/?page=2&x=y#frag") == "a-b-page-2-x-y");
  CHECK(url_slug("https://example.com/../../etc/passwd") == "etc-passwd");
  CHECK(url_slug("https://example.com/.hidden") == "hidden");
  CHECK(url_slug("https://example.com/caf%C3%A9 au lait") == "caf-C3-A9-au-lait");
  CHECK(url_slug("https://example.com/..") == "index");

  const std::string long_a = "https://example.com/" + std::string(200, 'a') + "/one";
  const std::string long_b = "https://example.com/" + std::string(200, 'a') + "/two";
  const std::string a = url_slug(long_a);
  const std::string b = url_slug(long_b);
  CHECK(a.size() <= 80);
  CHECK(b.size() <= 80);
  CHECK(a != b);
  CHECK(a == url_slug(long_a));  // stable
  for (char c : a + b) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'));
}

TEST_CASE("host directories are lower case and safe") {
  CHECK(url_host_dir("https://WWW.Example.COM/x") == "www.example.com");
  CHECK(url_host_dir("http://127.0.0.1:8080/x") == "127.0.0.1");
  CHECK(url_host_dir("http://[::1]:8080/x") == "__1");
  CHECK(url_host_dir("not a url") == "unknown-host");
}

TEST_CASE("a saved page has its body and headers side by side, named for the final URL") {
  TempDir dir;
  FetchResult r = page("https://example.com/s/1", "<html><body><p>caf\xe9</p></body></html>");
  r.final_url = "https://www.example.com/news/story.html";
  std::string path;
  REQUIRE(winnow::fetch::save_html(dir.path + "/saved", r, &path).ok());
  CHECK(path == dir.path + "/saved/www.example.com/news-story.html");
  CHECK(slurp(path) == r.body);
  const std::string headers = slurp(dir.path + "/saved/www.example.com/news-story.headers");
  CHECK(headers ==
        "URL: https://www.example.com/news/story.html\n"
        "Requested-URL: https://example.com/s/1\n"
        "Status: 200\n"
        "Content-Type: text/html; charset=windows-1252\n"
        "Date: Tue, 14 Nov 2023 22:13:20 GMT\n");
  // Nothing else is left in the directory: no temporary files.
  CHECK(names_in(dir.path + "/saved/www.example.com") ==
        std::vector<std::string>{"news-story.headers", "news-story.html"});
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);

  winnow::load::SavedHeaders back;
  REQUIRE(winnow::load::read_saved_headers(dir.path + "/saved/www.example.com/news-story.headers", &back).ok());
  CHECK(back.final_url == r.final_url);
  CHECK(back.url == r.url);
  CHECK(back.status == 200);
  CHECK(back.content_type == "text/html");
  CHECK(back.charset == "windows-1252");
  CHECK(back.date == r.date);
}

TEST_CASE("saving the same URL twice keeps both pages") {
  TempDir dir;
  std::string first, second;
  REQUIRE(winnow::fetch::save_html(dir.path, page("https://example.com/a", "one"), &first).ok());
  REQUIRE(winnow::fetch::save_html(dir.path, page("https://example.com/a", "two"), &second).ok());
  CHECK(first == dir.path + "/example.com/a.html");
  CHECK(second == dir.path + "/example.com/a-2.html");
  CHECK(slurp(first) == "one");
  CHECK(slurp(second) == "two");
  CHECK(std::filesystem::exists(dir.path + "/example.com/a-2.headers"));
}

TEST_CASE("concurrent savers of one URL get distinct complete files") {
  TempDir dir;
  constexpr int kThreads = 8;
  std::vector<std::string> paths(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string body(100000, static_cast<char>('a' + i));
      std::string path;
      if (winnow::fetch::save_html(dir.path, page("https://example.com/same", body), &path).ok()) paths[i] = path;
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(paths.begin(), paths.end());
  CHECK(distinct.size() == kThreads);
  for (int i = 0; i < kThreads; ++i) {
    CAPTURE(i);
    CHECK(slurp(paths[i]) == std::string(100000, static_cast<char>('a' + i)));
  }
  CHECK(names_in(dir.path + "/example.com").size() == 2 * kThreads);
}

TEST_CASE("a header value cannot add a line to the headers file") {
  TempDir dir;
  FetchResult r = page("https://example.com/x", "<p>x</p>");
  r.date = "Tue\nStatus: 999";
  std::string path;
  REQUIRE(winnow::fetch::save_html(dir.path, r, &path).ok());
  winnow::load::SavedHeaders back;
  REQUIRE(winnow::load::read_saved_headers(dir.path + "/example.com/x.headers", &back).ok());
  CHECK(back.status == 200);
}

TEST_CASE("an unwritable directory is a one-line error naming it") {
  TempDir dir;
  const std::string file = dir.path + "/plain-file";
  { std::ofstream(file) << "x"; }
  const winnow::Error e = winnow::fetch::save_html(file, page("https://example.com/x", "x"), nullptr);
  CHECK(e.code == winnow::ErrorCode::kUnwritable);
  CHECK(e.message.find(file) == 0);
  CHECK(e.message.find('\n') == std::string::npos);
}
