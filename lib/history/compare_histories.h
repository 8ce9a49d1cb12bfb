// Comparing a recorded history with a replayed one: frame by frame, state visit by state visit.
//
// Frames are matched by place: the top level with the top level, a Parallel branch with the replayed run
// of the same definition branch, a Map iteration with the iteration of the same index (and the same run
// of a retried Map). Inside a frame, visits are matched in order. For each pair the comparison looks at,
// in order of the recorded events: the state taken (the next state), the state's input, each Task
// attempt's effective parameters (TaskScheduled), the number of attempts (which Retry fired),
// the visit's status and error (which Catch fired), its output and assigned variables; then the branches
// or iterations of Parallel and Map states; finally the execution's status, output, error and cause.
// Values compare with CompareValues (by shape where they cannot be reproduced).
//
// A difference is a Divergence located by the recorded event where it shows, the frame and state, and a
// JSON Pointer inside the compared value. Once a frame takes another state, the rest of that frame is not
// compared (everything after follows from it). Concurrent frames that the recording cut short (aborted
// iterations) are compared as far as both got.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "history/compare_values.h"
#include "history/event.h"
#include "history/frames.h"
#include "history/replay_places.h"

namespace sfn::history {

// One history with its frames and their places in the definition.
struct HistoryView {
  const std::vector<Event>* events = nullptr;
  const FrameTree* tree = nullptr;
  std::vector<FramePlace> places;

  const Event* EventById(int64_t id) const;
};

struct Divergence {
  int64_t event_id = 0;         // the recorded event where the difference shows; 0 when none applies
  int64_t replay_event_id = 0;  // the replayed event compared with it; 0 when none
  std::string frame;            // FramePath of the recorded frame; "" for the top level
  std::string frame_description;  // "iteration 3 of 'Each'"; "" for the top level
  std::string state;            // the state name; "" for the execution as a whole
  std::string aspect;           // "next state", "input", "parameters", "attempts", "status",
                                // "error", "output", "assigned variables", "iterations", "branches",
                                // "execution status", "execution output", "execution error",
                                // "execution cause", "task outcome", "transition", "start state", ...
  std::string pointer;          // JSON Pointer inside the compared value; "" for the whole value
  std::optional<Json> expected;  // the recorded value; nullopt when the recording has none
  std::optional<Json> actual;    // the replayed value; nullopt when the replay has none
  std::string message;          // one sentence for people
};

struct HistoryCompareOptions {
  ValueCompareOptions values;
  bool payloads = true;            // compare inputs, outputs, parameters and variables
  bool recording_complete = true;  // the recording has its terminal event
  bool replay_stopped = false;     // the replay was stopped before its end: compare what both ran
  bool skip_masked_branches = false;  // normalised recordings: Parallel branches were merged by position
  size_t max_divergences = std::numeric_limits<size_t>::max();
};

// The divergences in the order of the recorded events. `probe`, when given, is a second replay with
// another random seed: values that differ between the two replays are not reproducible and match anything.
std::vector<Divergence> CompareHistories(const HistoryView& recorded, const HistoryView& replayed,
                                         const HistoryView* probe, const HistoryCompareOptions& options);

// Orders divergences by recorded event id (stable) and keeps the first `limit`.
void SortDivergences(std::vector<Divergence>& divergences, size_t limit);

}  // namespace sfn::history
