// Helpers for the engine's unit tests: a scripted TaskRunner and a one-call way to run a definition.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/execution.h"
#include "model/state_machine.h"

namespace sfn::engine::testing {

// Answers each Task by its state name with a function of the request; records every request.
class ScriptedRunner : public TaskRunner {
 public:
  using Handler = std::function<TaskResult(const TaskRequest&)>;
  void On(const std::string& state, Handler handler) { handlers_[state] = std::move(handler); }
  TaskResult Run(const TaskRequest& request) override {
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      auto it = handlers_.find(request.state_name);
      if (it == handlers_.end()) return TaskResult::Success(request.input);
      handler = it->second;
    }
    return handler(request);
  }
  bool CanRun(const std::string&, std::string_view, const Json*) const override { return true; }
  std::vector<TaskRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  std::vector<TaskRequest> requests_;
};

struct RunOutcome {
  ExecutionResult result;
  std::unique_ptr<model::StateMachine> machine;
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (const auto& e : result.events["events"]) out.push_back(e["type"].get<std::string>());
    return out;
  }
};

inline RunOutcome RunDefinition(const std::string& definition, const Json& input,
                                ExecutionOptions options = {}, TaskRunner* runner = nullptr) {
  RunOutcome out;
  out.machine = model::BuildStateMachine(Json::parse(definition));
  options.input = input;
  if (options.random_seed == std::nullopt) options.random_seed = 42;
  if (options.execution_name.empty()) options.execution_name = "test-execution";
  static ScriptedRunner default_runner;
  options.tasks = runner != nullptr ? runner : &default_runner;
  out.result = Execute(*out.machine, options);
  return out;
}

}  // namespace sfn::engine::testing
