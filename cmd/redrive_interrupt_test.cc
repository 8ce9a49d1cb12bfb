// Ctrl-C during `sfn history-replay --redrive`: the task being re-run is killed, the continued history
// written so far is valid, and sfn exits 130. The failed history to redrive comes from `sfn run-local`.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.h"

using namespace sfn::cli::testing;

TEST_CASE("history-replay --redrive: Ctrl-C kills the re-run task, writes the history so far and exits 130") {
  ScratchDir scratch("redrive-int");
  const fs::path& dir = scratch.path();
  Write(dir / "def.asl.json", R"({"StartAt": "Slow", "States": {"Slow": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "slow", "Payload.$": "$"},
      "End": true}}})");
  Write(dir / "failing.json", R"({"slow": ["/bin/sh", "-c", "exit 1"]})");
  Write(dir / "sleeping.json", R"({"slow": ["/bin/sh", "-c", "echo $$ > task.pid; exec sleep 30"]})");

  pid_t first = StartSfn(dir, {"run-local", "def.asl.json", "--resources", "failing.json", "--history", "failed.json"});
  REQUIRE(WaitExit(first, 30) == 1);
  REQUIRE(fs::exists(dir / "failed.json"));

  pid_t redrive = StartSfn(dir, {"history-replay", "failed.json", "--definition", "def.asl.json", "--redrive",
                              "--resources", "sleeping.json", "-o", "continued.json"});
  for (int i = 0; i < 1000 && !fs::exists(dir / "task.pid"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(fs::exists(dir / "task.pid"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  pid_t task = std::stoi(Slurp(dir / "task.pid"));
  kill(redrive, SIGINT);
  int code = WaitExit(redrive, 30);
  CAPTURE(Slurp(dir / "stderr"));
  CHECK(code == 130);
  CHECK(Gone(task));
  REQUIRE(fs::exists(dir / "continued.json"));
  auto history = nlohmann::json::parse(Slurp(dir / "continued.json"), nullptr, false);
  REQUIRE(history.is_object());
  const auto& events = history["events"];
  REQUIRE(events.is_array());
  bool redriven = false;
  for (size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i]["id"] == static_cast<int64_t>(i + 1));
    if (events[i]["type"] == "ExecutionRedriven") redriven = true;
  }
  CHECK(redriven);
  CHECK(events.back()["type"] == "ExecutionAborted");
}
