// Faults around `sfn run-local`, through the real binary: signals in the middle of a Parallel, tasks that
// misbehave, a history path that cannot be written, a full disk. For each: the exit code and error, no
// task process (child or grandchild) left alive, and a history that is whole JSON or untouched.
#include <doctest/doctest.h>
#include <sys/mount.h>

#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace sfn::cli::testing {
namespace {

// Three branches, each a task that starts a grandchild and waits for it; each writes both pids to pids.
constexpr const char* kParallel = R"({"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true,
  "Branches": [
    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "slow"}, "End": true}}},
    {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "slow"}, "End": true}}},
    {"StartAt": "C", "States": {"C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "slow"}, "End": true}}}]}}})";

constexpr const char* kSlowResources =
    R"({"slow": ["/bin/sh", "-c", "sleep 60 & echo $! >> pids; echo $$ >> pids; wait"]})";

// The events of a history file, checked for shape: {"events": [...]} with ids 1, 2, 3, ...
nlohmann::json HistoryEvents(const fs::path& file) {
  auto history = nlohmann::json::parse(Slurp(file), nullptr, false);
  REQUIRE(history.is_object());
  const auto& events = history["events"];
  REQUIRE(events.is_array());
  for (size_t i = 0; i < events.size(); ++i) CHECK(events[i]["id"] == static_cast<int64_t>(i + 1));
  return events;
}

TEST_CASE("run-local: SIGINT or SIGTERM in the middle of a Parallel kills every task and writes the history") {
  for (int sig : {SIGINT, SIGTERM}) {
    CAPTURE(sig);
    ScratchDir dir("signal");
    Write(dir / "def.asl.json", kParallel);
    Write(dir / "resources.json", kSlowResources);
    pid_t sfn = StartSfn(dir.path(), {"run-local", "def.asl.json", "--resources", "resources.json", "--history",
                                      "history.json"});
    REQUIRE(WaitForPids(dir / "pids", 6));  // three tasks and their three grandchildren
    kill(sfn, sig);
    CHECK(WaitExit(sfn, 30) == 130);
    for (pid_t pid : PidsIn(dir / "pids")) {
      CAPTURE(pid);
      CHECK(Gone(pid));
    }
    auto events = HistoryEvents(dir / "history.json");
    CHECK(events.back()["type"] == "ExecutionAborted");
    CHECK(Slurp(dir / "stderr").find(sig == SIGINT ? "interrupted" : "terminated") != std::string::npos);
  }
}

TEST_CASE("run-local: a task that crashes, prints garbage or floods its output fails the execution cleanly") {
  struct Case {
    const char* command;
    const char* error;  // in sfn's stderr
  };
  const Case cases[] = {
      {"echo $$ >> pids; kill -SEGV $$", "signal"},
      {"echo $$ >> pids; echo 'not json {'", "States.TaskFailed"},
      {"echo $$ >> pids; yes x | head -c 10000000", "States.DataLimitExceeded"},
      {"sleep 60 & echo $! >> pids; echo $$ >> pids; exit 3", "exit"},
  };
  for (const Case& c : cases) {
    std::string command = c.command;
    CAPTURE(command);
    ScratchDir dir("task-fault");
    Write(dir / "def.asl.json", R"({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}})");
    nlohmann::json resources = {{"f", {"/bin/sh", "-c", command}}};
    Write(dir / "resources.json", resources.dump());
    CHECK(RunSfn(dir.path(), {"run-local", "def.asl.json", "--resources", "resources.json", "--history",
                              "history.json"}) == 1);
    std::string err = Slurp(dir / "stderr");
    CAPTURE(err);
    CHECK(err.find(c.error) != std::string::npos);
    for (pid_t pid : PidsIn(dir / "pids")) CHECK(Gone(pid));
    CHECK(HistoryEvents(dir / "history.json").back()["type"] == "ExecutionFailed");
  }
}

TEST_CASE("run-local: a history path that cannot be written is refused before any task runs") {
  ScratchDir dir("unwritable");
  Write(dir / "def.asl.json", R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}})");
  Write(dir / "resources.json", R"({"f": ["/bin/sh", "-c", "touch ran; echo {}"]})");
  CHECK(RunSfn(dir.path(), {"run-local", "def.asl.json", "--resources", "resources.json", "--history",
                            "no-such-dir/history.json"}) == 2);
  CHECK(Slurp(dir / "stderr").find("cannot write the history to 'no-such-dir/history.json'") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "ran"));
}

TEST_CASE("run-local: a full disk fails the history write and leaves the previous file whole") {
  ScratchDir dir("full-disk");
  fs::create_directories(dir / "small");
  if (geteuid() != 0 || mount("tmpfs", (dir / "small").c_str(), "tmpfs", 0, "size=64k") != 0) {
    MESSAGE("skipped: cannot mount a small tmpfs here (needs root and mount rights)");
    return;
  }
  struct Unmount {
    fs::path at;
    ~Unmount() { umount(at.c_str()); }
  } unmount{dir / "small"};
  Write(dir / "small" / "history.json", "{\"events\": []}\n");
  // A loop of 2,000 transitions writes some 4,000 events: far more than 64 KiB.
  Write(dir / "def.asl.json", R"j({"StartAt": "Init", "States": {
      "Init": {"Type": "Pass", "Result": {"n": 0}, "Next": "Inc"},
      "Inc": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
      "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 2000, "Next": "Inc"}],
                "Default": "Done"},
      "Done": {"Type": "Succeed"}}})j");
  CHECK(RunSfn(dir.path(), {"run-local", "def.asl.json", "--history", "small/history.json"}) == 2);
  std::string err = Slurp(dir / "stderr");
  CAPTURE(err);
  CHECK(err.find("cannot write 'small/history.json'") != std::string::npos);
  CHECK(Slurp(dir / "small" / "history.json") == "{\"events\": []}\n");
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "small")) ++files;
  CHECK(files == 1);  // no temporary file left behind
}

}  // namespace
}  // namespace sfn::cli::testing
