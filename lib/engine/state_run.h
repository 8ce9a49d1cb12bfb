// StateRun: one run of one state, and the helpers every state handler shares (internal to the engine
// area).
//
// The interpreter emits the Entered event, builds a StateRun and hands it to the handler of the state's
// type (pass_state.cc, task_state.cc, ...). A handler returns a StepResult: the output and the next
// state, the end of the scope, or a failure. Errors thrown inside a handler are caught by the
// interpreter at the state boundary.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/states_error.h"
#include "engine/data_flow.h"
#include "engine/program.h"
#include "engine/runtime.h"

namespace sfn::engine::internal {

struct StateRun {
  Frame& frame;
  const StatePlan& plan;
  const model::State& state;
  int64_t entered_id = 0;
  int64_t entered_previous = 0;  // the previousEventId of the Entered event
  int64_t entered_ms = 0;
  int retry_count = 0;
  std::string task_token;
  std::optional<Json> context;  // $$, built on first use

  StateRun(Frame& f, const StatePlan& p) : frame(f), plan(p), state(*p.state) {}
  Runtime& rt() { return *frame.rt; }
  const DataFlow& flow() const { return *plan.flow; }
  // The evaluation scope, with $$ built when the state reads it.
  EvalScope Scope();
  // Drops the cached $$ (after RetryCount or the task token changed).
  void ResetContext() { context.reset(); }
  // The context object of this state.
  Json BuildContext() const;
  // TestState's inspection, when this is the tested state.
  Inspection* inspect() const {
    return frame.rt->test != nullptr && frame.depth == 0 ? &frame.rt->test->inspection : nullptr;
  }
  // TestState's mocked outcome, when this is the tested state and it has one.
  TestHooks* mock() const {
    TestHooks* t = frame.depth == 0 ? frame.rt->test : nullptr;
    return t != nullptr && (t->mock_result || t->mock_error) ? t : nullptr;
  }
};

// Records a data-flow step for TestState (JSONPath states only, as AWS reports them).
inline void Inspect(const StateRun& run, std::optional<Json> Inspection::*field, const Json& value) {
  if (Inspection* in = run.inspect(); in != nullptr && !run.state.IsJsonata()) in->*field = value;
}

// Runs one state (emitting its events) and returns where it goes next.
StepResult RunState(Frame& frame, const StatePlan& plan, Value input);

// Ends the state normally: commits the assignments, checks the output's size, emits the Exited event
// (with the assigned variables) and moves to 'next' (nullptr: the end of the scope).
StepResult Finish(StateRun& run, Json output, const Assignments& assigned, const model::State* next);

// Ends a Task, Parallel or Map state whose work produced 'result': ResultSelector, Assign, ResultPath and
// Output (each stage recorded for TestState), then Finish to the state's next.
StepResult FinishWithResult(StateRun& run, StateData& data, Json result, const EvalScope& scope);

// Ends the state with a failure that nothing caught.
StepResult FailStep(StateRun& run, Failure failure);

// The failure a StatesError thrown while running 'run' stands for: States.Runtime and
// States.QueryEvaluationError get AWS's prefix naming the state; a QueryEvaluationError also emits the
// EvaluationFailed event.
Failure FailureFromError(StateRun& run, const StatesError& error);

// The result of a frame that was cancelled.
StepResult AbortStep();

// Retry and Catch, shared by Task, Parallel and Map.
class ErrorHandling {
 public:
  explicit ErrorHandling(StateRun& run);
  // When a retrier applies to 'failure': the delay in milliseconds before the next attempt.
  std::optional<int64_t> RetryDelay(Failure& failure, bool from_task);
  // The index of the first catcher that applies, or -1.
  int FindCatcher(const Failure& failure, bool from_task) const;
  // Applies catcher 'index': its Assign and ResultPath/Output. Emits the Exited event.
  StepResult Catch(int index, const Failure& failure, Json input);

 private:
  StateRun& run_;
  std::vector<int64_t> attempts_;
};

// After a failed attempt of a Parallel or Map state. When a retrier applies, waits out its delay and
// returns nullopt: the caller tries again. Otherwise emits 'failed_event' and ends the state: caught by
// the first catcher that applies (with 'input'), or failed.
std::optional<StepResult> RetryOrCatch(StateRun& run, ErrorHandling& handling, Failure& failure,
                                       std::string_view failed_event, Json& input);

bool ErrorMatches(const std::vector<std::string>& error_equals, const Failure& failure, bool from_task);

// The handlers of the state types.
StepResult RunPass(StateRun& run, Value input);
StepResult RunTask(StateRun& run, Value input);
StepResult RunChoice(StateRun& run, Value input);
StepResult RunWait(StateRun& run, Value input);
StepResult RunSucceed(StateRun& run, Value input);
StepResult RunFail(StateRun& run, Value input);
StepResult RunParallel(StateRun& run, Value input);
StepResult RunMap(StateRun& run, Value input);

// The assigned variables of an Exited event: {"name": "<JSON text>", ...}.
Json AssignedVariablesJson(const Assignments& assigned);

}  // namespace sfn::engine::internal
