// Local redrive of a failed execution, after AWS Step Functions' Redrive rule.
//
// AWS redrives a FAILED, TIMED_OUT or ABORTED Standard execution from where it stopped: every state that
// was entered and never exited runs again, and inside Map and Parallel states only the iterations and
// branches that did not succeed run again; what succeeded keeps its recorded result.
//
// Locally this is done by executing the definition again from the recorded input with a ReplayTaskRunner
// that answers from the recording every Task visit that ended well (it succeeded, or a Catch handled its
// error) and runs everything else on the real runner (subprocesses or mocks). Paths that succeeded are
// therefore re-walked with their recorded results, while failed, aborted and unfinished work runs for
// real. The continued history is the original events, then ExecutionRedriven, then the events of the
// re-run part only: states and iterations that had already ended well are not repeated. Ids continue from
// the original's last id, and each previousEventId names an event of the continued history (an event of
// the original part when the re-run follows a kept state).
//
// The re-run sees $$.Execution.RedriveCount 1, as on AWS after a first redrive.
//
// Limits: a history that was already redriven is not redriven again; states other than Tasks (a Pass with an intrinsic that
// failed, a Fail state) are evaluated again and fail again unless the definition changed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/json.h"
#include "engine/execution.h"
#include "engine/task_runner.h"
#include "history/reader.h"
#include "model/state_machine.h"
#include "process/cancel_token.h"

namespace sfn::history {

struct RedriveOptions {
  engine::TaskRunner* tasks = nullptr;  // runs what is re-run; may be null when no Task needs to run
  std::string execution_name;           // default: from the recording's ARN, else generated
  std::string state_machine_name;       // default: from the recording's ARN, else "StateMachine"
  std::optional<uint64_t> random_seed;
  size_t max_workers = 0;
  std::shared_ptr<process::CancelToken> cancel;  // fires on Ctrl-C
  // Distributed Map ItemReader: the content of an S3 object, which histories do not hold.
  std::function<std::optional<std::string>(const std::string& bucket, const std::string& key)> read_object;
};

struct RedriveResult {
  bool redriven = false;  // false: the history cannot be redriven; `refusal` says why
  std::string refusal;
  engine::Status status = engine::Status::kRunning;  // of the redriven execution
  std::optional<Json> output;
  std::string error, cause;
  bool has_error = false, has_cause = false;
  size_t kept_attempts = 0;   // Task attempts answered from the recording
  size_t rerun_attempts = 0;  // Task attempts run for real
  size_t new_events = 0;      // events after the original ones, ExecutionRedriven included
  Json continued = Json::object();  // {"events": [...]}: the original events, ExecutionRedriven, the new ones
};

RedriveResult Redrive(const ReadResult& recorded, const model::StateMachine& machine, const RedriveOptions& options);

}  // namespace sfn::history
