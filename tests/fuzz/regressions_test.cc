// Inputs that once crashed, aborted or hung winnow (found by the fuzz targets in this folder, or by
// hand), minimised. Each must clean normally, in every output format, with sane output.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>

#include "html/selector.h"
#include "winnow/winnow.h"
#include "../time_limit.h"

namespace {

const winnow::Rules& rules() {
  static const winnow::Rules r = [] {
    winnow::Rules loaded;
    REQUIRE(winnow::load_rules({}, &loaded).ok());
    return loaded;
  }();
  return r;
}

// Cleans `html` in every format; checks each call succeeds (or fails with `expected` and a
// message) within a second, and that the text holds `must_contain`.
void check(std::string_view html, std::string_view must_contain,
           winnow::ErrorCode expected = winnow::ErrorCode::kOk) {
  for (winnow::Format format : {winnow::Format::kText, winnow::Format::kMarkdown,
                                winnow::Format::kJson, winnow::Format::kHtml}) {
    winnow::Options options;
    options.url = "https://example.com/story";
    options.format = format;
    winnow::Document doc;
    const auto start = std::chrono::steady_clock::now();
    winnow::Error e = winnow::clean(html, options, rules(), "<regression>", &doc);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CAPTURE(static_cast<int>(format));
    CHECK(seconds < time_limit(1.0));
    CHECK(e.code == expected);
    if (expected != winnow::ErrorCode::kOk) {
      CHECK(!e.message.empty());
      continue;
    }
    CHECK(doc.text.find(must_contain) != std::string::npos);
    if (format == winnow::Format::kText) CHECK(doc.output.find(must_contain) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("CDATA in svg > title inside a table does not abort Gumbo") {
  // Gumbo 0.10.1 asserts in the tree builder on this; the pre-scan drops the CDATA.
  check("<p>hello world</p><table><svg><title><![CDATA[a]]>b", "hello world");
  check("<table><svg><title><![CDATA[a]]>b", "");
  check("<p>kept</p><table><tr><td><math><mi><![CDATA[x<y]]></mi></math><p>after", "kept");
}

// Pages nested close to Options::max_depth (10,000) must stay linear. Found by clean_fuzz
// (a 16 KiB input of 2,048 nested <ul><li>: 15 s under ASan). Two quadratic walks: a subtree-text
// walk per element in extract/boilerplate.cc (short_text, whose limit bounds the text gathered but
// not the nodes visited) and in rules/apply.cc (subtree_text per candidate of the text rules).
// Both walks are now bounded (a node budget in short_text; one text layout per page in apply.cc).
TEST_CASE("deeply nested elements are cleaned in linear time") {
  std::string html;
  for (int i = 0; i < 9990; ++i) html += "<div>";
  html += "deep text";
  check(html, "deep text");
  html.clear();
  for (int i = 0; i < 4990; ++i) html += "<ul><li>";
  html += "deep item";
  check(html, "deep item");
  html = "<p>";
  for (int i = 0; i < 9990; ++i) html += "<span>";
  html += "deep span";
  check(html, "deep span");
}

// Gumbo 0.10.1's tokenizer compares each new attribute name with every earlier one of the same tag
// (to drop duplicates), so N distinct attributes on one tag cost O(N^2): 40,000 of them (a 200 KB
// page) took 8 s in a release build, and a 64 MiB page would not finish. Found by timing the
// clean_fuzz seeds. The pre-scan drops the attributes of a tag past kMaxAttributes (256).
TEST_CASE("a tag with tens of thousands of attributes is cleaned in linear time") {
  std::string html = "<p>first paragraph</p><p";
  for (int i = 0; i < 40000; ++i) html += " a" + std::to_string(i);
  html += ">second paragraph";
  check(html, "second paragraph");
}

// The selector parser recurses once per nested :is() / :where() / :not() / :has(): about 10,000
// levels overflow the 8 MiB stack (SIGSEGV; under ASan fewer). A rule file is user input
// (--rules, WINNOW_RULES), so `winnow rules check DIR` and every clean with that directory crash.
// Found by hand after selector_fuzz (whose inputs are capped at 2 KiB). The parser refuses lists
// nested more than 32 deep with a SelectorError.
TEST_CASE("deeply nested functional pseudo-classes are an error, not a stack overflow") {
  for (std::string_view fn : {":is(", ":where(", ":not(", ":has("}) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += fn;
    text += "p";
    text.append(100000, ')');
    winnow::html::Selector selector;
    winnow::html::SelectorError error;
    CHECK_FALSE(winnow::html::Selector::compile(text, &selector, &error));
    CHECK(!error.message.empty());
  }
  // A modest depth still compiles and matches.
  std::string text;
  for (int i = 0; i < 16; ++i) text += ":is(";
  text += "p";
  text.append(16, ')');
  winnow::html::Selector selector;
  winnow::html::SelectorError error;
  CHECK(winnow::html::Selector::compile(text, &selector, &error));
}

// Found by the 2-hour selector_fuzz campaign (2026-12-04): :has() nested in :has() with lists of
// '*' compounds took minutes to match on the fuzz target's small page (libFuzzer's 20 s timeout).
// As in CSS, :has() is not valid inside :has(): these now fail to compile, at once.
TEST_CASE("nested :has() is an error, not minutes of matching") {
  const std::string inputs[] = {
      std::string("\xec\x86\x0a\x2c\x2a\x0a\x0a\x0a\x2b\x0a\x2a\x0a\x09\x66\x63\x9c\x73\x09\x3a\x48\x61\x73\x28\x5c\x64\x61\x09\x0a\x2c\xff\xff\x66\x6b\x9c\x73\x09\x3a\x48\x61\x73\x28\x5c\x64\x61\x86\x0a\x2c\x2a\x0a\x0a\x0a\x2b\x0a\x2a\x0a\x09\x66\x63\x9c\x73\x09\x3a\x48\x61\x73\x28\x5c\x64\x61\x09\x0a\x2c\xff\xff\x66\x6b\x9c\x73\x09\x3a\x48\x61\x73\x28\x5c\x64\x61\xff\xf5\xd3\x81\xa3\xa1\xa3\xa3\x5c\x5c\x66\x69\x72\x0a\x2a\x2c\x0a\x0a\x0a\x50\x54\x44\x0a\x74\x0a\x0a\x2a\x0a\x0a\x2a\x0a\x0a\x0a\x0a\x63\x69\x72\x63\x6c\x65\x0a\x2c\x44\x0a\x74\x0a\xff\xff\x0a\x2b\x0a\x0a\x2a\x0a\x68\x61\x64\x0a\x0a\x2a\x0a\x63\x69\x72\x63\x6c\x65\x0a\x2c\xab\x46\x74\x2c\xae\x2c\xff\xff\x0a\x0a\x0a\x2a\x0a\x2c\x0a\x0a\x2a\x0a\x73\x74\x2d\x6c\x65\x0a\x29\x0a\x0a\x0a\x2a\x0a\x2c\xff\xff\x41\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xae\x2c\x2a\x0a\x0a\x29\x0a\x0a\x0a\x2a\x0a\x2c\xd1\xff\xf5\xd3\x81\xa3\xa1\xa3\xa3\x5c\x5c\x66\x69\x72\x73\x74\x2d\x6c\x65\x0a\x29\x0a\x0a\x0a\x2a\x0a\x2c\xff\xff\x41\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xae\x2c\x2a\x0a\x0a\x29\x0a\x0a\x0a\x2a\x0a\x2c\xd1\xf5\x0a", 271),
      std::string("\x09\x09\x3a\x48\x61\x73\x28\xff\xff\x0a\x2a\x0a\x2a\x0a\x2a\x0a\x2c\xd2\x41\x0a\x4a\x0a\x0a\x0a\xff\x09\x3a\x48\x61\x73\x28\xff\xff\x0a\x2a\x0a\x2c\x4a\x0a\x0a\x0a\xff\xfb\xff\x0a\x2a\x0a\x2a\x0a\x2a\x0a\x41\x0a\x09\x09\x3a\x48\x61\x73\x28\xff\xff\x0a\x2a\x0a\x2a\x0a\x2a\x0a\x2c\xd2\x41\x0a\x4a\x0a\x0a\x0a\xff\x09\x3a\x48\x61\x73\x28\xff\xff\x0a\x2a\x0a\x2c\x4a\x0a\x0a\x0a\xff\xfb\xff\x0a\x2a\x0a\x2a\x0a\x2a\x0a\x41\x0a\x0a\x2c\x4a\x0a\x0a\x0a\x46\x0a\x4e\x88\x29\x0a\x2a\x0a\x0a\x2c\x4a\x0a\x4e\x88\x29\x0a\x2a\x7e\x2a\x0a\x2c\x4a\x0a\x0a\x0a\x46\x0a\x4e\x88\x29\x0a\x2a\x0a\x0a\x2c\x4a\x0a\x4e\x88\x29\x0a\x2a\x7e\x2a\x0a\x61", 158),
      std::string("\x09\x09\x3a\x48\x61\x73\x28\x5c\x61\x61\x30\x5c\x5a\x09\x3a\x48\x61\x73\x28\x5c\x74\x68\x8d\x61\xa7\x30\x5c\x61\x2c\x61\x0a\x29\x0a\x2a\x2c\x09\x3a\x48\x61\x73\x28\x5c\x61\x61\x30\x5c\x5a\x09\x3a\x48\x61\x73\x28\x5c\x74\x68\x8d\x61\xa7\x30\x5c\x61\x2c\x61\x0a\x29\x0a\x2a\x2c\xff\x0a\x09\x09\x3a\x48\x61\x73\x28\x5c\x61\x61\x30\x5c\x5a\x09\x3a\x48\x61\x73\x28\x5c\x74\x68\x8d\x61\xa7\x30\x5c\x61\x2c\x61\x0a\x29\x0a\x2a\x2c\x09\x3a\x48\x61\x73\x28\x5c\x61\x61\x30\x5c\x5a\x09\x3a\x48\x61\x73\x28\x5c\x74\x68\x8d\x61\xa7\x30\x5c\x61\x2c\x61\x0a\x29\x0a\x2a\x2c\xff\x0a\x61\x2c\x61\x0a\x29\x3a\x48\x61\x73\x28\x5c\x8d\x61\x74\x68\xa7\x30\x61\x5c\x2c\x61\x0a\x29\x0a\x2a\x2c\x2a\x0a\x0a\xd8\x2c\x2a\x0a\x2a\x0a\x61\x2c\x9f\xf5\xd6\xc5\xb7\x9e\x8c\xe0\x5c\x8d\x61\xff\xff\xff\xff\xff\xff\xff\x0d\x74\x68\xa7\x30\x61\x5c\x2c\x61\x0a\x29\x0a\x2a\x2c\x2a\x0a\x2a\x2c\x2a\x0a\x0a\x61\x2c\x61\x0a\x29\x3a\x48\x61\x73\x28\x5c\x8d\x61\x74\x68\xa7\x30\x61\x5c\x2c\x61\x0a\x29\x0a\x2a\x2c\x2a\x0a\x0a\xd8\x2c\x2a\x0a\x2a\x0a\x61\x2c\x9f\xf5\xd6\xc5\xb7\x9e\x8c\xe0\x5c\x8d\x61\xff\xff\xff\xff\xff\xff\xff\x0d\x74\x68\xa7\x30\x61\x5c\x2c\x61\x0a\x29\x0a\x2a\x2c\x2a\x0a\x2a\x2c\x2a\x0a\x0a", 294),
  };
  for (const std::string& text : inputs) {
    winnow::html::Selector selector;
    winnow::html::SelectorError error;
    const auto start = std::chrono::steady_clock::now();
    const bool compiled = winnow::html::Selector::compile(text, &selector, &error);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < time_limit(1.0));
    CHECK_FALSE(compiled);
    CHECK(error.message == "':has()' cannot be used inside ':has()'");
  }
  for (std::string_view text : {"div:has(p:has(a))", "div:has(:is(p, li:has(a)))", ":has(:not(:has(a)))"}) {
    winnow::html::Selector selector;
    winnow::html::SelectorError error;
    CAPTURE(text);
    CHECK_FALSE(winnow::html::Selector::compile(text, &selector, &error));
    CHECK(error.message == "':has()' cannot be used inside ':has()'");
  }
  // :has() beside :has(), and :has() inside :is() or :not(), still compile.
  for (std::string_view text : {"div:has(p):has(a)", ":is(div:has(p), li)", "div:not(:has(img))"}) {
    winnow::html::Selector selector;
    winnow::html::SelectorError error;
    CAPTURE(text);
    CHECK(winnow::html::Selector::compile(text, &selector, &error));
  }
}
