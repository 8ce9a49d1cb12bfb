// The interpreter loop: runs the states of a frame one after the other, emitting the Entered event of
// each, dispatching to the handler of its type and turning thrown errors into failures at the state
// boundary.
#include <cmath>

#include "engine/eval_env.h"
#include "engine/state_run.h"
#include "engine/timestamps.h"

namespace sfn::engine::internal {
namespace {

StepResult Dispatch(StateRun& run, Value input) {
  switch (run.state.type) {
    case model::StateType::kPass:
      return RunPass(run, std::move(input));
    case model::StateType::kTask:
      return RunTask(run, std::move(input));
    case model::StateType::kChoice:
      return RunChoice(run, std::move(input));
    case model::StateType::kWait:
      return RunWait(run, std::move(input));
    case model::StateType::kSucceed:
      return RunSucceed(run, std::move(input));
    case model::StateType::kFail:
      return RunFail(run, std::move(input));
    case model::StateType::kParallel:
      return RunParallel(run, std::move(input));
    case model::StateType::kMap:
      return RunMap(run, std::move(input));
    default:
      ThrowRuntime("the state '" + run.state.name + "' has an unknown type '" + run.state.type_text + "'");
  }
}

}  // namespace

StepResult RunState(Frame& frame, const StatePlan& plan, Value input) {
  StateRun run(frame, plan);
  if (Inspection* in = run.inspect()) in->input = input.json;
  frame.current = plan.state;
  run.entered_previous = frame.cursor;
  run.entered_ms = frame.Now();
  if (frame.log->record_payloads()) {
    input.Text();
    input.has_text = false;  // the text moves into the event; the handlers only read the value
    run.entered_id = frame.Emit(plan.entered, "stateEnteredEventDetails",
                                StateEnteredDetails(plan.state->name, std::move(input.text)));
  } else {
    run.entered_id = frame.Emit(plan.entered);
  }
  if (run.entered_id == 0) return AbortStep();
  try {
    return Dispatch(run, std::move(input));
  } catch (const StatesError& e) {
    return FailStep(run, FailureFromError(run, e));
  } catch (const std::exception& e) {
    return FailStep(run, FailureFromError(run, StatesError("States.Runtime", e.what())));
  }
}

FrameResult RunFrame(Frame& frame, Value input) {
  FrameResult result;
  const model::State* state = frame.scope->Start();
  if (state == nullptr) {
    result.kind = FrameResult::Kind::kFailed;
    result.failure = MakeFailure("States.Runtime",
                                 "the StartAt state '" + frame.scope->start_at + "' does not exist", true);
    result.failure.last_event = frame.cursor;
    return result;
  }
  const Program& program = *frame.rt->program;
  for (;;) {
    if (frame.Cancelled()) {
      result.kind = FrameResult::Kind::kAborted;
      return result;
    }
    const StatePlan& plan = program.Plan(*state);
    StepResult step = RunState(frame, plan, std::move(input));
    switch (step.kind) {
      case StepResult::Kind::kNext:
        state = step.next;
        input = std::move(step.output);
        break;
      case StepResult::Kind::kSucceed:
        result.kind = FrameResult::Kind::kSucceeded;
        result.output = std::move(step.output);
        return result;
      case StepResult::Kind::kFail:
        result.kind = FrameResult::Kind::kFailed;
        result.failure = std::move(step.failure);
        return result;
      case StepResult::Kind::kAbort:
        result.kind = FrameResult::Kind::kAborted;
        return result;
    }
  }
}

EvalScope StateRun::Scope() {
  EvalScope scope;
  scope.rt = frame.rt;
  scope.variables = &frame.variables;
  if (plan.uses_context) {
    if (!context) context = BuildContext();
    scope.context = &*context;
  }
  if (frame.rt->test != nullptr && frame.rt->test->context && frame.depth == 0)
    scope.context = &*frame.rt->test->context;
  return scope;
}

Json StateRun::BuildContext() const {
  Json ctx = frame.rt->context_base;
  Json st = Json::object();
  st["Name"] = state.name;
  st["EnteredTime"] = FormatTimestampMs(entered_ms);
  if (state.type == model::StateType::kTask || state.type == model::StateType::kParallel ||
      state.type == model::StateType::kMap) {
    st["RetryCount"] = retry_count;
  }
  ctx["State"] = std::move(st);
  if (!task_token.empty()) ctx["Task"] = Json{{"Token", task_token}};
  return ctx;
}

Json AssignedVariablesJson(const Assignments& assigned) {
  Json out = Json::object();
  for (const auto& [name, value] : assigned) out[name] = DumpCompact(value);
  return out;
}

namespace {

// An upper bound of the length of a value's compact JSON text; stops counting past 'limit'.
size_t SizeBound(const Json& v, size_t limit, int depth) {
  if (depth > 512) return limit + 1;
  switch (v.type()) {
    case Json::value_t::object: {
      size_t n = 2;
      for (auto it = v.begin(); it != v.end() && n <= limit; ++it) {
        n += it.key().size() * 6 + 4 + SizeBound(it.value(), limit, depth + 1);
      }
      return n;
    }
    case Json::value_t::array: {
      size_t n = 2;
      for (auto it = v.begin(); it != v.end() && n <= limit; ++it) n += 1 + SizeBound(*it, limit, depth + 1);
      return n;
    }
    case Json::value_t::string:
      return v.get_ref<const std::string&>().size() * 6 + 2;
    default:
      return 32;
  }
}

}  // namespace

StepResult Finish(StateRun& run, Json output, const Assignments& assigned, const model::State* next) {
  Frame& frame = run.frame;
  Runtime& rt = *frame.rt;
  StepResult result;
  result.output = Value(std::move(output));
  size_t limit = rt.options->payload_limit;
  bool record = frame.log->record_payloads();
  size_t size = 0;
  if (record) {
    size = result.output.Text().size();
  } else {
    size = SizeBound(result.output.json, limit, 0);
    if (size > limit) size = result.output.Text().size();
  }
  if (size > limit) {
    return FailStep(run,
                    MakeFailure("States.DataLimitExceeded",
                                "The state/task '" + run.state.name +
                                    "' returned a result with a size exceeding the maximum number of bytes "
                                    "service limit.",
                                true));
  }
  for (const auto& [name, value] : assigned) frame.variables.Set(name, value);
  if (record) {
    Json assigned_json = assigned.empty() ? Json() : AssignedVariablesJson(assigned);
    frame.Emit(
        run.plan.exited, "stateExitedEventDetails",
        StateExitedDetails(run.state.name, result.output.text, assigned.empty() ? nullptr : &assigned_json));
  } else {
    frame.Emit(run.plan.exited);
  }
  if (frame.Cancelled()) return AbortStep();
  if (next != nullptr) {
    result.kind = StepResult::Kind::kNext;
    result.next = next;
    return result;
  }
  if (run.state.end || run.state.type == model::StateType::kSucceed) {
    result.kind = StepResult::Kind::kSucceed;
    return result;
  }
  std::string target = run.state.next.value_or("");
  return FailStep(run, MakeFailure("States.Runtime",
                                   StateErrorCause(run.state.name, run.entered_id,
                                                   "The next state '" + target + "' does not exist."),
                                   true));
}

StepResult FinishWithResult(StateRun& run, StateData& data, Json result, const EvalScope& scope) {
  const DataFlow& flow = run.flow();
  const model::State& state = run.state;
  data.result = flow.SelectResult(std::move(result), scope);
  Inspect(run, &Inspection::after_result_selector, *data.result);
  Assignments assigned;
  if (state.assign) assigned = flow.Assign(state.assign->value, data, scope);
  const Json* output_field = state.output ? &state.output->value : nullptr;
  Json after_result_path;
  if (run.inspect() != nullptr) data.after_result_path = &after_result_path;
  Json output = flow.Output(std::move(data), output_field, nullptr, scope);
  if (run.inspect() != nullptr) Inspect(run, &Inspection::after_result_path, after_result_path);
  return Finish(run, std::move(output), assigned, run.plan.next);
}

StepResult FailStep(StateRun& run, Failure failure) {
  if (run.frame.Cancelled() && !failure.terminal) return AbortStep();
  StepResult result;
  result.kind = StepResult::Kind::kFail;
  if (failure.last_event == 0) failure.last_event = run.frame.cursor;
  result.failure = std::move(failure);
  return result;
}

StepResult AbortStep() {
  StepResult result;
  result.kind = StepResult::Kind::kAbort;
  return result;
}

Failure FailureFromError(StateRun& run, const StatesError& error) {
  Failure f;
  f.error = error.error;
  f.cause = error.cause;
  if (error.error == "States.Runtime" || error.error == "States.QueryEvaluationError") {
    f.cause = StateErrorCause(run.state.name, run.entered_id, error.cause);
  }
  f.terminal = error.error == "States.Runtime";
  if (error.error == "States.QueryEvaluationError") {
    Json d = Json::object();
    d["error"] = *f.error;
    d["cause"] = *f.cause;
    d["state"] = run.state.name;
    int64_t previous = run.state.type == model::StateType::kWait ? run.frame.cursor : run.entered_previous;
    int64_t id =
        run.frame.EmitSide("EvaluationFailed", previous, "evaluationFailedEventDetails", std::move(d));
    if (id != 0) run.frame.cursor = id;
  }
  f.last_event = run.frame.cursor;
  return f;
}

}  // namespace sfn::engine::internal
