#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/text.h"
#include "extract/metadata.h"
#include "html/parse.h"

using namespace winnow;
namespace fs = std::filesystem;

TEST_CASE("page_url precedence: given, canonical, og:url, base") {
  const auto dom = html::parse(
      "<head><base href='https://base.example/dir/'><link rel=canonical href='/canon'>"
      "<meta property='og:url' content='https://og.example/x'></head>");
  CHECK(extract::page_url(dom, "https://given.example/") == "https://given.example/");
  CHECK(extract::page_url(dom, "") == "https://base.example/canon");
  const auto og = html::parse("<head><link rel=canonical href='/relative-only'><meta property='og:url' content='https://og.example/x'></head>");
  CHECK(extract::page_url(og, "") == "https://og.example/x");
  const auto base = html::parse("<head><base href='https://base.example/dir/'></head>");
  CHECK(extract::page_url(base, "") == "https://base.example/dir/");
  CHECK(extract::page_url(html::parse("<p>x"), "") == "");
}

TEST_CASE("url_host") {
  CHECK(extract::url_host("https://WWW.Example.com:8080/path?q") == "example.com");
  CHECK(extract::url_host("http://user@news.site.org") == "news.site.org");
  CHECK(extract::url_host("not a url") == "");
}

TEST_CASE("metadata from meta tags, JSON-LD and the page") {
  const auto dom = html::parse(R"(<html lang="pt-BR"><head>
    <title>The headline of the story - Site Name</title>
    <meta property="og:site_name" content="Site Name">
    <meta name="author" content="Ann &amp;amp; Bob">
    <meta property="article:published_time" content="2021-02-03T04:05:06Z">
    <meta property="article:modified_time" content="2021-02-04">
    <meta name="description" content="A description.">
    <meta property="og:image" content="/img/lead.jpg">
    <link rel="canonical" href="https://site.example/story">
    </head><body><h1>The headline of the story</h1><p>Text</p></body></html>)");
  const Metadata m = extract::read_metadata(dom, "https://site.example/story?utm=1");
  CHECK(m.title == "The headline of the story");
  CHECK(m.byline == "Ann & Bob");
  CHECK(m.published == "2021-02-03T04:05:06Z");
  CHECK(m.modified == "2021-02-04");
  CHECK(m.site_name == "Site Name");
  CHECK(m.language == "pt-BR");
  CHECK(m.description == "A description.");
  CHECK(m.canonical_url == "https://site.example/story");
  CHECK(m.image == "https://site.example/img/lead.jpg");
  CHECK(m.url == "https://site.example/story?utm=1");
}

TEST_CASE("JSON-LD wins over meta tags; the DOM byline is the last resort") {
  const auto dom = html::parse(R"(<head><title>Other</title>
    <meta property="og:title" content="OG title">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
      "headline":"LD headline","author":{"name":"LD Author"},"publisher":{"name":"LD Pub"},
      "datePublished":"2019-05-06"}</script></head><body><p>x</p></body>)");
  const Metadata m = extract::read_metadata(dom, "");
  CHECK(m.title == "LD headline");
  CHECK(m.byline == "LD Author");
  CHECK(m.site_name == "LD Pub");
  CHECK(m.published == "2019-05-06");
  const auto plain = html::parse("<body><div class='byline'>By Carol</div><time pubdate datetime='2020-01-01'>x</time></body>");
  const Metadata p = extract::read_metadata(plain, "");
  CHECK(p.byline == "By Carol");
  CHECK(p.published == "2020-01-01");
}

TEST_CASE("a byline's blocks are kept apart, whether the page is indented or minified") {
  for (const char* page : {"<body><div class='byline'><div>By Ana Lima</div><div>May 1, 2024</div></div><p>x</p></body>",
                           "<body><div class='byline'>\n  <div>By Ana Lima</div>\n  <div>May 1, 2024</div>\n</div></body>",
                           "<body><div class='byline'><p>By <b>Ana</b> <i>Lima</i></p><span>May 1</span></div></body>"}) {
    CAPTURE(page);
    const Metadata m = extract::read_metadata(html::parse(page), "");
    CHECK((m.byline == "By Ana Lima May 1, 2024" || m.byline == "By Ana Lima May 1"));
  }
  // Inline elements run on, as on screen.
  const Metadata run = extract::read_metadata(html::parse("<body><span class='byline'><b>By</b><i>Ana</i></span></body>"), "");
  CHECK(run.byline == "ByAna");
}

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? normalize_space(it->get<std::string>()) : "";
}

}  // namespace

TEST_CASE("metadata of the Readability corpus pages") {
  const char* shared = std::getenv("WINNOW_SHARED");
  const fs::path corpus = fs::path(shared ? shared : "../shared") / "corpus" / "readability";
  if (!fs::is_directory(corpus)) {
    MESSAGE("skipped: no corpus at " << corpus.string());
    return;
  }
  struct Rate {
    int tried = 0, right = 0;
    void add(const std::string& expected, const std::string& got) {
      if (expected.empty()) return;
      ++tried;
      right += expected == got;
    }
    double value() const { return tried ? static_cast<double>(right) / tried : 1; }
  } title, byline, site, lang, published;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    const fs::path meta = entry.path() / "expected-metadata.json";
    if (!fs::exists(meta)) continue;
    const auto expected = nlohmann::json::parse(slurp(meta), nullptr, false);
    if (expected.is_discarded()) continue;
    const auto dom = html::parse(slurp(entry.path() / "source.html"));
    const Metadata m = extract::read_metadata(dom, extract::page_url(dom, ""));
    title.add(field(expected, "title"), m.title);
    byline.add(field(expected, "byline"), m.byline);
    site.add(field(expected, "siteName"), m.site_name);
    lang.add(field(expected, "lang"), m.language);
    published.add(field(expected, "publishedTime"), m.published);
  }
  MESSAGE("title " << title.right << "/" << title.tried << ", byline " << byline.right << "/" << byline.tried
                   << ", site " << site.right << "/" << site.tried << ", lang " << lang.right << "/" << lang.tried
                   << ", published " << published.right << "/" << published.tried);
  CHECK(title.tried > 100);
  CHECK(title.value() >= 0.95);
  CHECK(byline.value() >= 0.80);
  CHECK(site.value() >= 0.90);
  CHECK(lang.value() >= 0.95);
  CHECK(published.value() >= 0.85);
}
