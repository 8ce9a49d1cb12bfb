#include "history/wellformed.h"

#include <algorithm>
#include <optional>

namespace sfn::history {
namespace {

using R = EventRole;

// Where a state visit stands in its event grammar.
enum class G {
  kEntered,
  kScheduled,
  kStarted,
  kSubmitted,
  kSucceeded,
  kFailed,
  kRunning,
  kMapRun,
  kMapRunDone,
  kEnded,
  kEndedFailed,
  kEvaluated,
  kClosed
};

bool In(G cur, std::initializer_list<G> allowed) {
  return std::find(allowed.begin(), allowed.end(), cur) != allowed.end();
}

std::optional<G> StepTask(G cur, EventRole role) {
  switch (role) {
    case R::kTaskScheduled:
      if (In(cur, {G::kEntered, G::kFailed})) return G::kScheduled;
      break;
    case R::kTaskStarted:
      if (cur == G::kScheduled) return G::kStarted;
      break;
    case R::kTaskSubmitted:
      if (cur == G::kStarted) return G::kSubmitted;
      break;
    case R::kTaskSucceeded:
      if (In(cur, {G::kStarted, G::kSubmitted})) return G::kSucceeded;
      break;
    case R::kTaskFailed:
    case R::kTaskTimedOut:
      if (In(cur, {G::kScheduled, G::kStarted, G::kSubmitted})) return G::kFailed;
      break;
    case R::kTaskScheduleFailed:
      if (In(cur, {G::kEntered, G::kScheduled})) return G::kFailed;
      break;
    case R::kTaskStartFailed:
      if (cur == G::kScheduled) return G::kFailed;
      break;
    case R::kTaskSubmitFailed:
      if (In(cur, {G::kStarted, G::kSubmitted})) return G::kFailed;
      break;
    case R::kEvaluationFailed:
      if (In(cur, {G::kEntered, G::kSucceeded})) return G::kFailed;
      break;
    case R::kStateExited:
      if (In(cur, {G::kSucceeded, G::kFailed})) return G::kClosed;
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<G> StepContainer(G cur, EventRole role) {
  switch (role) {
    case R::kContainerStarted:  // again after a failed run when Retry applies, with or without *StateFailed
      if (In(cur, {G::kEntered, G::kRunning, G::kEndedFailed})) return G::kRunning;
      break;
    case R::kMapRunStarted:
      if (cur == G::kRunning) return G::kMapRun;
      break;
    case R::kMapRunSucceeded:
    case R::kMapRunFailed:
    case R::kMapRunAborted:
      if (cur == G::kMapRun) return G::kMapRunDone;
      break;
    case R::kMapRunRedriven:
      if (In(cur, {G::kMapRun, G::kMapRunDone})) return G::kMapRun;
      break;
    case R::kContainerSucceeded:
      if (In(cur, {G::kRunning, G::kMapRunDone})) return G::kEnded;
      break;
    case R::kContainerFailed:
      if (In(cur, {G::kRunning, G::kMapRun, G::kMapRunDone, G::kEvaluated})) return G::kEndedFailed;
      break;
    case R::kEvaluationFailed:  // e.g. Items or ItemsPath before the start, ResultSelector after the end
      if (In(cur, {G::kEntered, G::kEnded})) return G::kEvaluated;
      break;
    case R::kStateExited:
      if (In(cur, {G::kEnded, G::kEndedFailed, G::kEvaluated})) return G::kClosed;
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::optional<G> StepSimple(G cur, EventRole role, bool is_fail) {
  if (role == R::kEvaluationFailed && cur == G::kEntered) return G::kFailed;
  if (role == R::kStateExited && !is_fail && In(cur, {G::kEntered, G::kFailed})) return G::kClosed;
  return std::nullopt;
}

std::optional<G> Step(G cur, EventRole role, std::string_view state_type) {
  if (cur == G::kClosed) return std::nullopt;
  if (role == R::kStateAborted) return G::kClosed;
  if (state_type == "Task") return StepTask(cur, role);
  if (state_type == "Parallel" || state_type == "Map") return StepContainer(cur, role);
  return StepSimple(cur, role, state_type == "Fail");
}

class Checker {
 public:
  Checker(const std::vector<Event>& events, const FrameTree& tree, const WellFormedOptions& options)
      : events_(events), tree_(tree), options_(options) {}

  std::vector<Finding> Run();

 private:
  void Add(int64_t id, std::string code, std::string message,
           FindingSeverity severity = FindingSeverity::kError) {
    findings_.push_back({id, std::move(code), std::move(message), severity});
  }
  void CheckStart();
  void CheckIds();
  void CheckPrevious();
  void CheckTerminal();
  void CheckTypes();
  void CheckStates();
  void CheckInstance(const StateInstance& inst);
  void CheckAnomalies();
  void CheckTimestamps();
  bool SkipOrderChecks(const StateInstance& inst) const;
  bool PrevZeroAllowed(size_t pos) const;

  const std::vector<Event>& events_;
  const FrameTree& tree_;
  const WellFormedOptions& options_;
  std::vector<Finding> findings_;
};

std::vector<Finding> Checker::Run() {
  if (events_.empty()) {
    Add(0, "HISTORY_EMPTY", "the history holds no events");
    return findings_;
  }
  CheckStart();
  CheckIds();
  CheckPrevious();
  CheckTerminal();
  CheckTypes();
  CheckStates();
  CheckAnomalies();
  CheckTimestamps();
  std::stable_sort(findings_.begin(), findings_.end(),
                   [](const Finding& a, const Finding& b) { return a.event_id < b.event_id; });
  return findings_;
}

void Checker::CheckStart() {
  if (events_.front().type != "ExecutionStarted") {
    Add(events_.front().id, "HISTORY_EXECUTION_START",
        "the first event is '" + events_.front().type + "', not 'ExecutionStarted'");
  }
  for (size_t pos = 1; pos < events_.size(); ++pos) {
    if (events_[pos].type == "ExecutionStarted") {
      Add(events_[pos].id, "HISTORY_EXECUTION_START", "'ExecutionStarted' appears again");
    }
  }
}

void Checker::CheckIds() {
  if (options_.tolerate_masked_ids) return;
  for (size_t pos = 0; pos < events_.size(); ++pos) {
    int64_t expected = pos == 0 ? 1 : events_[pos - 1].id + 1;
    if (events_[pos].id != expected) {
      Add(events_[pos].id, "HISTORY_ID_GAP",
          "event id " + std::to_string(events_[pos].id) + " follows " +
              (pos == 0 ? std::string("the start") : "id " + std::to_string(events_[pos - 1].id)) +
              "; expected " + std::to_string(expected));
    }
  }
}

bool Checker::PrevZeroAllowed(size_t pos) const {
  EventRole role = RoleOf(events_[pos].type);
  if (role == R::kExecutionStarted || IsExecutionTerminal(role) || role == R::kExecutionRedriven ||
      role == R::kEvaluationFailed) {
    return true;
  }
  if (pos == 0) return true;  // the first event has nothing before it
  if (role != R::kStateEntered) return false;
  EventRole before = RoleOf(events_[pos - 1].type);
  return before == R::kExecutionStarted || before == R::kExecutionRedriven;
}

void Checker::CheckPrevious() {
  if (options_.tolerate_masked_ids) return;
  for (size_t pos = 0; pos < events_.size(); ++pos) {
    const Event& event = events_[pos];
    if (event.previous_id == 0) {
      if (!PrevZeroAllowed(pos)) {
        Add(event.id, "HISTORY_PREV_ZERO", "'" + event.type + "' has previousEventId 0",
            FindingSeverity::kWarning);
      }
      continue;
    }
    std::optional<size_t> prev = tree_.PositionOf(event.previous_id);
    if (!prev || *prev >= pos) {
      Add(event.id, "HISTORY_PREV_INVALID",
          "previousEventId " + std::to_string(event.previous_id) +
              (prev ? " is not an earlier event" : " names no event"));
    }
  }
}

void Checker::CheckTerminal() {
  std::optional<size_t> terminal;
  for (size_t pos = 0; pos < events_.size(); ++pos) {
    EventRole role = RoleOf(events_[pos].type);
    if (terminal && role != R::kExecutionRedriven) {
      bool again = IsExecutionTerminal(role);
      Add(events_[pos].id, "HISTORY_TERMINAL",
          again ? "a second terminal event '" + events_[pos].type + "'"
                : "'" + events_[pos].type + "' after the terminal event '" + events_[*terminal].type + "'");
      if (!again) return;  // one finding for a tail of events
    }
    if (IsExecutionTerminal(role)) terminal = pos;
    if (role == R::kExecutionRedriven) terminal.reset();
  }
}

void Checker::CheckTypes() {
  for (const Event& event : events_) {
    const EventTypeInfo* info = FindEventType(event.type);
    if (info == nullptr) {
      Add(event.id, "HISTORY_UNKNOWN_TYPE", "unknown event type '" + event.type + "'",
          FindingSeverity::kWarning);
      continue;
    }
    if (!info->details_key.empty() && !event.details_key.empty() && info->details_key != event.details_key) {
      Add(event.id, "HISTORY_DETAILS_MISMATCH",
          "'" + event.type + "' carries '" + event.details_key + "', expected '" +
              std::string(info->details_key) + "'",
          FindingSeverity::kWarning);
    }
    bool named =
        info->role == R::kStateEntered || info->role == R::kStateExited || info->role == R::kEvaluationFailed;
    if (named && StateNameOf(event).empty()) {
      Add(event.id, "HISTORY_MISSING_NAME", "'" + event.type + "' does not name its state");
    }
  }
}

// With masked ids the tooling sorted and deduplicated the events inside Parallel states.
bool Checker::SkipOrderChecks(const StateInstance& inst) const {
  if (!options_.tolerate_masked_ids) return false;
  if (tree_.frames[inst.frame].ambiguous) return true;
  for (std::optional<size_t> f = inst.frame; f; f = tree_.frames[*f].parent) {
    const Frame& frame = tree_.frames[*f];
    if (frame.kind == FrameKind::kBranch) return true;
  }
  return inst.type == "Parallel";
}

void Checker::CheckInstance(const StateInstance& inst) {
  G cur = G::kEntered;
  for (size_t k = 1; k < inst.event_ids.size(); ++k) {
    std::optional<size_t> pos = tree_.PositionOf(inst.event_ids[k]);
    if (!pos) continue;
    const Event& event = events_[*pos];
    EventRole role = RoleOf(event.type);
    if (role == R::kUnknown) continue;  // reported by HISTORY_UNKNOWN_TYPE
    std::optional<G> next = Step(cur, role, inst.type);
    if (!next) {
      Add(event.id, "HISTORY_STATE_ORDER",
          "'" + event.type + "' out of order in state '" + inst.name + "' (entered at event " +
              std::to_string(inst.entered_event_id) + ")");
      return;
    }
    cur = *next;
  }
}

void Checker::CheckStates() {
  bool succeeded = tree_.execution_status == ExecutionStatus::kSucceeded;
  for (const Frame& frame : tree_.frames) {
    for (const StateInstance& inst : frame.instances) {
      if (SkipOrderChecks(inst)) continue;
      CheckInstance(inst);
      if (succeeded && inst.status == InstanceStatus::kRunning) {
        Add(inst.entered_event_id, "HISTORY_UNCLOSED_STATE",
            "state '" + inst.name + "' never exited although the execution succeeded");
      }
    }
  }
}

void Checker::CheckAnomalies() {
  for (const FrameAnomaly& anomaly : tree_.anomalies) Add(anomaly.event_id, anomaly.code, anomaly.message);
}

void Checker::CheckTimestamps() {
  for (size_t pos = 0; pos < events_.size(); ++pos) {
    const Event& event = events_[pos];
    if (!event.timestamp_ms || event.previous_id == 0) continue;
    std::optional<size_t> prev = tree_.PositionOf(event.previous_id);
    if (!prev || *prev >= pos || !events_[*prev].timestamp_ms) continue;
    if (*event.timestamp_ms < *events_[*prev].timestamp_ms) {
      Add(event.id, "HISTORY_TIMESTAMP_ORDER",
          "event is older than its previous event " + std::to_string(events_[*prev].id),
          FindingSeverity::kWarning);
    }
  }
}

}  // namespace

WellFormedOptions OptionsFor(const ReadResult& read) {
  WellFormedOptions options;
  options.tolerate_masked_ids = read.normalisation.ids_masked;
  return options;
}

std::vector<Finding> CheckWellFormed(const std::vector<Event>& events, const FrameTree& tree,
                                     const WellFormedOptions& options) {
  return Checker(events, tree, options).Run();
}

std::vector<Finding> CheckWellFormed(const ReadResult& read) {
  FrameTree tree = BuildFrames(read.events);
  std::vector<Finding> findings = CheckWellFormed(read.events, tree, OptionsFor(read));
  for (int64_t id : read.duplicate_ids) {
    findings.push_back(
        {id, "HISTORY_DUPLICATE_ID", "event id " + std::to_string(id) + " appears more than once"});
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.event_id < b.event_id; });
  return findings;
}

}  // namespace sfn::history
