// The inner workings of one execution, shared by the interpreter and the state handlers (internal to
// the engine area).
//
// Runtime holds what is common to the whole execution: the options, the compiled program, the event log,
// the clock, the identities (ARNs, names), the worker gate and the cancellation tree. A Frame is one
// running scope: the top level, a Parallel branch or a Map iteration. It owns its variables, the id of
// its latest event (the previousEventId of its next one), its virtual time and its cancellation node.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "engine/execution.h"
#include "engine/history.h"
#include "engine/worker_gate.h"
#include "jsonata/jsonata.h"
#include "model/state_machine.h"
#include "process/cancel_token.h"

namespace sfn::engine::internal {

class Program;

// An ASL error on its way out of a state, a branch or the execution.
struct Failure {
  std::optional<std::string> error;
  std::optional<std::string> cause;
  // States.Runtime and the like: ends the execution whatever Retry and Catch say, and the Parallel or
  // Map around it records no failure of its own.
  bool terminal = false;
  bool retriable = false;  // TestState: a retrier matched (the state is not retried)
  int64_t last_event = 0;  // the event the next record of this failure links to
};

// TestState's view into one state: the value after each data-flow step.
struct Inspection {
  std::optional<Json> input, after_input_path, after_parameters, result, after_result_selector,
      after_result_path, after_items_path, variables;
  std::optional<int64_t> max_concurrency, tolerated_failure_count;
  std::optional<double> tolerated_failure_percentage;
};

// TestState's hooks: the inspection of the tested state and the mocked outcome of its work.
struct TestHooks {
  Inspection inspection;
  std::optional<Json> mock_result;
  std::optional<Failure> mock_error;
  std::optional<Json> context;  // replaces $$
};

Failure MakeFailure(std::string error, std::string cause, bool terminal = false);

// A node of the cancellation tree. Cancelling a node cancels its whole subtree; the process token handed
// to task runners is made on first use.
class CancelNode {
 public:
  CancelNode() = default;
  CancelNode(const CancelNode&) = delete;
  CancelNode& operator=(const CancelNode&) = delete;

  void Cancel();
  bool IsCancelled() const { return cancelled_.load(std::memory_order_acquire); }
  const std::atomic<bool>* flag() const { return &cancelled_; }
  std::shared_ptr<process::CancelToken> Token();
  static std::shared_ptr<CancelNode> ChildOf(const std::shared_ptr<CancelNode>& parent);

 private:
  void AddChild(const std::shared_ptr<CancelNode>& child);

  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::vector<std::weak_ptr<CancelNode>> children_;
  size_t sweep_at_ = 64;
  std::shared_ptr<process::CancelToken> token_;
};

// Workflow variables of one scope. Lookups fall back to the enclosing scopes, which inner scopes read
// but never write.
class Variables {
 public:
  explicit Variables(const Variables* parent = nullptr) : parent_(parent) {}
  const Json* Find(std::string_view name) const;
  void Set(const std::string& name, Json value) { values_[name] = std::move(value); }
  // Calls f(name, value) for every visible variable, outermost scope first (inner ones shadow them).
  template <typename F>
  void ForEach(F&& f) const {
    if (parent_ != nullptr) parent_->ForEach(f);
    for (const auto& [name, value] : values_) f(name, value);
  }

 private:
  const Variables* parent_;
  std::map<std::string, Json, std::less<>> values_;
};

// Why an execution stopped before its states ended it.
enum class StopReason : int { kNone = 0, kAborted, kTimedOut, kHistoryLimit };

struct Runtime {
  const model::StateMachine* machine = nullptr;
  const ExecutionOptions* options = nullptr;
  const Program* program = nullptr;
  EventLog* log = nullptr;
  Clock* clock = nullptr;
  bool virtual_time = true;
  TaskRunner* tasks = nullptr;

  std::string execution_name, execution_arn, state_machine_arn, role_arn;
  int64_t start_ms = 0;
  std::optional<int64_t> deadline_ms;  // TimeoutSeconds of the execution
  Json execution_input;
  Json context_base;  // {"Execution": {...}, "StateMachine": {...}}

  WorkerGate* gate = nullptr;
  std::shared_ptr<CancelNode> root_cancel;
  std::atomic<int> stop{0};            // a StopReason
  std::atomic<int64_t> stop_event{0};  // the last event when it stopped

  TestHooks* test = nullptr;            // set by TestState only
  jsonata::Bindings jsonata_functions;  // AWS's JSONata functions ($partition, $random, ...), shared

  std::mutex random_mutex;
  std::mt19937_64 random;
  bool seeded = false;

  uint64_t NextRandom();
  std::string NewUuid();
  StopReason Stopped() const { return static_cast<StopReason>(stop.load(std::memory_order_acquire)); }
  void RequestStop(StopReason reason);
  // True once the caller's cancel token (ExecutionOptions::cancel) has fired; the abort is then requested
  // here at once rather than when the watchdog thread wakes up. The caller may kill the task processes
  // right after firing the token (sfn does on Ctrl-C): a task that returns in that window must find the
  // execution aborted, so that no Retry or Catch treats the kill as a task failure.
  bool CallerCancelled();

  // Called before the execution waits on something outside it (a task, a real-clock sleep), from any
  // thread: Execute starts its watchdog there.
  std::function<void()> before_waiting;
  void BeforeWaiting() const {
    if (before_waiting) before_waiting();
  }
};

// A JSON value with its text, computed at most once (event payloads and size checks share it).
struct Value {
  Json json;
  mutable std::string text;
  mutable bool has_text = false;

  Value() = default;
  explicit Value(Json j) : json(std::move(j)) {}
  const std::string& Text() const;
};

struct Frame {
  Runtime* rt = nullptr;
  const model::Scope* scope = nullptr;
  Frame* parent = nullptr;
  EventLog* log = nullptr;  // the execution's log, or a child execution's (Distributed Map)
  std::shared_ptr<CancelNode> cancel;
  Variables variables;
  int64_t cursor = 0;  // previousEventId of this frame's next event
  int64_t now_ms = 0;  // this frame's time, when the clock is virtual
  const Json* map_item_value = nullptr;
  int64_t map_item_index = -1;
  std::vector<std::string> location;  // e.g. {"Parallel:P#1"}
  int depth = 0;
  const model::State* current = nullptr;  // the state being run (read by the parent after a join)

  Frame(Runtime* runtime, const model::Scope* s, Frame* parent_frame, const Variables* outer_variables);

  int64_t Now() const;
  // Moves this frame's virtual time on by real time spent (a Task's run); nothing on a real clock.
  void Advance(int64_t elapsed_ms);
  // Waits until 'deadline_ms' in this frame's time. Returns false when cancelled or when the execution
  // timed out first.
  bool SleepUntil(int64_t deadline_ms);
  // Appends an event linked to the cursor and moves the cursor to it; returns its id (0 when suppressed).
  int64_t Emit(std::string_view type, std::string_view details_key = {}, Json details = nullptr);
  // Appends an event linked to 'previous' without moving the cursor.
  int64_t EmitSide(std::string_view type, int64_t previous, std::string_view details_key = {},
                   Json details = nullptr);
  bool Cancelled() const {
    return cancel->IsCancelled() || rt->Stopped() != StopReason::kNone || rt->CallerCancelled();
  }
};

// The result of running one state.
struct StepResult {
  enum class Kind { kNext, kSucceed, kFail, kAbort };
  Kind kind = Kind::kNext;
  bool caught = false;  // the output is a Catch's
  Value output;
  const model::State* next = nullptr;
  Failure failure;
};

// The result of running a whole frame.
struct FrameResult {
  enum class Kind { kSucceeded, kFailed, kAborted };
  Kind kind = Kind::kSucceeded;
  Value output;
  Failure failure;
};

// Runs the states of 'frame' from its StartAt until the scope ends.
FrameResult RunFrame(Frame& frame, Value input);

// The cause of a runtime error in a state: AWS prefixes it with the state and its Entered event.
std::string StateErrorCause(std::string_view state, int64_t entered_id, std::string_view detail);

// The JSON text of an ASL error value for Catch and for the task runner: {"Error": ..., "Cause": ...}.
Json ErrorOutput(const Failure& failure);

}  // namespace sfn::engine::internal
