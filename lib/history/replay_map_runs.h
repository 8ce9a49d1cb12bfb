// RecordedMapRuns: serves a replayed Distributed Map's Map Runs from the recording.
//
// A history does not hold the child executions of a Distributed Map, so the Task outcomes inside them are
// not there to serve. When a Distributed Map's ItemProcessor holds Task states, the replay takes the Map
// Run's outcome from the recording instead (engine::ExecutionOptions::map_runs): a MapRunFailed gives its
// error and cause; a MapRunSucceeded gives the children's outputs as the state's recorded output shows
// them, where the definition places them there unchanged: no ResultSelector, OutputPath or ResultWriter,
// and ResultPath '$', null (the outputs are dropped) or a reference path; in JSONata, no Output. Every
// other Map Run runs as usual (its children run in the replay, and their Tasks are served as usual).
//
// Runs are grouped like Task attempts (replay_task_runner.h): by the Map state's location and name, one
// visit after another, each visit with its Map Runs in order (a Retry runs the Map Run again).
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/execution.h"
#include "history/event.h"
#include "history/frames.h"
#include "history/replay_places.h"
#include "history/replay_task_runner.h"

namespace sfn::history {

class RecordedMapRuns {
 public:
  RecordedMapRuns(const std::vector<Event>& events, const FrameTree& tree, const std::vector<FramePlace>& places);

  // The recorded outcome of the request's Map Run, or nullopt when the replay is to run it. Thread-safe.
  std::optional<engine::MapRunOutcome> Next(const engine::MapRunRequest& request);

  bool empty() const { return visits_.empty(); }
  size_t served() const;

 private:
  // One Map Run of a visit; nullopt when the recording does not give its outcome.
  using Run = std::optional<engine::MapRunOutcome>;
  struct Cursor {
    size_t next_visit = 0;
    const std::vector<Run>* current = nullptr;
  };

  std::map<TaskKey, std::vector<std::vector<Run>>> visits_;
  mutable std::mutex mutex_;
  std::map<TaskKey, Cursor> cursors_;
  size_t served_ = 0;
};

}  // namespace sfn::history
