// Task: asks the TaskRunner for a result, with Retry and Catch. The events depend on the resource: a
// Lambda function ARN gives LambdaFunction* events, an activity Activity* events, a service integration
// Task* events.
#include <chrono>

#include "engine/eval_env.h"
#include "engine/state_run.h"

namespace sfn::engine::internal {
namespace {

bool IsTimeout(const std::string& error) {
  return error == "States.Timeout" || error == "States.HeartbeatTimeout";
}

bool IsAsynchronous(const std::string& action) {
  auto ends_with = [&](std::string_view suffix) {
    return action.size() >= suffix.size() && action.compare(action.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".sync") || ends_with(".sync:2") || ends_with(".waitForTaskToken");
}

class TaskAttempt {
 public:
  TaskAttempt(StateRun& run, const ResourceInfo& info) : run_(run), info_(info) {}

  void Scheduled(const Json& arguments, const TaskSettings& settings, const std::string& text) {
    Frame& frame = run_.frame;
    bool payloads = frame.log->record_payloads();
    Json d = Json::object();
    switch (info_.kind) {
      case TaskKind::kLambdaFunction:
        d["resource"] = run_.state.resource;
        if (payloads) {
          d["input"] = text;
          d["inputDetails"] = Json{{"truncated", false}};
        }
        if (settings.timeout_seconds) d["timeoutInSeconds"] = *settings.timeout_seconds;
        frame.Emit("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", std::move(d));
        frame.Emit("LambdaFunctionStarted");
        return;
      case TaskKind::kActivity:
        d["resource"] = run_.state.resource;
        if (payloads) {
          d["input"] = text;
          d["inputDetails"] = Json{{"truncated", false}};
        }
        if (settings.timeout_seconds) d["timeoutInSeconds"] = *settings.timeout_seconds;
        if (settings.heartbeat_seconds) d["heartbeatInSeconds"] = *settings.heartbeat_seconds;
        frame.Emit("ActivityScheduled", "activityScheduledEventDetails", std::move(d));
        frame.Emit("ActivityStarted", "activityStartedEventDetails", Json{{"workerName", "local"}});
        return;
      case TaskKind::kService:
        d["resourceType"] = info_.resource_type;
        d["resource"] = info_.action;
        d["region"] = info_.region.empty() ? run_.rt().options->region : info_.region;
        d["parameters"] = payloads ? text : std::string();
        if (settings.timeout_seconds) d["timeoutInSeconds"] = *settings.timeout_seconds;
        if (settings.heartbeat_seconds) d["heartbeatInSeconds"] = *settings.heartbeat_seconds;
        if (settings.credentials) d["taskCredentials"] = *settings.credentials;
        frame.Emit("TaskScheduled", "taskScheduledEventDetails", std::move(d));
        frame.Emit("TaskStarted", "taskStartedEventDetails", ResourceDetails());
        // A .sync or .waitForTaskToken integration first submits its job (or message) and then waits for
        // it: AWS records the submission. The local command plays the whole integration, so the
        // submission's response is not known and the event carries none.
        if (IsAsynchronous(info_.action)) frame.Emit("TaskSubmitted", "taskSubmittedEventDetails", ResourceDetails());
        return;
    }
    (void)arguments;
  }

  void Succeeded(const Value& output) {
    Frame& frame = run_.frame;
    bool payloads = frame.log->record_payloads();
    switch (info_.kind) {
      case TaskKind::kLambdaFunction:
        frame.Emit("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
                   payloads ? ExecutionDataDetails("output", output.Text()) : Json::object());
        return;
      case TaskKind::kActivity:
        frame.Emit("ActivitySucceeded", "activitySucceededEventDetails",
                   payloads ? ExecutionDataDetails("output", output.Text()) : Json::object());
        return;
      case TaskKind::kService: {
        Json d = ResourceDetails();
        if (payloads) {
          d["output"] = output.Text();
          d["outputDetails"] = Json{{"truncated", false}};
        }
        frame.Emit("TaskSucceeded", "taskSucceededEventDetails", std::move(d));
        return;
      }
    }
  }

  void Failed(const Failure& failure) {
    Frame& frame = run_.frame;
    bool timeout = IsTimeout(failure.error.value_or(""));
    Json d = info_.kind == TaskKind::kService ? ResourceDetails() : Json::object();
    if (failure.error) d["error"] = *failure.error;
    if (failure.cause) d["cause"] = *failure.cause;
    switch (info_.kind) {
      case TaskKind::kLambdaFunction:
        if (timeout) {
          frame.Emit("LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", std::move(d));
        } else {
          frame.Emit("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", std::move(d));
        }
        return;
      case TaskKind::kActivity:
        if (timeout) {
          frame.Emit("ActivityTimedOut", "activityTimedOutEventDetails", std::move(d));
        } else {
          frame.Emit("ActivityFailed", "activityFailedEventDetails", std::move(d));
        }
        return;
      case TaskKind::kService:
        if (timeout) {
          frame.Emit("TaskTimedOut", "taskTimedOutEventDetails", std::move(d));
        } else {
          frame.Emit("TaskFailed", "taskFailedEventDetails", std::move(d));
        }
        return;
    }
  }

 private:
  Json ResourceDetails() const {
    Json d = Json::object();
    d["resourceType"] = info_.resource_type;
    d["resource"] = info_.action;
    return d;
  }

  StateRun& run_;
  const ResourceInfo& info_;
};

TaskRequest MakeRequest(StateRun& run, Json arguments, const TaskSettings& settings, int attempt) {
  Runtime& rt = run.rt();
  TaskRequest request;
  request.state_name = run.state.name;
  request.resource = run.state.resource;
  request.input = std::move(arguments);
  request.attempt = attempt;
  request.task_token = run.task_token;
  if (settings.timeout_seconds) request.timeout = std::chrono::seconds(*settings.timeout_seconds);
  if (settings.heartbeat_seconds) request.heartbeat = std::chrono::seconds(*settings.heartbeat_seconds);
  request.execution_name = rt.execution_name;
  request.execution_arn = rt.execution_arn;
  request.state_machine_name = rt.options->state_machine_name;
  request.frame = run.frame.location;
  request.cancel = run.frame.cancel->Token();
  return request;
}

}  // namespace

StepResult RunTask(StateRun& run, Value input) {
  Runtime& rt = run.rt();
  const DataFlow& flow = run.flow();
  const model::State& state = run.state;
  const ResourceInfo& info = run.plan.resource;
  if (rt.tasks == nullptr && run.mock() == nullptr)
    ThrowRuntime("no task runner is configured for the Task state '" + state.name + "'");
  if (info.wait_for_task_token || run.plan.uses_task_token) run.task_token = rt.NewUuid();
  StateData data;
  data.input = std::move(input.json);
  {
    EvalScope scope = run.Scope();
    flow.ApplyInputPath(data, scope);
    Inspect(run, &Inspection::after_input_path, data.Effective());
  }
  ErrorHandling handling(run);
  TaskAttempt events(run, info);
  // A Catch needs the state input even when the output step failed after consuming it.
  std::optional<Json> catch_input;
  if (!state.catches.empty()) catch_input = data.input;
  for (int attempt = 0;; ++attempt) {
    run.retry_count = attempt;
    run.ResetContext();
    Failure failure;
    try {
      EvalScope scope = run.Scope();
      TaskSettings settings = flow.Task(data, scope);
      std::optional<Json> arguments = flow.Arguments(data, scope);
      Value args(arguments ? std::move(*arguments) : Json(data.Effective()));
      Inspect(run, &Inspection::after_parameters, args.json);
      events.Scheduled(args.json, settings, run.frame.log->record_payloads() ? args.Text() : std::string());
      TaskResult result;
      if (TestHooks* mock = run.mock()) {
        result = mock->mock_result ? TaskResult::Success(*mock->mock_result)
                                   : TaskResult::Failure(mock->mock_error->error.value_or(""),
                                                         mock->mock_error->cause.value_or(""));
      } else {
        auto started = std::chrono::steady_clock::now();
        rt.BeforeWaiting();
        result = rt.tasks->Run(MakeRequest(run, std::move(args.json), settings, attempt));
        // The task really took this long: virtual time moves by as much, so the task's events and the
        // states after it carry the durations the run really had.
        run.frame.Advance(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                              .count());
      }
      if (run.frame.Cancelled()) return AbortStep();
      if (result.ok) {
        Value output(std::move(result.output));
        if (output.Text().size() > rt.options->payload_limit) {
          failure =
              MakeFailure("States.DataLimitExceeded",
                          "The state/task '" + state.resource +
                              "' returned a result with a size exceeding the maximum number of bytes service "
                              "limit.");
          events.Failed(failure);
        } else {
          events.Succeeded(output);
          Inspect(run, &Inspection::result, output.json);
          return FinishWithResult(run, data, std::move(output.json), scope);
        }
      } else {
        if (!result.error.empty()) failure.error = std::move(result.error);
        if (!result.cause.empty()) failure.cause = std::move(result.cause);
        events.Failed(failure);
      }
    } catch (const StatesError& e) {
      failure = FailureFromError(run, e);
    }
    if (failure.terminal) return FailStep(run, std::move(failure));
    if (auto delay = handling.RetryDelay(failure, true)) {
      if (!run.frame.SleepUntil(run.frame.Now() + *delay)) return AbortStep();
      continue;
    }
    int catcher = handling.FindCatcher(failure, true);
    if (catcher >= 0) return handling.Catch(catcher, failure, std::move(*catch_input));
    return FailStep(run, std::move(failure));
  }
}

}  // namespace sfn::engine::internal
