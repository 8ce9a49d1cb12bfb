#include "history/replay_task_runner.h"

#include <poll.h>

#include "engine/recorded_task_runner.h"

namespace sfn::history {
namespace {

using engine::TaskResult;

std::string TextOf(const Event& event, std::string_view field) {
  const Json* value = DetailValue(event, field);
  if (value == nullptr || value->is_null()) return "";
  return value->is_string() ? value->get<std::string>() : DumpCompact(*value);
}

RecordedAttempt& OpenAttempt(std::vector<RecordedAttempt>& attempts, int64_t id) {
  if (attempts.empty() || attempts.back().kind != RecordedAttempt::Kind::kUnfinished ||
      attempts.back().outcome_event_id != 0) {
    attempts.push_back(RecordedAttempt{});
    attempts.back().scheduled_event_id = id;
  }
  return attempts.back();
}

void AddTaskEvent(const Event& event, std::vector<RecordedAttempt>& attempts) {
  EventRole role = RoleOf(event.type);
  if (role == EventRole::kTaskScheduled) {
    attempts.push_back(RecordedAttempt{});
    attempts.back().scheduled_event_id = event.id;
  } else if (role == EventRole::kTaskSucceeded) {
    RecordedAttempt& attempt = OpenAttempt(attempts, event.id);
    const Json* output = DetailValue(event, "output");
    attempt.kind = RecordedAttempt::Kind::kSucceeded;
    attempt.result = TaskResult::Success(output != nullptr ? *output : Json());
    attempt.outcome_event_id = event.id;
  } else if (IsTaskFailure(role)) {
    RecordedAttempt& attempt = OpenAttempt(attempts, event.id);
    std::string error = TextOf(event, "error");
    if (error.empty() && role == EventRole::kTaskTimedOut) error = "States.Timeout";
    attempt.kind = RecordedAttempt::Kind::kFailed;
    attempt.result = TaskResult::Failure(std::move(error), TextOf(event, "cause"));
    attempt.outcome_event_id = event.id;
  } else if (role == EventRole::kStateAborted && !attempts.empty() && attempts.back().outcome_event_id == 0) {
    attempts.back().kind = RecordedAttempt::Kind::kAborted;
  }
}

bool WaitForCancel(const std::shared_ptr<process::CancelToken>& token, std::chrono::milliseconds limit) {
  if (!token) return false;
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!token->IsCancelled()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{token->poll_fd(), POLLIN, 0};
    int slice = static_cast<int>(std::min<int64_t>(left.count(), fd.fd >= 0 ? 1000 : 5));
    if (fd.fd >= 0) {
      ::poll(&fd, 1, slice);
    } else {
      ::poll(nullptr, 0, slice);
    }
  }
  return true;
}

// Whether a Parallel or Map around the frame exited: a Catch there handled whatever failed inside.
bool HandledAbove(const FrameTree& tree, size_t frame) {
  for (size_t f = frame; tree.frames[f].owner;) {
    const StateInstance& owner = tree.Instance(*tree.frames[f].owner);
    if (owner.exited_event_id != 0) return true;
    f = owner.frame;
  }
  return false;
}

}  // namespace

RecordedTasks CollectRecordedTasks(const std::vector<Event>& events, const FrameTree& tree,
                                   const std::vector<FramePlace>& places) {
  RecordedTasks out;
  for (size_t f = 0; f < tree.frames.size() && f < places.size(); ++f) {
    const Frame& frame = tree.frames[f];
    for (size_t i = 0; i < frame.instances.size(); ++i) {
      const StateInstance& inst = frame.instances[i];
      if (inst.type != "Task") continue;
      RecordedVisit visit;
      visit.instance = InstanceRef{f, i};
      visit.ended_well = inst.exited_event_id != 0 || HandledAbove(tree, f);
      for (int64_t id : inst.event_ids) {
        std::optional<size_t> pos = tree.PositionOf(id);
        if (pos) AddTaskEvent(events[*pos], visit.attempts);
      }
      if (visit.attempts.empty()) continue;  // failed before scheduling: the runner is never asked
      out.attempts += visit.attempts.size();
      out.visits[TaskKey{places[f].location, inst.name}].push_back(std::move(visit));
    }
  }
  return out;
}

ReplayTaskRunner::ReplayTaskRunner(RecordedTasks tasks, ReplayRunnerOptions options)
    : tasks_(std::move(tasks)), options_(std::move(options)) {}

TaskResult ReplayTaskRunner::Run(const engine::TaskRequest& request) {
  std::unique_lock lock(mutex_);
  TaskKey key{request.frame, request.state_name};
  Cursor& cursor = cursors_[key];
  if (request.attempt == 0 || (cursor.current == nullptr && !cursor.delegating)) {
    cursor.current = nullptr;
    cursor.delegating = false;
    auto found = tasks_.visits.find(key);
    if (found != tasks_.visits.end() && cursor.next_visit < found->second.size()) {
      const RecordedVisit& visit = found->second[cursor.next_visit++];
      if (options_.fallback != nullptr && !visit.ended_well) {
        cursor.delegating = true;
      } else {
        cursor.current = &visit;
      }
    } else if (options_.fallback != nullptr) {
      cursor.delegating = true;
    } else {
      lock.unlock();
      return Miss(request, {ReplayMiss::Reason::kNoVisit, request.frame, request.state_name, request.attempt, {},
                            false, "the recording has no further visit of this state"});
    }
  }
  if (cursor.delegating) {
    lock.unlock();
    return Delegate(request);
  }
  const RecordedVisit& visit = *cursor.current;
  if (request.attempt < 0 || static_cast<size_t>(request.attempt) >= visit.attempts.size()) {
    if (options_.fallback != nullptr) {
      cursor.delegating = true;
      lock.unlock();
      return Delegate(request);
    }
    lock.unlock();
    return Miss(request, {ReplayMiss::Reason::kNoAttempt, request.frame, request.state_name, request.attempt,
                          visit.instance, true,
                          "the recording has " + std::to_string(visit.attempts.size()) + " attempt" +
                              (visit.attempts.size() == 1 ? "" : "s") + " of this visit"});
  }
  const RecordedAttempt& attempt = visit.attempts[static_cast<size_t>(request.attempt)];
  lock.unlock();
  return Serve(request, attempt, visit);
}

TaskResult ReplayTaskRunner::Serve(const engine::TaskRequest& request, const RecordedAttempt& attempt,
                                   const RecordedVisit& visit) {
  using Kind = RecordedAttempt::Kind;
  if (attempt.kind == Kind::kSucceeded || attempt.kind == Kind::kFailed) {
    std::lock_guard lock(mutex_);
    ++served_;
    return attempt.result;
  }
  if (options_.fallback != nullptr) return Delegate(request);
  ExecutionStatus status = options_.recorded_status;
  bool stopped = status == ExecutionStatus::kRunning || status == ExecutionStatus::kAborted ||
                 status == ExecutionStatus::kTimedOut;
  if (attempt.kind == Kind::kUnfinished && stopped) {
    auto reason = status == ExecutionStatus::kRunning ? ReplayMiss::Reason::kRecordingEnds
                                                      : ReplayMiss::Reason::kExecutionStopped;
    std::string message = status == ExecutionStatus::kRunning
                              ? "the recording ends while this task runs"
                              : "the execution was " + std::string(status == ExecutionStatus::kAborted ? "aborted"
                                                                                                       : "timed out") +
                                    " while this task ran";
    return Miss(request, {reason, request.frame, request.state_name, request.attempt, visit.instance, true, message});
  }
  if (WaitForCancel(request.cancel, options_.abort_wait)) return TaskResult::Failure("States.Aborted", "");
  return Miss(request, {ReplayMiss::Reason::kAbortNeverCame, request.frame, request.state_name, request.attempt,
                        visit.instance, true,
                        "the recording aborted this task, but the replay did not abort it"});
}

TaskResult ReplayTaskRunner::Miss(const engine::TaskRequest& request, ReplayMiss miss) {
  {
    std::lock_guard lock(mutex_);
    misses_.push_back(miss);
  }
  if (options_.stop) options_.stop->Cancel();
  return TaskResult::Failure(std::string(engine::kReplayMissingRecordError),
                             miss.message + ": " +
                                 engine::DescribeRecordKey(request.frame, request.state_name, request.attempt));
}

TaskResult ReplayTaskRunner::Delegate(const engine::TaskRequest& request) {
  {
    std::lock_guard lock(mutex_);
    ++delegated_;
  }
  return options_.fallback->Run(request);
}

bool ReplayTaskRunner::CanRun(const std::string& state_name, std::string_view resource,
                              const Json* raw_arguments) const {
  if (options_.fallback != nullptr) return options_.fallback->CanRun(state_name, resource, raw_arguments);
  return true;
}

std::vector<ReplayMiss> ReplayTaskRunner::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

size_t ReplayTaskRunner::served() const {
  std::lock_guard lock(mutex_);
  return served_;
}

size_t ReplayTaskRunner::delegated() const {
  std::lock_guard lock(mutex_);
  return delegated_;
}

std::string_view MissReasonName(ReplayMiss::Reason reason) {
  switch (reason) {
    case ReplayMiss::Reason::kNoVisit: return "no-visit";
    case ReplayMiss::Reason::kNoAttempt: return "no-attempt";
    case ReplayMiss::Reason::kRecordingEnds: return "recording-ends";
    case ReplayMiss::Reason::kExecutionStopped: return "execution-stopped";
    case ReplayMiss::Reason::kAbortNeverCame: return "abort-never-came";
  }
  return "unknown";
}

}  // namespace sfn::history
