// RecordedTaskRunner: answers Tasks from outcomes known in advance, for replaying a recorded history.
//
// Each record names one attempt of one Task: the frame it ran in (TaskRequest::frame), the state name and
// the 0-based attempt number (TaskRequest::attempt), with its TaskResult. A Run with no record for its key
// fails with kReplayMissingRecordError and a cause naming the key. When two records share a key, the first
// one given wins. The runner is immutable after construction, so any thread may call it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/task_runner.h"

namespace sfn::engine {

// The error of a Task that the recording has no outcome for. Not an ASL error: the replay stops there.
inline constexpr std::string_view kReplayMissingRecordError = "Sfn.ReplayMissingRecord";

struct TaskRecord {
  std::vector<std::string> frame;  // e.g. {"Map:M#3"}; empty at the top level
  std::string state_name;
  int attempt = 0;  // 0 for the first attempt
  TaskResult result;
};

class RecordedTaskRunner final : public TaskRunner {
 public:
  explicit RecordedTaskRunner(std::vector<TaskRecord> records);

  TaskResult Run(const TaskRequest& request) override;
  // True when some record names the state (in any frame, for any attempt).
  bool CanRun(const std::string& state_name, std::string_view resource,
              const Json* raw_arguments) const override;

  size_t size() const { return records_.size(); }

 private:
  using Key = std::tuple<std::vector<std::string>, std::string, int>;

  std::map<Key, TaskResult> records_;
  std::set<std::string, std::less<>> states_;
};

// "state 'Charge' attempt 2 in frame 'Map:M#3/Parallel:P#1'", or "... at the top level"; for causes.
std::string DescribeRecordKey(const std::vector<std::string>& frame, std::string_view state_name,
                              int attempt);

}  // namespace sfn::engine
