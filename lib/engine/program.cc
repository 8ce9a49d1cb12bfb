#include "engine/program.h"

namespace sfn::engine::internal {
namespace {

struct EventNames {
  std::string_view entered, exited, aborted;
};

EventNames NamesOf(model::StateType type) {
  switch (type) {
    case model::StateType::kPass:
      return {"PassStateEntered", "PassStateExited", ""};
    case model::StateType::kTask:
      return {"TaskStateEntered", "TaskStateExited", "TaskStateAborted"};
    case model::StateType::kChoice:
      return {"ChoiceStateEntered", "ChoiceStateExited", ""};
    case model::StateType::kWait:
      return {"WaitStateEntered", "WaitStateExited", "WaitStateAborted"};
    case model::StateType::kSucceed:
      return {"SucceedStateEntered", "SucceedStateExited", ""};
    case model::StateType::kFail:
      return {"FailStateEntered", "", ""};
    case model::StateType::kParallel:
      return {"ParallelStateEntered", "ParallelStateExited", "ParallelStateAborted"};
    case model::StateType::kMap:
      return {"MapStateEntered", "MapStateExited", "MapStateAborted"};
    default:
      return {"PassStateEntered", "PassStateExited", ""};
  }
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, at - start));
    start = at + 1;
  }
}

bool ReadsContext(const model::State& state) {
  if (state.raw == nullptr) return false;
  std::string text = DumpCompact(*state.raw);
  if (!state.IsJsonata()) return text.find("$$") != std::string::npos;
  if (text.find("context") != std::string::npos) return true;
  // A bare $states (or $states[...]) may read the context too.
  for (size_t at = text.find("$states"); at != std::string::npos; at = text.find("$states", at + 7)) {
    std::string_view rest = std::string_view(text).substr(at + 7);
    if (!(rest.starts_with(".input") || rest.starts_with(".result") || rest.starts_with(".errorOutput")))
      return true;
  }
  return false;
}

}  // namespace

ResourceInfo ParseResource(std::string_view resource) {
  ResourceInfo info;
  auto parts = Split(resource, ':');
  // arn:partition:service:region:account:rest...
  if (parts.size() >= 6 && parts[0] == "arn") {
    info.region = std::string(parts[3]);
    if (parts[2] == "lambda" && parts[5] == "function") {
      info.kind = TaskKind::kLambdaFunction;
      info.resource_type = "lambda";
      info.action = "invoke";
      return info;
    }
    if (parts[2] == "states" && parts[5] == "activity") {
      info.kind = TaskKind::kActivity;
      info.resource_type = "activity";
      return info;
    }
    if (parts[2] == "states") {
      info.resource_type = std::string(parts[5]);
      std::string action;
      for (size_t i = 6; i < parts.size(); ++i) {
        if (!action.empty()) action += ':';
        action += parts[i];
      }
      info.action = action;
      info.wait_for_task_token = action.size() >= 17 && action.ends_with(".waitForTaskToken");
      return info;
    }
  }
  info.resource_type = parts.size() >= 3 ? std::string(parts[2]) : std::string("unknown");
  info.action = std::string(resource);
  return info;
}

Program::Program(const model::StateMachine& machine) {
  for (const model::State* state : machine.AllStates()) Add(*state);
}

void Program::Add(const model::State& state) {
  auto plan = std::make_unique<StatePlan>();
  plan->state = &state;
  plan->flow = state.IsJsonata() ? MakeJsonataFlow(state) : MakeJsonPathFlow(state);
  EventNames names = NamesOf(state.type);
  plan->entered = names.entered;
  plan->exited = names.exited;
  plan->aborted = names.aborted;
  const model::Scope& scope = *state.scope;
  if (state.next) {
    plan->next = scope.Find(*state.next);
    plan->next_missing = plan->next == nullptr;
  }
  for (const auto& rule : state.choices) plan->rule_next.push_back(scope.Find(rule.next));
  if (state.default_next) plan->default_next = scope.Find(*state.default_next);
  for (const auto& c : state.catches) plan->catch_next.push_back(scope.Find(c.next));
  plan->uses_context = ReadsContext(state);
  plan->uses_task_token =
      state.raw != nullptr && DumpCompact(*state.raw).find("Task.Token") != std::string::npos;
  if (state.type == model::StateType::kTask) plan->resource = ParseResource(state.resource);
  plans_.emplace(&state, std::move(plan));
}

}  // namespace sfn::engine::internal
