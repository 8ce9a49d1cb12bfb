// Retry and Catch: which errors a retrier or catcher takes, the delay before the next attempt (interval,
// backoff, cap and full jitter), and the output of a Catch.
#include <cmath>

#include "engine/state_run.h"

namespace sfn::engine::internal {

bool ErrorMatches(const std::vector<std::string>& error_equals, const Failure& failure, bool from_task) {
  const std::string error = failure.error.value_or("");
  for (const auto& e : error_equals) {
    if (e == "States.ALL") {
      if (error != "States.Runtime") return true;
    } else if (e == "States.TaskFailed") {
      if (from_task && error != "States.Timeout" && error != "States.Runtime" &&
          error != "States.HeartbeatTimeout") {
        return true;
      }
      if (error == e) return true;
    } else if (e == error) {
      return true;
    }
  }
  return false;
}

ErrorHandling::ErrorHandling(StateRun& run) : run_(run), attempts_(run.state.retry.size(), 0) {}

std::optional<int64_t> ErrorHandling::RetryDelay(Failure& failure, bool from_task) {
  if (failure.terminal) return std::nullopt;
  if (run_.inspect() != nullptr) {
    // TestState reports that the state would be retried instead of retrying it.
    for (const auto& r : run_.state.retry) {
      if (ErrorMatches(r.error_equals, failure, from_task) && r.max_attempts > 0) {
        failure.retriable = true;
        return std::nullopt;
      }
    }
    return std::nullopt;
  }
  const auto& retriers = run_.state.retry;
  for (size_t i = 0; i < retriers.size(); ++i) {
    const model::Retrier& r = retriers[i];
    if (!ErrorMatches(r.error_equals, failure, from_task)) continue;
    if (attempts_[i] >= r.max_attempts) return std::nullopt;
    double delay = r.interval_seconds * std::pow(r.backoff_rate, static_cast<double>(attempts_[i]));
    if (r.max_delay_seconds && delay > static_cast<double>(*r.max_delay_seconds)) {
      delay = static_cast<double>(*r.max_delay_seconds);
    }
    ++attempts_[i];
    if (r.jitter == model::JitterStrategy::kFull) {
      double unit = static_cast<double>(run_.rt().NextRandom() >> 11) / static_cast<double>(1ULL << 53);
      delay *= unit;
    }
    if (!(delay >= 0)) delay = 0;
    if (delay > 1e9) delay = 1e9;
    return static_cast<int64_t>(std::llround(delay * 1000.0));
  }
  return std::nullopt;
}

int ErrorHandling::FindCatcher(const Failure& failure, bool from_task) const {
  if (failure.terminal || failure.retriable) return -1;
  const auto& catchers = run_.state.catches;
  for (size_t i = 0; i < catchers.size(); ++i) {
    if (ErrorMatches(catchers[i].error_equals, failure, from_task)) return static_cast<int>(i);
  }
  return -1;
}

StepResult ErrorHandling::Catch(int index, const Failure& failure, Json input) {
  const model::Catcher& catcher = run_.state.catches[static_cast<size_t>(index)];
  const model::State* next = run_.plan.catch_next[static_cast<size_t>(index)];
  StateData data;
  data.input = std::move(input);
  data.error_output = ErrorOutput(failure);
  EvalScope scope = run_.Scope();
  Assignments assigned;
  if (catcher.assign) assigned = run_.flow().Assign(catcher.assign->value, data, scope);
  Json output =
      run_.flow().Output(std::move(data), catcher.output ? &catcher.output->value : nullptr, &catcher, scope);
  if (next == nullptr) {
    return FailStep(run_,
                    MakeFailure("States.Runtime",
                                StateErrorCause(run_.state.name, run_.entered_id,
                                                "The Catch target '" + catcher.next + "' does not exist."),
                                true));
  }
  StepResult result = Finish(run_, std::move(output), assigned, next);
  result.caught = true;
  return result;
}

std::optional<StepResult> RetryOrCatch(StateRun& run, ErrorHandling& handling, Failure& failure,
                                       std::string_view failed_event, Json& input) {
  Frame& frame = run.frame;
  if (auto delay = handling.RetryDelay(failure, false)) {
    if (!frame.SleepUntil(frame.Now() + *delay)) return AbortStep();
    return std::nullopt;
  }
  frame.Emit(failed_event);
  failure.last_event = frame.cursor;
  int catcher = handling.FindCatcher(failure, false);
  if (catcher >= 0) return handling.Catch(catcher, failure, std::move(input));
  return FailStep(run, std::move(failure));
}

}  // namespace sfn::engine::internal
