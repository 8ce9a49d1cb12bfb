// Succeed: ends its scope successfully with its input (InputPath/OutputPath or Output applied).
#include "engine/state_run.h"

namespace sfn::engine::internal {

StepResult RunSucceed(StateRun& run, Value input) {
  const DataFlow& flow = run.flow();
  EvalScope scope = run.Scope();
  StateData data;
  data.input = std::move(input.json);
  flow.ApplyInputPath(data, scope);
  Inspect(run, &Inspection::after_input_path, data.Effective());
  const Json* output_field = run.state.output ? &run.state.output->value : nullptr;
  Json output = flow.Output(std::move(data), output_field, nullptr, scope);
  return Finish(run, std::move(output), {}, nullptr);
}

}  // namespace sfn::engine::internal
