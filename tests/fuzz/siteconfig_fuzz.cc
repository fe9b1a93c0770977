// libFuzzer target: the site config parser on arbitrary text; the file is then used as the site
// config of a small page's host, so every expression that compiles is evaluated on the page.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  winnow::siteconfig::Config config;
  winnow::siteconfig::Problems problems;
  winnow::siteconfig::parse_config("fuzz.txt", text, &config, &problems);
  const std::string dir = scratch_dir();
  std::ofstream(dir + "/example.com.txt", std::ios::binary | std::ios::trunc) << text;
  winnow::Rules rules;
  if (!winnow::load_rules({}, {dir}, &rules).ok()) std::abort();
  winnow::Options options;
  options.url = "https://www.example.com/story";
  options.explain = true;
  winnow::Document doc;
  if (!winnow::clean(kPage, options, rules, "fuzz", &doc).ok()) std::abort();
  return 0;
}
