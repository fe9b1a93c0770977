#include <doctest/doctest.h>

#include "extract/entities.h"

using winnow::extract::unescape_entities;

TEST_CASE("double-escaped meta content is decoded once more") {
  CHECK(unescape_entities("Tom &amp; Jerry") == "Tom & Jerry");
  CHECK(unescape_entities("it&#39;s &#x27;ok&#x27; &lt;b&gt; &quot;q&quot; &apos;") == "it's 'ok' <b> \"q\" '");
  CHECK(unescape_entities("&#8212;") == "\xE2\x80\x94");
  CHECK(unescape_entities("&#128512;") == "\xF0\x9F\x98\x80");
}

TEST_CASE("unknown or broken references stay as written") {
  CHECK(unescape_entities("AT&T") == "AT&T");
  CHECK(unescape_entities("&nbsp;") == "&nbsp;");
  CHECK(unescape_entities("&#xZZ;") == "&#xZZ;");
  CHECK(unescape_entities("&#55296;") == "&#55296;");  // a lone surrogate
  CHECK(unescape_entities("a & b;") == "a & b;");
}
