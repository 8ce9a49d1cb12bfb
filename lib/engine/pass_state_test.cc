#include <doctest/doctest.h>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

using testing::RunDefinition;

struct Case {
  const char* name;
  const char* definition;
  const char* input;
  const char* output;
};

TEST_CASE("engine: pass state data flow") {
  const Case cases[] = {
      {"plain", R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})", R"({"a":1})", R"({"a":1})"},
      {"result", R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"End":true}}})",
       R"({"a":1})", R"({"x":1})"},
      {"result path",
       R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":2,"ResultPath":"$.b","End":true}}})",
       R"({"a":1})", R"({"a":1,"b":2})"},
      {"result path null",
       R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":2,"ResultPath":null,"End":true}}})",
       R"({"a":1})", R"({"a":1})"},
      {"input path", R"({"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.a","End":true}}})",
       R"({"a":{"b":1}})", R"({"b":1})"},
      {"input path null", R"({"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,"End":true}}})",
       R"({"a":1})", R"({})"},
      {"output path null", R"({"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":null,"End":true}}})",
       R"({"a":1})", R"({})"},
      {"output path", R"({"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.a","End":true}}})",
       R"({"a":[1,2]})", R"([1,2])"},
      {"parameters",
       R"({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$.a","k":"c"},"End":true}}})",
       R"({"a":5})", R"({"v":5,"k":"c"})"},
      {"parameters with result path",
       R"({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$.a"},"ResultPath":"$.r","End":true}}})",
       R"({"a":5})", R"({"a":5,"r":{"v":5}})"},
      {"intrinsic",
       R"j({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.a, 2)"},"End":true}}})j",
       R"({"a":5})", R"({"v":7})"},
      {"two states",
       R"({"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.x","Next":"B"},"B":{"Type":"Pass","End":true}}})",
       R"({})", R"({"x":1})"},
      {"context",
       R"({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"n.$":"$$.State.Name","e.$":"$$.Execution.Name"},"End":true}}})",
       R"({})", R"({"n":"P","e":"test-execution"})"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto run = RunDefinition(c.definition, Json::parse(c.input));
    REQUIRE(run.result.status == Status::kSucceeded);
    CHECK(*run.result.output == Json::parse(c.output));
  }
}

TEST_CASE("engine: pass state events") {
  auto run = RunDefinition(
      R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}})",
      Json::parse(R"({"k":1})"));
  const Json& events = run.result.events["events"];
  REQUIRE(events.size() == 6);
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "PassStateExited",
                                                "PassStateEntered", "PassStateExited", "ExecutionSucceeded"});
  CHECK(events[0]["previousEventId"] == 0);
  CHECK(events[1]["previousEventId"] == 0);
  CHECK(events[2]["previousEventId"] == 2);
  CHECK(events[3]["previousEventId"] == 3);
  CHECK(events[5]["previousEventId"] == 5);
  CHECK(events[1]["stateEnteredEventDetails"]["input"] == R"({"k":1})");
  CHECK(events[5]["executionSucceededEventDetails"]["output"] == R"({"k":1})");
}

}  // namespace
}  // namespace sfn::engine
