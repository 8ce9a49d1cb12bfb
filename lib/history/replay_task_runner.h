// ReplayTaskRunner: serves a replayed execution's Task attempts from the outcomes a history recorded.
//
// The recorded outcomes are grouped by where they ran (the engine's frame location, see replay_places.h)
// and by state name, one visit after another (a state in a loop is visited several times), each visit
// with its attempts in order: TaskSucceeded gives the recorded output, TaskFailed, TaskTimedOut and the
// other failures give their error and cause. A request takes the next visit of its (location, state) at
// attempt 0 and the same visit's attempt N afterwards.
//
// What the recording cannot answer:
//   - an attempt the recording saw aborted (its Map iteration or Parallel branch was stopped by a sibling's
//     failure): the runner waits until the replay aborts it too, at most `abort_wait`;
//   - an attempt still running when the recording ends, or when the execution was stopped: the runner stops
//     the replay (the `stop` token) and notes why;
//   - a visit or attempt the recording does not have (the definition differs): the runner stops the replay
//     and notes the miss.
// For a local redrive, a `fallback` runner is given: every visit that did not end well in the recording
// (it failed, was aborted or never finished) and everything past the recording runs on it for real;
// visits that succeeded (or whose error a Catch handled) keep their recorded outcomes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/task_runner.h"
#include "history/event.h"
#include "history/frames.h"
#include "history/replay_places.h"
#include "process/cancel_token.h"

namespace sfn::history {

struct RecordedAttempt {
  enum class Kind { kSucceeded, kFailed, kAborted, kUnfinished };
  Kind kind = Kind::kUnfinished;
  engine::TaskResult result;
  int64_t scheduled_event_id = 0;
  int64_t outcome_event_id = 0;  // 0 when the attempt has no outcome
};

struct RecordedVisit {
  InstanceRef instance;
  bool ended_well = false;  // the visit exited (it succeeded, or a Catch handled its error), or a Parallel or
                            // Map around it did
  std::vector<RecordedAttempt> attempts;
};

using TaskKey = std::pair<std::vector<std::string>, std::string>;  // engine location, state name

struct RecordedTasks {
  std::map<TaskKey, std::vector<RecordedVisit>> visits;
  size_t attempts = 0;
};

// Collects the Task visits of a history; `places` from PlaceFrames(tree, machine).
RecordedTasks CollectRecordedTasks(const std::vector<Event>& events, const FrameTree& tree,
                                   const std::vector<FramePlace>& places);

// Why the runner could not serve a request.
struct ReplayMiss {
  enum class Reason { kNoVisit, kNoAttempt, kRecordingEnds, kExecutionStopped, kAbortNeverCame };
  Reason reason = Reason::kNoVisit;
  std::vector<std::string> location;
  std::string state;
  int attempt = 0;
  InstanceRef instance;      // the recorded visit, when there is one
  bool has_instance = false;
  std::string message;
};

struct ReplayRunnerOptions {
  ExecutionStatus recorded_status = ExecutionStatus::kSucceeded;
  std::chrono::milliseconds abort_wait{5000};
  engine::TaskRunner* fallback = nullptr;         // redrive: runs what the recording did not finish well
  std::shared_ptr<process::CancelToken> stop;     // fired to stop the replayed execution
};

class ReplayTaskRunner final : public engine::TaskRunner {
 public:
  ReplayTaskRunner(RecordedTasks tasks, ReplayRunnerOptions options);

  engine::TaskResult Run(const engine::TaskRequest& request) override;
  bool CanRun(const std::string& state_name, std::string_view resource, const Json* raw_arguments) const override;

  std::vector<ReplayMiss> misses() const;
  size_t served() const;     // attempts answered from the recording
  size_t delegated() const;  // attempts run by the fallback runner

 private:
  struct Cursor {
    size_t next_visit = 0;
    const RecordedVisit* current = nullptr;
    bool delegating = false;  // the current visit runs on the fallback
  };

  engine::TaskResult Serve(const engine::TaskRequest& request, const RecordedAttempt& attempt,
                           const RecordedVisit& visit);
  engine::TaskResult Miss(const engine::TaskRequest& request, ReplayMiss miss);
  engine::TaskResult Delegate(const engine::TaskRequest& request);

  RecordedTasks tasks_;
  ReplayRunnerOptions options_;
  mutable std::mutex mutex_;
  std::map<TaskKey, Cursor> cursors_;
  std::vector<ReplayMiss> misses_;
  size_t served_ = 0;
  size_t delegated_ = 0;
};

std::string_view MissReasonName(ReplayMiss::Reason reason);

}  // namespace sfn::history
