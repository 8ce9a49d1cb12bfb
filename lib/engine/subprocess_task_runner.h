// SubprocessTaskRunner: runs each Task as a local process named by the resources file (resources.h).
//
// Which command, and what it gets:
//   lambda:invoke                 the command for the FunctionName of the effective input (LookupFunction),
//                                 else the command mapped to the Resource itself. stdin is the Payload
//                                 ({} when absent); stdout is the function's response, returned wrapped as
//                                 the integration does: {"ExecutedVersion", "Payload", "SdkHttpMetadata",
//                                 "SdkResponseMetadata", "StatusCode": 200}.
//   lambda:invoke.waitForTaskToken  the same command and stdin; stdout is the SendTaskSuccess output,
//                                 returned as it is.
//   arn:...:lambda:...:function:f the command for that function reference (LookupFunction); stdin is the
//                                 effective input, stdout the result.
//   anything else                 (optimized integrations, .sync and .waitForTaskToken variants, activities)
//                                 the command mapped to the Resource string (Lookup); stdin is the
//                                 effective input, stdout the result (for .waitForTaskToken: the
//                                 SendTaskSuccess output).
// The exit protocol and the error names are in subprocess_task_runner_result.h.
//
// The task's environment, in this order (later entries replace earlier ones of the same name):
//   1. without clean_env: the parent environment given in the options; with clean_env:
//      PATH=/usr/local/bin:/usr/bin:/bin only;
//   2. the entry's own `env`;
//   3. SFN_STATE_NAME, SFN_ATTEMPT (1-based), SFN_EXECUTION_NAME, SFN_EXECUTION_ARN,
//      SFN_STATE_MACHINE_NAME, SFN_RESOURCE, SFN_TASK_TOKEN (only when the task has a token),
//      SFN_FUNCTION_NAME (only for Lambda: the FunctionName, or the function ARN used as Resource) and
//      SFN_HEARTBEAT_FD=3, the heartbeat channel: every line the task writes to that descriptor proves it
//      alive for HeartbeatSeconds. Any of these names found in 1 or 2 is removed first.
//
// Security: only commands the resources file names ever run, directly (never through a shell); Resource
// strings and state data reach the process only through stdin and environment variables.
//
// stderr lines go to the sink of the options, one call at a time (the runner serialises the calls, so the
// sink need not be thread-safe itself). Run may be called from many threads at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/resources.h"
#include "engine/subprocess_task_runner_result.h"
#include "engine/task_runner.h"
#include "process/process_group_registry.h"
#include "process/runner.h"

namespace sfn::engine {

// Receives each stderr line of a task (without its '\n'), with the request that started it, e.g. to print
// "[ChargeCard] message".
using TaskStderrSink = std::function<void(const TaskRequest& request, std::string_view line)>;

struct SubprocessTaskRunnerOptions {
  std::vector<std::string> parent_env;  // "NAME=value" entries, the base environment without clean_env
  bool clean_env = false;
  TaskStderrSink stderr_sink;  // may be empty: stderr is then only kept for causes
  size_t max_payload_bytes = kMaxPayloadBytes;
  std::chrono::milliseconds kill_grace{500};          // between SIGTERM and SIGKILL when sfn kills a task
  std::shared_ptr<process::Runner> process_runner;    // null: real subprocesses
  process::ProcessGroupRegistry* registry = nullptr;  // null: the process-wide registry
  std::function<std::chrono::system_clock::time_point()> clock;  // for the Date header; null: system clock
};

class SubprocessTaskRunner final : public TaskRunner {
 public:
  SubprocessTaskRunner(std::shared_ptr<const ResourceMap> resources, SubprocessTaskRunnerOptions options);

  TaskResult Run(const TaskRequest& request) override;
  bool CanRun(const std::string& state_name, std::string_view resource,
              const Json* raw_arguments) const override;

 private:
  struct Invocation;

  Invocation Prepare(const TaskRequest& request) const;
  process::Spec BuildSpec(const TaskRequest& request, const Invocation& invocation) const;
  std::vector<std::string> BuildEnvironment(const TaskRequest& request, const Invocation& invocation) const;
  TaskResult Finish(const TaskRequest& request, const Invocation& invocation, const process::Spec& spec,
                    const process::Result& result);

  std::shared_ptr<const ResourceMap> resources_;
  SubprocessTaskRunnerOptions options_;
  mutable std::mutex sink_mutex_;
  std::atomic<uint64_t> invocations_{0};
};

}  // namespace sfn::engine
