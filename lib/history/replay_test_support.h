// Test helpers for replay: record a history by running a definition with the engine, with Task results
// from a function, then read it back as a recorded history.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/json.h"
#include "engine/execution.h"
#include "history/reader.h"
#include "model/state_machine.h"

namespace sfn::history::testing {

using TaskFunction = std::function<engine::TaskResult(const engine::TaskRequest&)>;

class FunctionRunner final : public engine::TaskRunner {
 public:
  explicit FunctionRunner(TaskFunction fn) : fn_(std::move(fn)) {}
  engine::TaskResult Run(const engine::TaskRequest& request) override { return fn_(request); }
  bool CanRun(const std::string&, std::string_view, const Json*) const override { return true; }

 private:
  TaskFunction fn_;
};

inline constexpr int64_t kRecordStartMs = 1'714'736'507'000;  // 2024-05-03T11:41:47Z

// Runs `definition` on `input` and returns its history as a recording.
inline ReadResult Record(const Json& definition, const Json& input, TaskFunction tasks = nullptr,
                         size_t max_workers = 0,
                         decltype(engine::ExecutionOptions::read_object) read_object = nullptr) {
  auto machine = model::BuildStateMachine(definition);
  FunctionRunner runner(tasks ? std::move(tasks) : [](const engine::TaskRequest& r) {
    return engine::TaskResult::Success(r.input);
  });
  engine::VirtualClock clock(kRecordStartMs);
  engine::ExecutionOptions options;
  options.input = input;
  options.execution_name = "recorded";
  options.clock = &clock;
  options.tasks = &runner;
  options.random_seed = 99;
  options.max_workers = max_workers;
  options.read_object = std::move(read_object);
  engine::ExecutionResult result = engine::Execute(*machine, options);
  return ReadHistoryJson(result.events, "recorded.json");
}

}  // namespace sfn::history::testing
