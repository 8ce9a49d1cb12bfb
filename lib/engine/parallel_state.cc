// Parallel: runs every branch on the same input, concurrently, and outputs the array of their outputs.
// When a branch fails the others are cancelled (their tasks killed), and the failure goes through the
// Parallel's Retry and Catch.
#include <algorithm>
#include <mutex>

#include "engine/eval_env.h"
#include "engine/state_run.h"

namespace sfn::engine::internal {
namespace {

struct BranchesOutcome {
  bool aborted = false;
  bool failed = false;
  Failure failure;
  Json results = Json::array();
  int64_t last_event = 0;  // the last event of the branch that finished last
};

BranchesOutcome RunBranches(StateRun& run, const Json& input, int64_t started_event) {
  Frame& frame = run.frame;
  Runtime& rt = *frame.rt;
  const auto& branches = run.state.branches;
  size_t n = branches.size();
  std::vector<std::unique_ptr<Frame>> frames;
  frames.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto child = std::make_unique<Frame>(&rt, branches[i].get(), &frame, &frame.variables);
    child->cursor = started_event;
    child->location.push_back("Parallel:" + run.state.name + "#" + std::to_string(i));
    frames.push_back(std::move(child));
  }
  std::vector<FrameResult> results(n);
  std::mutex mutex;
  BranchesOutcome outcome;
  outcome.last_event = started_event;
  std::optional<size_t> failed_index;
  auto job = [&](size_t i) {
    FrameResult r = RunFrame(*frames[i], Value(input));
    std::lock_guard lock(mutex);
    if (r.kind == FrameResult::Kind::kFailed && !failed_index) {
      failed_index = i;
      for (size_t j = 0; j < n; ++j) {
        if (j != i) frames[j]->cancel->Cancel();
      }
    }
    if (r.kind == FrameResult::Kind::kSucceeded) outcome.last_event = frames[i]->cursor;
    results[i] = std::move(r);
  };
  RunConcurrently(*rt.gate, n, n, job, [&] {
    std::lock_guard lock(mutex);
    return !failed_index.has_value() && !frame.Cancelled();
  });
  for (const auto& child : frames) frame.now_ms = std::max(frame.now_ms, child->now_ms);
  if (failed_index) {
    outcome.failed = true;
    outcome.failure = results[*failed_index].failure;
    if (outcome.failure.terminal) return outcome;
    int64_t previous = outcome.failure.last_event;
    const model::State* failing = frames[*failed_index]->current;
    if (failing != nullptr && failing->type == model::StateType::kTask) {
      frame.EmitSide("TaskStateAborted", previous);
    }
    for (size_t j = 0; j < n; ++j) {
      if (j == *failed_index || results[j].kind != FrameResult::Kind::kAborted) continue;
      const model::State* current = frames[j]->current;
      if (current == nullptr) continue;
      std::string_view aborted = rt.program->Plan(*current).aborted;
      if (!aborted.empty()) frame.EmitSide(aborted, previous);
    }
    return outcome;
  }
  for (auto& r : results) {
    if (r.kind != FrameResult::Kind::kSucceeded) {
      outcome.aborted = true;
      return outcome;
    }
    outcome.results.push_back(std::move(r.output.json));
  }
  return outcome;
}

}  // namespace

StepResult RunParallel(StateRun& run, Value input) {
  Frame& frame = run.frame;
  const DataFlow& flow = run.flow();
  StateData data;
  data.input = std::move(input.json);
  {
    EvalScope scope = run.Scope();
    flow.ApplyInputPath(data, scope);
  }
  ErrorHandling handling(run);
  for (int attempt = 0;; ++attempt) {
    run.retry_count = attempt;
    run.ResetContext();
    Failure failure;
    try {
      EvalScope scope = run.Scope();
      std::optional<Json> arguments = flow.Arguments(data, scope);
      int64_t started = frame.Emit("ParallelStateStarted");
      if (started == 0) return AbortStep();
      BranchesOutcome outcome;
      if (TestHooks* mock = run.mock()) {
        if (mock->mock_result) {
          outcome.results = *mock->mock_result;
        } else {
          outcome.failed = true;
          outcome.failure = *mock->mock_error;
        }
        outcome.last_event = frame.cursor;
      } else {
        outcome = RunBranches(run, arguments ? *arguments : data.Effective(), started);
      }
      if (frame.Cancelled()) return AbortStep();
      if (outcome.aborted) return AbortStep();
      if (!outcome.failed) {
        frame.EmitSide("ParallelStateSucceeded", outcome.last_event);
        frame.cursor = outcome.last_event;
        return FinishWithResult(run, data, std::move(outcome.results), scope);
      }
      failure = std::move(outcome.failure);
      frame.cursor = failure.last_event;
      if (failure.terminal) return FailStep(run, std::move(failure));
    } catch (const StatesError& e) {
      failure = FailureFromError(run, e);
      if (failure.terminal) return FailStep(run, std::move(failure));
    }
    if (auto end = RetryOrCatch(run, handling, failure, "ParallelStateFailed", data.input)) return std::move(*end);
  }
}

}  // namespace sfn::engine::internal
