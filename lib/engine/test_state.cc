#include "engine/test_state.h"

#include <set>

#include "engine/execution_setup.h"
#include "engine/state_run.h"

namespace sfn::engine {
namespace {

using internal::Failure;
using internal::Frame;
using internal::StepResult;

constexpr const char* kDefaultName = "StateName";

// The names a state can move to.
std::set<std::string> TargetsOf(const Json& state) {
  std::set<std::string> out;
  auto add = [&](const Json& object, const char* key) {
    if (object.is_object() && object.contains(key) && object[key].is_string())
      out.insert(object[key].get<std::string>());
  };
  add(state, "Next");
  add(state, "Default");
  for (const char* list : {"Choices", "Catch"}) {
    if (state.contains(list) && state[list].is_array()) {
      for (const auto& item : state[list]) add(item, "Next");
    }
  }
  return out;
}

// A state machine holding the tested state and a stub for each state it can move to.
Json Wrap(const Json& definition, std::string& name) {
  Json machine = definition.is_object() && definition.contains("States") ? definition : Json::object();
  if (!machine.contains("States")) {
    name = name.empty() ? kDefaultName : name;
    machine["StartAt"] = name;
    machine["States"] = Json::object();
    machine["States"][name] = definition;
  } else if (name.empty()) {
    name = machine.value("StartAt", std::string());
  }
  if (!machine["States"].is_object() || !machine["States"].contains(name)) return machine;
  for (const auto& target : TargetsOf(machine["States"][name])) {
    if (!machine["States"].contains(target)) machine["States"][target] = Json{{"Type", "Succeed"}};
  }
  machine["StartAt"] = name;
  return machine;
}

void AddInspection(const internal::Inspection& in, Json& out) {
  auto put = [&](const char* key, const std::optional<Json>& v) {
    if (v) out[key] = *v;
  };
  put("input", in.input);
  put("afterInputPath", in.after_input_path);
  put("afterParameters", in.after_parameters);
  put("result", in.result);
  put("afterResultSelector", in.after_result_selector);
  put("afterResultPath", in.after_result_path);
  put("afterItemsPath", in.after_items_path);
  if (in.max_concurrency) out["maxConcurrency"] = *in.max_concurrency;
  if (in.tolerated_failure_count) out["toleratedFailureCount"] = *in.tolerated_failure_count;
  if (in.tolerated_failure_percentage) out["toleratedFailurePercentage"] = *in.tolerated_failure_percentage;
  put("variables", in.variables);
}

TestStateResult Failed(std::string error, std::string cause) {
  TestStateResult r;
  r.status = "FAILED";
  r.error = std::move(error);
  r.cause = std::move(cause);
  return r;
}

}  // namespace

Json TestStateResult::ToJson() const {
  Json out = Json::object();
  if (output) out["output"] = *output;
  if (error) out["error"] = *error;
  if (cause) out["cause"] = *cause;
  if (!inspection_data.empty()) out["inspectionData"] = inspection_data;
  if (next_state) out["nextState"] = *next_state;
  out["status"] = status;
  return out;
}

TestStateResult TestState(const TestStateOptions& options) {
  std::string name = options.state_name;
  Json definition = Wrap(options.definition, name);
  auto machine = model::BuildStateMachine(definition);
  const model::State* state = nullptr;
  for (const model::State* s : machine->AllStates()) {
    if (s->name == name && state == nullptr) state = s;
  }
  if (state == nullptr) return Failed("States.Runtime", "the state '" + name + "' does not exist");

  ExecutionOptions exec = options.execution;
  exec.input = options.input;
  exec.record_events = false;
  internal::ExecutionSetup setup(*machine, exec);
  internal::Runtime& rt = setup.runtime();
  internal::TestHooks hooks;
  hooks.mock_result = options.mock_result;
  if (options.mock_error) {
    Failure f;
    f.error = options.mock_error;
    f.cause = options.mock_cause;
    hooks.mock_error = f;
  }
  hooks.context = options.context;
  if (options.variables) hooks.inspection.variables = *options.variables;
  rt.test = &hooks;

  // TestState runs as an Express execution: its context names one, and has no RedriveCount.
  Json& execution = rt.context_base["Execution"];
  std::string id = rt.execution_arn;
  if (auto at = id.find(":execution:"); at != std::string::npos) id.replace(at, 11, ":express:");
  execution["Id"] = id;
  execution.erase("RedriveCount");
  Frame top(&rt, state->scope, nullptr, nullptr);
  top.now_ms = rt.start_ms;
  if (options.variables && options.variables->is_object()) {
    for (const auto& [key, value] : options.variables->items()) top.variables.Set(key, value);
  }
  rt.gate->Acquire();
  StepResult step = internal::RunState(top, rt.program->Plan(*state), internal::Value(options.input));
  rt.gate->Release();

  TestStateResult result;
  switch (step.kind) {
    case StepResult::Kind::kNext:
    case StepResult::Kind::kSucceed:
      result.status = step.caught ? "CAUGHT_ERROR" : "SUCCEEDED";
      result.output = std::move(step.output.json);
      if (step.kind == StepResult::Kind::kNext && step.next != nullptr) result.next_state = step.next->name;
      break;
    case StepResult::Kind::kFail:
      result.status = step.failure.retriable ? "RETRIABLE" : "FAILED";
      result.error = step.failure.error;
      result.cause = step.failure.cause;
      if (result.cause && result.cause->starts_with("An error occurred while executing the state '")) {
        // TestState's causes do not name the state and its event.
        size_t at = result.cause->find("). ");
        if (at != std::string::npos) result.cause = result.cause->substr(at + 3);
      }
      break;
    case StepResult::Kind::kAbort:
      result.status = "FAILED";
      result.error = "States.Runtime";
      result.cause = "the state was cancelled";
      break;
  }
  if (options.inspection_level != InspectionLevel::kInfo)
    AddInspection(hooks.inspection, result.inspection_data);
  return result;
}

}  // namespace sfn::engine
