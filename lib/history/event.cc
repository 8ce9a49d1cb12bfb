#include "history/event.h"

#include <algorithm>
#include <array>

namespace sfn::history {
namespace {

using R = EventRole;

// All event types of the 2016-11-23 API, sorted by type for binary search.
constexpr std::array<EventTypeInfo, 62> kEventTypes = {{
    {"ActivityFailed", "activityFailedEventDetails", "Task", R::kTaskFailed},
    {"ActivityScheduleFailed", "activityScheduleFailedEventDetails", "Task", R::kTaskScheduleFailed},
    {"ActivityScheduled", "activityScheduledEventDetails", "Task", R::kTaskScheduled},
    {"ActivityStarted", "activityStartedEventDetails", "Task", R::kTaskStarted},
    {"ActivitySucceeded", "activitySucceededEventDetails", "Task", R::kTaskSucceeded},
    {"ActivityTimedOut", "activityTimedOutEventDetails", "Task", R::kTaskTimedOut},
    {"ChoiceStateEntered", "stateEnteredEventDetails", "Choice", R::kStateEntered},
    {"ChoiceStateExited", "stateExitedEventDetails", "Choice", R::kStateExited},
    {"EvaluationFailed", "evaluationFailedEventDetails", "", R::kEvaluationFailed},
    {"ExecutionAborted", "executionAbortedEventDetails", "", R::kExecutionAborted},
    {"ExecutionFailed", "executionFailedEventDetails", "", R::kExecutionFailed},
    {"ExecutionRedriven", "executionRedrivenEventDetails", "", R::kExecutionRedriven},
    {"ExecutionStarted", "executionStartedEventDetails", "", R::kExecutionStarted},
    {"ExecutionSucceeded", "executionSucceededEventDetails", "", R::kExecutionSucceeded},
    {"ExecutionTimedOut", "executionTimedOutEventDetails", "", R::kExecutionTimedOut},
    {"FailStateEntered", "stateEnteredEventDetails", "Fail", R::kStateEntered},
    {"LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", "Task", R::kTaskFailed},
    {"LambdaFunctionScheduleFailed", "lambdaFunctionScheduleFailedEventDetails", "Task",
     R::kTaskScheduleFailed},
    {"LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", "Task", R::kTaskScheduled},
    {"LambdaFunctionStartFailed", "lambdaFunctionStartFailedEventDetails", "Task", R::kTaskStartFailed},
    {"LambdaFunctionStarted", "", "Task", R::kTaskStarted},
    {"LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", "Task", R::kTaskSucceeded},
    {"LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", "Task", R::kTaskTimedOut},
    {"MapIterationAborted", "mapIterationAbortedEventDetails", "Map", R::kIterationAborted},
    {"MapIterationFailed", "mapIterationFailedEventDetails", "Map", R::kIterationFailed},
    {"MapIterationStarted", "mapIterationStartedEventDetails", "Map", R::kIterationStarted},
    {"MapIterationSucceeded", "mapIterationSucceededEventDetails", "Map", R::kIterationSucceeded},
    {"MapRunAborted", "", "Map", R::kMapRunAborted},
    {"MapRunFailed", "mapRunFailedEventDetails", "Map", R::kMapRunFailed},
    {"MapRunRedriven", "mapRunRedrivenEventDetails", "Map", R::kMapRunRedriven},
    {"MapRunStarted", "mapRunStartedEventDetails", "Map", R::kMapRunStarted},
    {"MapRunSucceeded", "", "Map", R::kMapRunSucceeded},
    {"MapStateAborted", "", "Map", R::kStateAborted},
    {"MapStateEntered", "stateEnteredEventDetails", "Map", R::kStateEntered},
    {"MapStateExited", "stateExitedEventDetails", "Map", R::kStateExited},
    {"MapStateFailed", "", "Map", R::kContainerFailed},
    {"MapStateStarted", "mapStateStartedEventDetails", "Map", R::kContainerStarted},
    {"MapStateSucceeded", "", "Map", R::kContainerSucceeded},
    {"ParallelStateAborted", "", "Parallel", R::kStateAborted},
    {"ParallelStateEntered", "stateEnteredEventDetails", "Parallel", R::kStateEntered},
    {"ParallelStateExited", "stateExitedEventDetails", "Parallel", R::kStateExited},
    {"ParallelStateFailed", "", "Parallel", R::kContainerFailed},
    {"ParallelStateStarted", "", "Parallel", R::kContainerStarted},
    {"ParallelStateSucceeded", "", "Parallel", R::kContainerSucceeded},
    {"PassStateEntered", "stateEnteredEventDetails", "Pass", R::kStateEntered},
    {"PassStateExited", "stateExitedEventDetails", "Pass", R::kStateExited},
    {"SucceedStateEntered", "stateEnteredEventDetails", "Succeed", R::kStateEntered},
    {"SucceedStateExited", "stateExitedEventDetails", "Succeed", R::kStateExited},
    {"TaskFailed", "taskFailedEventDetails", "Task", R::kTaskFailed},
    {"TaskScheduled", "taskScheduledEventDetails", "Task", R::kTaskScheduled},
    {"TaskStartFailed", "taskStartFailedEventDetails", "Task", R::kTaskStartFailed},
    {"TaskStarted", "taskStartedEventDetails", "Task", R::kTaskStarted},
    {"TaskStateAborted", "", "Task", R::kStateAborted},
    {"TaskStateEntered", "stateEnteredEventDetails", "Task", R::kStateEntered},
    {"TaskStateExited", "stateExitedEventDetails", "Task", R::kStateExited},
    {"TaskSubmitFailed", "taskSubmitFailedEventDetails", "Task", R::kTaskSubmitFailed},
    {"TaskSubmitted", "taskSubmittedEventDetails", "Task", R::kTaskSubmitted},
    {"TaskSucceeded", "taskSucceededEventDetails", "Task", R::kTaskSucceeded},
    {"TaskTimedOut", "taskTimedOutEventDetails", "Task", R::kTaskTimedOut},
    {"WaitStateAborted", "", "Wait", R::kStateAborted},
    {"WaitStateEntered", "stateEnteredEventDetails", "Wait", R::kStateEntered},
    {"WaitStateExited", "stateExitedEventDetails", "Wait", R::kStateExited},
}};

}  // namespace

const EventTypeInfo* FindEventType(std::string_view type) {
  auto it = std::lower_bound(kEventTypes.begin(), kEventTypes.end(), type,
                             [](const EventTypeInfo& info, std::string_view t) { return info.type < t; });
  if (it == kEventTypes.end() || it->type != type) return nullptr;
  return &*it;
}

EventRole RoleOf(std::string_view type) {
  const EventTypeInfo* info = FindEventType(type);
  return info ? info->role : EventRole::kUnknown;
}

std::string_view StateTypeOf(std::string_view type) {
  const EventTypeInfo* info = FindEventType(type);
  return info ? info->state_type : std::string_view();
}

std::string_view DetailsKeyOf(std::string_view type) {
  const EventTypeInfo* info = FindEventType(type);
  return info ? info->details_key : std::string_view();
}

bool IsExecutionTerminal(EventRole role) {
  return role == R::kExecutionSucceeded || role == R::kExecutionFailed || role == R::kExecutionTimedOut ||
         role == R::kExecutionAborted;
}

bool IsTaskFailure(EventRole role) {
  return role == R::kTaskFailed || role == R::kTaskTimedOut || role == R::kTaskScheduleFailed ||
         role == R::kTaskStartFailed || role == R::kTaskSubmitFailed;
}

bool IsOriginatingFailure(EventRole role) {
  return IsTaskFailure(role) || role == R::kEvaluationFailed || role == R::kMapRunFailed;
}

bool IsContainerLifecycle(EventRole role) {
  return role == R::kContainerStarted || role == R::kContainerSucceeded || role == R::kContainerFailed ||
         role == R::kMapRunStarted || role == R::kMapRunSucceeded || role == R::kMapRunFailed ||
         role == R::kMapRunAborted || role == R::kMapRunRedriven;
}

bool IsIterationEvent(EventRole role) {
  return role == R::kIterationStarted || role == R::kIterationSucceeded || role == R::kIterationFailed ||
         role == R::kIterationAborted;
}

const Json* DetailValue(const Event& event, std::string_view field) {
  if (!event.details.is_object()) return nullptr;
  auto it = event.details.find(field);
  if (it == event.details.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string DetailString(const Event& event, std::string_view field) {
  const Json* value = DetailValue(event, field);
  if (value == nullptr) return {};
  if (value->is_string()) return value->get<std::string>();
  return DumpCompact(*value);
}

std::string StateNameOf(const Event& event) {
  if (RoleOf(event.type) == R::kEvaluationFailed) return DetailString(event, "state");
  return DetailString(event, "name");
}

}  // namespace sfn::history
