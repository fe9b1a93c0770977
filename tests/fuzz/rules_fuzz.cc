// libFuzzer target: the rule-file parser on arbitrary text; when the text parses cleanly, the file is
// also loaded as a user rule directory next to the embedded rules and applied to a small page.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "rules/parse.h"
#include "rules/rule.h"
#include "winnow/winnow.h"

namespace {

const char kPage[] =
    "<html><head><title>T - Site</title></head><body><header><nav><a href=/>Home</a></nav></header>"
    "<article><h1>Headline</h1><p class=byline>By A. Writer</p><p>First paragraph with <b>bold</b> "
    "text and a <a href=x>link</a>.</p><div class='share social'>Share</div><ul><li>one<li>two</ul>"
    "<p>Second paragraph, long enough to count as an article paragraph for the extractor.</p>"
    "<table><tr><td>1<td>2</table></article><aside>Related: other story</aside><footer>(c)</footer>"
    "</body></html>";

std::string scratch_dir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/winnow-rules-fuzz-XXXXXX";
    if (!mkdtemp(tmpl)) std::abort();
    return std::string(tmpl);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  winnow::rules::RuleFile file;
  std::vector<winnow::rules::RuleError> errors;
  const bool ok = winnow::rules::parse_rule_file("fuzz.rules", text, &file, &errors);
  if (ok != errors.empty()) std::abort();
  for (const auto& e : errors) (void)e.str();
  if (!ok) return 0;
  for (const auto& t : file.tests)  // a test naming a page would be read from disk: keep it local
    if (!t.page.empty()) return 0;

  const std::string path = scratch_dir() + "/fuzz.rules";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  } else {
    std::abort();
  }
  winnow::Rules rules;
  if (winnow::Error e = winnow::load_rules({scratch_dir()}, &rules); !e.ok()) return 0;
  std::string url = "https://example.com/story";
  if (!file.hosts.empty()) url = "https://" + file.hosts.front() + "/story";
  winnow::Options options;
  options.url = url;
  options.format = winnow::Format::kJson;
  winnow::Document doc;
  winnow::Error e = winnow::clean(kPage, options, rules, "<page>", &doc);
  if (!e.ok()) std::abort();  // the page is fine: only a rule bug could make it fail
  return 0;
}
