#include "history/frames.h"

#include <algorithm>
#include <set>

#include "history/root_cause.h"

namespace sfn::history {
namespace {

using R = EventRole;

// Bounds of the fallback searches, so that malformed input cannot make the builder quadratic. A frame
// holds one open visit at a time (a few more when normalised recordings merge branches).
constexpr size_t kMaxFramesScanned = 4096;
constexpr size_t kMaxOpenScanned = 1024;

enum class Phase { kEntered, kStarted, kEnded };
enum class Outcome { kNone, kSuccess, kFailure };

// Builder bookkeeping of one state visit.
struct Track {
  bool open = true;
  bool aborted = false;
  Phase phase = Phase::kEntered;
  Outcome outcome = Outcome::kNone;
  EventRole last_failure = R::kUnknown;
  int64_t branches_in_run = 0;
  std::unordered_map<int64_t, size_t> iterations;  // iteration index -> frame, current run
};

class FrameBuilder {
 public:
  explicit FrameBuilder(const std::vector<Event>& events) : events_(events) {}

  FrameTree Build();

 private:
  void Process(size_t pos);
  size_t ChainFrame(size_t pos, std::optional<size_t>& anchor);
  void PlaceEntered(size_t pos, size_t frame, std::optional<size_t> anchor);
  void PlaceExited(size_t pos, size_t frame);
  void PlaceStep(size_t pos, EventRole role, size_t frame, std::optional<size_t> anchor);
  void PlaceAborted(size_t pos, size_t frame, std::optional<size_t> anchor);
  void PlaceContainerEvent(size_t pos, EventRole role, size_t frame, std::optional<size_t> anchor);
  void PlaceIterationEvent(size_t pos, EventRole role, size_t frame);
  void Orphan(size_t pos, size_t frame, const std::string& why);

  size_t NewFrame(FrameKind kind, InstanceRef owner, int64_t index);
  void Attach(size_t pos, size_t frame, std::optional<InstanceRef> ref);
  void Close(InstanceRef ref);
  void RecordFailure(InstanceRef ref, size_t pos, EventRole role);
  void ApplyContainerEvent(InstanceRef ref, size_t pos, EventRole role, std::optional<size_t> anchor);

  struct Query {
    std::string_view state_type;   // "" = any
    std::string_view name;         // "" = any
    EventRole role = R::kUnknown;  // for container phase compatibility
  };
  bool Matches(InstanceRef ref, const Query& q) const;
  bool PhaseFits(InstanceRef ref, EventRole role) const;
  std::optional<InstanceRef> FindInFrame(size_t frame, const Query& q, bool need_phase) const;
  std::optional<InstanceRef> FindUpward(size_t frame, const Query& q) const;
  std::optional<InstanceRef> FindAnywhere(const Query& q) const;
  std::optional<InstanceRef> Find(size_t frame, const Query& q) const;
  std::optional<InstanceRef> OpenInstanceOf(std::optional<size_t> pos, std::string_view state_type) const;

  void SetExecutionStatus();
  void CopyPropagatedError(StateInstance& inst, size_t anchor);
  bool InferParallelFailure(StateInstance& inst) const;
  void FinaliseInstance(InstanceRef ref);
  void FinaliseFrameStatus(size_t frame);
  StateInstance& Inst(InstanceRef ref) { return tree_.frames[ref.frame].instances[ref.instance]; }
  Track& TrackOf(InstanceRef ref) { return tracks_[ref.frame][ref.instance]; }
  const Track& TrackOf(InstanceRef ref) const { return tracks_[ref.frame][ref.instance]; }

  const std::vector<Event>& events_;
  FrameTree tree_;
  std::vector<std::vector<Track>> tracks_;  // parallel to frames/instances
  std::vector<std::vector<size_t>> open_;   // open instance indexes per frame, in entry order
  std::set<size_t> frames_with_open_;
  std::vector<bool> status_from_event_;  // per frame: an iteration event set its status
};

FrameTree FrameBuilder::Build() {
  tree_.frames.push_back(Frame{});
  tracks_.emplace_back();
  open_.emplace_back();
  status_from_event_.push_back(false);
  tree_.event_frame.assign(events_.size(), 0);
  tree_.event_instance.assign(events_.size(), std::nullopt);
  for (size_t pos = 0; pos < events_.size(); ++pos) {
    if (events_[pos].id != 0) tree_.position_of_id.emplace(events_[pos].id, pos);
  }
  for (size_t pos = 0; pos < events_.size(); ++pos) Process(pos);
  SetExecutionStatus();
  // Frames are created after their parents, so walking them backwards finalises children first.
  for (size_t f = tree_.frames.size(); f-- > 0;) {
    for (size_t i = 0; i < tree_.frames[f].instances.size(); ++i) FinaliseInstance(InstanceRef{f, i});
    FinaliseFrameStatus(f);
  }
  AttributeRootCause(events_, tree_);
  for (size_t f = tree_.frames.size(); f-- > 0;) FinaliseFrameStatus(f);
  return std::move(tree_);
}

// The frame an event's causal chain leads to; `anchor` is the event it follows (its previous event, or
// the event listed before it when the chain is missing).
size_t FrameBuilder::ChainFrame(size_t pos, std::optional<size_t>& anchor) {
  const Event& event = events_[pos];
  if (!event.id_masked && event.previous_id > 0) {
    std::optional<size_t> prev = tree_.PositionOf(event.previous_id);
    if (prev && *prev < pos) {
      anchor = prev;
      return tree_.event_frame[*prev];
    }
  }
  if (pos == 0) return 0;
  anchor = pos - 1;
  return tree_.event_frame[pos - 1];
}

void FrameBuilder::Process(size_t pos) {
  const Event& event = events_[pos];
  EventRole role = RoleOf(event.type);
  std::optional<size_t> anchor;
  size_t frame = ChainFrame(pos, anchor);
  bool container_state = StateTypeOf(event.type) == "Parallel" || StateTypeOf(event.type) == "Map";
  switch (role) {
    case R::kExecutionStarted:
    case R::kExecutionSucceeded:
    case R::kExecutionFailed:
    case R::kExecutionTimedOut:
    case R::kExecutionAborted:
    case R::kExecutionRedriven:
      Attach(pos, 0, std::nullopt);
      return;
    case R::kStateEntered:
      PlaceEntered(pos, frame, anchor);
      return;
    case R::kIterationStarted:
    case R::kIterationSucceeded:
    case R::kIterationFailed:
    case R::kIterationAborted:
      PlaceIterationEvent(pos, role, frame);
      return;
    default:
      break;
  }
  if (IsContainerLifecycle(role) ||
      (container_state && (role == R::kStateExited || role == R::kStateAborted))) {
    PlaceContainerEvent(pos, role, frame, anchor);
  } else if (role == R::kStateExited) {
    PlaceExited(pos, frame);
  } else if (role == R::kStateAborted) {
    PlaceAborted(pos, frame, anchor);
  } else {
    PlaceStep(pos, role, frame, anchor);
  }
}

size_t FrameBuilder::NewFrame(FrameKind kind, InstanceRef owner, int64_t index) {
  Frame frame;
  frame.kind = kind;
  frame.index = index;
  frame.parent = owner.frame;
  frame.owner = owner;
  frame.owner_state = Inst(owner).name;
  frame.run = std::max(0, Inst(owner).attempts - 1);
  frame.depth = tree_.frames[owner.frame].depth + 1;
  tree_.frames.push_back(std::move(frame));
  tracks_.emplace_back();
  open_.emplace_back();
  status_from_event_.push_back(false);
  size_t id = tree_.frames.size() - 1;
  Inst(owner).child_frames.push_back(id);
  return id;
}

void FrameBuilder::Attach(size_t pos, size_t frame, std::optional<InstanceRef> ref) {
  const Event& event = events_[pos];
  tree_.event_frame[pos] = frame;
  tree_.event_instance[pos] = ref;
  tree_.frames[frame].event_ids.push_back(event.id);
  if (event.id_masked) tree_.frames[frame].ambiguous = true;
  if (!ref) return;
  StateInstance& inst = Inst(*ref);
  inst.event_ids.push_back(event.id);
  if (event.timestamp_ms) inst.end_ms = event.timestamp_ms;
}

void FrameBuilder::Close(InstanceRef ref) {
  TrackOf(ref).open = false;
  std::vector<size_t>& open = open_[ref.frame];
  open.erase(std::remove(open.begin(), open.end(), ref.instance), open.end());
  if (open.empty()) frames_with_open_.erase(ref.frame);
}

void FrameBuilder::PlaceEntered(size_t pos, size_t frame, std::optional<size_t> anchor) {
  const Event& event = events_[pos];
  if (anchor && RoleOf(events_[*anchor].type) == R::kContainerStarted &&
      StateTypeOf(events_[*anchor].type) == "Parallel" && tree_.event_instance[*anchor]) {
    InstanceRef parallel = *tree_.event_instance[*anchor];
    frame = NewFrame(FrameKind::kBranch, parallel, TrackOf(parallel).branches_in_run++);
  }
  StateInstance inst;
  inst.name = StateNameOf(event);
  inst.type = std::string(StateTypeOf(event.type));
  inst.frame = frame;
  inst.entered_event_id = event.id;
  inst.start_ms = event.timestamp_ms;
  if (const Json* input = DetailValue(event, "input")) inst.input = *input;
  tree_.frames[frame].instances.push_back(std::move(inst));
  tracks_[frame].emplace_back();
  InstanceRef ref{frame, tree_.frames[frame].instances.size() - 1};
  open_[frame].push_back(ref.instance);
  frames_with_open_.insert(frame);
  Attach(pos, frame, ref);
}

void FrameBuilder::PlaceExited(size_t pos, size_t frame) {
  const Event& event = events_[pos];
  std::string name = StateNameOf(event);
  std::optional<InstanceRef> ref = Find(frame, {StateTypeOf(event.type), name, R::kStateExited});
  if (!ref) return Orphan(pos, frame, "no open state '" + name + "' to exit");
  Attach(pos, ref->frame, ref);
  StateInstance& inst = Inst(*ref);
  inst.exited_event_id = event.id;
  if (const Json* output = DetailValue(event, "output")) inst.output = *output;
  Close(*ref);
}

// An event inside a state visit: a Task attempt's events, EvaluationFailed.
void FrameBuilder::PlaceStep(size_t pos, EventRole role, size_t frame, std::optional<size_t> anchor) {
  const Event& event = events_[pos];
  std::string_view type = StateTypeOf(event.type);
  std::string name = role == R::kEvaluationFailed ? StateNameOf(event) : std::string();
  std::optional<InstanceRef> ref;
  if (std::optional<InstanceRef> chained = OpenInstanceOf(anchor, type);
      chained && (name.empty() || Inst(*chained).name == name)) {
    ref = chained;
  } else {
    ref = Find(frame, {type, name, role});
  }
  if (!ref) return Orphan(pos, frame, "no open state for '" + event.type + "'");
  Attach(pos, ref->frame, ref);
  StateInstance& inst = Inst(*ref);
  Track& track = TrackOf(*ref);
  if (role == R::kTaskScheduled) {
    ++inst.attempts;
    track.outcome = Outcome::kNone;
    inst.resource = DetailString(event, "resource");
    inst.resource_type = DetailString(event, "resourceType");
  } else if (role == R::kTaskSucceeded) {
    track.outcome = Outcome::kSuccess;
  } else if (IsTaskFailure(role) || role == R::kEvaluationFailed) {
    RecordFailure(*ref, pos, role);
  }
}

// TaskStateAborted and WaitStateAborted. Their previousEventId may point into another iteration (the one
// whose failure aborted the rest), so the chain is tried first, then the frame of the event before.
void FrameBuilder::PlaceAborted(size_t pos, size_t frame, std::optional<size_t> anchor) {
  std::string_view type = StateTypeOf(events_[pos].type);
  std::optional<InstanceRef> ref = OpenInstanceOf(anchor, type);
  if (!ref && pos > 0) ref = FindInFrame(tree_.event_frame[pos - 1], {type, "", R::kStateAborted}, false);
  if (!ref) ref = Find(frame, {type, "", R::kStateAborted});
  if (!ref) return Orphan(pos, frame, "no open '" + std::string(type) + "' state to abort");
  Attach(pos, ref->frame, ref);
  TrackOf(*ref).aborted = true;
  Close(*ref);
}

void FrameBuilder::PlaceContainerEvent(size_t pos, EventRole role, size_t frame,
                                       std::optional<size_t> anchor) {
  const Event& event = events_[pos];
  std::string name = role == R::kStateExited ? StateNameOf(event) : std::string();
  std::optional<InstanceRef> ref = Find(frame, {StateTypeOf(event.type), name, role});
  if (!ref) {
    return Orphan(pos, frame,
                  "no open " + std::string(StateTypeOf(event.type)) + " state for '" + event.type + "'");
  }
  Attach(pos, ref->frame, ref);
  ApplyContainerEvent(*ref, pos, role, anchor);
}

void FrameBuilder::ApplyContainerEvent(InstanceRef ref, size_t pos, EventRole role,
                                       std::optional<size_t> anchor) {
  const Event& event = events_[pos];
  StateInstance& inst = Inst(ref);
  Track& track = TrackOf(ref);
  switch (role) {
    case R::kContainerStarted:
      track.phase = Phase::kStarted;
      track.outcome = Outcome::kNone;
      track.branches_in_run = 0;
      track.iterations.clear();
      ++inst.attempts;
      break;
    case R::kContainerSucceeded:
    case R::kMapRunSucceeded:
      if (role == R::kContainerSucceeded) track.phase = Phase::kEnded;
      track.outcome = Outcome::kSuccess;
      break;
    case R::kContainerFailed:
      track.phase = Phase::kEnded;
      RecordFailure(ref, pos, role);
      if (inst.error.empty() && anchor) CopyPropagatedError(inst, *anchor);
      break;
    case R::kMapRunFailed:
    case R::kMapRunAborted:
      RecordFailure(ref, pos, role);
      break;
    case R::kStateExited:
      inst.exited_event_id = event.id;
      if (const Json* output = DetailValue(event, "output")) inst.output = *output;
      Close(ref);
      break;
    case R::kStateAborted:
      track.aborted = true;
      Close(ref);
      break;
    default:
      break;
  }
}

// A failed Parallel or Map carries no error of its own: take the one of the branch or iteration event that
// made it fail.
void FrameBuilder::CopyPropagatedError(StateInstance& inst, size_t anchor) {
  const Event& cause_event = events_[anchor];
  inst.error = DetailString(cause_event, "error");
  inst.cause = DetailString(cause_event, "cause");
  if (!inst.error.empty()) return;
  if (tree_.event_instance[anchor]) {
    inst.error = Inst(*tree_.event_instance[anchor]).error;
    inst.cause = Inst(*tree_.event_instance[anchor]).cause;
    return;
  }
  if (tree_.event_frame[anchor] == inst.frame) return;
  const std::vector<StateInstance>& siblings = tree_.frames[tree_.event_frame[anchor]].instances;
  for (auto it = siblings.rbegin(); it != siblings.rend(); ++it) {
    if (!it->error.empty()) {
      inst.error = it->error;
      inst.cause = it->cause;
      return;
    }
  }
}

void FrameBuilder::RecordFailure(InstanceRef ref, size_t pos, EventRole role) {
  const Event& event = events_[pos];
  StateInstance& inst = Inst(ref);
  Track& track = TrackOf(ref);
  track.outcome = Outcome::kFailure;
  track.last_failure = role;
  inst.failure_event_id = event.id;
  std::string error = DetailString(event, "error");
  if (!error.empty() || role != R::kContainerFailed) {
    inst.error = error;
    inst.cause = DetailString(event, "cause");
  } else {
    inst.error.clear();
    inst.cause.clear();
  }
}

void FrameBuilder::PlaceIterationEvent(size_t pos, EventRole role, size_t frame) {
  const Event& event = events_[pos];
  std::string map_name = DetailString(event, "name");
  std::optional<InstanceRef> map = Find(frame, {"Map", map_name, role});
  if (!map) return Orphan(pos, frame, "no open Map state '" + map_name + "' for '" + event.type + "'");
  Track& track = TrackOf(*map);
  const Json* index_value = DetailValue(event, "index");
  int64_t index = index_value && index_value->is_number_integer()
                      ? index_value->get<int64_t>()
                      : static_cast<int64_t>(track.iterations.size());
  auto it = track.iterations.find(index);
  size_t target = 0;
  if (role == R::kIterationStarted || it == track.iterations.end()) {
    if (it != track.iterations.end()) {
      tree_.anomalies.push_back(
          {event.id, "HISTORY_ITERATION_ORDER",
           "iteration " + std::to_string(index) + " of '" + map_name + "' started twice"});
    } else if (role != R::kIterationStarted) {
      tree_.anomalies.push_back({event.id, "HISTORY_ITERATION_ORDER",
                                 "'" + event.type + "' for iteration " + std::to_string(index) + " of '" +
                                     map_name + "' that never started"});
    }
    target = NewFrame(FrameKind::kIteration, *map, index);
    TrackOf(*map).iterations[index] = target;
  } else {
    target = it->second;
  }
  Attach(pos, target, std::nullopt);
  Frame& iteration = tree_.frames[target];
  status_from_event_[target] = role != R::kIterationStarted;
  if (role == R::kIterationSucceeded) iteration.status = InstanceStatus::kSucceeded;
  if (role == R::kIterationFailed) iteration.status = InstanceStatus::kFailed;
  if (role == R::kIterationAborted) iteration.status = InstanceStatus::kAborted;
}

void FrameBuilder::Orphan(size_t pos, size_t frame, const std::string& why) {
  Attach(pos, frame, std::nullopt);
  if (!events_[pos].id_masked) {
    tree_.anomalies.push_back(
        {events_[pos].id, "HISTORY_ORPHAN_EVENT", "'" + events_[pos].type + "': " + why});
  }
}

bool FrameBuilder::PhaseFits(InstanceRef ref, EventRole role) const {
  Phase phase = TrackOf(ref).phase;
  switch (role) {
    case R::kContainerStarted:
      return true;
    case R::kContainerSucceeded:
    case R::kContainerFailed:
    case R::kMapRunStarted:
    case R::kMapRunSucceeded:
    case R::kMapRunFailed:
    case R::kMapRunAborted:
    case R::kMapRunRedriven:
    case R::kIterationStarted:
      return phase == Phase::kStarted;
    default:
      return true;
  }
}

bool FrameBuilder::Matches(InstanceRef ref, const Query& q) const {
  const StateInstance& inst = tree_.Instance(ref);
  return (q.state_type.empty() || inst.type == q.state_type) && (q.name.empty() || inst.name == q.name);
}

// The most recent open instance of `frame` that matches; with `need_phase`, only one whose phase fits.
std::optional<InstanceRef> FrameBuilder::FindInFrame(size_t frame, const Query& q, bool need_phase) const {
  const std::vector<size_t>& open = open_[frame];
  auto stop = open.size() > kMaxOpenScanned
                  ? open.rend() - static_cast<std::ptrdiff_t>(open.size() - kMaxOpenScanned)
                  : open.rend();
  for (auto it = open.rbegin(); it != stop; ++it) {
    InstanceRef ref{frame, *it};
    if (Matches(ref, q) && (!need_phase || PhaseFits(ref, q.role))) return ref;
  }
  return std::nullopt;
}

// Walks from `frame` to the root; prefers an instance whose phase fits, else the innermost match.
std::optional<InstanceRef> FrameBuilder::FindUpward(size_t frame, const Query& q) const {
  std::optional<InstanceRef> fallback;
  for (std::optional<size_t> f = frame; f; f = tree_.frames[*f].parent) {
    if (auto ref = FindInFrame(*f, q, true)) return ref;
    if (!fallback) fallback = FindInFrame(*f, q, false);
  }
  return fallback;
}

// The last resort, for events whose chain leads nowhere useful: the most recently entered match in any
// frame, scanning the newest frames first (bounded, so malformed input cannot make it quadratic).
std::optional<InstanceRef> FrameBuilder::FindAnywhere(const Query& q) const {
  std::optional<InstanceRef> best;
  size_t scanned = 0;
  for (auto it = frames_with_open_.rbegin(); it != frames_with_open_.rend() && scanned < kMaxFramesScanned;
       ++it, ++scanned) {
    std::optional<InstanceRef> ref = FindInFrame(*it, q, true);
    if (!ref) ref = FindInFrame(*it, q, false);
    if (ref && (!best || tree_.Instance(*ref).entered_event_id > tree_.Instance(*best).entered_event_id))
      best = ref;
  }
  return best;
}

std::optional<InstanceRef> FrameBuilder::Find(size_t frame, const Query& q) const {
  if (auto ref = FindUpward(frame, q)) return ref;
  return FindAnywhere(q);
}

// The open instance that the event at `pos` belongs to, if it is of `state_type`.
std::optional<InstanceRef> FrameBuilder::OpenInstanceOf(std::optional<size_t> pos,
                                                        std::string_view state_type) const {
  if (!pos || !tree_.event_instance[*pos]) return std::nullopt;
  InstanceRef ref = *tree_.event_instance[*pos];
  bool type_fits = state_type.empty() || tree_.Instance(ref).type == state_type;
  if (!TrackOf(ref).open || !type_fits) return std::nullopt;
  return ref;
}

ExecutionStatus StatusOfTerminal(EventRole role) {
  switch (role) {
    case R::kExecutionSucceeded:
      return ExecutionStatus::kSucceeded;
    case R::kExecutionFailed:
      return ExecutionStatus::kFailed;
    case R::kExecutionTimedOut:
      return ExecutionStatus::kTimedOut;
    case R::kExecutionAborted:
      return ExecutionStatus::kAborted;
    default:
      return ExecutionStatus::kRunning;
  }
}

void FrameBuilder::SetExecutionStatus() {
  for (const Event& event : events_) {
    EventRole role = RoleOf(event.type);
    if (IsExecutionTerminal(role)) {
      tree_.execution_status = StatusOfTerminal(role);
      tree_.terminal_event_id = event.id;
    } else if (role == R::kExecutionRedriven) {
      tree_.execution_status = ExecutionStatus::kRunning;
      tree_.terminal_event_id = 0;
    }
  }
}

InstanceStatus FailureStatus(EventRole last_failure) {
  return last_failure == R::kTaskTimedOut ? InstanceStatus::kTimedOut : InstanceStatus::kFailed;
}

// The status of a visit that neither exited, failed nor was aborted when the history ends.
InstanceStatus OpenStatus(ExecutionStatus execution) {
  switch (execution) {
    case ExecutionStatus::kRunning:
    case ExecutionStatus::kSucceeded:
      return InstanceStatus::kRunning;
    case ExecutionStatus::kTimedOut:
      return InstanceStatus::kTimedOut;
    case ExecutionStatus::kFailed:
    case ExecutionStatus::kAborted:
      break;
  }
  return InstanceStatus::kAborted;
}

// A Parallel that exited without ParallelStateSucceeded/Failed (normalised recordings drop them) caught
// an error when a branch of its last run failed.
bool FrameBuilder::InferParallelFailure(StateInstance& inst) const {
  if (inst.type != "Parallel" || inst.exited_event_id == 0) return false;
  for (size_t child : inst.child_frames) {
    const Frame& branch = tree_.frames[child];
    if (branch.run != inst.attempts - 1 || branch.status != InstanceStatus::kFailed) continue;
    for (const StateInstance& failed : branch.instances) {
      if (!failed.error.empty()) {
        inst.error = failed.error;
        inst.cause = failed.cause;
        break;
      }
    }
    return true;
  }
  return false;
}

void FrameBuilder::FinaliseInstance(InstanceRef ref) {
  StateInstance& inst = Inst(ref);
  const Track& track = TrackOf(ref);
  inst.retries = std::max(0, inst.attempts - 1);
  bool failed =
      track.outcome == Outcome::kFailure || (track.outcome == Outcome::kNone && InferParallelFailure(inst));
  if (inst.exited_event_id != 0) {
    inst.status = failed ? InstanceStatus::kCaughtError : InstanceStatus::kSucceeded;
  } else if (failed) {
    inst.status = FailureStatus(track.last_failure);
  } else if (inst.type == "Fail") {
    inst.status = InstanceStatus::kFailed;
  } else if (track.aborted) {
    inst.status = InstanceStatus::kAborted;
  } else {
    inst.status = OpenStatus(tree_.execution_status);
  }
  if (inst.status == InstanceStatus::kSucceeded) {
    inst.error.clear();
    inst.cause.clear();
  }
}

void FrameBuilder::FinaliseFrameStatus(size_t frame_index) {
  Frame& frame = tree_.frames[frame_index];
  if (frame.kind == FrameKind::kRoot) {
    switch (tree_.execution_status) {
      case ExecutionStatus::kRunning:
        frame.status = InstanceStatus::kRunning;
        break;
      case ExecutionStatus::kSucceeded:
        frame.status = InstanceStatus::kSucceeded;
        break;
      case ExecutionStatus::kFailed:
        frame.status = InstanceStatus::kFailed;
        break;
      case ExecutionStatus::kTimedOut:
        frame.status = InstanceStatus::kTimedOut;
        break;
      case ExecutionStatus::kAborted:
        frame.status = InstanceStatus::kAborted;
        break;
    }
    return;
  }
  if (status_from_event_[frame_index] || frame.instances.empty()) return;
  bool any_failed = false;
  bool any_aborted = false;
  for (const StateInstance& inst : frame.instances) {
    any_failed =
        any_failed || inst.status == InstanceStatus::kFailed || inst.status == InstanceStatus::kTimedOut;
    any_aborted = any_aborted || inst.status == InstanceStatus::kAborted;
  }
  const StateInstance& last = frame.instances.back();
  if (any_failed) {
    frame.status = InstanceStatus::kFailed;
  } else if (any_aborted) {
    frame.status = InstanceStatus::kAborted;
  } else if (last.status == InstanceStatus::kRunning) {
    frame.status = InstanceStatus::kRunning;
  } else {
    frame.status = InstanceStatus::kSucceeded;
  }
}

}  // namespace

std::string_view StatusName(InstanceStatus status) {
  switch (status) {
    case InstanceStatus::kSucceeded:
      return "Succeeded";
    case InstanceStatus::kFailed:
      return "Failed";
    case InstanceStatus::kCaughtError:
      return "CaughtError";
    case InstanceStatus::kRunning:
      return "Running";
    case InstanceStatus::kAborted:
      return "Aborted";
    case InstanceStatus::kTimedOut:
      return "TimedOut";
  }
  return "Running";
}

std::string_view ExecutionStatusName(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::kRunning:
      return "RUNNING";
    case ExecutionStatus::kSucceeded:
      return "SUCCEEDED";
    case ExecutionStatus::kFailed:
      return "FAILED";
    case ExecutionStatus::kTimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::kAborted:
      return "ABORTED";
  }
  return "RUNNING";
}

std::optional<size_t> FrameTree::PositionOf(int64_t id) const {
  auto it = position_of_id.find(id);
  if (it == position_of_id.end()) return std::nullopt;
  return it->second;
}

FrameTree BuildFrames(const std::vector<Event>& events) { return FrameBuilder(events).Build(); }

std::string FramePath(const FrameTree& tree, size_t frame) {
  std::vector<std::string> parts;
  for (std::optional<size_t> f = frame; f && tree.frames[*f].kind != FrameKind::kRoot;
       f = tree.frames[*f].parent) {
    const Frame& fr = tree.frames[*f];
    parts.push_back(fr.owner_state + "[" + std::to_string(fr.index) + "]");
  }
  std::string path;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!path.empty()) path += '/';
    path += *it;
  }
  return path;
}

std::string DescribeFrame(const FrameTree& tree, size_t frame) {
  std::string text;
  for (std::optional<size_t> f = frame; f && tree.frames[*f].kind != FrameKind::kRoot;
       f = tree.frames[*f].parent) {
    const Frame& fr = tree.frames[*f];
    text += (text.empty() ? "" : " in ") + FrameLabel(fr) + " of '" + fr.owner_state + "'";
  }
  return text;
}

std::string FrameLabel(const Frame& frame) {
  switch (frame.kind) {
    case FrameKind::kRoot:
      return "root";
    case FrameKind::kBranch:
      return "branch " + std::to_string(frame.index);
    case FrameKind::kIteration:
      return "iteration " + std::to_string(frame.index);
  }
  return "root";
}

}  // namespace sfn::history
