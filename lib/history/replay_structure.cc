#include "history/replay_structure.h"

#include <algorithm>
#include <map>

#include "model/transitions.h"

namespace sfn::history {
namespace {

struct FailedAttempt {
  std::string error;
  int64_t event_id = 0;
};

std::vector<FailedAttempt> FailuresOf(const HistoryView& view, const StateInstance& inst, int& attempts) {
  std::vector<FailedAttempt> out;
  attempts = 0;
  for (int64_t id : inst.event_ids) {
    const Event* event = view.EventById(id);
    if (event == nullptr) continue;
    EventRole role = RoleOf(event->type);
    if (role == EventRole::kTaskScheduled) ++attempts;
    if (IsTaskFailure(role)) {
      std::string error = DetailString(*event, "error");
      if (error.empty() && role == EventRole::kTaskTimedOut) error = "States.Timeout";
      out.push_back({error, event->id});
    }
  }
  return out;
}

class StructureChecker {
 public:
  explicit StructureChecker(const HistoryView& view) : view_(view) {}

  std::vector<Divergence> Run() {
    for (size_t f = 0; f < view_.tree->frames.size(); ++f) CheckFrame(f);
    SortDivergences(out_, out_.size());
    return std::move(out_);
  }

 private:
  Divergence& Add(size_t frame, const std::string& state, int64_t event_id, std::string aspect, std::string message) {
    Divergence d;
    d.event_id = event_id;
    d.frame = FramePath(*view_.tree, frame);
    d.frame_description = DescribeFrame(*view_.tree, frame);
    d.state = state;
    d.aspect = std::move(aspect);
    d.message = std::move(message);
    out_.push_back(std::move(d));
    return out_.back();
  }

  void CheckFrame(size_t f) {
    const Frame& frame = view_.tree->frames[f];
    const model::Scope* scope = f < view_.places.size() ? view_.places[f].scope : nullptr;
    if (scope == nullptr || frame.instances.empty()) return;
    const StateInstance& first = frame.instances.front();
    if (first.name != scope->start_at) {
      Divergence& d = Add(f, first.name, first.entered_event_id, "start state",
                          "the frame starts at '" + first.name + "', the definition at '" + scope->start_at + "'");
      d.expected = Json(first.name);
      d.actual = Json(scope->start_at);
      return;
    }
    for (size_t k = 0; k < frame.instances.size(); ++k) {
      const StateInstance& inst = frame.instances[k];
      const model::State* state = scope->Find(inst.name);
      if (state == nullptr) {
        Divergence& d = Add(f, inst.name, inst.entered_event_id, "state", "the definition has no state '" + inst.name +
                                                                              "' here");
        d.expected = Json(inst.name);
        return;
      }
      if (!inst.type.empty() && std::string(model::StateTypeName(state->type)) != inst.type) {
        Divergence& d = Add(f, inst.name, inst.entered_event_id, "type", "the state has another type in the definition");
        d.expected = Json(inst.type);
        d.actual = Json(std::string(model::StateTypeName(state->type)));
      }
      std::optional<std::string> caught = CheckAttempts(f, inst, *state);
      if (k + 1 < frame.instances.size()) {
        if (!CheckMove(f, inst, *state, caught, frame.instances[k + 1])) return;
      } else {
        CheckEnd(f, frame, inst, *state);
      }
    }
  }

  // Checks the retries of a Task visit; returns the error a Catch handled, when the visit caught one.
  std::optional<std::string> CheckAttempts(size_t f, const StateInstance& inst, const model::State& state) {
    int attempts = 0;
    std::vector<FailedAttempt> failures = FailuresOf(view_, inst, attempts);
    std::map<size_t, int64_t> used;
    size_t retried = attempts > 0 ? static_cast<size_t>(attempts - 1) : 0;
    for (size_t i = 0; i < failures.size() && i < retried; ++i) {
      const FailedAttempt& failure = failures[i];
      std::optional<size_t> retrier = MatchingRetrier(state, failure.error);
      if (!retrier) {
        Divergence& d = Add(f, inst.name, failure.event_id, "attempts",
                            "the attempt failed with '" + failure.error + "' and was retried, but no Retry names it");
        d.expected = Json(attempts);
        d.actual = Json(i + 1);
        return std::nullopt;
      }
      if (++used[*retrier] > state.retry[*retrier].max_attempts) {
        Divergence& d = Add(f, inst.name, failure.event_id, "attempts",
                            "the state was retried more often than MaxAttempts of Retry " + std::to_string(*retrier));
        d.pointer = "/Retry/" + std::to_string(*retrier) + "/MaxAttempts";
        d.expected = Json(used[*retrier]);
        d.actual = Json(state.retry[*retrier].max_attempts);
        return std::nullopt;
      }
    }
    bool ended_in_failure = inst.status == InstanceStatus::kFailed || inst.status == InstanceStatus::kCaughtError;
    if (!ended_in_failure || failures.empty() || static_cast<int>(failures.size()) < attempts) {
      return inst.status == InstanceStatus::kCaughtError ? std::optional<std::string>(inst.error) : std::nullopt;
    }
    const FailedAttempt& last = failures.back();
    if (std::optional<size_t> retrier = MatchingRetrier(state, last.error);
        retrier && used[*retrier] < state.retry[*retrier].max_attempts) {
      Divergence& d = Add(f, inst.name, last.event_id, "attempts",
                          "the definition retries '" + last.error + "' (Retry " + std::to_string(*retrier) +
                              "), but the history did not");
      d.pointer = "/Retry/" + std::to_string(*retrier);
      d.expected = Json(attempts);
      d.actual = Json(attempts + 1);
    }
    return inst.status == InstanceStatus::kCaughtError ? std::optional<std::string>(last.error) : std::nullopt;
  }

  static std::optional<size_t> MatchingRetrier(const model::State& state, const std::string& error) {
    for (size_t r = 0; r < state.retry.size(); ++r) {
      if (ErrorEqualsMatches(state.retry[r].error_equals, error)) return r;
    }
    return std::nullopt;
  }

  bool CheckMove(size_t f, const StateInstance& inst, const model::State& state, const std::optional<std::string>& caught,
                 const StateInstance& next) {
    std::vector<std::string> allowed;
    if (caught || inst.status == InstanceStatus::kCaughtError) {
      std::string error = caught.value_or(inst.error);
      for (const model::Catcher& c : state.catches) {
        if (error.empty() || ErrorEqualsMatches(c.error_equals, error)) {
          allowed.push_back(c.next);
          if (!error.empty()) break;
        }
      }
    } else {
      for (const model::Transition& t : model::TransitionsOf(state)) {
        if (t.kind != model::Transition::Kind::kCatch) allowed.emplace_back(t.target);
      }
    }
    if (std::find(allowed.begin(), allowed.end(), next.name) != allowed.end()) return true;
    Divergence& d = Add(f, inst.name, next.entered_event_id, "next state",
                        "the history went from '" + inst.name + "' to '" + next.name +
                            "', which the definition does not allow");
    d.expected = Json(next.name);
    d.actual = allowed.size() == 1 ? Json(allowed.front()) : Json(allowed);
    return false;
  }

  void CheckEnd(size_t f, const Frame& frame, const StateInstance& inst, const model::State& state) {
    bool frame_ok = f == 0 ? view_.tree->execution_status == ExecutionStatus::kSucceeded
                           : frame.status == InstanceStatus::kSucceeded;
    if (!frame_ok || inst.status != InstanceStatus::kSucceeded) return;
    if (state.end || state.type == model::StateType::kSucceed) return;
    Divergence& d = Add(f, inst.name, inst.exited_event_id != 0 ? inst.exited_event_id : inst.entered_event_id,
                        "next state", "the history ends after '" + inst.name + "', which is not an end state");
    d.expected = Json();
    d.actual = state.next ? Json(*state.next) : Json();
  }

  const HistoryView& view_;
  std::vector<Divergence> out_;
};

}  // namespace

bool ErrorEqualsMatches(const std::vector<std::string>& names, const std::string& error) {
  for (const std::string& name : names) {
    if (name == error) return true;
    if (name == "States.ALL" && error != "States.Runtime") return true;
    if (name == "States.TaskFailed" && error != "States.Timeout" && error != "States.Runtime" &&
        !error.starts_with("States.")) {
      return true;
    }
  }
  return false;
}

std::vector<Divergence> CheckStructure(const HistoryView& recorded) { return StructureChecker(recorded).Run(); }

}  // namespace sfn::history
