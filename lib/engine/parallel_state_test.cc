#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

using testing::ScriptedRunner;

TEST_CASE("parallel: outputs the array of branch outputs, with Parameters and ResultSelector") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","Parameters":{"v.$":"$.v"},
          "ResultSelector":{"first.$":"$[0]","second.$":"$[1]"},"ResultPath":"$.r","End":true,"Branches":[
          {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
          {"StartAt":"B","States":{"B":{"Type":"Pass","Result":2,"End":true}}}]}}})",
      Json::parse(R"({"v":1})"));
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"v":1,"r":{"first":{"v":1},"second":2}})"));
}

TEST_CASE("parallel: events and their links with one branch") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}}})",
      Json::object());
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "ParallelStateEntered",
                                                "ParallelStateStarted", "PassStateEntered", "PassStateExited",
                                                "ParallelStateSucceeded", "ParallelStateExited",
                                                "ExecutionSucceeded"});
  const Json& e = run.result.events["events"];
  CHECK(e[3]["previousEventId"] == 3);  // the branch starts from ParallelStateStarted
  CHECK(e[5]["previousEventId"] == 5);  // Succeeded links to the branch's last event
  CHECK(e[6]["previousEventId"] == 5);  // and so does Exited
}

TEST_CASE("parallel: a failing branch cancels its siblings and goes through Catch") {
  ScriptedRunner runner;
  std::atomic<bool> cancelled{false};
  runner.On("Slow", [&](const TaskRequest& r) {
    for (int i = 0; i < 500 && !r.cancel->IsCancelled(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    cancelled = r.cancel->IsCancelled();
    return TaskResult::Success(Json::object());
  });
  auto start = std::chrono::steady_clock::now();
  auto run = testing::RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done","Branches":[
          {"StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true}}},
          {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"F"},
                                   "F":{"Type":"Fail","Error":"Oops","Cause":"bad"}}}],
          "Catch":[{"ErrorEquals":["Oops"],"ResultPath":"$.e","Next":"Done"}]},
          "Done":{"Type":"Pass","End":true}}})",
      Json::object(), {}, &runner);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"e":{"Error":"Oops","Cause":"bad"}})"));
  CHECK(seconds < 4.0);
  auto types = run.types();
  CHECK(std::count(types.begin(), types.end(), "ParallelStateFailed") == 1);
  CHECK(std::count(types.begin(), types.end(), "ParallelStateExited") == 1);
  // The task may have ended before the failure; when it did not, it saw its cancellation.
  if (std::count(types.begin(), types.end(), "TaskStateAborted") == 1) CHECK(cancelled.load());
}

TEST_CASE("parallel: a failing branch without Catch fails the execution with its error") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E1"}}}]}}})",
      Json::object());
  CHECK(run.result.status == Status::kFailed);
  CHECK(run.result.error == "E1");
  CHECK_FALSE(run.result.has_cause);
  CHECK(run.types().back() == "ExecutionFailed");
}

TEST_CASE("parallel: branches read outer variables; their assignments stay inside") {
  auto run = testing::RunDefinition(
      R"({"StartAt":"A","States":{
          "A":{"Type":"Pass","Assign":{"x":1},"Next":"P"},
          "P":{"Type":"Parallel","Next":"B","Branches":[
            {"StartAt":"In","States":{"In":{"Type":"Pass","Assign":{"y.$":"$x"},"Next":"Read"},
                                      "Read":{"Type":"Pass","Parameters":{"y.$":"$y","x.$":"$x"},"End":true}}}]},
          "B":{"Type":"Pass","Parameters":{"x.$":"$x","branch.$":"$[0]"},"End":true}}})",
      Json::object());
  REQUIRE(run.result.status == Status::kSucceeded);
  CHECK(*run.result.output == Json::parse(R"({"x":1,"branch":{"y":1,"x":1}})"));
  auto leaked = testing::RunDefinition(
      R"({"StartAt":"P","States":{
          "P":{"Type":"Parallel","Next":"B","Branches":[
            {"StartAt":"In","States":{"In":{"Type":"Pass","Assign":{"y":1},"End":true}}}]},
          "B":{"Type":"Pass","Parameters":{"y.$":"$y"},"End":true}}})",
      Json::object());
  CHECK(leaked.result.status == Status::kFailed);
  CHECK(leaked.result.error == "States.Runtime");
}

}  // namespace
}  // namespace sfn::engine
