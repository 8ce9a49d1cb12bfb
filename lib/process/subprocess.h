// Running one task as a local subprocess: the seam between sfn run-local and the operating system.
//
// Run() spawns argv (no shell) in its own process group with exactly the environment given, writes
// stdin_data to the child's stdin and closes it, collects stdout (capped), forwards stderr line by line
// while keeping its tail, and enforces a timeout, a heartbeat timeout and cancellation. It is a
// synchronous, value-returning call that many threads may make at once; it never throws for a failing
// child or a failing spawn (those are Outcomes). Linux only.
//
// Process-group policy: the child leads a new process group. However the task ends (normal exit included),
// every process left in that group is killed with SIGKILL once the direct child has exited, so a forked
// grandchild never outlives its task. Processes that leave the group (setsid, setpgid) escape this; if
// they keep the output pipes open, Run stops waiting for end-of-file 100 ms after the child's exit.
// Kills for a timeout, heartbeat timeout, cancellation or output overflow send SIGTERM to the group, then
// SIGKILL after Spec::kill_grace. The direct child is always reaped; orphaned grandchildren are reaped by
// init, as usual.
//
// Signals: while writing stdin_data, Run blocks SIGPIPE in the calling thread and consumes the SIGPIPE its
// own write raises when the child exits without reading its input (that EPIPE is not an error), then
// restores the thread's mask. Callers need not ignore SIGPIPE. The child starts with an empty signal mask
// and default dispositions for the usual job-control and termination signals, whatever the caller blocks
// or ignores (e.g. a CLI's sigwait thread blocking SIGINT/SIGTERM in all threads).
//
// Do not reap children with waitpid(-1, ...) elsewhere in the process: Run waits for its own pid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "process/cancel_token.h"
#include "process/process_group_registry.h"

namespace sfn::process {

// The descriptor number on which the child finds the heartbeat pipe's write end.
inline constexpr int kHeartbeatFd = 3;

struct Spec {
  // The program and its arguments. argv[0] without a '/' is searched in the PATH entry of `env` (or
  // "/usr/bin:/bin" when `env` has none); with a '/', a relative argv[0] is relative to `cwd`.
  std::vector<std::string> argv;
  // "NAME=value" entries: the complete environment of the child. Run never reads its own environment.
  std::vector<std::string> env;
  // The child's working directory; empty inherits the caller's.
  std::string cwd;
  // Written to the child's stdin, which is then closed.
  std::string stdin_data;
  // Kills the group when the whole run takes longer.
  std::optional<std::chrono::milliseconds> timeout;
  // Kills the group when no heartbeat byte arrives for this long (counted from the spawn). Without a
  // heartbeat channel (heartbeat_env_name empty) none can arrive, so the run is killed after this long.
  std::optional<std::chrono::milliseconds> heartbeat_timeout;
  // When not empty, the child gets a heartbeat pipe on descriptor kHeartbeatFd and this variable set to
  // its number (e.g. SFN_HEARTBEAT_FD=3). Every byte written there counts as a heartbeat; writing one
  // line ("\n") per heartbeat is the convention.
  std::string heartbeat_env_name;
  // Stdout beyond this many bytes kills the group: Outcome::OutputTooLarge, stdout_data keeps the first
  // max_stdout bytes.
  size_t max_stdout = 1 << 20;
  // How many of the last stderr bytes Result::stderr_tail keeps.
  size_t stderr_tail_bytes = 4096;
  // Called on the calling thread with each stderr line, without its '\n'. A line longer than
  // max_stderr_line is delivered in pieces. An unterminated last line is delivered at the end. Exceptions
  // thrown by the callback propagate out of Run after the process group has been killed and reaped.
  std::function<void(std::string_view line)> on_stderr_line;
  size_t max_stderr_line = 64 * 1024;
  // Cancels the run from any thread; may be null.
  std::shared_ptr<CancelToken> cancel;
  // Between SIGTERM and SIGKILL when Run kills the group. Zero sends SIGKILL at once.
  std::chrono::milliseconds kill_grace{500};
  // Where the child's group is registered while it lives; null means LiveProcessGroups().
  ProcessGroupRegistry* registry = nullptr;
};

enum class Outcome {
  Exited,             // the child exited on its own; see exit_code
  Signaled,           // the child died from a signal nobody in Run sent; see signal
  TimedOut,           // Spec::timeout elapsed
  HeartbeatTimedOut,  // Spec::heartbeat_timeout elapsed without a heartbeat
  OutputTooLarge,     // stdout exceeded Spec::max_stdout
  Cancelled,          // the CancelToken fired, or the registry killed or refused the group
  SpawnFailed,        // nothing ran; see spawn_error
};

struct Result {
  Outcome outcome = Outcome::SpawnFailed;
  int exit_code = -1;  // the exit status when the child exited (whatever the outcome), else -1
  int signal = 0;      // the terminating signal when the child was killed by one, else 0
  std::string stdout_data;
  std::string stderr_tail;  // the last Spec::stderr_tail_bytes of stderr, starting on a UTF-8 boundary
  std::string spawn_error;  // why the spawn (or, rarely, the supervision) failed, e.g. "command 'x' ..."
  std::chrono::milliseconds elapsed{0};
  pid_t pid = -1;  // the child's pid (and process group id), -1 when nothing was spawned
};

// Runs the subprocess described by `spec` to completion. Thread-safe.
Result Run(const Spec& spec);

// "Exited", "TimedOut", ...
std::string_view OutcomeName(Outcome outcome);

// A one-line, lowercase explanation for error causes, e.g. "process exited with code 3",
// "process killed by signal 11 (SEGV)", "process timed out after 2000 ms".
std::string DescribeResult(const Result& result, const Spec& spec);

}  // namespace sfn::process
