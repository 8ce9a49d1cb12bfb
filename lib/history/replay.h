// Replaying a recorded execution history against a definition.
//
// The definition is executed again by the engine on the recorded input, with the recorded context where
// the history gives it (start time on a virtual clock, role, execution and state machine names from the
// execution ARN when the format carries one). No Task runs: every Task, Activity and Lambda outcome is
// served from the recording (ReplayTaskRunner), and Waits take no time. A Distributed Map whose children
// hold Tasks takes its Map Run's outcome from the recording, which lacks the child executions
// (replay_map_runs.h). The replayed history is then
// compared with the recorded one (CompareHistories): the states taken, inputs, effective parameters,
// outputs, assigned variables, retries and catches, and the execution's final status, output, error and
// cause. A consistent replay shows the definition explains the recording; a divergence names the first
// event where they part.
//
// A history recorded without execution data cannot be re-executed: the replay then checks the path it
// took against the definition instead (replay_structure.h), and says so in `notes`.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "engine/execution.h"
#include "history/compare_histories.h"
#include "history/reader.h"
#include "history/replay_task_runner.h"
#include "model/state_machine.h"

namespace sfn::history {

enum class ReplayMode { kFull, kStructureOnly };

struct ReplayOptions {
  std::string execution_name;      // default: from the recording's execution ARN, else generated
  std::string state_machine_name;  // default: from the recording's execution ARN, else "StateMachine"
  size_t max_divergences = std::numeric_limits<size_t>::max();  // 1: only the first
  std::chrono::milliseconds abort_wait{5000};  // see ReplayTaskRunner
  size_t max_workers = 0;                      // engine::ExecutionOptions::max_workers
  bool probe_nondeterminism = true;  // replay twice when the definition draws random numbers or reads time
  // The execution's input as known apart from the recording (test tooling masks values in the recorded
  // one, e.g. a timestamp becomes "timestamp"). Used instead of the recorded input when the two match,
  // placeholders aside; otherwise the recorded input is kept and a note says so.
  std::optional<Json> known_input;
  // Texts the recording's tooling replaced by placeholders: the replay's values get the same replacements
  // before they are compared (see ValueCompareOptions).
  std::vector<TextReplacement> replacements;
  // Distributed Map ItemReader: the content of an S3 object, which histories do not hold.
  std::function<std::optional<std::string>(const std::string& bucket, const std::string& key)> read_object;
};

// The context the recording gives for re-executing it.
struct RecordedContext {
  Json input = Json::object();
  bool has_input = false;
  std::optional<int64_t> start_ms;
  std::string role_arn;
  std::string account;
  std::string region;
  std::string execution_name;
  std::string state_machine_name;
};

RecordedContext ContextOf(const ReadResult& recorded);

struct ReplayResult {
  ReplayMode mode = ReplayMode::kFull;
  bool consistent = false;
  std::vector<Divergence> divergences;  // in recorded event order
  ExecutionStatus recorded_status = ExecutionStatus::kRunning;
  ExecutionStatus replayed_status = ExecutionStatus::kRunning;
  size_t recorded_events = 0;
  size_t replayed_events = 0;
  size_t state_visits = 0;       // recorded state visits
  size_t tasks_served = 0;       // Task attempts answered from the recording
  bool stopped_early = false;    // the replay stopped where the recording could not answer
  bool probed = false;           // a second replay masked unreproducible values
  std::vector<ReplayMiss> misses;
  std::vector<std::string> notes;  // what a reader of the report should know (modes, tolerated traits)
  Json replayed_history;         // {"events": [...]}; null in structure-only mode
};

ReplayResult Replay(const ReadResult& recorded, const model::StateMachine& machine, const ReplayOptions& options = {});

// Whether a definition draws random numbers or UUIDs, or reads the time (States.MathRandom, States.UUID,
// $random(), $uuid(), $now(), $millis()).
bool UsesNondeterminism(const model::StateMachine& machine);

}  // namespace sfn::history
