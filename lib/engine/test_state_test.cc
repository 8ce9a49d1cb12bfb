#include "engine/test_state.h"

#include <doctest/doctest.h>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

TEST_CASE("test state: a Pass state with DEBUG inspection") {
  TestStateOptions options;
  options.definition = Json::parse(
      R"({"Type":"Pass","InputPath":"$.in","Parameters":{"v.$":"$.v"},"ResultPath":"$.r","Next":"Elsewhere"})");
  options.input = Json::parse(R"({"in":{"v":1}})");
  options.inspection_level = InspectionLevel::kDebug;
  TestStateResult r = TestState(options);
  CHECK(r.ToJson() == Json::parse(R"({
      "output":{"in":{"v":1},"r":{"v":1}},
      "inspectionData":{"input":{"in":{"v":1}},"afterInputPath":{"v":1},"afterParameters":{"v":1},
                        "afterResultSelector":{"v":1},"afterResultPath":{"in":{"v":1},"r":{"v":1}}},
      "nextState":"Elsewhere","status":"SUCCEEDED"})"));
}

TEST_CASE("test state: mocks, Retry and Catch") {
  TestStateOptions options;
  options.definition = Json::parse(R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "Retry":[{"ErrorEquals":["Retry.Me"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handler"}],"End":true})");
  options.mock_result = Json::parse(R"({"ok":true})");
  TestStateResult ok = TestState(options);
  CHECK(ok.status == "SUCCEEDED");
  CHECK(*ok.output == Json::parse(R"({"ok":true})"));

  options.mock_result.reset();
  options.mock_error = "Retry.Me";
  options.mock_cause = "later";
  TestStateResult retriable = TestState(options);
  CHECK(retriable.status == "RETRIABLE");
  CHECK(*retriable.error == "Retry.Me");

  options.mock_error = "Other";
  TestStateResult caught = TestState(options);
  CHECK(caught.status == "CAUGHT_ERROR");
  CHECK(*caught.next_state == "Handler");
  CHECK(*caught.output == Json::parse(R"({"Error":"Other","Cause":"later"})"));
}

TEST_CASE("test state: a state picked by name in a state machine, with variables") {
  TestStateOptions options;
  options.definition = Json::parse(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Next":"B"},
      "B":{"Type":"Choice","Choices":[{"Variable":"$limit","NumericLessThan":5,"Next":"A"}],"Default":"C"},
      "C":{"Type":"Succeed"}}})");
  options.state_name = "B";
  options.variables = Json::parse(R"({"limit":3})");
  TestStateResult r = TestState(options);
  CHECK(r.status == "SUCCEEDED");
  CHECK(*r.next_state == "A");
  TestStateOptions missing;
  missing.definition = Json::parse(R"({"StartAt":"A","States":{}})");
  missing.state_name = "Z";
  TestStateResult none = TestState(missing);
  CHECK(none.status == "FAILED");
  CHECK(*none.error == "States.Runtime");
}

TEST_CASE("clock: virtual and real clocks") {
  VirtualClock v(1000);
  CHECK(v.Now() == 1000);
  CHECK(v.SleepUntil(5000, nullptr));
  CHECK(v.Now() == 5000);
  CHECK(v.SleepUntil(2000, nullptr));
  CHECK(v.Now() == 5000);
  RealClock real;
  process::CancelToken token;
  token.Cancel();
  int64_t before = real.Now();
  CHECK_FALSE(real.SleepUntil(before + 60000, &token));
  CHECK(real.Now() - before < 1000);
  CHECK(real.SleepUntil(real.Now() + 20, nullptr));
}

}  // namespace
}  // namespace sfn::engine
