// MockTaskRunner: answers Task states from one test case of a Step Functions Local mock configuration
// (mock_config.h), optionally handing unmocked states to another runner (e.g. the resources file's).
//
// Invocation numbers count every Run for a state name across the whole execution, retries and re-entries
// included, and across Map iterations and Parallel branches alike (state names are unique in a state
// machine), as Step Functions Local counts them: with concurrent iterations the order is whatever order the
// calls arrive in, so tests that need stable answers run such Maps with MaxConcurrency 1. Use one runner per
// execution.
//
// A mocked state's invocation that no key of its response covers fails with kMockMissingResponseError
// (Step Functions Local fails the execution there too). An unmocked state goes to the fallback runner, or
// without one fails with kMockMissingResponseError; CanRun answers false for it, so the command line tool
// can list such states before anything runs.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/mock_config.h"
#include "engine/task_runner.h"

namespace sfn::engine {

// The error of a Task whose mock configuration has no answer for it. Not an ASL error: the engine should
// end the execution with it rather than offer it to Retry or Catch.
inline constexpr std::string_view kMockMissingResponseError = "Sfn.MockMissingResponse";

class MockTaskRunner final : public TaskRunner {
 public:
  explicit MockTaskRunner(MockTestCase test_case, std::shared_ptr<TaskRunner> fallback = nullptr);

  TaskResult Run(const TaskRequest& request) override;
  bool CanRun(const std::string& state_name, std::string_view resource,
              const Json* raw_arguments) const override;

  // How many times `state_name` has been answered from its mocked response so far.
  int Invocations(std::string_view state_name) const;

 private:
  MockTestCase test_case_;
  std::shared_ptr<TaskRunner> fallback_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, int> invocations_;
};

}  // namespace sfn::engine
