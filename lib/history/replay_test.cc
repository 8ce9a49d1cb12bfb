#include "history/replay.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "history/replay_report.h"
#include "history/replay_test_support.h"

namespace sfn::history {
namespace {

using testing::Record;

const char* const kOrder = R"J({
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
      "ResultSelector": {"ok.$": "$.Payload.ok"}, "ResultPath": "$.validation",
      "Retry": [{"ErrorEquals": ["Busy"], "MaxAttempts": 2, "IntervalSeconds": 1}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}],
      "Next": "Route"
    },
    "Route": {"Type": "Choice", "Choices": [{"Variable": "$.validation.ok", "BooleanEquals": true, "Next": "Fan"}],
              "Default": "Reject"},
    "Fan": {
      "Type": "Parallel", "ResultPath": "$.done", "Next": "Finish",
      "Branches": [
        {"StartAt": "Charge", "States": {"Charge": {
          "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.total"}},
          "OutputPath": "$.Payload", "End": true}}},
        {"StartAt": "Each", "States": {"Each": {
          "Type": "Map", "ItemsPath": "$.items", "End": true,
          "ItemProcessor": {"StartAt": "Reserve", "States": {"Reserve": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "reserve", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}}}}
      ]
    },
    "Finish": {"Type": "Pass", "Assign": {"count.$": "States.ArrayLength($.items)"}, "End": true},
    "Reject": {"Type": "Fail", "Error": "Rejected", "Cause": "not valid"},
    "Handle": {"Type": "Pass", "End": true}
  }
})J";

engine::TaskResult OrderTasks(const engine::TaskRequest& r) {
  std::string fn = r.input.value("FunctionName", "");
  const Json& payload = r.input.contains("Payload") ? r.input["Payload"] : Json();
  if (fn == "validate") {
    if (payload.value("flag", "") == "explode") return engine::TaskResult::Failure("Boom", "it broke");
    if (r.attempt == 0) return engine::TaskResult::Failure("Busy", "try later");
    return engine::TaskResult::Success({{"Payload", {{"ok", payload.value("flag", "") == "ok"}}}, {"StatusCode", 200}});
  }
  if (fn == "charge") return engine::TaskResult::Success({{"Payload", {{"charged", payload["amount"]}}}});
  return engine::TaskResult::Success({{"Payload", {{"reserved", payload}}}});
}

Json OrderInput(const std::string& flag) {
  Json input = Json::parse(R"J({"total": 10, "items": [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}]})J");
  input["flag"] = flag;
  return input;
}

ReplayResult ReplayWith(const ReadResult& recorded, const Json& definition, bool keep_going = false) {
  auto machine = model::BuildStateMachine(definition);
  ReplayOptions options;
  options.max_divergences = keep_going ? 1000 : 1;
  return Replay(recorded, *machine, options);
}

int64_t EventIdOf(const ReadResult& read, const std::string& type, const std::string& name, int nth = 0) {
  for (const Event& e : read.events) {
    if (e.type == type && (name.empty() || StateNameOf(e) == name) && nth-- == 0) return e.id;
  }
  return -1;
}

TEST_CASE("replay: the definition that made a history replays it consistently") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("ok"), OrderTasks);
  REQUIRE(recorded.ok);
  ReplayResult r = ReplayWith(recorded, definition, true);
  for (const Divergence& d : r.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
  CHECK(r.consistent);
  CHECK(r.divergences.empty());
  CHECK(r.mode == ReplayMode::kFull);
  CHECK(r.recorded_status == ExecutionStatus::kSucceeded);
  CHECK(r.replayed_status == ExecutionStatus::kSucceeded);
  CHECK(r.tasks_served == 6);  // Validate twice, Charge, Reserve three times
  CHECK(r.replayed_events == r.recorded_events);
}

TEST_CASE("replay: a caught error and a failed execution replay consistently") {
  Json definition = Json::parse(kOrder);
  for (const char* flag : {"explode", "no"}) {
    CAPTURE(flag);
    ReadResult recorded = Record(definition, OrderInput(flag), OrderTasks);
    ReplayResult r = ReplayWith(recorded, definition, true);
    for (const Divergence& d : r.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
    CHECK(r.consistent);
  }
}

TEST_CASE("replay: a renamed state diverges where the recording entered the old name") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("ok"), OrderTasks);
  Json changed = definition;
  changed["States"]["Complete"] = changed["States"]["Finish"];
  changed["States"].erase("Finish");
  changed["States"]["Fan"]["Next"] = "Complete";
  ReplayResult r = ReplayWith(recorded, changed);
  REQUIRE(r.divergences.size() == 1);
  const Divergence& d = r.divergences[0];
  CHECK(d.aspect == "next state");
  CHECK(d.event_id == EventIdOf(recorded, "PassStateEntered", "Finish"));
  CHECK(d.state == "Fan");
  CHECK(d.frame.empty());
  CHECK(*d.expected == "Finish");
  CHECK(*d.actual == "Complete");
}

TEST_CASE("replay: a changed Choice rule diverges at the state the recording took") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("ok"), OrderTasks);
  Json changed = definition;
  changed["States"]["Route"]["Choices"][0]["BooleanEquals"] = false;
  ReplayResult r = ReplayWith(recorded, changed);
  REQUIRE_FALSE(r.consistent);
  const Divergence& d = r.divergences[0];
  CHECK(d.aspect == "next state");
  CHECK(d.state == "Route");
  CHECK(d.event_id == EventIdOf(recorded, "ParallelStateEntered", "Fan"));
  CHECK(*d.expected == "Fan");
  CHECK(*d.actual == "Reject");
}

TEST_CASE("replay: a changed Parameters value diverges at the TaskScheduled event, inside its branch") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("ok"), OrderTasks);
  Json changed = definition;
  changed["States"]["Fan"]["Branches"][0]["States"]["Charge"]["Parameters"]["FunctionName"] = "charge-v2";
  ReplayResult r = ReplayWith(recorded, changed);
  REQUIRE_FALSE(r.consistent);
  const Divergence& d = r.divergences[0];
  CHECK(d.aspect == "parameters");
  CHECK(d.state == "Charge");
  CHECK(d.frame == "Fan[0]");
  CHECK(d.pointer == "/FunctionName");
  CHECK(d.event_id == EventIdOf(recorded, "TaskScheduled", "", 2));  // Validate twice, then Charge or Reserve
  CHECK(*d.expected == "charge");
  CHECK(*d.actual == "charge-v2");
}

TEST_CASE("replay: a removed Catch diverges where the recording caught the error") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("explode"), OrderTasks);
  Json changed = definition;
  changed["States"]["Validate"].erase("Catch");
  ReplayResult r = ReplayWith(recorded, changed, true);
  REQUIRE_FALSE(r.consistent);
  const Divergence& d = r.divergences[0];
  CHECK(d.aspect == "status");
  CHECK(d.state == "Validate");
  CHECK(d.event_id == EventIdOf(recorded, "TaskStateExited", "Validate"));
  CHECK(*d.expected == "CaughtError");
  CHECK(*d.actual == "Failed");
  CHECK(r.divergences.back().aspect == "execution status");
}

TEST_CASE("replay: a removed Retry diverges at the attempt the recording retried") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("ok"), OrderTasks);
  Json changed = definition;
  changed["States"]["Validate"].erase("Retry");
  ReplayResult r = ReplayWith(recorded, changed);
  REQUIRE_FALSE(r.consistent);
  const Divergence& d = r.divergences[0];
  CHECK(d.aspect == "attempts");
  CHECK(d.state == "Validate");
  CHECK(d.event_id == EventIdOf(recorded, "TaskScheduled", "", 1));
  CHECK(*d.expected == 2);
  CHECK(*d.actual == 1);
}

TEST_CASE("replay: a Task visited in a loop gets each visit's recorded result") {
  Json definition = Json::parse(R"J({
    "StartAt": "Poll",
    "States": {
      "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "poll", "Payload.$": "$"}, "ResultSelector": {"n.$": "$.Payload"},
               "Next": "Done?"},
      "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThanEquals": 3, "Next": "End"}],
                "Default": "Sleep"},
      "Sleep": {"Type": "Wait", "Seconds": 60, "Next": "Poll"},
      "End": {"Type": "Succeed"}
    }
  })J");
  int calls = 0;
  ReadResult recorded = Record(definition, Json::object(), [&calls](const engine::TaskRequest&) {
    return engine::TaskResult::Success({{"Payload", ++calls}});
  });
  ReplayResult r = ReplayWith(recorded, definition, true);
  CHECK(r.consistent);
  CHECK(r.tasks_served == 3);
}

TEST_CASE("replay: random numbers and UUIDs match by shape") {
  Json definition = Json::parse(R"J({
    "StartAt": "Draw",
    "States": {"Draw": {"Type": "Pass", "Parameters": {"n.$": "States.MathRandom(1, 1000000)",
                                                       "id.$": "States.UUID()", "at.$": "$$.State.EnteredTime",
                                                       "exec.$": "$$.Execution.Id"}, "End": true}}
  })J");
  ReadResult recorded = Record(definition, Json::object());
  ReplayResult r = ReplayWith(recorded, definition, true);
  for (const Divergence& d : r.divergences) INFO(d.aspect << " " << d.pointer << " " << d.message);
  CHECK(r.consistent);
  CHECK(r.probed);
}

TEST_CASE("replay: a history without a definition's Task outcome stops the replay with a divergence") {
  Json definition = Json::parse(R"J({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "End": true}}})J");
  ReadResult recorded = Record(definition, Json::object());
  Json changed = Json::parse(R"J({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "T"},
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
          "Next": "B"},
    "B": {"Type": "Pass", "End": true}}})J");
  ReplayResult r = ReplayWith(recorded, changed, true);
  REQUIRE_FALSE(r.consistent);
  CHECK(r.stopped_early);
  CHECK(r.divergences.front().aspect == "next state");
  CHECK(r.divergences.front().event_id == EventIdOf(recorded, "PassStateEntered", "B"));
  bool miss = false;
  for (const Divergence& d : r.divergences) miss = miss || d.aspect == "task outcome";
  CHECK(miss);
}

// A recording normalised by test tooling: its timestamps and the timestamp in its input became "timestamp".
const char* const kMaskedWaitHistory = R"J([
  {"id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted",
   "executionStartedEventDetails": {"input": {"At": "timestamp"}, "roleArn": "snf_role_arn"}},
  {"id": 2, "previousEventId": 0, "timestamp": "timestamp", "type": "WaitStateEntered",
   "stateEnteredEventDetails": {"input": {"At": "timestamp"}, "name": "Until"}},
  {"id": 3, "previousEventId": 2, "timestamp": "timestamp", "type": "ExecutionFailed",
   "executionFailedEventDetails": {"error": "States.Runtime",
    "cause": "An error occurred while executing the state 'Until' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.At == 2016-12-05 21:29:29Z"}}
])J";

TEST_CASE("replay: a known input stands in for the recorded input that test tooling masked") {
  Json definition = Json::parse(R"J({"StartAt": "Until", "States": {
    "Until": {"Type": "Wait", "TimestampPath": "$.At", "End": true}}})J");
  ReadResult recorded = ReadHistory(kMaskedWaitHistory, "masked.json");
  REQUIRE(recorded.ok);
  auto machine = model::BuildStateMachine(definition);
  ReplayOptions options;
  ReplayResult masked = Replay(recorded, *machine, options);
  REQUIRE_FALSE(masked.consistent);
  CHECK(masked.divergences.front().aspect == "execution cause");

  options.known_input = Json::parse(R"J({"At": "2016-12-05 21:29:29Z"})J");
  ReplayResult known = Replay(recorded, *machine, options);
  for (const Divergence& d : known.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
  CHECK(known.consistent);
  CHECK(std::find(known.notes.begin(), known.notes.end(),
                  "the replay starts from the given input, which the recording shows masked") != known.notes.end());

  // An input that the recording contradicts is not used.
  options.known_input = Json::parse(R"J({"Other": "2016-12-05 21:29:29Z"})J");
  ReplayResult other = Replay(recorded, *machine, options);
  CHECK_FALSE(other.consistent);
  CHECK(std::find(other.notes.begin(), other.notes.end(),
                  "the given input differs from the recorded one: the replay starts from the recorded input") !=
        other.notes.end());
}

const char* const kDistributedLambda = R"J({"StartAt": "Each", "States": {
  "Each": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.out", "Next": "Done",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "work", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}},
  "Done": {"Type": "Pass", "End": true}}})J";

TEST_CASE("replay: a Distributed Map with Tasks takes its Map Run's outcome from the recording") {
  Json definition = Json::parse(kDistributedLambda);
  auto doubled = [](const engine::TaskRequest& r) {
    return engine::TaskResult::Success({{"Payload", r.input["Payload"].get<int>() * 2}});
  };
  ReadResult recorded = Record(definition, Json::parse(R"({"items": [1, 2]})"), doubled);
  ReplayResult r = ReplayWith(recorded, definition, true);
  for (const Divergence& d : r.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
  CHECK(r.consistent);
  CHECK(r.tasks_served == 0);
  CHECK(std::find(r.notes.begin(), r.notes.end(),
                  "the outcome of 1 Distributed Map Run came from the recording, which does not hold their child "
                  "executions") != r.notes.end());

  // What follows the Map is still replayed: a changed next state diverges.
  Json changed = definition;
  changed["States"]["Done"]["Type"] = "Fail";
  CHECK_FALSE(ReplayWith(recorded, changed).consistent);

  // With a ResultSelector the recorded output does not show the children's outputs: the Map Run runs,
  // and its Tasks are not in the recording.
  Json selected = definition;
  selected["States"]["Each"]["ResultSelector"] = Json::parse(R"({"all.$": "$"})");
  ReadResult recorded_selected = Record(selected, Json::parse(R"({"items": [1, 2]})"), doubled);
  ReplayResult miss = ReplayWith(recorded_selected, selected);
  REQUIRE_FALSE(miss.consistent);
  CHECK(miss.stopped_early);
}

TEST_CASE("replay: a recorded Map Run failure is served, retried and caught") {
  Json definition = Json::parse(kDistributedLambda);
  definition["States"]["Each"]["Retry"] = Json::parse(R"([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}])");
  definition["States"]["Each"]["Catch"] =
      Json::parse(R"([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}])");
  auto failing = [](const engine::TaskRequest&) { return engine::TaskResult::Failure("Boom", "no"); };
  ReadResult recorded = Record(definition, Json::parse(R"({"items": [1]})"), failing);
  REQUIRE(EventIdOf(recorded, "MapRunFailed", "", 1) > 0);
  ReplayResult r = ReplayWith(recorded, definition, true);
  for (const Divergence& d : r.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
  CHECK(r.consistent);
  CHECK(r.tasks_served == 0);
}

// Drops every payload, as GetExecutionHistory with includeExecutionData=false does.
ReadResult StripPayloads(const ReadResult& recorded) {
  Json events = Json::array();
  for (const Event& e : recorded.events) {
    Json j = {{"timestamp", static_cast<double>(e.timestamp_ms.value_or(0)) / 1000.0},
              {"type", e.type},
              {"id", e.id},
              {"previousEventId", e.previous_id}};
    Json details = e.details;
    for (const char* field : {"input", "output", "parameters", "inputDetails", "outputDetails", "assignedVariables",
                              "assignedVariablesDetails"}) {
      details.erase(field);
    }
    if (!e.details_key.empty()) j[e.details_key] = details;
    events.push_back(j);
  }
  return ReadHistoryJson(Json{{"events", events}}, "structure.json");
}

TEST_CASE("replay: a history without execution data is checked against the definition's structure") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = StripPayloads(Record(definition, OrderInput("ok"), OrderTasks));
  REQUIRE(recorded.structure_only);
  ReplayResult same = ReplayWith(recorded, definition, true);
  for (const Divergence& d : same.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
  CHECK(same.mode == ReplayMode::kStructureOnly);
  CHECK(same.consistent);

  Json renamed = definition;
  renamed["States"]["Complete"] = renamed["States"]["Finish"];
  renamed["States"].erase("Finish");
  renamed["States"]["Fan"]["Next"] = "Complete";
  ReplayResult r = ReplayWith(recorded, renamed);
  REQUIRE_FALSE(r.consistent);
  CHECK(r.divergences[0].aspect == "next state");
  CHECK(r.divergences[0].state == "Fan");
  CHECK(r.divergences[0].event_id == EventIdOf(recorded, "PassStateEntered", "Finish"));

  Json no_retry = definition;
  no_retry["States"]["Validate"].erase("Retry");
  ReplayResult retry = ReplayWith(recorded, no_retry);
  REQUIRE_FALSE(retry.consistent);
  CHECK(retry.divergences[0].aspect == "attempts");
  CHECK(retry.divergences[0].state == "Validate");
}

TEST_CASE("replay: text and JSON reports") {
  Json definition = Json::parse(kOrder);
  ReadResult recorded = Record(definition, OrderInput("ok"), OrderTasks);
  Json changed = definition;
  changed["States"]["Route"]["Choices"][0]["BooleanEquals"] = false;
  ReplayResult r = ReplayWith(recorded, changed);
  ReplayReportOptions options{"h.json", "d.json", true, 200};
  std::string text = RenderReplayText(r, options);
  CHECK(text.find("Replay of 'h.json' against 'd.json': DIVERGED") == 0);
  CHECK(text.find("  what      next state: after 'Route' the recording went to 'Fan', the replay to 'Reject'") !=
        std::string::npos);
  Json j = ReplayToJson(r);
  CHECK(j["consistent"] == false);
  CHECK(j["divergences"][0]["state"] == "Route");
  CHECK(j["divergences"][0]["expected"] == "Fan");
  CHECK(j["divergences"][0]["actual"] == "Reject");
}

TEST_CASE("replay: 25,000 events replay quickly") {
  Json definition = Json::parse(R"J({
    "StartAt": "More?",
    "States": {
      "More?": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 6240, "Next": "Step"}],
                "Default": "Done"},
      "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "More?"},
      "Done": {"Type": "Succeed"}
    }
  })J");
  auto record_start = std::chrono::steady_clock::now();
  ReadResult recorded = Record(definition, Json{{"i", 0}});
  double record_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - record_start).count();
  std::printf("replay speed: recording them with the engine took %.3f s\n", record_seconds);
  REQUIRE(recorded.events.size() > 24900);
  REQUIRE(recorded.events.size() <= 25000);
  auto machine = model::BuildStateMachine(definition);
  auto start = std::chrono::steady_clock::now();
  ReplayResult r = Replay(recorded, *machine, {});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("replay speed: %zu events replayed and compared in %.3f s\n", recorded.events.size(), seconds);
  CHECK(r.consistent);
  CHECK(seconds < 20.0);
}

TEST_CASE("replay: a distributed Map whose item reader failed takes the recorded failure when the object is absent") {
  Json definition = Json::parse(R"J({"StartAt": "Each", "States": {"Each": {"Type": "Map",
      "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV",
        "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "b", "Key": "k.csv"}},
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})J");
  ReadResult recorded = Record(definition, Json::object(), nullptr, 0,
                               [](const std::string&, const std::string&) -> std::optional<std::string> {
                                 return std::string("a,a\n1,2\n");
                               });
  REQUIRE(recorded.ok);
  bool reader_failed = false;
  for (const Event& e : recorded.events) {
    reader_failed |= e.type == "MapRunFailed" && e.details.value("error", "") == "States.ItemReaderFailed";
  }
  REQUIRE(reader_failed);
  ReplayResult r = ReplayWith(recorded, definition, true);  // no objects to read locally
  for (const Divergence& d : r.divergences) INFO(d.aspect << " " << d.state << " " << d.message);
  CHECK(r.consistent);
  CHECK(r.replayed_status == ExecutionStatus::kFailed);
}

}  // namespace
}  // namespace sfn::history
