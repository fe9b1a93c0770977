#include <doctest/doctest.h>

#include "extract/url.h"

using winnow::extract::has_scheme;
using winnow::extract::resolve_url;

TEST_CASE("resolve_url follows RFC 3986") {
  const char* base = "https://example.com/a/b/page.html?q=1#frag";
  CHECK(resolve_url(base, "https://other.org/x") == "https://other.org/x");
  CHECK(resolve_url(base, "//cdn.example.net/i.png") == "https://cdn.example.net/i.png");
  CHECK(resolve_url(base, "/root.html") == "https://example.com/root.html");
  CHECK(resolve_url(base, "img/x.png") == "https://example.com/a/b/img/x.png");
  CHECK(resolve_url(base, "../up.html") == "https://example.com/a/up.html");
  CHECK(resolve_url(base, "../../../../top.html") == "https://example.com/top.html");
  CHECK(resolve_url(base, "./same.html?x=2") == "https://example.com/a/b/same.html?x=2");
  CHECK(resolve_url(base, "?z=3") == "https://example.com/a/b/page.html?z=3");
  CHECK(resolve_url(base, "#top") == "https://example.com/a/b/page.html?q=1#top");
  CHECK(resolve_url("https://example.com", "x.html") == "https://example.com/x.html");
  CHECK(resolve_url(base, "  /trimmed  ") == "https://example.com/trimmed");
}

TEST_CASE("resolve_url leaves refs alone without an absolute base") {
  CHECK(resolve_url("", "/a") == "/a");
  CHECK(resolve_url("relative/base", "x") == "x");
}

TEST_CASE("has_scheme") {
  CHECK(has_scheme("http://x"));
  CHECK(has_scheme("data:image/png;base64,xx"));
  CHECK_FALSE(has_scheme("/a:b"));
  CHECK_FALSE(has_scheme("a/b:c"));
  CHECK_FALSE(has_scheme(""));
}
