// Frames: where each event of a history ran, and the state instances each frame holds.
//
// A frame is one sequential flow of states: the top level of the execution (the root), one branch of a
// Parallel state, or one iteration of a Map state; frames nest to any depth. AWS lists the events of
// concurrent branches and iterations interleaved, so each event's frame is recovered through its
// previousEventId chain: the first state of a branch points to ParallelStateStarted, the first state of
// iteration i to MapIterationStarted(i), and every later event to an event of its own frame. Container
// events (ParallelStateSucceeded, MapStateExited, ...) are given to the frame that holds the container,
// iteration events to their iteration (by index). When the chain is missing (previousEventId 0, masked
// ids of normalised recordings) the event joins the frame of the event listed before it.
//
// Inside a frame, a StateInstance is one visit of a state: from its *StateEntered event to its
// *StateExited (or abort, or the end of the history), with its attempts, outcome and payloads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "history/event.h"

namespace sfn::history {

enum class FrameKind { kRoot, kBranch, kIteration };

enum class InstanceStatus { kSucceeded, kFailed, kCaughtError, kRunning, kAborted, kTimedOut };

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };

std::string_view StatusName(InstanceStatus status);            // "Succeeded", "CaughtError", ...
std::string_view ExecutionStatusName(ExecutionStatus status);  // "SUCCEEDED", "TIMED_OUT", ...

struct InstanceRef {
  size_t frame = 0;
  size_t instance = 0;
  bool operator==(const InstanceRef&) const = default;
};

struct StateInstance {
  std::string name;
  std::string type;  // Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map
  size_t frame = 0;
  int64_t entered_event_id = 0;
  int64_t exited_event_id = 0;  // 0 when the state did not exit
  std::optional<Json> input;    // absent in structure-only histories
  std::optional<Json> output;
  InstanceStatus status = InstanceStatus::kRunning;
  int attempts = 0;           // Task: scheduled attempts; Parallel and Map: runs (ParallelStateStarted ...)
  int retries = 0;            // attempts after the first
  std::string resource;       // from the last TaskScheduled (e.g. "invoke", an activity ARN)
  std::string resource_type;  // e.g. "lambda"; empty for activities and legacy Lambda resources
  std::string error;          // of the last failure, when the state failed or caught an error
  std::string cause;
  int64_t failure_event_id = 0;  // the last failure event of this state
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::vector<int64_t> event_ids;    // every event of this visit, ascending
  std::vector<size_t> child_frames;  // branches or iterations, in order of appearance
};

struct Frame {
  FrameKind kind = FrameKind::kRoot;
  int64_t index = 0;  // branch: order of appearance within one run of the Parallel; iteration: its index
  std::optional<size_t> parent;
  std::optional<InstanceRef> owner;  // the Parallel or Map visit that runs this frame
  std::string owner_state;
  int run = 0;  // which run of the owner (a retried Parallel or Map runs again), 0-based
  int depth = 0;
  InstanceStatus status = InstanceStatus::kRunning;
  bool ambiguous = false;  // placed by position (masked ids): concurrent branches may be merged
  std::vector<int64_t> event_ids;
  std::vector<StateInstance> instances;  // in order of entry
};

struct RootCause {
  bool found = false;
  int64_t event_id = 0;  // the originating event (TaskFailed, FailStateEntered, EvaluationFailed, ...)
  std::string event_type;
  std::string error;
  std::string cause;
  std::optional<InstanceRef> instance;
};

// Something the builder could not fit: an orphan event, an iteration event without its start.
struct FrameAnomaly {
  int64_t event_id = 0;
  std::string code;  // "HISTORY_ORPHAN_EVENT", "HISTORY_ITERATION_ORDER"
  std::string message;
};

struct FrameTree {
  std::vector<Frame> frames;                               // frames[0] is the root
  std::vector<size_t> event_frame;                         // per event position
  std::vector<std::optional<InstanceRef>> event_instance;  // per event position
  std::unordered_map<int64_t, size_t> position_of_id;
  ExecutionStatus execution_status = ExecutionStatus::kRunning;
  int64_t terminal_event_id = 0;
  RootCause root_cause;
  std::vector<FrameAnomaly> anomalies;

  const StateInstance& Instance(InstanceRef ref) const { return frames[ref.frame].instances[ref.instance]; }
  std::optional<size_t> PositionOf(int64_t id) const;
};

// Builds the frame tree of events in ascending id order (as ReadHistory returns them).
FrameTree BuildFrames(const std::vector<Event>& events);

// "Outer[1]/Inner[3]": the owner state and branch or iteration index of each frame from the root; ""
// for the root.
std::string FramePath(const FrameTree& tree, size_t frame);

// "branch 1", "iteration 3", "root".
std::string FrameLabel(const Frame& frame);

// For people: "iteration 3 of 'Inner' in branch 1 of 'Outer'"; "" for the root.
std::string DescribeFrame(const FrameTree& tree, size_t frame);

}  // namespace sfn::history
