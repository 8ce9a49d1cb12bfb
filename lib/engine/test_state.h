// TestState: runs one state on one input, as AWS's TestState API does, for `sfn run-local --state`.
//
// The state is given alone or inside a whole state machine (then picked by name). It runs once: its
// Next is reported, not followed; a Retry that would apply is reported (status RETRIABLE), not
// performed; a Catch that applies gives status CAUGHT_ERROR. A mock can stand for the work of a Task,
// Parallel or Map (its result, or an error). At inspection level DEBUG or TRACE the response also holds
// the value after each data-flow step (input, afterInputPath, afterParameters, result,
// afterResultSelector, afterResultPath, ...).
#pragma once

#include <optional>
#include <string>

#include "common/json.h"
#include "engine/execution.h"

namespace sfn::engine {

enum class InspectionLevel { kInfo, kDebug, kTrace };

struct TestStateOptions {
  Json definition;         // one state, or a state machine (with "States")
  std::string state_name;  // the state to run in a state machine (default: its StartAt)
  Json input = Json::object();
  InspectionLevel inspection_level = InspectionLevel::kInfo;
  std::optional<Json> context;                        // replaces $$ (AWS's "context" parameter, parsed)
  std::optional<Json> variables;                      // an object of variables visible to the state
  std::optional<Json> mock_result;                    // the mocked result of the state's work
  std::optional<std::string> mock_error, mock_cause;  // a mocked failure (when mock_error is set)
  ExecutionOptions execution;  // task runner, clock, seed, names (its 'input' is ignored)
};

struct TestStateResult {
  std::string status;  // SUCCEEDED, FAILED, CAUGHT_ERROR or RETRIABLE
  std::optional<Json> output;
  std::optional<std::string> error, cause, next_state;
  Json inspection_data = Json::object();  // DEBUG and TRACE only

  // The TestState response shape: {"output", "error", "cause", "inspectionData", "nextState", "status"}.
  Json ToJson() const;
};

// Never throws for a bad definition: it answers FAILED with States.Runtime.
TestStateResult TestState(const TestStateOptions& options);

}  // namespace sfn::engine
