// Pass: passes its input to its output, optionally reshaped (Result, Parameters, ResultPath, OutputPath
// in JSONPath mode; Output in JSONata mode), and may assign variables.
#include "engine/state_run.h"

namespace sfn::engine::internal {

StepResult RunPass(StateRun& run, Value input) {
  const DataFlow& flow = run.flow();
  EvalScope scope = run.Scope();
  StateData data;
  data.input = std::move(input.json);
  flow.ApplyInputPath(data, scope);
  data.result = flow.PassResult(data, scope);
  Assignments assigned;
  if (run.state.assign) assigned = flow.Assign(run.state.assign->value, data, scope);
  const Json* output_field = run.state.output ? &run.state.output->value : nullptr;
  Json output = flow.Output(std::move(data), output_field, nullptr, scope);
  return Finish(run, std::move(output), assigned, run.plan.next);
}

}  // namespace sfn::engine::internal
