// libFuzzer target: the site config parser on arbitrary text; the file is then used as the site
// config of a small page's host, so every expression that compiles is evaluated on the page.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "rules/load.h"
#include "siteconfig/library.h"
#include "siteconfig/parse.h"
#include "winnow/winnow.h"

namespace {

const char kPage[] =
    "<html><head><title>T - Site</title><meta property=og:title content='OG'></head><body><header><nav>"
    "<a href=/>Home</a></nav></header><article id=a class='story main'><h1>Headline</h1><p class=byline>"
    "By <a rel=author>A. Writer</a></p><p>First paragraph with <b>bold</b> text and a <a href=x>link</a>.</p>"
    "<div class='share social'>Share</div><img src=/pixel.gif><ul><li>one<li>two</ul><p>Second paragraph."
    "</p></article><a class=next href='?p=2'>Next</a><aside>Related</aside><footer>(c)</footer></body></html>";

std::string scratch_dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/winnow-siteconfig-fuzz-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    return std::string(tmpl);
  }();
  return dir;
}

// The embedded rules, loaded once per process: loading them is what load_rules costs, ten times
// what the rest of an input does, and it does not depend on the input.
const std::shared_ptr<winnow::rules::RuleSet>& embedded_rules() {
  static const std::shared_ptr<winnow::rules::RuleSet> set = [] {
    std::shared_ptr<winnow::rules::RuleSet> s;
    if (!winnow::rules::load_rule_set({}, &s).ok()) std::abort();
    return s;
  }();
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  winnow::siteconfig::Config config;
  winnow::siteconfig::Problems problems;
  winnow::siteconfig::parse_config("fuzz.txt", text, &config, &problems);
  const std::string dir = scratch_dir();
  std::ofstream(dir + "/example.com.txt", std::ios::binary | std::ios::trunc) << text;
  // What load_rules({}, {dir}) makes, without loading the embedded rules again: they get a fresh
  // site config library (listed now, the file read and compiled on the page's first use, as in a
  // new process). No Rules holds the set between inputs, so swapping the library is safe; the
  // set's own caches belong to site rule files of other hosts, which the page never reaches.
  const std::shared_ptr<winnow::rules::RuleSet>& set = embedded_rules();
  std::shared_ptr<winnow::siteconfig::Library> library;
  if (!winnow::siteconfig::Library::open({dir}, &library).ok()) std::abort();
  set->site_configs = std::move(library);
  winnow::Options options;
  options.url = "https://www.example.com/story";
  options.explain = true;
  {
    winnow::Rules rules;
    winnow::RulesAccess::assign(set, &rules);
    winnow::Document doc;
    if (!winnow::clean(kPage, options, rules, "fuzz", &doc).ok()) std::abort();
    // The input was the host's site config (else this target would fuzz nothing of it).
    if (std::find(doc.notes.begin(), doc.notes.end(), "site config: " + dir + "/example.com.txt") == doc.notes.end())
      std::abort();
  }
  set->site_configs = nullptr;
  return 0;
}
