#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

using testing::RunDefinition;
using testing::ScriptedRunner;

constexpr int64_t kStart = 1700000000000;

TEST_CASE("execution: identities and the context object") {
  VirtualClock clock(kStart);
  ExecutionOptions options;
  options.clock = &clock;
  options.state_machine_name = "Machine";
  options.account = "111122223333";
  options.region = "eu-west-1";
  auto run =
      RunDefinition(R"({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"c.$":"$$"},"End":true}}})",
                    Json::parse(R"({"a":1})"), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(run.result.execution_arn == "arn:aws:states:eu-west-1:111122223333:execution:Machine:test-execution");
  CHECK(run.result.state_machine_arn == "arn:aws:states:eu-west-1:111122223333:stateMachine:Machine");
  Json expected = Json::parse(R"({"c":{
      "Execution":{"Id":"arn:aws:states:eu-west-1:111122223333:execution:Machine:test-execution","Input":{"a":1},
                   "StartTime":"2023-11-14T22:13:20.000Z","Name":"test-execution",
                   "RoleArn":"arn:aws:iam::111122223333:role/service-role/StepFunctions-Machine-role",
                   "RedriveCount":0},
      "StateMachine":{"Id":"arn:aws:states:eu-west-1:111122223333:stateMachine:Machine","Name":"Machine"},
      "State":{"Name":"P","EnteredTime":"2023-11-14T22:13:20.000Z"}}})");
  CHECK(*run.result.output == expected);
  const Json& started = run.result.events["events"][0];
  CHECK(started["type"] == "ExecutionStarted");
  CHECK(started["executionStartedEventDetails"]["input"] == R"({"a":1})");
  CHECK(started["timestamp"].get<double>() == doctest::Approx(kStart / 1000.0));
}

TEST_CASE("execution: TimeoutSeconds times the execution out") {
  VirtualClock clock(kStart);
  ExecutionOptions options;
  options.clock = &clock;
  auto run = RunDefinition(
      R"({"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})",
      Json::object(), options);
  CHECK(run.result.status == Status::kTimedOut);
  CHECK(run.result.error == "States.Timeout");
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"});
  CHECK(run.result.stop_ms - run.result.start_ms == 5000);
}

TEST_CASE("execution: TimeoutSeconds with a real clock interrupts a running task") {
  RealClock clock;
  ScriptedRunner runner;
  runner.On("T", [](const TaskRequest& r) {
    for (int i = 0; i < 1000 && !r.cancel->IsCancelled(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return TaskResult::Success(Json::object());
  });
  ExecutionOptions options;
  options.clock = &clock;
  auto start = std::chrono::steady_clock::now();
  auto run = RunDefinition(
      R"({"TimeoutSeconds":1,"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true}}})",
      Json::object(), options, &runner);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(run.result.status == Status::kTimedOut);
  CHECK(seconds < 4.0);
}

TEST_CASE("execution: the cancel token aborts the execution and keeps the history") {
  RealClock clock;
  auto cancel = std::make_shared<process::CancelToken>();
  ExecutionOptions options;
  options.clock = &clock;
  options.cancel = cancel;
  std::thread stopper([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel->Cancel();
  });
  auto run = RunDefinition(
      R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","Seconds":30,"End":true}}})",
      Json::object(), options);
  stopper.join();
  CHECK(run.result.status == Status::kAborted);
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "PassStateExited",
                                                "WaitStateEntered", "ExecutionAborted"});
}

TEST_CASE("execution: the cancel token reaches a running task on the virtual clock") {
  // The watchdog starts when the task starts: the task's own token must fire when the caller's does.
  auto cancel = std::make_shared<process::CancelToken>();
  std::atomic<bool> task_saw_it{false};
  ScriptedRunner runner;
  runner.On("T", [&](const TaskRequest& r) {
    cancel->Cancel();
    for (int i = 0; i < 1000 && !r.cancel->IsCancelled(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    task_saw_it = r.cancel->IsCancelled();
    return TaskResult::Failure("Sfn.TaskAborted", "task cancelled");
  });
  ExecutionOptions options;
  options.cancel = cancel;
  auto run = RunDefinition(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true}}})",
      Json::object(), options, &runner);
  CHECK(task_saw_it.load());
  CHECK(run.result.status == Status::kAborted);
}

TEST_CASE("execution: a task killed right after the cancel token fires is aborted, never caught") {
  // sfn run-local fires the token and kills every task process at once; the task then returns its
  // cancellation before the watchdog thread has noticed the token. Neither Retry nor Catch may see it.
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    auto cancel = std::make_shared<process::CancelToken>();
    ScriptedRunner runner;
    runner.On("T", [cancel](const TaskRequest&) {
      cancel->Cancel();
      return TaskResult::Failure("Sfn.TaskAborted", "task cancelled");
    });
    runner.On("After", [](const TaskRequest&) { return TaskResult::Success(Json::object()); });
    ExecutionOptions options;
    options.cancel = cancel;
    auto run = RunDefinition(R"({"StartAt":"T","States":{
        "T":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true,
             "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],
             "Catch":[{"ErrorEquals":["States.ALL"],"Next":"After"}]},
        "After":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true}}})",
                             Json::object(), options, &runner);
    CHECK(run.result.status == Status::kAborted);
    CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                                  "TaskStarted", "ExecutionAborted"});
  }
}

TEST_CASE("execution: the history limit fails the execution as AWS does") {
  ExecutionOptions options;
  options.max_events = 20;
  auto run =
      RunDefinition(R"({"StartAt":"L","States":{"L":{"Type":"Pass","Next":"L"}}})", Json::object(), options);
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "States.Runtime");
  CHECK(run.result.cause == "The execution reached the maximum number of history events (20).");
  const Json& events = run.result.events["events"];
  REQUIRE(events.size() == 20);
  CHECK(events[19]["type"] == "ExecutionFailed");
  CHECK(events[19]["id"] == 20);
}

TEST_CASE("execution: a state output beyond the payload limit fails with States.DataLimitExceeded") {
  ExecutionOptions options;
  options.payload_limit = 50;
  auto run = RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":"0123456789012345678901234567890123456789012345678901234567890123456789","End":true}}})",
      Json::object(), options);
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "States.DataLimitExceeded");
  CHECK(run.result.cause ==
        "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service "
        "limit.");
}

TEST_CASE("execution: invalid definitions fail cleanly") {
  const char* definitions[] = {
      R"({"StartAt":"Nope","States":{"P":{"Type":"Pass","End":true}}})",
      R"({"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Gone"}}})",
      R"({"StartAt":"P","States":{"P":{"Type":"Bogus","End":true}}})",
      R"({"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.[","End":true}}})",
      R"j({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"States.Nope()"},"End":true}}})j",
      R"({"StartAt":"P","States":{"P":{"Type":"Map","End":true}}})",
      R"({"StartAt":"P","States":{"P":{"Type":"Wait","End":true}}})",
      R"({"StartAt":"P","States":{"P":{"Type":"Choice","Choices":[{"Next":"P"}]}}})",
      R"([])",
  };
  for (const char* d : definitions) {
    CAPTURE(std::string(d));
    auto run = RunDefinition(d, Json::object());
    CHECK(run.result.status == Status::kFailed);
    CHECK(run.result.error == "States.Runtime");
  }
}

TEST_CASE("execution: events reach on_event in order and can be left unrecorded") {
  std::vector<int64_t> ids;
  ExecutionOptions options;
  options.record_events = false;
  options.on_event = [&](const Json& e) { ids.push_back(e["id"].get<int64_t>()); };
  auto run =
      RunDefinition(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}})",
                    Json::object(), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(run.result.events["events"].empty());
  CHECK(ids == std::vector<int64_t>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("execution: a seed makes random functions deterministic") {
  const char* d = R"j({"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
      "r.$":"States.MathRandom(1, 1000000)","u.$":"States.UUID()"},"End":true}}})j";
  ExecutionOptions options;
  options.random_seed = 99;
  auto a = RunDefinition(d, Json::object(), options);
  auto b = RunDefinition(d, Json::object(), options);
  REQUIRE(a.result.status == Status::kSucceeded);
  CHECK(*a.result.output == *b.result.output);
}

TEST_CASE("execution: variables, Assign order and the assigned variables of events") {
  auto run = RunDefinition(
      R"({"StartAt":"A","States":{
          "A":{"Type":"Pass","Result":{"q":"what"},"Assign":{"question.$":"$.q","answer":42},"Next":"B"},
          "B":{"Type":"Pass","InputPath":"$answer","ResultPath":"$.got","OutputPath":"$answer",
               "Assign":{"answer":"changed"},"Next":"C"},
          "C":{"Type":"Pass","Parameters":{"a.$":"$answer","q.$":"$question"},"End":true}}})",
      Json::object());
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"a":"changed","q":"what"})"));
  const Json& exited = run.result.events["events"][2]["stateExitedEventDetails"];
  CHECK(exited["assignedVariables"] == Json::parse(R"({"question":"\"what\"","answer":"42"})"));
  CHECK(run.result.events["events"][4]["stateExitedEventDetails"]["output"] == "42");
}

}  // namespace
}  // namespace sfn::engine
