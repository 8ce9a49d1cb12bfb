// Wait: delays its scope for a number of seconds or until an instant (Seconds, Timestamp and their Path
// or JSONata forms). AWS refuses delays beyond 2^31-1 seconds.
#include "engine/eval_env.h"
#include "engine/state_run.h"

namespace sfn::engine::internal {

namespace {
constexpr int64_t kMaxDelaySeconds = 2147483647;
}

StepResult RunWait(StateRun& run, Value input) {
  const DataFlow& flow = run.flow();
  EvalScope scope = run.Scope();
  StateData data;
  data.input = std::move(input.json);
  flow.ApplyInputPath(data, scope);
  Inspect(run, &Inspection::after_input_path, data.Effective());
  WaitTarget target = flow.Wait(data, scope);
  int64_t now = run.frame.Now();
  int64_t until = 0;
  if (target.is_timestamp) {
    if ((target.until_ms - now) / 1000 > kMaxDelaySeconds) ThrowRuntime("Wait state delay is too long.");
    until = target.until_ms;
  } else {
    if (target.seconds > kMaxDelaySeconds) ThrowRuntime("Wait state delay is too long.");
    until = now + target.seconds * 1000;
  }
  if (until > now && !run.frame.SleepUntil(until)) return AbortStep();
  Assignments assigned;
  if (run.state.assign) assigned = flow.Assign(run.state.assign->value, data, scope);
  const Json* output_field = run.state.output ? &run.state.output->value : nullptr;
  Json output = flow.Output(std::move(data), output_field, nullptr, scope);
  return Finish(run, std::move(output), assigned, run.plan.next);
}

}  // namespace sfn::engine::internal
