#include <doctest/doctest.h>

#include "engine/choice_rules.h"
#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

using internal::ChoiceOp;
using internal::CompareChoice;
using internal::MatchesWildcard;

TEST_CASE("choice: StringMatches wildcards and escapes") {
  struct Case {
    const char* text;
    const char* pattern;
    bool match;
  } cases[] = {
      {"log.txt", "*.txt", true}, {"log.txt", "*.csv", false}, {"abc", "a*c", true},
      {"ac", "a*c", true},        {"abd", "a*c", false},       {"a*c", "a\\*c", true},
      {"abc", "a\\*c", false},    {"a\\c", "a\\\\c", true},    {"", "*", true},
      {"x", "", false},           {"aaa", "*a*a*a*", true},    {"aab", "*a*a*a*", false},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.text));
    CAPTURE(std::string(c.pattern));
    CHECK(MatchesWildcard(c.text, c.pattern) == c.match);
  }
}

TEST_CASE("choice: comparison operators") {
  struct Case {
    ChoiceOp op;
    const char* value;
    const char* operand;
    bool match;
  } cases[] = {
      {ChoiceOp::kStringEquals, R"("a")", R"("a")", true},
      {ChoiceOp::kStringEquals, R"(1)", R"("1")", false},
      {ChoiceOp::kStringLessThan, R"("a")", R"("b")", true},
      {ChoiceOp::kStringGreaterThanEquals, R"("b")", R"("b")", true},
      {ChoiceOp::kNumericEquals, "1", "1.0", true},
      {ChoiceOp::kNumericEquals, R"("1")", "1", false},
      {ChoiceOp::kNumericLessThan, "-1", "0", true},
      {ChoiceOp::kNumericGreaterThan, "2.5", "2", true},
      {ChoiceOp::kNumericLessThanEquals, "3", "3", true},
      {ChoiceOp::kBooleanEquals, "true", "true", true},
      {ChoiceOp::kBooleanEquals, R"("true")", "true", false},
      {ChoiceOp::kTimestampEquals, R"("2020-01-01T00:00:00Z")", R"("2020-01-01T01:00:00+01:00")", true},
      {ChoiceOp::kTimestampLessThan, R"("2020-01-01T00:00:00.1Z")", R"("2020-01-01T00:00:00.2Z")", true},
      {ChoiceOp::kTimestampGreaterThan, R"("not a date")", R"("2020-01-01T00:00:00Z")", false},
      {ChoiceOp::kIsNull, "null", "true", true},
      {ChoiceOp::kIsNull, "0", "false", true},
      {ChoiceOp::kIsNumeric, "1.5", "true", true},
      {ChoiceOp::kIsString, R"("x")", "true", true},
      {ChoiceOp::kIsBoolean, "false", "true", true},
      {ChoiceOp::kIsTimestamp, R"("2016-03-14T01:59:00Z")", "true", true},
      {ChoiceOp::kIsTimestamp, R"("2016-03-14 01:59:00Z")", "true", false},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.value));
    CAPTURE(std::string(c.operand));
    CHECK(CompareChoice(c.op, Json::parse(c.value), Json::parse(c.operand)) == c.match);
  }
}

TEST_CASE("choice: operator names") {
  CHECK(internal::ParseChoiceOp("NumericLessThanPath")->is_path);
  CHECK(internal::ParseChoiceOp("StringEquals")->op == ChoiceOp::kStringEquals);
  CHECK_FALSE(internal::ParseChoiceOp("StringMatchesPath").has_value());
  CHECK_FALSE(internal::ParseChoiceOp("IsPresentPath").has_value());
  CHECK_FALSE(internal::ParseChoiceOp("Bogus").has_value());
}

constexpr const char* kChoice = R"j({"StartAt":"C","States":{
  "C":{"Type":"Choice","Choices":[
     {"Variable":"$.n","NumericGreaterThanPath":"$.limit","Next":"Big"},
     {"And":[{"Variable":"$.s","IsPresent":true},{"Not":{"Variable":"$.s","StringEquals":"x"}}],"Next":"S"},
     {"Or":[{"Variable":"$.b","BooleanEquals":true},{"Variable":"$.b","IsNull":true}],"Next":"B"}],
   "Default":"D"},
  "Big":{"Type":"Pass","Result":"big","End":true},
  "S":{"Type":"Pass","Result":"s","End":true},
  "B":{"Type":"Pass","Result":"b","End":true},
  "D":{"Type":"Pass","Result":"d","End":true}}})j";

TEST_CASE("choice: rules pick the next state") {
  struct Case {
    const char* input;
    const char* output;
  } cases[] = {
      {R"({"n":5,"limit":3,"b":false})", R"("big")"},
      {R"({"n":1,"limit":3,"s":"y","b":false})", R"("s")"},
      {R"({"n":1,"limit":3,"s":"x","b":true})", R"("b")"},
      {R"({"n":1,"limit":3,"b":null})", R"("b")"},
      {R"({"n":1,"limit":3,"b":false})", R"("d")"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.input));
    auto run = testing::RunDefinition(kChoice, Json::parse(c.input));
    REQUIRE(run.result.status == Status::kSucceeded);
    CHECK(*run.result.output == Json::parse(c.output));
  }
}

TEST_CASE("choice: a missing Variable fails with States.Runtime, except for IsPresent") {
  auto run = testing::RunDefinition(kChoice, Json::parse(R"({"limit":3})"));
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "States.Runtime");
  CHECK(
      run.result.cause ==
      "An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '$.n' : No "
      "results for path: $['n']");
}

TEST_CASE("choice: no match and no Default fails with States.NoChoiceMatched") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"E"}]},
          "E":{"Type":"Succeed"}}})",
      Json::parse(R"({"a":1})"));
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "States.NoChoiceMatched");
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"});
}

TEST_CASE("choice: InputPath and OutputPath apply") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"C","States":{"C":{"Type":"Choice","InputPath":"$.in","OutputPath":"$.v",
          "Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"E"}],"Default":"E"},"E":{"Type":"Succeed"}}})",
      Json::parse(R"({"in":{"v":1}})"));
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == 1);
}

}  // namespace
}  // namespace sfn::engine
