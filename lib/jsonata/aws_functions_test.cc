#include "jsonata/aws_functions.h"

#include <doctest/doctest.h>

#include <regex>
#include <utility>

#include "jsonata/test_util.h"

namespace sfn::jsonata {
namespace {

using testing::Run;

Bindings AwsBindings(std::optional<uint64_t> seed = 42) {
  Bindings b;
  AddAwsFunctions(b, seed);
  return b;
}

TEST_CASE("aws functions: $partition") {
  Bindings b = AwsBindings();
  CHECK(Run("$partition([1,2,3,4,5,6,7,8,9], 3)", "", b) == "[[1,2,3],[4,5,6],[7,8,9]]");
  CHECK(Run("$partition([1,2,3,4,5], 2)", "", b) == "[[1,2],[3,4],[5]]");
  CHECK(Run("$partition([], 2)", "", b) == "[]");
  CHECK(Run("$partition('a', 2)", "", b) == R"([["a"]])");
  CHECK(Run("$partition([1,2], 0)", "", b) == "error D3200");
  CHECK(Run("$partition([1,2], 1.5)", "", b) == "error D3200");
}

TEST_CASE("aws functions: $range gives a sequence (one number alone, none undefined), $partition an array") {
  Bindings b = AwsBindings();
  const std::pair<const char*, const char*> cases[] = {
      {"$range(0, 10, 2)", "[0,2,4,6,8,10]"},
      {"$range(1, 4)", "[1,2,3,4]"},
      {"$range(5, 1, -2)", "[5,3,1]"},
      {"$range(0, 1, 0)", "error D3200"},
      {"$range(0.5, 2)", "error D3200"},
      {"$range(1, 9, 9)", "1"},
      {"$range(1, 1)", "1"},
      {"$range(5, 1, 1)", "undefined"},
      {"$range(1, 1)[]", "[1]"},
      {"[$range(1, 1)]", "[1]"},
      {"$count($range(1, 1))", "1"},
      {"{'r': $range(1, 1)}", R"({"r":1})"},
      {"$range(1, 3)[1]", "2"},
      {"$partition([0], 4)", "[[0]]"},
  };
  for (const auto& [expression, expected] : cases) {
    CAPTURE(expression);
    CHECK(Run(expression, "", b) == expected);
  }
}

TEST_CASE("aws functions: $hash") {
  Bindings b = AwsBindings();
  CHECK(Run("$hash('input data', 'MD5')", "", b) == R"("812f45842bc6d66ee14572ce20db8e86")");
  CHECK(Run("$hash('abc', 'SHA-1')", "", b) == R"("a9993e364706816aba3e25717850c26c9cd0d89d")");
  CHECK(Run("$hash('abc', 'SHA-256')", "", b) ==
        R"("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")");
  CHECK(Run("$length($hash('abc', 'SHA-384'))", "", b) == "96");
  CHECK(Run("$length($hash('abc', 'SHA-512'))", "", b) == "128");
  CHECK(Run("$hash('abc', 'SHA-3')", "", b) == "error D3200");
}

TEST_CASE("aws functions: $random, $uuid and $parse") {
  Bindings b = AwsBindings();
  CHECK(Run("$random(7) = $random(7)", "", b) == "true");
  CHECK(Run("$random(7) = $random(8)", "", b) == "false");
  CHECK(Run("($r := $random(); $r >= 0 and $r < 1)", "", b) == "true");
  std::string uuid = Run("$uuid()", "", b);
  CHECK(std::regex_match(uuid, std::regex(R"("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")")));
  CHECK(Run("$uuid() = $uuid()", "", b) == "false");
  // The same seed gives the same sequence.
  CHECK(Run("$uuid()", "", AwsBindings(1)) == Run("$uuid()", "", AwsBindings(1)));
  CHECK(Run("$parse('{\"a\": [1, 2]}').a[1]", "", b) == "2");
  CHECK(Run("$parse('not json')", "", b) == "error D3200");
}

}  // namespace
}  // namespace sfn::jsonata
