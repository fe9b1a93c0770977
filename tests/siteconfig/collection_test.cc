// The whole FiveFilters collection (../shared/ftr-site-config): every file loads, and on real
// pages of the shared corpus the collection's own body expressions find the article.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "common/file.h"
#include "siteconfig/check.h"
#include "winnow/winnow.h"

using namespace winnow;
namespace fs = std::filesystem;

namespace {

std::string shared_path(const char* sub) {
  const char* shared = std::getenv("WINNOW_SHARED");
  if (shared == nullptr) return "";
  const fs::path p = fs::path(shared) / sub;
  return fs::is_directory(p) ? p.string() : "";
}

}  // namespace

TEST_CASE("the whole collection: every file parsed, all but a handful of expressions compiled") {
  const std::string dir = shared_path("ftr-site-config");
  if (dir.empty()) {
    MESSAGE("skipped: no ../shared/ftr-site-config");
    return;
  }
  siteconfig::CheckReport report;
  Error error;
  REQUIRE(siteconfig::check({dir}, &report, &error));
  MESSAGE(report.files << " files, " << report.expressions_compiled << " of " << report.expressions
                       << " expressions compiled, " << report.broken_files.size() << " files with errors");
  CHECK(report.files > 2000);
  CHECK(report.expressions > 8000);
  // The collection's typos: a handful of files, each error an XPath that does not compile.
  CHECK(report.broken_files.size() <= 10);
  CHECK(report.expressions - report.expressions_compiled == report.errors.size());
  for (const auto& e : report.errors) CHECK_MESSAGE(e.message.rfind("bad XPath", 0) == 0, e.str());
}

TEST_CASE("the collection's body expressions find the article on real pages of ten of its sites") {
  const std::string dir = shared_path("ftr-site-config");
  const std::string corpus = shared_path("corpus/postlight");
  if (dir.empty() || corpus.empty()) {
    MESSAGE("skipped: no ../shared/ftr-site-config or ../shared/corpus/postlight");
    return;
  }
  Rules rules;
  REQUIRE(load_rules({}, {dir}, &rules).ok());
  std::set<std::string> sites;
  std::set<std::string> pages;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.path().extension() == ".html") pages.insert(entry.path().string());
  for (const std::string& path : pages) {
    // The corpus names pages by host: "www.nytimes.com.html", "medium.com--another.html".
    std::string host = fs::path(path).stem().string();
    if (const std::size_t dashes = host.find("--"); dashes != std::string::npos) host.resize(dashes);
    std::string bytes;
    REQUIRE(winnow::read_file(path, std::size_t{64} << 20, &bytes).ok());
    Options options;
    options.url = "https://" + host + "/";
    Document doc;
    const Error e = clean(bytes, options, rules, path, &doc);
    REQUIRE_MESSAGE(e.ok(), e.message);
    bool body = false;
    for (const std::string& n : doc.notes) body |= n.rfind("site config: body by ", 0) == 0;
    // A body that holds an article's worth of text (a graphics page's body may hold a caption).
    if (body && doc.text.size() > 500) sites.insert(host);
  }
  std::string list;
  for (const std::string& s : sites) list += " " + s;
  MESSAGE(sites.size() << " sites cleaned by their site config's body:" << list);
  CHECK(sites.size() >= 10);
}
