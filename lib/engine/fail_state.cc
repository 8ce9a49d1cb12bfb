// Fail: ends its scope with an error and a cause (Error/Cause, ErrorPath/CausePath, or JSONata
// expressions). It has no Exited event.
#include "engine/state_run.h"

namespace sfn::engine::internal {

StepResult RunFail(StateRun& run, Value input) {
  EvalScope scope = run.Scope();
  StateData data;
  data.input = std::move(input.json);
  Inspect(run, &Inspection::after_input_path, data.input);
  ErrorSpec spec = run.flow().Fail(data, scope);
  Failure failure;
  failure.error = std::move(spec.error);
  failure.cause = std::move(spec.cause);
  return FailStep(run, std::move(failure));
}

}  // namespace sfn::engine::internal
