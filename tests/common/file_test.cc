#include "common/file.h"

#include <doctest/doctest.h>

#include <fstream>

using winnow::ErrorCode;

TEST_CASE("read_file reports each failure with the path") {
  std::string out;
  CHECK(winnow::read_file("/nonexistent/x.html", 100, &out).message == "/nonexistent/x.html: no such file");
  CHECK(winnow::read_file("/tmp", 100, &out).code == ErrorCode::kIsDirectory);
  const std::string path = "/tmp/winnow-read-file-test.html";
  std::ofstream(path) << "0123456789";
  CHECK(winnow::read_file(path, 100, &out).ok());
  CHECK(out == "0123456789");
  CHECK(winnow::read_file(path, 5, &out).code == ErrorCode::kTooLarge);
  CHECK(out.empty());
}
