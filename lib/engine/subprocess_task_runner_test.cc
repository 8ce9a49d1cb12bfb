#include "engine/subprocess_task_runner.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "process/test_support.h"

namespace sfn::engine {
namespace {

using std::chrono::milliseconds;

// A temporary folder holding a resources file and the scripts it names.
class Sandbox {
 public:
  // Writes an executable /bin/sh script at `name` (relative to the folder).
  void Script(const std::string& name, const std::string& body) const {
    std::string path = dir_.File(name);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
  }

  std::shared_ptr<const ResourceMap> Resources(const std::string& yaml) const {
    std::ofstream(dir_.File("resources.yaml")) << yaml;
    std::istringstream no_stdin;
    ResourceMapParse parsed = LoadResourceMap(dir_.File("resources.yaml"), no_stdin);
    for (const auto& d : parsed.diagnostics) INFO(d.message);
    REQUIRE(parsed.map);
    return std::make_shared<const ResourceMap>(std::move(*parsed.map));
  }

  std::string path() const { return dir_.path(); }

 private:
  process::testing::TempDir dir_;
};

// Collects stderr lines; the runner serialises the calls, so no lock is needed here.
struct Lines {
  std::vector<std::string> lines;
  TaskStderrSink Sink() {
    return [this](const TaskRequest& request, std::string_view line) {
      lines.push_back(request.state_name + "|" + std::string(line));
    };
  }
};

SubprocessTaskRunnerOptions Options(TaskStderrSink sink = nullptr) {
  SubprocessTaskRunnerOptions options;
  options.parent_env = {"PATH=/usr/bin:/bin"};
  options.stderr_sink = std::move(sink);
  options.kill_grace = milliseconds(50);
  return options;
}

TaskRequest Request(std::string resource, Json input = Json::object()) {
  TaskRequest request;
  request.state_name = "Step";
  request.resource = std::move(resource);
  request.input = std::move(input);
  request.execution_name = "exec-1";
  request.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:machine:exec-1";
  request.state_machine_name = "machine";
  return request;
}

constexpr const char* kSqs = "arn:aws:states:::sqs:sendMessage";

TEST_CASE("subprocess runner: the result is the JSON on stdout") {
  Sandbox box;
  box.Script("echo.sh", "cat");
  SubprocessTaskRunner runner(box.Resources(std::string(kSqs) + ": [\"./echo.sh\"]\n"), Options());
  TaskResult result = runner.Run(Request(kSqs, Json::parse(R"({"a": [1, "two", null], "b": {"c": true}})")));
  REQUIRE(result.ok);
  CHECK(DumpCompact(result.output) == R"({"a":[1,"two",null],"b":{"c":true}})");
}

TEST_CASE("subprocess runner: failures reported by the task") {
  struct Case {
    const char* script;
    const char* error;
    const char* cause;
  };
  const Case cases[] = {
      {"echo '{\"Error\": \"Custom.Err\", \"Cause\": \"bad input\"}'; exit 1", "Custom.Err", "bad input"},
      {"echo '{\"Error\": \"Custom.Err\"}'; exit 2", "Custom.Err", ""},
      {"echo '{\"Error\": \"Custom.Err\", \"Cause\": {\"n\": 1}}'; exit 1", "Custom.Err", "{\"n\":1}"},
      {"echo '{\"errorType\": \"ValueError\", \"errorMessage\": \"nope\"}'; exit 1", "ValueError",
       "{\"errorType\":\"ValueError\",\"errorMessage\":\"nope\"}"},
      {"echo first >&2; echo 'last words' >&2; exit 3", "States.TaskFailed",
       "process exited with code 3; stderr: first\nlast words"},
      {"echo 'not json'; exit 4", "States.TaskFailed", "process exited with code 4"},
      {"kill -9 $$", "States.TaskFailed", "process killed by signal 9 (KILL)"},
      {"echo '{\"a\": tru}'", "States.TaskFailed",
       "task printed invalid JSON on stdout: unexpected 't', expected a value at line 1 column 7"},
      {"printf '{\\n  \"a\": 1,\\n}\\n'", "States.TaskFailed",
       "task printed invalid JSON on stdout: unexpected '}', expected a string key at line 3 column 1"},
      {"echo '{} {}'", "States.TaskFailed",
       "task printed invalid JSON on stdout: unexpected '{' after the end of the JSON value at line 1 column "
       "4"},
      {"echo '  '", "States.TaskFailed", "task printed no JSON value on stdout"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.script));
    Sandbox box;
    box.Script("task.sh", c.script);
    SubprocessTaskRunner runner(box.Resources(std::string(kSqs) + ": [\"./task.sh\"]\n"), Options());
    TaskResult result = runner.Run(Request(kSqs));
    CHECK_FALSE(result.ok);
    CHECK(result.error == std::string(c.error));
    CHECK(result.cause == std::string(c.cause));
  }
}

TEST_CASE("subprocess runner: stderr lines reach the sink with the state") {
  Sandbox box;
  box.Script("task.sh", "echo 'charging card' >&2; printf 'no newline' >&2; echo '{}'");
  Lines lines;
  SubprocessTaskRunner runner(box.Resources(std::string(kSqs) + ": [\"./task.sh\"]\n"),
                              Options(lines.Sink()));
  TaskRequest request = Request(kSqs);
  request.state_name = "ChargeCard";
  CHECK(runner.Run(request).ok);
  CHECK(lines.lines == std::vector<std::string>{"ChargeCard|charging card", "ChargeCard|no newline"});
}

TEST_CASE("subprocess runner: output over the payload limit") {
  Sandbox box;
  box.Script("big.sh", "printf '\"'; head -c 300000 /dev/zero | tr '\\0' a; printf '\"'");
  box.Script("huge.sh", "head -c 3000000 /dev/zero | tr '\\0' a");
  SubprocessTaskRunner runner(box.Resources("big: [\"./big.sh\"]\nhuge: [\"./huge.sh\"]\n"), Options());
  for (const char* resource : {"big", "huge"}) {
    CAPTURE(std::string(resource));
    TaskResult result = runner.Run(Request(resource));
    CHECK(result.error == "States.DataLimitExceeded");
    CHECK(result.cause ==
          "The state/task '" + std::string(resource) +
              "' returned a result with a size exceeding the maximum number of bytes service limit.");
  }
}

TEST_CASE("subprocess runner: a result just under the limit passes") {
  Sandbox box;
  box.Script("fit.sh", "printf '\"'; head -c 262142 /dev/zero | tr '\\0' a; printf '\"\\n\\n'");
  SubprocessTaskRunner runner(box.Resources("fit: [\"./fit.sh\"]\n"), Options());
  TaskResult result = runner.Run(Request("fit"));
  REQUIRE(result.ok);
  CHECK(result.output.get<std::string>().size() == 262142);
}

TEST_CASE("subprocess runner: timeouts kill the task") {
  Sandbox box;
  box.Script("slow.sh", "sleep 5; echo '{}'");
  SubprocessTaskRunner runner(
      box.Resources("slow: [\"./slow.sh\"]\nslow-entry: {command: [\"./slow.sh\"], timeout: 0.3}\n"),
      Options());
  auto start = std::chrono::steady_clock::now();
  TaskRequest request = Request("slow");
  request.timeout = milliseconds(300);
  TaskResult by_state = runner.Run(request);
  CHECK(by_state.error == "States.Timeout");
  CHECK(by_state.cause == "");
  TaskRequest entry_request = Request("slow-entry");
  entry_request.timeout = milliseconds(60000);  // the entry's 0.3 s is shorter
  TaskResult by_entry = runner.Run(entry_request);
  CHECK(by_entry.error == "States.Timeout");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("subprocess runner: heartbeats keep a task alive, silence kills it") {
  Sandbox box;
  box.Script("beating.sh",
             "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo beat >&$SFN_HEARTBEAT_FD; sleep 0.1; done; "
             "echo '\"done\"'");
  box.Script("silent.sh", "sleep 5; echo '{}'");
  SubprocessTaskRunner runner(box.Resources("beating: [\"./beating.sh\"]\nsilent: [\"./silent.sh\"]\n"),
                              Options());
  TaskRequest beating = Request("beating");
  beating.heartbeat = milliseconds(600);  // shorter than the whole run (1.2 s)
  TaskResult alive = runner.Run(beating);
  REQUIRE(alive.ok);
  CHECK(alive.output == "done");
  TaskRequest silent = Request("silent");
  silent.heartbeat = milliseconds(300);
  silent.timeout = milliseconds(10000);
  auto start = std::chrono::steady_clock::now();
  TaskResult dead = runner.Run(silent);
  CHECK(dead.error == "States.HeartbeatTimeout");
  CHECK(dead.cause == "");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("subprocess runner: a cancelled task is aborted") {
  Sandbox box;
  box.Script("slow.sh", "sleep 5; echo '{}'");
  SubprocessTaskRunner runner(box.Resources("slow: [\"./slow.sh\"]\n"), Options());
  TaskRequest request = Request("slow");
  request.cancel = std::make_shared<process::CancelToken>();
  std::thread canceller([token = request.cancel] {
    std::this_thread::sleep_for(milliseconds(200));
    token->Cancel();
  });
  auto start = std::chrono::steady_clock::now();
  TaskResult result = runner.Run(request);
  canceller.join();
  CHECK(result.error == kTaskAbortedError);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("subprocess runner: lambda:invoke sends the Payload and wraps the response") {
  Sandbox box;
  box.Script("price.sh", "cat; echo \"$SFN_FUNCTION_NAME\" >&2");
  Lines lines;
  SubprocessTaskRunner runner(box.Resources("price-fn: [\"./price.sh\"]\n"), Options(lines.Sink()));
  const char* names[] = {"price-fn", "price-fn:prod", "123456789012:function:price-fn",
                         "arn:aws:lambda:us-east-1:123456789012:function:price-fn:prod"};
  for (const char* name : names) {
    CAPTURE(std::string(name));
    lines.lines.clear();
    TaskResult result = runner.Run(
        Request("arn:aws:states:::lambda:invoke", Json{{"FunctionName", name}, {"Payload", Json{{"x", 1}}}}));
    REQUIRE(result.ok);
    CHECK(result.output["Payload"] == Json{{"x", 1}});
    CHECK(result.output["StatusCode"] == 200);
    CHECK(result.output["ExecutedVersion"] == "$LATEST");
    CHECK(result.output["SdkHttpMetadata"]["HttpStatusCode"] == 200);
    CHECK(result.output["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == "7");
    CHECK(result.output["SdkResponseMetadata"]["RequestId"] ==
          result.output["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"]);
    CHECK(lines.lines == std::vector<std::string>{"Step|" + std::string(name)});
  }
  TaskResult no_payload =
      runner.Run(Request("arn:aws:states:::lambda:invoke", Json{{"FunctionName", "price-fn"}}));
  REQUIRE(no_payload.ok);
  CHECK(no_payload.output["Payload"] == Json::object());
  TaskResult unknown = runner.Run(Request("arn:aws:states:::lambda:invoke", Json{{"FunctionName", "other"}}));
  CHECK(unknown.error == "States.TaskFailed");
  CHECK(unknown.cause == "the resources file has no command for function 'other'");
  TaskResult missing = runner.Run(Request("arn:aws:states:::lambda:invoke", Json{{"Payload", 1}}));
  CHECK(missing.cause == "'FunctionName' is missing or not a string");
}

TEST_CASE("subprocess runner: the payload limit applies to the wrapped lambda:invoke response") {
  Sandbox box;
  box.Script("pad.sh", "printf '\"'; head -c 800 /dev/zero | tr '\\0' a; printf '\"'");
  SubprocessTaskRunnerOptions options = Options();
  options.max_payload_bytes = 1000;
  SubprocessTaskRunner runner(box.Resources("pad: [\"./pad.sh\"]\n"), options);
  TaskResult direct = runner.Run(Request("arn:aws:lambda:us-east-1:123456789012:function:pad"));
  REQUIRE(direct.ok);
  CHECK(direct.output.get<std::string>().size() == 800);
  TaskResult wrapped = runner.Run(Request("arn:aws:states:::lambda:invoke", Json{{"FunctionName", "pad"}}));
  CHECK(wrapped.error == "States.DataLimitExceeded");
  CHECK(wrapped.cause ==
        "The state/task 'arn:aws:states:::lambda:invoke' returned a result with a size exceeding the maximum "
        "number of bytes service limit.");
}

TEST_CASE("subprocess runner: lambda function errors under lambda:invoke") {
  Sandbox box;
  box.Script("fail.sh",
             "echo '{\"errorType\": \"Exception\", \"errorMessage\": \"Some exception was raised.\"}'; "
             "exit 1");
  SubprocessTaskRunner runner(box.Resources("f: [\"./fail.sh\"]\n"), Options());
  TaskResult result = runner.Run(
      Request("arn:aws:states:::lambda:invoke", Json{{"FunctionName", "f"}, {"Payload", nullptr}}));
  CHECK(result.error == "Exception");
  CHECK(result.cause == R"({"errorType":"Exception","errorMessage":"Some exception was raised."})");
}

TEST_CASE("subprocess runner: legacy Lambda ARNs and task tokens are not wrapped") {
  Sandbox box;
  box.Script("echo.sh", "cat");
  box.Script("token.sh", "printf '{\"token\": \"%s\"}' \"$SFN_TASK_TOKEN\"");
  SubprocessTaskRunner runner(box.Resources("echo: [\"./echo.sh\"]\ntoken: [\"./token.sh\"]\n"), Options());
  TaskResult legacy =
      runner.Run(Request("arn:aws:lambda:us-east-1:123456789012:function:echo", Json{{"in", 1}}));
  REQUIRE(legacy.ok);
  CHECK(legacy.output == Json{{"in", 1}});
  TaskRequest callback = Request("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                 Json{{"FunctionName", "token"}, {"Payload", Json{{"t", "abc"}}}});
  callback.task_token = "abc";
  TaskResult token = runner.Run(callback);
  REQUIRE(token.ok);
  CHECK(token.output == Json{{"token", "abc"}});
}

TEST_CASE("subprocess runner: exact keys win over patterns when running") {
  Sandbox box;
  box.Script("a.sh", "echo '\"pattern\"'");
  box.Script("b.sh", "echo '\"exact\"'");
  SubprocessTaskRunner runner(box.Resources("\"arn:aws:states:::sqs:*\": [\"./a.sh\"]\n"
                                            "\"arn:aws:states:::sqs:sendMessage\": [\"./b.sh\"]\n"),
                              Options());
  CHECK(runner.Run(Request("arn:aws:states:::sqs:sendMessage")).output == "exact");
  CHECK(runner.Run(Request("arn:aws:states:::sqs:sendMessage.waitForTaskToken")).output == "pattern");
  TaskResult unmapped = runner.Run(Request("arn:aws:states:::sns:publish"));
  CHECK(unmapped.error == "States.TaskFailed");
  CHECK(unmapped.cause == "the resources file has no command for resource 'arn:aws:states:::sns:publish'");
}

TEST_CASE("subprocess runner: paths resolve from the resources file folder") {
  Sandbox box;
  box.Script("bin/where.sh", "printf '\"%s\"' \"$(pwd)\"");
  std::filesystem::create_directories(box.path() + "/sub");
  SubprocessTaskRunner runner(box.Resources("here: [\"./bin/where.sh\"]\n"
                                            "sub: {command: [\"bin/where.sh\"], cwd: sub}\n"),
                              Options());
  CHECK(runner.Run(Request("here")).output == box.path());
  CHECK(runner.Run(Request("sub")).output == box.path() + "/sub");
}

TEST_CASE("subprocess runner: a command that cannot start") {
  Sandbox box;
  SubprocessTaskRunner runner(box.Resources("gone: [\"./missing.sh\"]\n"), Options());
  TaskResult result = runner.Run(Request("gone"));
  CHECK(result.error == "States.TaskFailed");
  CHECK(result.cause.rfind("process could not start: ", 0) == 0);
}

std::set<std::string> EnvLines(const Lines& lines) {
  std::set<std::string> out;
  for (const std::string& line : lines.lines) {
    std::string entry = line.substr(line.find('|') + 1);
    if (entry.rfind("PWD=", 0) != 0) out.insert(entry);  // the shell exports PWD itself
  }
  return out;
}

TEST_CASE("subprocess runner: the task environment") {
  Sandbox box;
  box.Script("env.sh", "env >&2; echo '{}'");
  std::string resources = "e: {command: [\"./env.sh\"], env: {QUEUE: local, SFN_ATTEMPT: 99}}\n";
  TaskRequest request = Request("e");
  request.attempt = 2;
  request.task_token = "tok-1";
  std::set<std::string> protocol = {
      "SFN_STATE_NAME=Step",
      "SFN_ATTEMPT=3",
      "SFN_EXECUTION_NAME=exec-1",
      "SFN_EXECUTION_ARN=arn:aws:states:us-east-1:123456789012:execution:machine:exec-1",
      "SFN_STATE_MACHINE_NAME=machine",
      "SFN_RESOURCE=e",
      "SFN_TASK_TOKEN=tok-1",
      "SFN_HEARTBEAT_FD=3",
      "QUEUE=local",
  };

  SUBCASE("clean_env gives only the documented variables") {
    Lines lines;
    SubprocessTaskRunnerOptions options = Options(lines.Sink());
    options.parent_env = {"PATH=/usr/bin:/bin", "SECRET=1"};
    options.clean_env = true;
    SubprocessTaskRunner runner(box.Resources(resources), options);
    REQUIRE(runner.Run(request).ok);
    std::set<std::string> expected = protocol;
    expected.insert("PATH=/usr/local/bin:/usr/bin:/bin");
    CHECK(EnvLines(lines) == expected);
  }
  SUBCASE("otherwise the parent environment comes first") {
    Lines lines;
    SubprocessTaskRunnerOptions options = Options(lines.Sink());
    options.parent_env = {"PATH=/usr/bin:/bin", "HOME=/home/me", "QUEUE=parent", "SFN_STATE_NAME=stale",
                          "SFN_TASK_TOKEN=stale"};
    SubprocessTaskRunner runner(box.Resources(resources), options);
    TaskRequest no_token = request;
    no_token.task_token.clear();
    REQUIRE(runner.Run(no_token).ok);
    std::set<std::string> expected = protocol;
    expected.erase("SFN_TASK_TOKEN=tok-1");
    expected.insert("PATH=/usr/bin:/bin");
    expected.insert("HOME=/home/me");
    CHECK(EnvLines(lines) == expected);
  }
}

TEST_CASE("subprocess runner: CanRun answers from the mapping") {
  auto map = std::make_shared<ResourceMap>(
      *ResourceMap::Parse(
           *loader::LoadText("r.yaml", "price: [\"x\"]\n\"arn:aws:states:::sqs:*\": [\"y\"]\n").document,
           "/base")
           .map);
  SubprocessTaskRunner runner(map, Options());
  auto args = [](const char* text) { return Json::parse(text); };
  const std::string invoke = "arn:aws:states:::lambda:invoke";
  Json by_name = args(R"({"FunctionName": "price", "Payload.$": "$"})");
  Json by_arn = args(R"({"FunctionName": "arn:aws:lambda:us-east-1:1:function:price:live"})");
  Json other = args(R"({"FunctionName": "other"})");
  Json dynamic = args(R"({"FunctionName.$": "$.fn"})");
  Json jsonata = args(R"({"FunctionName": "{% $fn %}"})");
  Json whole_jsonata = "{% {'FunctionName': $fn} %}";
  CHECK(runner.CanRun("S", invoke, &by_name));
  CHECK(runner.CanRun("S", invoke + ".waitForTaskToken", &by_arn));
  CHECK_FALSE(runner.CanRun("S", invoke, &other));
  CHECK(runner.CanRun("S", invoke, &dynamic));
  CHECK(runner.CanRun("S", invoke, &jsonata));
  CHECK(runner.CanRun("S", invoke, &whole_jsonata));
  CHECK_FALSE(runner.CanRun("S", invoke, nullptr));
  CHECK(runner.CanRun("S", "arn:aws:lambda:us-east-1:1:function:price", nullptr));
  CHECK_FALSE(runner.CanRun("S", "arn:aws:lambda:us-east-1:1:function:cost", nullptr));
  CHECK(runner.CanRun("S", "arn:aws:states:::sqs:sendMessage", nullptr));
  CHECK_FALSE(runner.CanRun("S", "arn:aws:states:::sns:publish", nullptr));

  auto sqs_only = std::make_shared<ResourceMap>(
      *ResourceMap::Parse(
           *loader::LoadText("r.yaml", "\"arn:aws:states:::sqs:sendMessage\": [\"y\"]\n").document, "/base")
           .map);
  SubprocessTaskRunner sqs_runner(sqs_only, Options());
  CHECK_FALSE(sqs_runner.CanRun("S", invoke, &dynamic));
}

TEST_CASE("subprocess runner: concurrent tasks share the sink safely") {
  Sandbox box;
  box.Script("chatty.sh", "for i in 1 2 3 4 5 6 7 8 9 10; do echo \"line $i\" >&2; done; cat");
  Lines lines;
  SubprocessTaskRunner runner(box.Resources("chatty: [\"./chatty.sh\"]\n"), Options(lines.Sink()));
  std::vector<std::thread> threads;
  std::vector<TaskResult> results(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back(
        [&, i] { results[static_cast<size_t>(i)] = runner.Run(Request("chatty", Json(i))); });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 4; ++i) CHECK(results[static_cast<size_t>(i)].output == i);
  CHECK(lines.lines.size() == 40);
}

}  // namespace
}  // namespace sfn::engine
