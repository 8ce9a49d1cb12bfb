// Starting a child for Run(): executable lookup, environment assembly and the posix_spawn call.
//
// The child gets ordinary blocking pipe ends on descriptors 0, 1, 2 and, when a heartbeat
// channel is asked for, kHeartbeatFd; every other descriptor is closed in the child. The parent keeps the
// other ends, close-on-exec and non-blocking, so concurrent spawns on other threads never inherit them.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "process/subprocess.h"
#include "process/unique_fd.h"

namespace sfn::process {

struct SpawnedChild {
  pid_t pid = -1;  // -1 when the spawn failed; `error` says why
  std::string error;
  UniqueFd stdin_fd;      // write end
  UniqueFd stdout_fd;     // read end
  UniqueFd stderr_fd;     // read end
  UniqueFd heartbeat_fd;  // read end; invalid without a heartbeat channel
};

// Spawns spec.argv as the leader of a new process group. Never throws std::system_error; failures are
// reported in SpawnedChild::error.
SpawnedChild SpawnChild(const Spec& spec);

// Finds the file to execute for `command` (argv[0]), as execvp would but using the PATH of `env`.
// Returns the path to pass to posix_spawn, or an empty string with `error` set.
std::string ResolveExecutable(std::string_view command, const std::vector<std::string>& env,
                              const std::string& cwd, std::string& error);

// The child's environment: spec.env, plus "<heartbeat_env_name>=3" (replacing any entry of that name)
// when a heartbeat channel is asked for.
std::vector<std::string> ChildEnvironment(const Spec& spec);

// The text for an errno value, thread-safe.
std::string ErrnoText(int error);

}  // namespace sfn::process
