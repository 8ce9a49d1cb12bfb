#include <doctest/doctest.h>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

TEST_CASE("jsonata: Arguments, Output, Assign and $states") {
  testing::ScriptedRunner runner;
  runner.On("T", [](const TaskRequest& r) {
    return TaskResult::Success(Json{{"doubled", r.input["n"].get<int>() * 2}});
  });
  auto run = testing::RunDefinition(
      R"({"QueryLanguage":"JSONata","StartAt":"A","States":{
          "A":{"Type":"Pass","Assign":{"base":"{% $states.input.n %}"},"Output":{"n":"{% $states.input.n + 1 %}"},
               "Next":"T"},
          "T":{"Type":"Task","Resource":"arn:aws:states:::x:y","Arguments":{"n":"{% $states.input.n %}"},
               "Output":"{% {'result': $states.result.doubled, 'base': $base, 'name': $states.context.State.Name} %}",
               "End":true}}})",
      Json::parse(R"({"n":4})"), {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"result":10,"base":4,"name":"T"})"));
}

TEST_CASE("jsonata: Choice conditions, Items and errors") {
  auto run = testing::RunDefinition(
      R"({"QueryLanguage":"JSONata","StartAt":"C","States":{
          "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.x > 1 %}","Next":"M"}],"Default":"F"},
          "M":{"Type":"Map","Items":"{% [1, 2, 3] %}","ItemSelector":"{% $states.context.Map.Item.Value * 10 %}",
               "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true},
          "F":{"Type":"Fail","Error":"{% 'Small' %}","Cause":"{% 'x=' & $string($states.input.x) %}"}}})",
      Json::parse(R"({"x":2})"));
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse("[10,20,30]"));
  auto small = testing::RunDefinition(
      R"({"QueryLanguage":"JSONata","StartAt":"F","States":{
          "F":{"Type":"Fail","Error":"{% 'Small' %}","Cause":"{% 'x=' & $string($states.input.x) %}"}}})",
      Json::parse(R"({"x":1})"));
  CHECK(small.result.error == "Small");
  CHECK(small.result.cause == "x=1");
  auto undefined = testing::RunDefinition(
      R"({"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $nope %}","End":true}}})",
      Json::object());
  CHECK(undefined.result.error == "States.QueryEvaluationError");
  CHECK(
      undefined.result.cause ==
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression "
      "'$nope' specified for the field 'Output' returned nothing (undefined).");
  CHECK(undefined.types() == std::vector<std::string>{"ExecutionStarted", "PassStateEntered",
                                                      "EvaluationFailed", "ExecutionFailed"});
}

}  // namespace
}  // namespace sfn::engine
