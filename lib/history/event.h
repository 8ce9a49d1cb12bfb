// One event of an execution history, normalised from whichever format it was read.
//
// AWS Step Functions records an execution as a list of events (GetExecutionHistory). Each event has an id
// (1-based, contiguous), the id of its causal predecessor (previousEventId, 0 when none), a type such as
// "TaskStateEntered", a timestamp and at most one `<x>EventDetails` member. `Event` keeps those fields in
// one shape whatever the source (API response, AWS CLI output, CloudWatch Logs lines, recorded
// snapshots). Payload fields (input, output, parameters, ...) are held parsed as JSON.
//
// The event-type table says, for each of the 62 AWS event types, the details member it carries, the
// state type it belongs to and the role it plays; the frame builder and the checks dispatch on the role.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace sfn::history {

struct Event {
  int64_t id = 0;
  int64_t previous_id = 0;
  std::string type;
  std::optional<int64_t> timestamp_ms;  // epoch milliseconds; absent when masked or unreadable
  std::string timestamp_text;           // the timestamp as written in the source
  Json details = Json::object();        // the <x>EventDetails object, payloads parsed
  std::string details_key;              // e.g. "stateEnteredEventDetails"; empty when none

  bool id_masked = false;          // the source id was not a number (normalised recording); id inferred
  bool payload_present = false;    // at least one payload field (input, output, ...) was present
  bool payload_truncated = false;  // an inputDetails/outputDetails said truncated
  std::vector<std::string> unparsed_payloads;  // payload fields kept as text: not valid JSON
  size_t source_index = 0;                     // position of the event in the input, across pages
};

// What an event does, independent of the state type it belongs to.
enum class EventRole {
  kUnknown,
  kExecutionStarted,
  kExecutionSucceeded,
  kExecutionFailed,
  kExecutionTimedOut,
  kExecutionAborted,
  kExecutionRedriven,
  kStateEntered,
  kStateExited,
  kStateAborted,
  kTaskScheduled,       // TaskScheduled, LambdaFunctionScheduled, ActivityScheduled
  kTaskStarted,         // TaskStarted, LambdaFunctionStarted, ActivityStarted
  kTaskSubmitted,       // TaskSubmitted
  kTaskSucceeded,       // TaskSucceeded, LambdaFunctionSucceeded, ActivitySucceeded
  kTaskFailed,          // TaskFailed, LambdaFunctionFailed, ActivityFailed
  kTaskTimedOut,        // TaskTimedOut, LambdaFunctionTimedOut, ActivityTimedOut
  kTaskScheduleFailed,  // LambdaFunctionScheduleFailed, ActivityScheduleFailed
  kTaskStartFailed,     // TaskStartFailed, LambdaFunctionStartFailed
  kTaskSubmitFailed,    // TaskSubmitFailed
  kContainerStarted,    // ParallelStateStarted, MapStateStarted
  kContainerSucceeded,  // ParallelStateSucceeded, MapStateSucceeded
  kContainerFailed,     // ParallelStateFailed, MapStateFailed
  kIterationStarted,
  kIterationSucceeded,
  kIterationFailed,
  kIterationAborted,
  kMapRunStarted,
  kMapRunSucceeded,
  kMapRunFailed,
  kMapRunAborted,
  kMapRunRedriven,
  kEvaluationFailed,
};

struct EventTypeInfo {
  std::string_view type;         // "TaskScheduled"
  std::string_view details_key;  // "taskScheduledEventDetails", or empty
  std::string_view state_type;   // "Task", "Map", ...; empty for execution-level events
  EventRole role = EventRole::kUnknown;
};

// The table entry of an event type, or nullptr for a type AWS does not define.
const EventTypeInfo* FindEventType(std::string_view type);

// The role of an event type; kUnknown for a type not in the table.
EventRole RoleOf(std::string_view type);

// The state type an event belongs to ("Task" for LambdaFunctionScheduled), or "" when none.
std::string_view StateTypeOf(std::string_view type);

// The details member AWS uses for an event type, or "" when it has none or the type is unknown.
std::string_view DetailsKeyOf(std::string_view type);

bool IsExecutionTerminal(EventRole role);
// A failure that starts an error (a Task failing, an evaluation error), as opposed to one that
// propagates it (ParallelStateFailed, MapIterationFailed, ExecutionFailed).
bool IsOriginatingFailure(EventRole role);
// A failure outcome of one Task attempt.
bool IsTaskFailure(EventRole role);
// Container lifecycle events: they belong to the frame that holds the Parallel or Map state.
bool IsContainerLifecycle(EventRole role);
bool IsIterationEvent(EventRole role);

// Details accessors. Each returns an empty string / nullptr when the field is absent.
std::string DetailString(const Event& event, std::string_view field);
const Json* DetailValue(const Event& event, std::string_view field);
// The state name of a state event (details.name, or details.state for EvaluationFailed).
std::string StateNameOf(const Event& event);

}  // namespace sfn::history
