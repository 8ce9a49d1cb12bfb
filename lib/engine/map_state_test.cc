#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

using testing::ScriptedRunner;

TEST_CASE("map: ItemsPath, ItemSelector with $$.Map.Item and ResultPath") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.out",
          "ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","k.$":"$.k"},
          "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})",
      Json::parse(R"({"items":["a","b"],"k":9})"));
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output ==
        Json::parse(R"({"items":["a","b"],"k":9,"out":[{"i":0,"v":"a","k":9},{"i":1,"v":"b","k":9}]})"));
}

TEST_CASE("map: the legacy Iterator and Parameters") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","Parameters":{"v.$":"$$.Map.Item.Value"},
          "Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.v","End":true}}},"End":true}}})",
      Json::parse(R"([1,2,3])"));
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse("[1,2,3]"));
}

TEST_CASE("map: MaxConcurrency 1 gives AWS's sequential event links") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,
          "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})",
      Json::parse("[1,2]"));
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                                "MapIterationStarted", "PassStateEntered", "PassStateExited",
                                                "MapIterationSucceeded", "MapIterationStarted",
                                                "PassStateEntered", "PassStateExited",
                                                "MapIterationSucceeded", "MapStateSucceeded",
                                                "MapStateExited", "ExecutionSucceeded"});
  std::vector<int64_t> previous;
  for (const auto& e : run.result.events["events"]) previous.push_back(e["previousEventId"].get<int64_t>());
  CHECK(previous == std::vector<int64_t>{0, 0, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11, 11, 13});
  CHECK(run.result.events["events"][2]["mapStateStartedEventDetails"]["length"] == 2);
}

TEST_CASE("map: a failing iteration fails the Map; tolerated failures do not") {
  const char* definition = R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,%TOLERANCE%
      "ItemProcessor":{"ProcessorConfig":{"Mode":"%MODE%","ExecutionType":"STANDARD"},"StartAt":"C","States":{
        "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"P"},
        "F":{"Type":"Fail","Error":"Two"},"P":{"Type":"Pass","End":true}}},"End":true}}})";
  auto make = [&](const std::string& tolerance, const std::string& mode) {
    std::string d = definition;
    d.replace(d.find("%TOLERANCE%"), 11, tolerance);
    d.replace(d.find("%MODE%"), 6, mode);
    return d;
  };
  auto inline_fail = testing::RunDefinition(make("", "INLINE"), Json::parse("[1,2,3]"));
  CHECK(inline_fail.result.status == Status::kFailed);
  CHECK(inline_fail.result.error == "Two");
  auto tolerated =
      testing::RunDefinition(make(R"("ToleratedFailureCount":1,)", "DISTRIBUTED"), Json::parse("[1,2,3]"));
  REQUIRE(tolerated.result.status == Status::kSucceeded);
  CHECK(*tolerated.result.output == Json::parse(R"([1,{"Error":"Two","Cause":null},3])"));
  auto exceeded = testing::RunDefinition(make(R"("ToleratedFailurePercentage":10,)", "DISTRIBUTED"),
                                         Json::parse("[1,2,3]"));
  CHECK(exceeded.result.status == Status::kFailed);
  CHECK(exceeded.result.error == "States.ExceedToleratedFailureThreshold");
  CHECK(exceeded.types() == std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                                     "MapRunStarted", "MapRunFailed", "MapStateFailed",
                                                     "ExecutionFailed"});
}

TEST_CASE("map: nested Maps cannot starve a small worker pool") {
  ExecutionOptions options;
  options.max_workers = 2;
  options.max_events = 100000;
  auto run = testing::RunDefinition(
      R"({"StartAt":"Outer","States":{"Outer":{"Type":"Map","ItemProcessor":{"StartAt":"Inner","States":{
          "Inner":{"Type":"Map","ItemProcessor":{"StartAt":"Deepest","States":{
             "Deepest":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                        "End":true}}},"End":true}}},"End":true}}})",
      Json::parse("[[[1,2],[3,4]],[[5,6],[7,8]],[[9]]]"), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse("[[[1,2],[3,4]],[[5,6],[7,8]],[[9]]]"));
}

TEST_CASE("map: concurrency is bounded by MaxConcurrency") {
  ScriptedRunner runner;
  std::atomic<int> running{0}, peak{0};
  runner.On("T", [&](const TaskRequest& r) {
    int now = ++running;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --running;
    return TaskResult::Success(r.input);
  });
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,
          "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true}}},
          "End":true}}})",
      Json::parse("[1,2,3,4,5,6]"), {}, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse("[1,2,3,4,5,6]"));
  CHECK(peak.load() <= 2);
}

TEST_CASE("map: a Distributed Map reads CSV items through read_object and batches them") {
  ExecutionOptions options;
  options.read_object = [](const std::string& bucket, const std::string& key) -> std::optional<std::string> {
    if (bucket == "b" && key == "k.csv") return std::string("name,n\nann,1\n\"bo,b\",2\ncy,3\n");
    return std::nullopt;
  };
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV",
                        "CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"b","Key.$":"$.key"}},
          "ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"tag":"t"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                           "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})",
      Json::parse(R"({"key":"k.csv"})"), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"([
      {"BatchInput":{"tag":"t"},"Items":[{"name":"ann","n":"1"},{"name":"bo,b","n":"2"}]},
      {"BatchInput":{"tag":"t"},"Items":[{"name":"cy","n":"3"}]}])"));
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                                "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                                                "MapStateExited", "ExecutionSucceeded"});
}

TEST_CASE("map: a missing object fails the Map Run with States.ItemReaderFailed") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"none"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"P","States":{
             "P":{"Type":"Pass","End":true}}},"End":true}}})",
      Json::object());
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "States.ItemReaderFailed");
}

}  // namespace
}  // namespace sfn::engine

namespace sfn::engine {
namespace {

TEST_CASE("map: ResultWriter names the results and writes them to the local folder") {
  auto dir = std::filesystem::temp_directory_path() / ("sfn-engine-writer-" + std::to_string(::getpid()));
  ExecutionOptions options;
  options.result_writer_dir = dir.string();
  auto run = testing::RunDefinition(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","Label":"L",
          "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"jobs"}},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"P","States":{
             "P":{"Type":"Pass","End":true}}},"End":true}}})",
      Json::parse("[1,2]"), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  const Json& out = *run.result.output;
  std::string key = out["ResultWriterDetails"]["Key"].get<std::string>();
  CHECK(out["ResultWriterDetails"]["Bucket"] == "out");
  CHECK(key.starts_with("jobs/"));
  CHECK(key.ends_with("/manifest.json"));
  CHECK(out["MapRunArn"].get<std::string>().find(":mapRun:StateMachine/L:") != std::string::npos);
  std::ifstream in(dir / "out" / key);
  CHECK(in.good());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sfn::engine

namespace sfn::engine {
namespace {

const char* const kDistributedWithTask = R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
    "ResultPath":"$.out",
    "Retry":[{"ErrorEquals":["Busy"],"MaxAttempts":1,"IntervalSeconds":1}],
    "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Caught"}],
    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"T","States":{
       "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true},
    "Caught":{"Type":"Pass","End":true}}})";

TEST_CASE("map: a Map Run that map_runs knows is not run") {
  std::vector<MapRunRequest> asked;
  ExecutionOptions options;
  options.map_runs = [&asked](const MapRunRequest& request) -> std::optional<MapRunOutcome> {
    asked.push_back(request);
    MapRunOutcome outcome;
    outcome.ok = true;
    outcome.results = Json::parse(R"(["x","y"])");
    return outcome;
  };
  testing::ScriptedRunner runner;
  auto run = testing::RunDefinition(kDistributedWithTask, Json::parse(R"({"items":[1,2]})"), options, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"items":[1,2],"out":["x","y"]})"));
  CHECK(runner.requests().empty());
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].state_name == "M");
  CHECK(asked[0].frame.empty());
  CHECK(asked[0].attempt == 0);
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                                "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                                                "MapStateExited", "ExecutionSucceeded"});
}

TEST_CASE("map: a known Map Run failure is retried and caught like a run one") {
  std::vector<int> attempts;
  ExecutionOptions options;
  options.map_runs = [&attempts](const MapRunRequest& request) -> std::optional<MapRunOutcome> {
    attempts.push_back(request.attempt);
    MapRunOutcome outcome;
    outcome.error = request.attempt == 0 ? "Busy" : "Broken";
    outcome.cause = "child failed";
    return outcome;
  };
  auto run = testing::RunDefinition(kDistributedWithTask, Json::parse(R"({"items":[1]})"), options);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(attempts == std::vector<int>{0, 1});
  CHECK((*run.result.output)["error"] == Json::parse(R"({"Error":"Broken","Cause":"child failed"})"));
  int map_run_failed = 0;
  for (const std::string& type : run.types()) map_run_failed += type == "MapRunFailed";
  CHECK(map_run_failed == 2);
}

TEST_CASE("map: without a known outcome the Map Run runs its children; Inline Maps never ask") {
  int asked = 0;
  ExecutionOptions options;
  options.map_runs = [&asked](const MapRunRequest&) -> std::optional<MapRunOutcome> {
    ++asked;
    return std::nullopt;
  };
  testing::ScriptedRunner runner;
  auto run = testing::RunDefinition(kDistributedWithTask, Json::parse(R"({"items":[1,2]})"), options, &runner);
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(asked == 1);
  CHECK(runner.requests().size() == 2);
  std::string inline_map = kDistributedWithTask;
  inline_map.replace(inline_map.find("DISTRIBUTED"), 11, "INLINE");
  auto inline_run = testing::RunDefinition(inline_map, Json::parse(R"({"items":[1]})"), options, &runner);
  REQUIRE(inline_run.result.status == Status::kSucceeded);
  CHECK(asked == 1);
}

}  // namespace
}  // namespace sfn::engine
