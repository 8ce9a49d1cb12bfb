#include "history/root_cause.h"

#include <optional>
#include <string>

namespace sfn::history {
namespace {

using R = EventRole;

bool Propagates(EventRole role) {
  return role == R::kContainerFailed || role == R::kIterationFailed || role == R::kStateAborted ||
         role == R::kExecutionFailed;
}

bool Originates(const Event& event) {
  EventRole role = RoleOf(event.type);
  return IsOriginatingFailure(role) || event.type == "FailStateEntered";
}

// Follows previousEventId back from the terminal event through propagation events.
std::optional<size_t> FollowChain(const std::vector<Event>& events, const FrameTree& tree, size_t terminal) {
  std::optional<size_t> pos = terminal;
  for (size_t steps = 0; pos && steps <= events.size(); ++steps) {
    const Event& event = events[*pos];
    if (steps > 0 && Originates(event)) return pos;
    EventRole role = RoleOf(event.type);
    if (steps > 0 && role == R::kStateEntered) return pos;  // a runtime error in that state
    if (steps > 0 && !Propagates(role)) return std::nullopt;
    if (event.previous_id <= 0) return std::nullopt;
    std::optional<size_t> prev = tree.PositionOf(event.previous_id);
    if (!prev || *prev >= *pos) return std::nullopt;
    pos = prev;
  }
  return std::nullopt;
}

// "... (entered at the event id #8)" in AWS's States.Runtime causes.
std::optional<size_t> FromCauseHint(const FrameTree& tree, const std::string& cause) {
  static constexpr std::string_view kHint = "event id #";
  size_t at = cause.find(kHint);
  if (at == std::string::npos) return std::nullopt;
  int64_t id = 0;
  size_t i = at + kHint.size();
  for (; i < cause.size() && cause[i] >= '0' && cause[i] <= '9' && id < 1'000'000'000'000; ++i) {
    id = id * 10 + (cause[i] - '0');
  }
  if (i == at + kHint.size()) return std::nullopt;
  return tree.PositionOf(id);
}

bool Uncaught(const FrameTree& tree, size_t pos) {
  if (!tree.event_instance[pos]) return false;
  InstanceStatus status = tree.Instance(*tree.event_instance[pos]).status;
  return status == InstanceStatus::kFailed || status == InstanceStatus::kTimedOut;
}

std::optional<size_t> EarliestUncaughtFailure(const std::vector<Event>& events, const FrameTree& tree) {
  for (size_t pos = 0; pos < events.size(); ++pos) {
    if (Originates(events[pos]) && Uncaught(tree, pos)) return pos;
  }
  return std::nullopt;
}

// The last state entered that never exited nor failed on its own: a runtime error with no event.
std::optional<size_t> LastOpenState(const std::vector<Event>& events, const FrameTree& tree) {
  for (size_t pos = events.size(); pos-- > 0;) {
    if (RoleOf(events[pos].type) != R::kStateEntered || !tree.event_instance[pos]) continue;
    const StateInstance& inst = tree.Instance(*tree.event_instance[pos]);
    if (inst.exited_event_id == 0 && inst.type != "Parallel" && inst.type != "Map") return pos;
  }
  return std::nullopt;
}

void Attribute(const std::vector<Event>& events, FrameTree& tree, size_t pos) {
  const Event& event = events[pos];
  RootCause& root = tree.root_cause;
  root.found = true;
  root.event_id = event.id;
  root.event_type = event.type;
  std::string error = DetailString(event, "error");
  if (!error.empty()) {
    root.error = error;
    root.cause = DetailString(event, "cause");
  }
  root.instance = tree.event_instance[pos];
  if (!root.instance) return;
  StateInstance& inst = tree.frames[root.instance->frame].instances[root.instance->instance];
  if (inst.status != InstanceStatus::kFailed && inst.status != InstanceStatus::kTimedOut) {
    inst.status = InstanceStatus::kFailed;
  }
  if (inst.error.empty()) {
    inst.error = root.error;
    inst.cause = root.cause;
  }
}

}  // namespace

void AttributeRootCause(const std::vector<Event>& events, FrameTree& tree) {
  if (tree.terminal_event_id == 0) return;
  std::optional<size_t> terminal = tree.PositionOf(tree.terminal_event_id);
  if (!terminal) return;
  tree.root_cause.error = DetailString(events[*terminal], "error");
  tree.root_cause.cause = DetailString(events[*terminal], "cause");
  if (tree.execution_status != ExecutionStatus::kFailed) return;
  std::optional<size_t> origin = FollowChain(events, tree, *terminal);
  if (!origin) origin = FromCauseHint(tree, tree.root_cause.cause);
  if (!origin) origin = EarliestUncaughtFailure(events, tree);
  if (!origin) origin = LastOpenState(events, tree);
  if (origin) Attribute(events, tree, *origin);
}

}  // namespace sfn::history
