#include "engine/recorded_task_runner.h"

namespace sfn::engine {

RecordedTaskRunner::RecordedTaskRunner(std::vector<TaskRecord> records) {
  for (TaskRecord& record : records) {
    states_.insert(record.state_name);
    records_.emplace(Key{std::move(record.frame), std::move(record.state_name), record.attempt},
                     std::move(record.result));
  }
}

TaskResult RecordedTaskRunner::Run(const TaskRequest& request) {
  auto it = records_.find(Key{request.frame, request.state_name, request.attempt});
  if (it != records_.end()) return it->second;
  return TaskResult::Failure(std::string(kReplayMissingRecordError),
                             "the recording has no outcome for " +
                                 DescribeRecordKey(request.frame, request.state_name, request.attempt));
}

bool RecordedTaskRunner::CanRun(const std::string& state_name, std::string_view /*resource*/,
                                const Json* /*raw_arguments*/) const {
  return states_.find(state_name) != states_.end();
}

std::string DescribeRecordKey(const std::vector<std::string>& frame, std::string_view state_name,
                              int attempt) {
  std::string text = "state '" + std::string(state_name) + "' attempt " + std::to_string(attempt);
  if (frame.empty()) return text + " at the top level";
  std::string path;
  for (const std::string& part : frame) path += (path.empty() ? "" : "/") + part;
  return text + " in frame '" + path + "'";
}

}  // namespace sfn::engine
