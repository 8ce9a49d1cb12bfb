// Ctrl-C during `sfn history-replay --redrive`: the task being re-run is killed, the continued history
// written so far is valid, and sfn exits 130. The failed history to redrive comes from `sfn run-local`.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <future>
#include <thread>

#include "cli_test_support.h"

using sfn::Json;
using sfn::cli::testing::Sandbox;
namespace pt = sfn::process::testing;

TEST_CASE("history-replay --redrive: Ctrl-C kills the re-run task, writes the history so far and exits 130") {
  Sandbox box;
  box.Write("def.asl.json", R"({"StartAt": "Slow", "States": {"Slow": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "slow", "Payload.$": "$"},
      "End": true}}})");
  box.Write("failing.json", R"({"slow": ["/bin/sh", "-c", "exit 1"]})");
  // The task records sfn's pid (its parent), then its own.
  box.Write("sleeping.json",
            R"({"slow": ["/bin/sh", "-c", "echo $PPID > sfn.pid; echo $$ > task.pid; exec sleep 30"]})");

  auto first = box.Run({"run-local", "def.asl.json", "--resources", "failing.json", "--history", "failed.json"});
  REQUIRE(first.exit_code() == 1);
  REQUIRE(box.Exists("failed.json"));

  auto redrive = std::async(std::launch::async, [&box] {
    return box.Run({"history-replay", "failed.json", "--definition", "def.asl.json", "--redrive", "--resources",
                    "sleeping.json", "-o", "continued.json"});
  });
  for (int i = 0; i < 1000 && pt::ReadPid(box.File("task.pid")) < 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_t task = pt::ReadPid(box.File("task.pid"));
  pid_t sfn_pid = pt::ReadPid(box.File("sfn.pid"));
  REQUIRE(task > 0);
  REQUIRE(sfn_pid > 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(::kill(sfn_pid, SIGINT) == 0);
  auto run = redrive.get();
  CAPTURE(run.err());
  CHECK(run.result.pid == sfn_pid);
  CHECK(run.exit_code() == 130);
  CHECK(pt::WaitGone(task));
  REQUIRE(box.Exists("continued.json"));
  Json history = Json::parse(box.Read("continued.json"), nullptr, false);
  REQUIRE(history.is_object());
  const Json& events = history["events"];
  REQUIRE(events.is_array());
  bool redriven = false;
  for (size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i]["id"] == static_cast<int64_t>(i + 1));
    if (events[i]["type"] == "ExecutionRedriven") redriven = true;
  }
  CHECK(redriven);
  CHECK(events.back()["type"] == "ExecutionAborted");
}
