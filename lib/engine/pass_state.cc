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
  bool literal = run.state.result.has_value();
  if (!literal) Inspect(run, &Inspection::after_input_path, data.Effective());
  data.result = flow.PassResult(data, scope);
  if (data.result) {
    Inspect(run, literal ? &Inspection::result : &Inspection::after_parameters, *data.result);
    Inspect(run, &Inspection::after_result_selector, *data.result);
  }
  Json after_result_path;
  if (run.inspect() != nullptr) data.after_result_path = &after_result_path;
  Assignments assigned;
  if (run.state.assign) assigned = flow.Assign(run.state.assign->value, data, scope);
  const Json* output_field = run.state.output ? &run.state.output->value : nullptr;
  Json output = flow.Output(std::move(data), output_field, nullptr, scope);
  if (run.inspect() != nullptr) Inspect(run, &Inspection::after_result_path, after_result_path);
  return Finish(run, std::move(output), assigned, run.plan.next);
}

}  // namespace sfn::engine::internal
