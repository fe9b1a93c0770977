// src/winnow.cc, the pipeline: the order of clean() and what it decides before the parse.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/file.h"
#include "extract/metadata.h"
#include "html/parse.h"
#include "pipeline.h"
#include "winnow/warc.h"
#include "winnow/winnow.h"

namespace fs = std::filesystem;
using namespace winnow;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const char* tag) {
    path = fs::temp_directory_path() / ("winnow-pipeline-" + std::string(tag) + "-" + std::to_string(std::rand()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
  std::string str() const { return path.string(); }
};

std::string cleaned(const Rules& rules, const std::string& url, const std::string& page, Format format = Format::kText) {
  Options options;
  options.url = url;
  options.format = format;
  Document doc;
  const Error e = clean(page, options, rules, "page.html", &doc);
  REQUIRE_MESSAGE(e.ok(), e.message);
  return doc.output;
}

// A file named after a host is read on the first page of the host; its rule tests an attribute
// nothing else reads (the pre-scan drops it unless told).
const char* kHostFile = "site: tagged.example\nremove: p[data-kind=\"junk\"]\n";
const char* kOtherHostFile = "site: unused.example\nremove: p[data-kind=\"junk\"]\n";
const std::string kStory =
    "<html><head><title>Story</title>LINK</head><body><article><h1>Title</h1>"
    "<p>The first paragraph of the story, long enough to be the article and not the junk.</p>"
    "<p data-kind=\"junk\">TAGGED-JUNK subscribe now to read every story we publish.</p>"
    "<p>The second paragraph of the story, long enough to be the article as well.</p>"
    "</article></body></html>";

std::string story(const std::string& head) {
  std::string page = kStory;
  page.replace(page.find("LINK"), 4, head);
  return page;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the first page of a host is parsed once: its site file is read before the parse") {
  TempDir dir("host-file");
  dir.write("tagged.example.rules", kHostFile);
  {
    Rules rules;
    REQUIRE(load_rules({dir.str()}, &rules).ok());
    CHECK_FALSE(has(cleaned(rules, "https://tagged.example/a", story("")), "TAGGED-JUNK"));
    CHECK(parses_of_last_page() == 1);
  }
  {
    // No URL given: the host is the one the page's canonical link names, read by the pre-scan.
    Rules rules;
    REQUIRE(load_rules({dir.str()}, &rules).ok());
    CHECK_FALSE(has(cleaned(rules, "", story("<link rel=canonical href='https://www.tagged.example/c'>")), "TAGGED-JUNK"));
    CHECK(parses_of_last_page() == 1);
    // ... or its og:url, resolved against its <base>.
    Rules again;
    REQUIRE(load_rules({dir.str()}, &again).ok());
    CHECK_FALSE(has(cleaned(again, "", story("<base href='https://tagged.example/x/'><meta property=og:url content=../c>")),
                    "TAGGED-JUNK"));
    CHECK(parses_of_last_page() == 1);
  }
  Rules other;
  REQUIRE(load_rules({dir.str()}, &other).ok());
  CHECK(has(cleaned(other, "https://other.example/a", story("")), "TAGGED-JUNK"));
  CHECK(parses_of_last_page() == 1);
}

TEST_CASE("a site config's find_string for a host the page names applies with one parse") {
  TempDir dir("site-config");
  dir.write("example.com.txt", "body: //article\nreplace_string(TAGGED-JUNK): REPLACED-TEXT\nprune: no\n");
  Rules rules;
  REQUIRE(load_rules({}, {dir.str()}, &rules).ok());
  const std::string out = cleaned(rules, "", story("<link rel=canonical href='https://example.com/story'>"));
  CHECK(has(out, "REPLACED-TEXT"));
  CHECK(parses_of_last_page() == 1);
}

TEST_CASE("where the pre-scan reads the page's URL otherwise than the parse, the host is chosen again") {
  TempDir dir("misread");
  dir.write("tagged.example.rules", kHostFile);
  // A formatting element's end tag inside math's script closes more than the pre-scan's model
  // follows: it takes the link for one inside math's script, which page_url does not walk.
  const std::string page = story("") + "<math><b><body><math><script><noscript></b>"
                           "<link rel=canonical href=https://tagged.example/m>";
  Rules given;
  REQUIRE(load_rules({dir.str()}, &given).ok());
  const std::string expected = cleaned(given, "https://tagged.example/m", page, Format::kJson);
  Rules named;
  REQUIRE(load_rules({dir.str()}, &named).ok());
  const std::string out = cleaned(named, "", page, Format::kJson);
  CHECK(parses_of_last_page() == 2);
  CHECK_FALSE(has(out, "TAGGED-JUNK"));
  CHECK(out == expected);
}

TEST_CASE("corpus: a page cleaned without its URL comes out as with the URL it names, parsed once") {
  const char* shared = std::getenv("WINNOW_SHARED");
  std::vector<fs::path> pages;
  if (shared != nullptr) {
    const fs::path corpus = fs::path(shared) / "corpus";
    if (fs::is_directory(corpus / "readability"))
      for (const auto& e : fs::directory_iterator(corpus / "readability"))
        if (fs::is_regular_file(e.path() / "source.html")) pages.push_back(e.path() / "source.html");
    if (fs::is_directory(corpus / "postlight"))
      for (const auto& e : fs::directory_iterator(corpus / "postlight"))
        if (e.path().extension() == ".html") pages.push_back(e.path());
  }
  if (pages.empty()) {
    MESSAGE("../shared/corpus is absent: corpus check skipped");
    return;
  }
  std::sort(pages.begin(), pages.end());
  // A file named after a host, listed only: the host each page names is read before its parse.
  TempDir dir("corpus");
  dir.write("unused.example.rules", kOtherHostFile);
  Rules rules;
  REQUIRE(load_rules({dir.str()}, &rules).ok());
  std::size_t named = 0;
  for (const fs::path& path : pages) {
    INFO(path.string());
    std::string bytes;
    REQUIRE(read_file(path.string(), std::size_t{64} << 20, &bytes).ok());
    const std::string without = cleaned(rules, "", bytes, Format::kJson);
    CHECK(parses_of_last_page() == 1);
    const std::string url = extract::page_url(html::parse(bytes), "");
    if (url.empty()) continue;
    ++named;
    CHECK(cleaned(rules, url, bytes, Format::kJson) == without);
  }
  MESSAGE(pages.size(), " pages, ", named, " naming their URL");
}

// The library never prints: what goes wrong is in the returned Error, in Document::notes or in a
// WARC problem, for the caller to show or not. Here standard error is a file for a while, and bad
// input of every kind goes through the public API; the file must stay empty.
TEST_CASE("the library writes nothing to standard error, whatever the input") {
  TempDir dir("quiet");
  // A site regex far too large for RE2 (found on first use), a broken rule file, a site config
  // with an expression that does not compile.
  dir.write("big.rules", "site: big.example\nremove-text: /\\pL{1000}\\pN{1000}/\n");
  TempDir broken("quiet-broken");
  broken.write("zz.rules", "site: zz.example\nremove-text: /(open/\n");
  TempDir configs("quiet-configs");
  configs.write("cfg.example.txt", "body: //div[[\nstrip: ///\nreplace_string(: x\n");

  std::fflush(stderr);
  const std::string err_path = (dir.path / "stderr").string();
  const int saved = ::dup(2);
  const int file = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(file >= 0);
  ::dup2(file, 2);
  ::close(file);

  std::vector<Error> errors;
  Rules rules;
  errors.push_back(load_rules({dir.str()}, {configs.str()}, &rules));
  Rules refused;
  errors.push_back(load_rules({broken.str()}, &refused));
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "<div>";
  const std::string binary("\x89PNG\r\n\x1a\n\0\0\0", 11);
  int notes = 0;
  int config_problem_notes = 0;
  for (const char* url : {"https://big.example/a", "https://cfg.example/a", "https://other.example/a"}) {
    for (const std::string& page : {std::string("<p>a page</p>"), deep, binary, std::string("\xff\xfe<\0p\0>\0", 8)}) {
      Options options;
      options.url = url;
      options.explain = true;
      Document doc;
      errors.push_back(clean(page, options, rules, "page.html", &doc));
      notes += static_cast<int>(doc.notes.size());
      for (const std::string& note : doc.notes)
        if (note.rfind("site config: ", 0) == 0 && note.find("cfg.example.txt:") != std::string::npos) ++config_problem_notes;
    }
  }
  std::unique_ptr<WarcReader> reader;
  errors.push_back(WarcReader::open_bytes("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99\r\n\r\nshort",
                                          "bad.warc", WarcOptions{}, &reader));
  if (reader) {
    WarcPage page;
    Error problem;
    for (int i = 0; i < 10 && reader->next(&page, &problem) != WarcNext::kEnd; ++i) {
    }
  }
  errors.push_back(WarcReader::open_bytes("not a warc", "no.warc", WarcOptions{}, &reader));

  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  // Something did go wrong, and was said through the API...
  CHECK(std::count_if(errors.begin(), errors.end(), [](const Error& e) { return !e.ok(); }) >= 4);
  // ...or in Document::notes: the site config's broken expressions, named by file:line.
  CHECK(notes > 0);
  CHECK(config_problem_notes > 0);
  // ...and nothing on standard error.
  std::ifstream in(err_path);
  const std::string printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(printed == "");
}
