#include <doctest/doctest.h>

#include "extract/dates.h"

using winnow::extract::iso8601;

TEST_CASE("ISO 8601 dates are kept as written") {
  CHECK(iso8601(" 2018-04-05T06:00 ") == "2018-04-05T06:00");
  CHECK(iso8601("2018-04-05T06:00:00+02:00") == "2018-04-05T06:00:00+02:00");
  CHECK(iso8601("2018-04-05") == "2018-04-05");
}

TEST_CASE("other common forms are converted") {
  CHECK(iso8601("2018-04-05 06:00:00") == "2018-04-05T06:00:00");
  CHECK(iso8601("2018/04/05") == "2018-04-05");
  CHECK(iso8601("Thu, 05 Apr 2018 06:00:00 GMT") == "2018-04-05T06:00:00Z");
  CHECK(iso8601("April 5, 2018") == "2018-04-05");
  CHECK(iso8601("5th April 2018") == "2018-04-05");
  CHECK(iso8601("Dec. 24, 2020 at 03:53") == "2020-12-24T03:53");
}

TEST_CASE("non-dates give nothing") {
  CHECK(iso8601("") == "");
  CHECK(iso8601("yesterday") == "");
  CHECK(iso8601("2018-13-45") == "");
  CHECK(iso8601("April 2018") == "");
}
