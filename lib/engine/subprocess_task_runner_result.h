// The task process protocol of `sfn run-local`: how a finished process becomes a TaskResult.
//
// The effective input goes to the process as JSON on stdin, which is then closed. On exit 0, stdout must
// hold exactly one JSON value (surrounding whitespace allowed): the result. Otherwise:
//
//   non-zero exit, stdout {"Error": e, "Cause": c}     -> error e, cause c (Cause optional)
//   non-zero exit, stdout {"errorType": t, ...}         -> error t, cause = that object as compact JSON (as
//                                                          AWS reports a Lambda function's error)
//   non-zero exit, anything else on stdout              -> States.TaskFailed, "process exited with code N"
//                                                          and the tail of stderr
//   killed by a signal it was not sent by sfn           -> States.TaskFailed, naming the signal
//   exit 0, stdout not one JSON value                   -> States.TaskFailed, "task printed invalid JSON on
//                                                          stdout: ... at line L column C"
//   result larger than the payload limit                -> States.DataLimitExceeded, AWS's cause
//   TimeoutSeconds (or the entry's timeout) elapsed     -> States.Timeout, empty cause (as AWS)
//   HeartbeatSeconds elapsed without a heartbeat        -> States.HeartbeatTimeout, empty cause (as AWS)
//   cancelled (execution stopped, enclosing branch failed, shutdown)
//                                                       -> kTaskAbortedError: not an ASL error; the engine
//                                                          ends the state as aborted (TaskStateAborted)
//   the process could not start                         -> States.TaskFailed, "process could not start: ..."
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "engine/task_runner.h"
#include "process/subprocess.h"

namespace sfn::engine {

// The error name of a task that was cancelled while it ran. The engine must not offer it to Retry or
// Catch: it ends the state as aborted.
inline constexpr std::string_view kTaskAbortedError = "Sfn.TaskAborted";

// The Step Functions payload limit: 256 KiB of result, counted as compact JSON in UTF-8.
inline constexpr size_t kMaxPayloadBytes = 256 * 1024;

// Parses a task's stdout as one JSON value (nesting up to 512 levels). On failure returns nullopt and sets
// `error` to a cause such as "task printed invalid JSON on stdout: unexpected 'x', expected a value at
// line 1 column 1".
std::optional<Json> ParseTaskStdout(std::string_view text, std::string& error);

// The TaskResult for a finished process. `resource` names the task in causes; results whose compact JSON
// exceeds `max_payload_bytes` fail with States.DataLimitExceeded.
TaskResult InterpretTaskProcess(const process::Result& result, const process::Spec& spec,
                                std::string_view resource, size_t max_payload_bytes = kMaxPayloadBytes);

// AWS's cause for States.DataLimitExceeded: "The state/task '<resource>' returned a result with a size
// exceeding the maximum number of bytes service limit."
std::string DataLimitCause(std::string_view resource);

}  // namespace sfn::engine
