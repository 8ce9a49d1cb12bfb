// Execute: runs a state machine locally with AWS Step Functions' semantics.
//
// The engine walks the model (model::StateMachine) state by state: the JSONPath and JSONata data flow,
// the context object, variables, Retry and Catch, Choice rules, Wait, Parallel branches and Map
// iterations (run concurrently on a bounded pool of workers), the execution timeout, the payload and
// history limits. Task states ask a TaskRunner for their result. Everything that happens is recorded as
// AWS history events, in ExecutionResult::events.
//
//   engine::ExecutionOptions options;
//   options.input = Json::parse(R"({"n": 1})");
//   options.tasks = &runner;                   // needed when the machine has Task states
//   engine::ExecutionResult r = engine::Execute(*machine, options);
//   if (r.status == engine::Status::kSucceeded) use(*r.output);
//
// Errors inside a state never escape as exceptions: they become the execution's FAILED status (or are
// retried or caught, as the definition says). A definition that the validator would reject still runs
// and fails cleanly with States.Runtime where it is broken.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "engine/clock.h"
#include "engine/task_runner.h"
#include "model/state_machine.h"
#include "process/cancel_token.h"

namespace sfn::engine {

// Distributed Map: one run of a Map Run (its child executions), asked of ExecutionOptions::map_runs.
struct MapRunRequest {
  std::string state_name;
  std::vector<std::string> frame;  // where the Map state runs, as TaskRequest::frame
  int attempt = 0;                 // 0 for the visit's first Map Run, 1 for the first retry, ...
};

// What a Map Run came to: the child executions' outputs in item order, or the Map Run's error.
struct MapRunOutcome {
  bool ok = false;
  Json results = Json::array();            // when ok
  std::optional<std::string> error, cause;  // when !ok
};

struct ExecutionOptions {
  Json input = Json::object();
  std::string execution_name;  // default: a UUID-like name
  std::string state_machine_name = "StateMachine";
  std::string account = "123456789012", region = "us-east-1";
  std::string role_arn;                          // $$.Execution.RoleArn; default: a role in 'account'
  int redrive_count = 0;                         // $$.Execution.RedriveCount: how often it was redriven
  Clock* clock = nullptr;                        // default: a VirtualClock started at the current time
  TaskRunner* tasks = nullptr;                   // required when the definition has Task states
  size_t max_events = 25000;                     // AWS's history limit
  size_t payload_limit = 262144;                 // bytes, for state inputs and outputs
  std::optional<uint64_t> random_seed;           // States.MathRandom, $random, UUIDs: deterministic when set
  std::shared_ptr<process::CancelToken> cancel;  // fires on Ctrl-C: the execution is ABORTED
  std::function<void(const Json& event)> on_event;  // called as each event is appended, in order
  size_t max_workers = 0;     // Map/Parallel concurrency bound (0: hardware threads x 4, min 8)
  bool record_events = true;  // keep the events in ExecutionResult::events
  // Distributed Map: the content of an S3 object (bucket, key), or nullopt when there is none.
  std::function<std::optional<std::string>(const std::string& bucket, const std::string& key)> read_object;
  // Distributed Map: the outcome of a Map Run when it is known without running it (a replay of a history,
  // which does not hold the child executions); nullopt: the Map Run reads its items and runs its children.
  std::function<std::optional<MapRunOutcome>(const MapRunRequest& request)> map_runs;
  // Distributed Map ResultWriter: the folder that receives the result files; empty: results not written.
  std::string result_writer_dir;
};

enum class Status { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };

std::string_view StatusName(Status status);  // "SUCCEEDED", "FAILED", ...

struct ExecutionResult {
  Status status = Status::kRunning;
  std::optional<Json> output;  // when SUCCEEDED
  std::string error, cause;    // when FAILED, TIMED_OUT or ABORTED (empty when the failure had none)
  bool has_error = false, has_cause = false;
  int64_t start_ms = 0, stop_ms = 0;
  std::string execution_arn, state_machine_arn;
  Json events;  // {"events": [...]} in GetExecutionHistory shape
};

ExecutionResult Execute(const model::StateMachine& machine, const ExecutionOptions& options);

}  // namespace sfn::engine
