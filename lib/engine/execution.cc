#include "engine/execution.h"

#include <poll.h>

#include <mutex>
#include <thread>

#include "engine/execution_setup.h"
#include "engine/program.h"
#include "engine/runtime.h"
#include "engine/timestamps.h"
#include "jsonata/aws_functions.h"

namespace sfn::engine {

using internal::Frame;
using internal::FrameResult;
using internal::Runtime;
using internal::StopReason;
using internal::Value;

std::string_view StatusName(Status status) {
  switch (status) {
    case Status::kRunning:
      return "RUNNING";
    case Status::kSucceeded:
      return "SUCCEEDED";
    case Status::kFailed:
      return "FAILED";
    case Status::kTimedOut:
      return "TIMED_OUT";
    case Status::kAborted:
      return "ABORTED";
  }
  return "RUNNING";
}

namespace {

std::string PartitionOf(const std::string& region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

size_t DefaultWorkers() {
  size_t hw = std::thread::hardware_concurrency();
  return std::max<size_t>(8, hw * 4);
}

void SetIdentities(Runtime& rt, const ExecutionOptions& options) {
  std::string partition = PartitionOf(options.region);
  rt.execution_name = options.execution_name.empty() ? rt.NewUuid() : options.execution_name;
  rt.state_machine_arn = "arn:" + partition + ":states:" + options.region + ":" + options.account +
                         ":stateMachine:" + options.state_machine_name;
  rt.execution_arn = "arn:" + partition + ":states:" + options.region + ":" + options.account +
                     ":execution:" + options.state_machine_name + ":" + rt.execution_name;
  rt.role_arn = !options.role_arn.empty()
                    ? options.role_arn
                    : "arn:" + partition + ":iam::" + options.account + ":role/service-role/StepFunctions-" +
                          options.state_machine_name + "-role";
  Json execution = Json::object();
  execution["Id"] = rt.execution_arn;
  execution["Input"] = rt.execution_input;
  execution["StartTime"] = FormatTimestampMs(rt.start_ms);
  execution["Name"] = rt.execution_name;
  execution["RoleArn"] = rt.role_arn;
  execution["RedriveCount"] = options.redrive_count;
  Json machine = Json::object();
  machine["Id"] = rt.state_machine_arn;
  machine["Name"] = options.state_machine_name;
  rt.context_base = Json::object();
  rt.context_base["Execution"] = std::move(execution);
  rt.context_base["StateMachine"] = std::move(machine);
}

std::optional<int64_t> TimeoutOf(const model::StateMachine& machine) {
  if (!machine.timeout_seconds || !machine.timeout_seconds->value.is_number_integer()) return std::nullopt;
  int64_t seconds = machine.timeout_seconds->value.get<int64_t>();
  if (seconds <= 0) return std::nullopt;
  return seconds;
}

// Watches the caller's cancel token and, with a real clock, the execution deadline, on a thread of its
// own. It stops when 'done' fires. The thread starts at once only for a real-clock deadline; for the
// cancel token alone it starts when the execution first waits on something outside it (a task or a
// real-clock sleep), since between states the interpreter checks the token itself: an execution that
// never waits costs no thread.
class Watchdog {
 public:
  Watchdog(Runtime& rt, const std::shared_ptr<process::CancelToken>& cancel) : rt_(rt), cancel_(cancel) {
    if (RealDeadline()) Arm();
  }
  ~Watchdog() { done_.Cancel(); }

  // Thread-safe; starts the thread once.
  void Arm() {
    if (!cancel_ && !RealDeadline()) return;
    std::call_once(started_, [this] { thread_ = std::jthread([this] { Loop(); }); });
  }

 private:
  bool RealDeadline() const { return rt_.deadline_ms && !rt_.virtual_time; }

  void Loop() {
    for (;;) {
      if (done_.IsCancelled()) return;
      if (cancel_ && cancel_->IsCancelled()) {
        rt_.RequestStop(StopReason::kAborted);
        return;
      }
      int timeout = 1000;
      if (RealDeadline()) {
        int64_t left = *rt_.deadline_ms - rt_.clock->Now();
        if (left <= 0) {
          rt_.RequestStop(StopReason::kTimedOut);
          return;
        }
        timeout = static_cast<int>(std::min<int64_t>(left, 1000));
      }
      pollfd fds[2];
      int count = 0;
      if (done_.poll_fd() >= 0) fds[count++] = {done_.poll_fd(), POLLIN, 0};
      if (cancel_ && cancel_->poll_fd() >= 0) fds[count++] = {cancel_->poll_fd(), POLLIN, 0};
      ::poll(fds, static_cast<nfds_t>(count), std::min(timeout, count == 0 ? 20 : timeout));
    }
  }

  Runtime& rt_;
  std::shared_ptr<process::CancelToken> cancel_;
  process::CancelToken done_;
  std::once_flag started_;
  std::jthread thread_;
};

void Terminate(Runtime& rt, Frame& top, const FrameResult& result, ExecutionResult& out) {
  EventLog& log = *rt.log;
  int64_t now = top.Now();
  switch (rt.Stopped()) {
    case StopReason::kAborted:
      out.status = Status::kAborted;
      log.AppendTerminal("ExecutionAborted", 0, now, "executionAbortedEventDetails", Json::object());
      return;
    case StopReason::kTimedOut: {
      out.status = Status::kTimedOut;
      out.error = "States.Timeout";
      out.has_error = true;
      int64_t previous = rt.stop_event.load();
      log.AppendTerminal("ExecutionTimedOut", previous, now, "executionTimedOutEventDetails",
                         Json{{"error", "States.Timeout"}});
      return;
    }
    case StopReason::kHistoryLimit: {
      out.status = Status::kFailed;
      out.error = "States.Runtime";
      out.cause = "The execution reached the maximum number of history events (" +
                  std::to_string(log.max_events()) + ").";
      out.has_error = out.has_cause = true;
      log.AppendTerminal("ExecutionFailed", rt.stop_event.load(), now, "executionFailedEventDetails",
                         ErrorCauseDetails(out.error, out.cause, true, true));
      return;
    }
    case StopReason::kNone:
      break;
  }
  if (result.kind == FrameResult::Kind::kSucceeded) {
    out.status = Status::kSucceeded;
    Json details =
        log.record_payloads() ? ExecutionDataDetails("output", result.output.Text()) : Json::object();
    log.AppendTerminal("ExecutionSucceeded", top.cursor, now, "executionSucceededEventDetails",
                       std::move(details));
    out.output = result.output.json;
    return;
  }
  if (result.kind == FrameResult::Kind::kAborted) {
    out.status = Status::kAborted;
    log.AppendTerminal("ExecutionAborted", 0, now, "executionAbortedEventDetails", Json::object());
    return;
  }
  out.status = Status::kFailed;
  const internal::Failure& f = result.failure;
  out.has_error = f.error.has_value();
  out.has_cause = f.cause.has_value();
  out.error = f.error.value_or("");
  out.cause = f.cause.value_or("");
  log.AppendTerminal("ExecutionFailed", f.last_event, now, "executionFailedEventDetails",
                     ErrorCauseDetails(out.error, out.cause, out.has_error, out.has_cause));
}

}  // namespace

namespace internal {

ExecutionSetup::ExecutionSetup(const model::StateMachine& machine, const ExecutionOptions& options) {
  Runtime& rt = rt_;
  rt.machine = &machine;
  rt.options = &options;
  rt.clock = options.clock != nullptr ? options.clock : &default_clock_;
  rt.virtual_time = rt.clock->IsVirtual();
  rt.tasks = options.tasks;
  if (options.random_seed) {
    rt.random.seed(*options.random_seed);
    rt.seeded = true;
  }
  rt.start_ms = rt.clock->Now();
  rt.execution_input = options.input;
  SetIdentities(rt, options);
  if (auto timeout = TimeoutOf(machine)) rt.deadline_ms = rt.start_ms + *timeout * 1000;
  program_ = std::make_unique<Program>(machine);
  rt.program = program_.get();
  log_ = std::make_unique<EventLog>(options.max_events, options.record_events, options.on_event);
  rt.log = log_.get();
  gate_ = std::make_unique<WorkerGate>(options.max_workers == 0 ? DefaultWorkers() : options.max_workers);
  rt.gate = gate_.get();
  rt.root_cancel = std::make_shared<CancelNode>();
  jsonata::AddAwsFunctions(rt.jsonata_functions, options.random_seed);
}

}  // namespace internal

ExecutionResult Execute(const model::StateMachine& machine, const ExecutionOptions& options) {
  ExecutionResult out;
  internal::ExecutionSetup setup(machine, options);
  Runtime& rt = setup.runtime();
  EventLog& log = setup.log();
  internal::WorkerGate& gate = *rt.gate;
  out.start_ms = rt.start_ms;
  out.execution_arn = rt.execution_arn;
  out.state_machine_arn = rt.state_machine_arn;

  Value input(options.input);
  Json started = Json::object();
  if (log.record_payloads()) {
    started["input"] = input.Text();
    started["inputDetails"] = Json{{"truncated", false}};
  }
  started["roleArn"] = rt.role_arn;
  log.Append("ExecutionStarted", 0, rt.start_ms, "executionStartedEventDetails", std::move(started));

  Frame top(&rt, &machine.top, nullptr, nullptr);
  top.now_ms = rt.start_ms;
  FrameResult result;
  {
    Watchdog watchdog(rt, options.cancel);
    rt.before_waiting = [&watchdog] { watchdog.Arm(); };
    gate.Acquire();
    if (options.cancel && options.cancel->IsCancelled()) rt.RequestStop(StopReason::kAborted);
    result = internal::RunFrame(top, std::move(input));
    gate.Release();
    rt.before_waiting = nullptr;
  }
  if (rt.virtual_time) rt.clock->SleepUntil(top.now_ms, nullptr);
  Terminate(rt, top, result, out);
  out.stop_ms = top.Now();
  out.events = log.TakeJson();
  return out;
}

}  // namespace sfn::engine
