#include <doctest/doctest.h>

#include "load/sniff.h"

using winnow::ErrorCode;

TEST_CASE("sniff accepts pages and refuses what is not one") {
  CHECK(winnow::load::sniff("<p>hi</p>", 100, "p").ok());
  CHECK(winnow::load::sniff("", 100, "p").code == ErrorCode::kEmpty);
  CHECK(winnow::load::sniff(" \r\n ", 100, "p").code == ErrorCode::kEmpty);
  CHECK(winnow::load::sniff("<p>0123456789</p>", 10, "p").code == ErrorCode::kTooLarge);
  CHECK(winnow::load::sniff("%PDF-1.7 ...", 100, "doc").message == "doc: input is a PDF document, not HTML");
  CHECK(winnow::load::sniff(std::string("GIF89a\0\0", 8), 100, "p").code == ErrorCode::kBinary);
  CHECK(winnow::load::sniff(std::string("<p>\0</p>", 8), 100, "p").code == ErrorCode::kBinary);
  // UTF-16 text is full of NUL bytes but is not binary when it says so with a byte order mark.
  CHECK(winnow::load::sniff(std::string("\xFF\xFE<\0p\0>\0", 8), 100, "p").ok());
}
