#include "jsonata/js_number.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace sfn::jsonata {
namespace {

TEST_CASE("js number: toString matches JavaScript") {
  const std::pair<double, const char*> cases[] = {
      {0, "0"},           {-0.0, "0"},          {1, "1"},
      {-42, "-42"},       {0.1 + 0.2, "0.30000000000000004"},
      {1e21, "1e+21"},    {1e20, "100000000000000000000"},
      {1.5e-7, "1.5e-7"}, {0.000001, "0.000001"},
      {123.456, "123.456"}, {2.5e-300, "2.5e-300"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
  };
  for (const auto& [value, expected] : cases) {
    CAPTURE(value);
    CHECK(JsNumberToString(value) == expected);
  }
}

TEST_CASE("js number: 15 significant digits and radix") {
  CHECK(RoundTo15Digits(0.1 + 0.2) == 0.3);
  CHECK(RoundTo15Digits(1.0000000000000002) == 1);
  CHECK(JsIntegerToRadix(255, 16) == "ff");
  CHECK(JsIntegerToRadix(-5, 2) == "-101");
  CHECK(JsIntegerToRadix(35, 36) == "z");
}

}  // namespace
}  // namespace sfn::jsonata
