// Choice: picks the next state by the first rule that matches its input, or Default. No match and no
// Default fails with States.NoChoiceMatched.
#include "engine/eval_env.h"
#include "engine/state_run.h"

namespace sfn::engine::internal {

StepResult RunChoice(StateRun& run, Value input) {
  const DataFlow& flow = run.flow();
  const model::State& state = run.state;
  EvalScope scope = run.Scope();
  StateData data;
  data.input = std::move(input.json);
  flow.ApplyInputPath(data, scope);
  Inspect(run, &Inspection::after_input_path, data.Effective());
  for (size_t i = 0; i < state.choices.size(); ++i) {
    const model::ChoiceRule& rule = state.choices[i];
    if (!flow.Matches(rule, data, scope)) continue;
    const model::State* next = run.plan.rule_next[i];
    if (next == nullptr) ThrowRuntime("The next state '" + rule.next + "' does not exist.");
    Assignments assigned;
    if (rule.assign) assigned = flow.Assign(rule.assign->value, data, scope);
    const Json* output_field = rule.output ? &rule.output->value : nullptr;
    Json output = flow.Output(std::move(data), output_field, nullptr, scope);
    return Finish(run, std::move(output), assigned, next);
  }
  if (!state.default_next) {
    return FailStep(run,
                    MakeFailure("States.NoChoiceMatched",
                                StateErrorCause(state.name, run.entered_id,
                                                "No Matches! Choice state failed to find a matching rule."),
                                false));
  }
  if (run.plan.default_next == nullptr)
    ThrowRuntime("The next state '" + *state.default_next + "' does not exist.");
  Assignments assigned;
  if (state.assign) assigned = flow.Assign(state.assign->value, data, scope);
  const Json* output_field = state.output ? &state.output->value : nullptr;
  Json output = flow.Output(std::move(data), output_field, nullptr, scope);
  return Finish(run, std::move(output), assigned, run.plan.default_next);
}

}  // namespace sfn::engine::internal
