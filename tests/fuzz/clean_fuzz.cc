// libFuzzer target: the whole pipeline, winnow::clean(), on arbitrary bytes, with the embedded rules,
// a URL that selects site rules, and every output format. The project rule is "never a crash, never
// a hang": any abort, sanitizer report or timeout here is a bug. Run (see tests/fuzz/README.md):
//   build-fuzz/tests/fuzz/clean_fuzz -timeout=10 -rss_limit_mb=4096 CORPUS_DIR
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include "winnow/winnow.h"

namespace {

const winnow::Rules& embedded_rules() {
  static const winnow::Rules* rules = [] {
    auto* r = new winnow::Rules;
    if (winnow::Error e = winnow::load_rules({}, r); !e.ok()) {
      std::fprintf(stderr, "embedded rules: %s\n", e.message.c_str());
      std::abort();
    }
    return r;
  }();
  return *rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A site with its own rule file, so site rules run as well as the generic ones.
  static const char* const kUrls[] = {"https://thehill.com/news/story", "https://example.com/a/b?c=d#e"};
  static const winnow::Format kFormats[] = {winnow::Format::kText, winnow::Format::kMarkdown,
                                            winnow::Format::kJson, winnow::Format::kHtml};
  int round = 0;
  for (winnow::Format format : kFormats) {
    winnow::Options options;
    options.url = kUrls[round % 2];
    options.format = format;
    options.explain = round == 0;
    options.include_title = round != 3;
    winnow::Document doc;
    winnow::Error e = winnow::clean(bytes, options, embedded_rules(), "<fuzz>", &doc);
    if (e.ok() != e.message.empty()) {
      // Not a crash, but a broken contract: errors carry a message, success none.
      std::fprintf(stderr, "error code %d with message '%s'\n", static_cast<int>(e.code), e.message.c_str());
      std::abort();
    }
    if (e.code == winnow::ErrorCode::kInternal) std::abort();
    ++round;
  }
  return 0;
}
