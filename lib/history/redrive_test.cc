#include "history/redrive.h"

#include <doctest/doctest.h>

#include "history/replay_test_support.h"
#include "history/wellformed.h"

namespace sfn::history {
namespace {

using testing::FunctionRunner;
using testing::Record;

const char* const kFanOut = R"J({
  "StartAt": "Fetch",
  "States": {
    "Fetch": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "fetch", "Payload.$": "$"}, "ResultPath": "$.fetched", "Next": "Each"},
    "Each": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.results", "End": true,
             "ItemProcessor": {"StartAt": "Work", "States": {"Work": {
               "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "work", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}}
  }
})J";

int64_t Count(const Json& events, const std::string& type) {
  int64_t n = 0;
  for (const Json& e : events) n += e["type"] == type ? 1 : 0;
  return n;
}

// One worker: the iterations run in order, so item 3 never starts once item 2 has failed.
TEST_CASE("redrive: only the iterations that did not succeed run again; the rest keeps its recorded results") {
  Json definition = Json::parse(kFanOut);
  ReadResult recorded = Record(
      definition, Json{{"items", {1, 2, 3}}},
      [](const engine::TaskRequest& r) {
        if (r.input["FunctionName"] == "work" && r.input["Payload"] == 2) {
          return engine::TaskResult::Failure("Broken", "item 2");
        }
        return engine::TaskResult::Success({{"Payload", {{"done", r.input["Payload"]}}}});
      },
      1);
  REQUIRE(recorded.ok);
  int real_calls = 0;
  FunctionRunner real([&real_calls](const engine::TaskRequest& r) {
    ++real_calls;
    return engine::TaskResult::Success({{"Payload", {{"redone", r.input["Payload"]}}}});
  });
  auto machine = model::BuildStateMachine(definition);
  RedriveOptions options;
  options.tasks = &real;
  RedriveResult r = Redrive(recorded, *machine, options);
  REQUIRE(r.redriven);
  CHECK(r.status == engine::Status::kSucceeded);
  CHECK(real_calls == 2);
  CHECK(r.rerun_attempts == 2);  // items 2 and 3
  CHECK(r.kept_attempts == 2);   // Fetch and item 1
  REQUIRE(r.output.has_value());
  CHECK((*r.output)["results"] == Json::parse(R"([{"done":1},{"redone":2},{"redone":3}])"));

  const Json& events = r.continued["events"];
  size_t original = recorded.events.size();
  REQUIRE(events.size() == original + r.new_events);
  for (size_t i = 0; i < events.size(); ++i) CHECK(events[i]["id"] == static_cast<int64_t>(i + 1));
  CHECK(events[original]["type"] == "ExecutionRedriven");
  CHECK(events[original]["previousEventId"] == static_cast<int64_t>(original));
  Json added = Json::array();
  for (size_t i = original + 1; i < events.size(); ++i) {
    added.push_back(events[i]);
    CHECK(events[i]["previousEventId"].get<int64_t>() < events[i]["id"].get<int64_t>());
  }
  CHECK(Count(added, "MapIterationStarted") == 2);  // not the iteration that succeeded
  CHECK(Count(added, "TaskScheduled") == 2);
  CHECK(Count(added, "TaskStateEntered") == 2);  // Fetch is not entered again
  CHECK(Count(added, "ExecutionSucceeded") == 1);
  CHECK(Count(added, "ExecutionStarted") == 0);

  ReadResult continued = ReadHistoryJson(r.continued, "continued.json");
  REQUIRE(continued.ok);
  for (const Finding& f : CheckWellFormed(continued)) {
    INFO(f.code << " " << f.event_id << " " << f.message);
    CHECK(f.severity != FindingSeverity::kError);
  }
}

TEST_CASE("redrive: a succeeded or already redriven execution is refused") {
  Json definition = Json::parse(kFanOut);
  ReadResult ok = Record(definition, Json{{"items", {1}}});
  auto machine = model::BuildStateMachine(definition);
  RedriveResult r = Redrive(ok, *machine, {});
  CHECK_FALSE(r.redriven);
  CHECK(r.refusal == "only a FAILED, TIMED_OUT or ABORTED execution can be redriven; this one is SUCCEEDED");
}

TEST_CASE("redrive: without a runner, a task that must run again fails with a clear cause") {
  Json definition = Json::parse(kFanOut);
  ReadResult recorded = Record(definition, Json{{"items", {1}}}, [](const engine::TaskRequest& r) {
    if (r.input["FunctionName"] == "work") return engine::TaskResult::Failure("Broken", "no");
    return engine::TaskResult::Success(Json::object());
  });
  auto machine = model::BuildStateMachine(definition);
  RedriveResult r = Redrive(recorded, *machine, {});
  REQUIRE(r.redriven);
  CHECK(r.status == engine::Status::kFailed);
  CHECK(r.cause.find("no task runner is configured to run the Task state 'Work'") != std::string::npos);
}

TEST_CASE("redrive: the re-run sees $$.Execution.RedriveCount 1") {
  Json definition = Json::parse(R"J({"StartAt": "Work", "States": {"Work": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "work", "Payload": {"redrives.$": "$$.Execution.RedriveCount"}},
      "OutputPath": "$.Payload", "End": true}}})J");
  ReadResult recorded = Record(definition, Json::object(), [](const engine::TaskRequest& r) {
    CHECK(r.input["Payload"]["redrives"] == 0);
    return engine::TaskResult::Failure("Broken", "first run");
  });
  FunctionRunner real([](const engine::TaskRequest& r) { return engine::TaskResult::Success(r.input); });
  auto machine = model::BuildStateMachine(definition);
  RedriveOptions options;
  options.tasks = &real;
  RedriveResult r = Redrive(recorded, *machine, options);
  REQUIRE(r.redriven);
  REQUIRE(r.output.has_value());
  CHECK(*r.output == Json{{"redrives", 1}});
}

}  // namespace
}  // namespace sfn::history
