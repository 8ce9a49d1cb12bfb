#include "engine/mock_config_task_runner.h"

namespace sfn::engine {

MockTaskRunner::MockTaskRunner(MockTestCase test_case, std::shared_ptr<TaskRunner> fallback)
    : test_case_(std::move(test_case)), fallback_(std::move(fallback)) {}

TaskResult MockTaskRunner::Run(const TaskRequest& request) {
  auto mocked = test_case_.states.find(request.state_name);
  if (mocked == test_case_.states.end()) {
    if (fallback_) return fallback_->Run(request);
    return TaskResult::Failure(
        std::string(kMockMissingResponseError),
        "test case '" + test_case_.name + "' has no mocked response for state '" + request.state_name + "'");
  }
  int invocation = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    invocation = invocations_[request.state_name]++;
  }
  const MockedResponse& response = *mocked->second;
  const MockedOutcome* outcome = response.Find(invocation);
  if (outcome == nullptr) {
    return TaskResult::Failure(std::string(kMockMissingResponseError),
                               "mocked response '" + response.name + "' has no answer for invocation " +
                                   std::to_string(invocation) + " of state '" + request.state_name + "'");
  }
  if (outcome->ok) return TaskResult::Success(outcome->result);
  return TaskResult::Failure(outcome->error, outcome->cause);
}

bool MockTaskRunner::CanRun(const std::string& state_name, std::string_view resource,
                            const Json* raw_arguments) const {
  if (test_case_.states.find(state_name) != test_case_.states.end()) return true;
  return fallback_ && fallback_->CanRun(state_name, resource, raw_arguments);
}

int MockTaskRunner::Invocations(std::string_view state_name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = invocations_.find(std::string(state_name));
  return it == invocations_.end() ? 0 : it->second;
}

}  // namespace sfn::engine
