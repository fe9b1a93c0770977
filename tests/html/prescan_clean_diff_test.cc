// The differential test of the pre-scan (issue 6): over every page of the shared corpus and of
// fixtures/, the cleaned text with the pre-scan equals the cleaned text without it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "winnow/winnow.h"

namespace fs = std::filesystem;

namespace {

std::vector<std::string> pages_under(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && e.path().extension() == ".html" && name != "expected.html")
      out.push_back(e.path().string());
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("cleaned output is the same with and without the pre-scan, in every format") {
  const char* source = std::getenv("WINNOW_SOURCE");
  const char* shared = std::getenv("WINNOW_SHARED");
  std::vector<std::string> pages;
  if (source) pages = pages_under(std::string(source) + "/fixtures");
  if (shared && fs::is_directory(shared)) {
    for (const std::string& p : pages_under(std::string(shared) + "/corpus")) pages.push_back(p);
  } else {
    MESSAGE("../shared is absent: the differential test covers fixtures/ only");
  }
  REQUIRE(!pages.empty());
  winnow::Rules rules;
  REQUIRE(winnow::load_rules({}, &rules).ok());
  int compared = 0;
  // Every output format: white space runs collapsed by the pre-scan must not show in any.
  const winnow::Format formats[] = {winnow::Format::kText, winnow::Format::kMarkdown,
                                    winnow::Format::kJson, winnow::Format::kHtml};
  for (const std::string& path : pages) {
    const std::string bytes = slurp(path);
    for (winnow::Format format : formats) {
      winnow::Options with, without;
      with.format = without.format = format;
      without.prescan = false;
      winnow::Document a, b;
      const winnow::Error ea = winnow::clean(bytes, with, rules, path, &a);
      const winnow::Error eb = winnow::clean(bytes, without, rules, path, &b);
      CAPTURE(path);
      CAPTURE(static_cast<int>(format));
      CHECK(ea.code == eb.code);
      CHECK(a.metadata.title == b.metadata.title);
      CHECK(a.text == b.text);
    }
    ++compared;
  }
  MESSAGE("compared " << compared << " pages");
}
