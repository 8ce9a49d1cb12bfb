#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/engine_test_support.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using testing::ScriptedRunner;

constexpr int64_t kStart = 1700000000000;

TEST_CASE("task: data flow with Parameters, ResultSelector, ResultPath and OutputPath") {
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest& r) {
    return TaskResult::Success(Json{{"Payload", r.input}, {"Status", 200}});
  });
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "InputPath":"$.in","Parameters":{"x.$":"$.v","name.$":"$$.State.Name"},
          "ResultSelector":{"p.$":"$.Payload"},"ResultPath":"$.out","OutputPath":"$.out.p","End":true}}})",
      Json::parse(R"({"in":{"v":7}})"), {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"x":7,"name":"T"})"));
  auto requests = runner.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].input == Json::parse(R"({"x":7,"name":"T"})"));
  CHECK(requests[0].resource == "arn:aws:states:::lambda:invoke");
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                                "TaskStarted", "TaskSucceeded", "TaskStateExited",
                                                "ExecutionSucceeded"});
  const Json& scheduled = run.result.events["events"][2]["taskScheduledEventDetails"];
  CHECK(scheduled["resourceType"] == "lambda");
  CHECK(scheduled["resource"] == "invoke");
  CHECK(scheduled["region"] == "us-east-1");
  CHECK(scheduled["parameters"] == R"({"x":7,"name":"T"})");
}

TEST_CASE("task: a Lambda function ARN records LambdaFunction events") {
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest&) { return TaskResult::Failure("Boom", "bad"); });
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
          "End":true}}})",
      Json::object(), {}, &runner);
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "Boom");
  CHECK(run.result.cause == "bad");
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered",
                                                "LambdaFunctionScheduled", "LambdaFunctionStarted",
                                                "LambdaFunctionFailed", "ExecutionFailed"});
  CHECK(run.result.events["events"][5]["previousEventId"] == 5);
}

TEST_CASE("task: Retry with backoff, MaxDelaySeconds and RetryCount") {
  VirtualClock clock(kStart);
  ScriptedRunner runner;
  std::atomic<int> calls{0};
  runner.On("T", [&](const TaskRequest& r) {
    ++calls;
    if (r.attempt < 3) return TaskResult::Failure("Flaky", "try again");
    return TaskResult::Success(Json{{"attempt", r.attempt}});
  });
  ExecutionOptions options;
  options.clock = &clock;
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y",
          "Retry":[{"ErrorEquals":["Other"],"MaxAttempts":5},
                   {"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"BackoffRate":3,"MaxDelaySeconds":10,
                    "MaxAttempts":3}],
          "ResultSelector":{"a.$":"$.attempt","retries.$":"$$.State.RetryCount"},"End":true}}})",
      Json::object(), options, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"a":3,"retries":3})"));
  CHECK(calls == 4);
  // Delays: 2 s, 6 s, then 18 s capped at 10 s.
  CHECK(run.result.stop_ms - run.result.start_ms == 18000);
}

TEST_CASE("task: MaxAttempts 0 never retries; exhausted retries fall to Catch") {
  ScriptedRunner runner;
  std::atomic<int> calls{0};
  runner.On("T", [&](const TaskRequest&) {
    ++calls;
    return TaskResult::Failure("E", "c");
  });
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y",
          "Retry":[{"ErrorEquals":["E"],"MaxAttempts":0}],
          "Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"H"}],"End":true},
          "H":{"Type":"Pass","End":true}}})",
      Json::parse(R"({"k":1})"), {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(calls == 1);
  CHECK(*run.result.output == Json::parse(R"({"k":1,"err":{"Error":"E","Cause":"c"}})"));
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                                "TaskStarted", "TaskFailed", "TaskStateExited",
                                                "PassStateEntered", "PassStateExited", "ExecutionSucceeded"});
}

TEST_CASE("task: error matching") {
  internal::Failure runtime = internal::MakeFailure("States.Runtime", "x", true);
  internal::Failure timeout = internal::MakeFailure("States.Timeout", "x");
  internal::Failure custom = internal::MakeFailure("MyError", "x");
  CHECK_FALSE(internal::ErrorMatches({"States.ALL"}, runtime, true));
  CHECK(internal::ErrorMatches({"States.ALL"}, timeout, true));
  CHECK(internal::ErrorMatches({"States.TaskFailed"}, custom, true));
  CHECK_FALSE(internal::ErrorMatches({"States.TaskFailed"}, custom, false));
  CHECK_FALSE(internal::ErrorMatches({"States.TaskFailed"}, timeout, true));
  CHECK(internal::ErrorMatches({"States.Timeout"}, timeout, true));
  CHECK(internal::ErrorMatches({"A", "MyError"}, custom, false));
}

TEST_CASE("task: States.Runtime is never caught") {
  ScriptedRunner runner;
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y","OutputPath":"$.missing",
          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"},{"ErrorEquals":["States.Runtime"],"Next":"H"}],
          "End":true},"H":{"Type":"Pass","End":true}}})",
      Json::parse(R"({"k":1})"), {}, &runner);
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "States.Runtime");
}

TEST_CASE("task: the result size is limited") {
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest&) { return TaskResult::Success(std::string(300, 'x')); });
  ExecutionOptions options;
  options.payload_limit = 250;
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y",
          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}})",
      Json::object(), options, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK((*run.result.output)["Error"] == "States.DataLimitExceeded");
}

TEST_CASE("task: waitForTaskToken hands a token to the runner and to $$.Task.Token") {
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest& r) { return TaskResult::Success(Json{{"token", r.task_token}}); });
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters":{"t.$":"$$.Task.Token"},"End":true}}})",
      Json::object(), {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  auto requests = runner.requests();
  REQUIRE(requests.size() == 1);
  CHECK_FALSE(requests[0].task_token.empty());
  CHECK(requests[0].input["t"] == requests[0].task_token);
  CHECK(run.result.events["events"][2]["taskScheduledEventDetails"]["resource"] ==
        "sendMessage.waitForTaskToken");
}

TEST_CASE("task: timestamps never go back, though branches and iterations keep clocks of their own") {
  // One branch's task takes real time, the other's none; Map iterations likewise. Every event is stamped
  // no earlier than the one before it, as in AWS's histories.
  ScriptedRunner runner;
  runner.On("Slow", [](const TaskRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    return TaskResult::Success(Json::object());
  });
  runner.On("Fast", [](const TaskRequest&) { return TaskResult::Success(Json::object()); });
  auto run = testing::RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Fast","States":{"Fast":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
          {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,"ItemProcessor":{
              "StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "End":true}}}}}}]}}})",
      Json{{"items", {1, 2, 3}}}, {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  const Json& events = run.result.events["events"];
  REQUIRE(events.size() > 10);
  for (size_t i = 1; i < events.size(); ++i) {
    INFO("event " << events[i]["id"] << " " << events[i]["type"]);
    CHECK(events[i]["timestamp"].get<double>() >= events[i - 1]["timestamp"].get<double>());
  }
}

}  // namespace
}  // namespace sfn::engine

namespace sfn::engine {
namespace {

TEST_CASE("task: virtual time moves on by the time a task really took") {
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    return TaskResult::Success(Json::object());
  });
  auto run = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"W"},
          "W":{"Type":"Wait","Seconds":3600,"End":true}}})",
      Json::object(), {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  const Json& events = run.result.events["events"];
  auto at = [&](const std::string& type) {
    for (const Json& e : events) {
      if (e["type"] == type) return e["timestamp"].get<double>();
    }
    FAIL("no " << type << " event");
    return 0.0;
  };
  double task = at("TaskSucceeded") - at("TaskStarted");
  CHECK(task >= 0.119);
  CHECK(task < 60.0);
  double total = at("ExecutionSucceeded") - at("ExecutionStarted");
  CHECK(total >= 3600.119);  // the hour's Wait took no real time, the task its real time
  CHECK(total < 3660.0);
}

}  // namespace
}  // namespace sfn::engine

namespace sfn::engine {
namespace {

TEST_CASE("task: .sync and .waitForTaskToken integrations record TaskSubmitted") {
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest& r) { return TaskResult::Success(Json{{"token", !r.task_token.empty()}}); });
  for (const char* resource : {"arn:aws:states:::sqs:sendMessage.waitForTaskToken", "arn:aws:states:::states:startExecution.sync:2",
                               "arn:aws:states:::batch:submitJob.sync"}) {
    std::string shown = resource;
    CAPTURE(shown);
    auto run = testing::RunDefinition(std::string(R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":")") +
                                          resource + R"(","End":true}}})",
                                      Json::object(), {}, &runner);
    REQUIRE(run.result.status == Status::kSucceeded);
    CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                                  "TaskSubmitted", "TaskSucceeded", "TaskStateExited",
                                                  "ExecutionSucceeded"});
  }
  auto plain = testing::RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}})",
      Json::object(), {}, &runner);
  std::vector<std::string> types = plain.types();
  CHECK(std::count(types.begin(), types.end(), "TaskSubmitted") == 0);
  CHECK(std::count(types.begin(), types.end(), "TaskSucceeded") == 1);
}

}  // namespace
}  // namespace sfn::engine
