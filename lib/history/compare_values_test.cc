#include "history/compare_values.h"

#include <doctest/doctest.h>

namespace sfn::history {
namespace {

struct StringCase {
  const char* expected;
  const char* actual;
  bool match;
};

TEST_CASE("compare: strings by value, placeholder and shape") {
  const StringCase cases[] = {
      {"abc", "abc", true},
      {"abc", "abd", false},
      {"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "7c9e6679-7425-40de-944b-e07fc1f90ae7", true},
      {"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "not-a-uuid", false},
      {"2024-05-03T13:41:47.123Z", "2023-11-14T22:13:20Z", true},
      {"2024-05-03T13:41:47.123Z", "yesterday", false},
      {"at 2024-05-03T13:41:47+01:00 ok", "at 2020-01-01T00:00:00.000Z ok", true},
      {"arn:aws:states:us-east-1:123456789012:execution:M:abc", "arn:aws:states:eu-west-1:1:execution:N:def", true},
      {"arn:aws:lambda:us-east-1:123456789012:function:a", "arn:aws:lambda:us-east-1:123456789012:function:b", false},
      {"arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
       "arn:aws:states:us-east-1:123456789012:execution:StateMachine:x1", true},
      {"Hello <ExecArnPart_0idx>!", "Hello world!", true},
      {"Hello <ExecArnPart_0idx>!", "Goodbye world!", false},
      {"account 111111111111", "account 123456789012", true},
  };
  for (const StringCase& c : cases) {
    CAPTURE(c.expected);
    CAPTURE(c.actual);
    CHECK(StringsMatch(c.expected, c.actual) == c.match);
  }
}

TEST_CASE("compare: masked words match only in normalised recordings") {
  CHECK_FALSE(StringsMatch("date", "2024-05-03T13:41:47Z"));
  CHECK(StringsMatch("date", "2024-05-03T13:41:47Z", {true, {}}));
  CHECK_FALSE(CompareValues(Json("RandomNumberGenerated"), Json(42), {true, {}}).has_value());
  CHECK(CompareValues(Json("RandomNumberGenerated"), Json(42), {false, {}}).has_value());
}

TEST_CASE("compare: texts the recording's tooling replaced are replaced in the replayed values") {
  ValueCompareOptions options;
  options.replacements = {{"lambda_1a2b0096", "lambda_function_name"}};
  const char* recorded = "arn:aws:lambda:us-east-1:111111111111:function:lambda_function_name";
  const char* replayed = "arn:aws:lambda:us-east-1:111111111111:function:lambda_1a2b0096";
  CHECK_FALSE(StringsMatch(recorded, replayed));
  CHECK(StringsMatch(recorded, replayed, options));
  CHECK_FALSE(StringsMatch(recorded, "arn:aws:lambda:us-east-1:111111111111:function:other", options));
  // Inside JSON texts held in strings, and in every occurrence.
  CHECK(StringsMatch(R"({"a": "lambda_function_name/lambda_function_name"})",
                     R"({"a":"lambda_1a2b0096/lambda_1a2b0096"})", options));
  Json expected = Json::parse(R"({"FunctionName": "lambda_function_name", "n": 1})");
  Json actual = Json::parse(R"({"FunctionName": "lambda_1a2b0096", "n": 1})");
  CHECK_FALSE(CompareValues(expected, actual, options).has_value());
  CHECK(CompareValues(expected, actual).has_value());
  // A placeholder that holds its text is not replaced again.
  options.replacements = {{"queue", "<queue>"}};
  CHECK(StringsMatch("<queue>-1", "queue-1", options));
}

TEST_CASE("compare: first difference with its pointer") {
  struct Case {
    const char* expected;
    const char* actual;
    const char* pointer;  // nullptr: no difference
    const char* expected_at;
    const char* actual_at;
  };
  const Case cases[] = {
      {R"({"a":1,"b":[1,2]})", R"({"b":[1,2],"a":1.0})", nullptr, nullptr, nullptr},
      {R"({"a":1,"b":[1,2]})", R"({"a":1,"b":[1,3]})", "/b/1", "2", "3"},
      {R"({"a":{"x/y":true}})", R"({"a":{"x/y":false}})", "/a/x~1y", "true", "false"},
      {R"({"a":1})", R"({"a":1,"extra":2})", "/extra", nullptr, "2"},
      {R"({"a":1,"gone":2})", R"({"a":1})", "/gone", "2", nullptr},
      {R"([1,2,3])", R"([1,2])", "/2", "3", nullptr},
      {R"("x")", R"(1)", "", R"("x")", "1"},
      {R"({"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"})", R"({"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7"})",
       nullptr, nullptr, nullptr},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    CAPTURE(c.actual);
    auto m = CompareValues(Json::parse(c.expected), Json::parse(c.actual));
    if (c.pointer == nullptr) {
      CHECK_FALSE(m.has_value());
      continue;
    }
    REQUIRE(m.has_value());
    CHECK(m->pointer == c.pointer);
    CHECK(m->expected.has_value() == (c.expected_at != nullptr));
    CHECK(m->actual.has_value() == (c.actual_at != nullptr));
    if (c.expected_at) CHECK(*m->expected == Json::parse(c.expected_at));
    if (c.actual_at) CHECK(*m->actual == Json::parse(c.actual_at));
  }
}

TEST_CASE("compare: a payload kept as text because of its placeholders matches the value") {
  CHECK_FALSE(CompareValues(Json("{\"Id\":<ExecArnPart_0idx>}"), Json::parse(R"({"Id":"abc"})")).has_value());
}

TEST_CASE("compare: value at a pointer") {
  Json v = Json::parse(R"({"a":[{"b~c":1}],"x/y":2})");
  REQUIRE(ValueAt(v, "/a/0/b~0c") != nullptr);
  CHECK(*ValueAt(v, "/a/0/b~0c") == 1);
  CHECK(*ValueAt(v, "/x~1y") == 2);
  CHECK(ValueAt(v, "/a/1") == nullptr);
  CHECK(ValueAt(v, "/a/99999999999999999999") == nullptr);
  CHECK(ValueAt(v, "") == &v);
  CHECK(PointerToken("a/b~c") == "a~1b~0c");
}

TEST_CASE("compare: deep values do not crash") {
  Json a = Json::array();
  Json* cur = &a;
  for (int i = 0; i < 2000; ++i) {
    cur->push_back(Json::array());
    cur = &(*cur)[0];
  }
  CHECK_FALSE(CompareValues(a, a).has_value());
}

}  // namespace
}  // namespace sfn::history
