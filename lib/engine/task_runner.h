// TaskRunner: how the engine gets a Task state's result. The engine prepares the effective input and
// asks a TaskRunner; the runner answers with a result or an ASL error. Implementations: subprocesses
// mapped by a resources file, Step Functions Local mock configurations, and recorded histories (replay).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "process/cancel_token.h"

namespace sfn::engine {

struct TaskRequest {
  std::string state_name;
  std::string resource;          // the Resource string as written (after JSONata/placeholder evaluation)
  Json input;                    // the effective input: Parameters / Arguments applied
  int attempt = 0;               // 0 for the first attempt, 1 for the first retry, ...
  std::string task_token;        // for ".waitForTaskToken" resources; empty otherwise
  std::optional<std::chrono::milliseconds> timeout;    // TimeoutSeconds
  std::optional<std::chrono::milliseconds> heartbeat;  // HeartbeatSeconds
  std::string execution_name;
  std::string execution_arn;
  std::string state_machine_name;
  std::vector<std::string> frame;  // where the state runs: e.g. {"Parallel:P#1", "Map:M#3"}; empty at the top
  std::shared_ptr<process::CancelToken> cancel;  // set when the execution or the enclosing frame is cancelled
};

struct TaskResult {
  bool ok = false;
  Json output;         // when ok: the task's result (for lambda:invoke, the whole response with Payload)
  std::string error;   // when !ok: e.g. "States.TaskFailed", "States.Timeout", or the task's own error name
  std::string cause;

  static TaskResult Success(Json output) { return {true, std::move(output), {}, {}}; }
  static TaskResult Failure(std::string error, std::string cause) {
    return {false, Json(), std::move(error), std::move(cause)};
  }
};

class TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  // Runs one attempt of a task. Must be safe to call from several threads at once.
  virtual TaskResult Run(const TaskRequest& request) = 0;
  // Whether this runner can serve a Task state with this resource (and, for lambda:invoke and similar,
  // these raw Parameters/Arguments, which may name the function). Used to list unmapped resources before
  // anything runs.
  virtual bool CanRun(const std::string& state_name, std::string_view resource, const Json* raw_arguments) const = 0;
};

}  // namespace sfn::engine
