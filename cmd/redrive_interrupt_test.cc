// Ctrl-C during `sfn history-replay --redrive`: the task being re-run is killed, the continued history
// written so far is valid, and sfn exits 130. The failed history to redrive comes from `sfn run-local`.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// Starts the sfn binary with `args` in `dir`, stdout and stderr to files there.
pid_t Start(const fs::path& dir, const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    int out = open("stdout", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open("stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    std::string binary = SFN_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `seconds` for `pid`; returns its exit code (1000 + signal if a signal killed it), or -1 on
// timeout.
int Wait(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 100; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

bool Alive(pid_t pid) { return kill(pid, 0) == 0 || errno != ESRCH; }

}  // namespace

TEST_CASE("history-replay --redrive: Ctrl-C kills the re-run task, writes the history so far and exits 130") {
  fs::path dir = fs::temp_directory_path() / ("sfn-redrive-int-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Write(dir / "def.asl.json", R"({"StartAt": "Slow", "States": {"Slow": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "slow", "Payload.$": "$"},
      "End": true}}})");
  Write(dir / "failing.json", R"({"slow": ["/bin/sh", "-c", "exit 1"]})");
  Write(dir / "sleeping.json", R"({"slow": ["/bin/sh", "-c", "echo $$ > task.pid; exec sleep 30"]})");

  pid_t first = Start(dir, {"run-local", "def.asl.json", "--resources", "failing.json", "--history", "failed.json"});
  REQUIRE(Wait(first, 30) == 1);
  REQUIRE(fs::exists(dir / "failed.json"));

  pid_t redrive = Start(dir, {"history-replay", "failed.json", "--definition", "def.asl.json", "--redrive",
                              "--resources", "sleeping.json", "-o", "continued.json"});
  for (int i = 0; i < 1000 && !fs::exists(dir / "task.pid"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(fs::exists(dir / "task.pid"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  pid_t task = std::stoi(Slurp(dir / "task.pid"));
  kill(redrive, SIGINT);
  int code = Wait(redrive, 30);
  CAPTURE(Slurp(dir / "stderr"));
  CHECK(code == 130);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = !Alive(task);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(gone);
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
  fs::remove_all(dir);
}
