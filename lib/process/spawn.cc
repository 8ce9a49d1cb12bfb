#include "process/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sfn::process {
namespace {

constexpr std::string_view kDefaultPath = "/usr/bin:/bin";
// Child-side descriptors must not collide with the dup2 targets 0..kHeartbeatFd.
constexpr int kFirstFreeFd = kHeartbeatFd + 1;
// Signals the child gets with their default disposition, whatever the caller ignores.
constexpr int kDefaultedSignals[] = {SIGPIPE, SIGINT,  SIGTERM, SIGHUP,  SIGQUIT, SIGCHLD, SIGALRM,
                                     SIGUSR1, SIGUSR2, SIGTSTP, SIGTTIN, SIGTTOU, SIGXFSZ};

// One pipe: the end the child uses and the end the parent keeps.
struct PipeEnds {
  UniqueFd child;
  UniqueFd parent;
};

// Moves `fd` to a number >= kFirstFreeFd (close-on-exec). Returns false on failure.
bool MoveAboveStandardFds(UniqueFd& fd) {
  if (fd.get() >= kFirstFreeFd) return true;
  int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, kFirstFreeFd);
  if (moved < 0) return false;
  fd.Reset(moved);
  return true;
}

// Creates a pipe; `child_reads` picks the direction. Both ends are close-on-exec, the parent's end is
// non-blocking. Returns 0 or an errno value.
int MakePipe(bool child_reads, PipeEnds& ends) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  UniqueFd read_end(fds[0]);
  UniqueFd write_end(fds[1]);
  ends.child = child_reads ? std::move(read_end) : std::move(write_end);
  ends.parent = child_reads ? std::move(write_end) : std::move(read_end);
  if (!MoveAboveStandardFds(ends.child)) return errno;
  if (::fcntl(ends.parent.get(), F_SETFL, O_NONBLOCK) != 0) return errno;
  return 0;
}

std::string_view PathOf(const std::vector<std::string>& env) {
  for (const std::string& entry : env) {
    if (entry.starts_with("PATH=")) return std::string_view(entry).substr(5);
  }
  return kDefaultPath;
}

bool IsExecutableFile(const std::string& path, int& error) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    error = errno;
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = EACCES;
    return false;
  }
  if (::access(path.c_str(), X_OK) != 0) {
    error = errno;
    return false;
  }
  return true;
}

// Owns the posix_spawn attribute and file-action objects.
class SpawnSetup {
 public:
  SpawnSetup() {
    attr_ok_ = ::posix_spawnattr_init(&attr_) == 0;
    actions_ok_ = ::posix_spawn_file_actions_init(&actions_) == 0;
  }
  ~SpawnSetup() {
    if (attr_ok_) ::posix_spawnattr_destroy(&attr_);
    if (actions_ok_) ::posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  // Returns 0 or an errno value.
  int Configure(const Spec& spec, const PipeEnds* pipes, size_t pipe_count) {
    if (!attr_ok_ || !actions_ok_) return ENOMEM;
    sigset_t empty, defaulted;
    sigemptyset(&empty);
    sigemptyset(&defaulted);
    for (int sig : kDefaultedSignals) sigaddset(&defaulted, sig);
    int rc = ::posix_spawnattr_setflags(
        &attr_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (rc == 0) rc = ::posix_spawnattr_setpgroup(&attr_, 0);
    if (rc == 0) rc = ::posix_spawnattr_setsigmask(&attr_, &empty);
    if (rc == 0) rc = ::posix_spawnattr_setsigdefault(&attr_, &defaulted);
    for (size_t i = 0; rc == 0 && i < pipe_count; ++i) {
      rc = ::posix_spawn_file_actions_adddup2(&actions_, pipes[i].child.get(), static_cast<int>(i));
    }
    if (rc == 0) rc = ::posix_spawn_file_actions_addclosefrom_np(&actions_, static_cast<int>(pipe_count));
    if (rc == 0 && !spec.cwd.empty())
      rc = ::posix_spawn_file_actions_addchdir_np(&actions_, spec.cwd.c_str());
    return rc;
  }

  int Spawn(pid_t& pid, const std::string& path, const std::vector<std::string>& argv,
            const std::vector<std::string>& env) {
    std::vector<char*> argv_ptrs = CStrings(argv);
    std::vector<char*> env_ptrs = CStrings(env);
    return ::posix_spawn(&pid, path.c_str(), &actions_, &attr_, argv_ptrs.data(), env_ptrs.data());
  }

 private:
  static std::vector<char*> CStrings(const std::vector<std::string>& strings) {
    std::vector<char*> ptrs;
    ptrs.reserve(strings.size() + 1);
    // posix_spawn takes char* const[] for historical reasons and does not modify the strings.
    for (const std::string& s : strings) ptrs.push_back(const_cast<char*>(s.c_str()));
    ptrs.push_back(nullptr);
    return ptrs;
  }

  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
  bool attr_ok_ = false;
  bool actions_ok_ = false;
};

std::string DescribeSpawnError(const Spec& spec, const std::string& path, int error) {
  if (!spec.cwd.empty()) {
    struct stat st;
    int cwd_error = 0;
    if (::stat(spec.cwd.c_str(), &st) != 0) {
      cwd_error = errno;
    } else if (!S_ISDIR(st.st_mode)) {
      cwd_error = ENOTDIR;
    } else if (::access(spec.cwd.c_str(), X_OK) != 0) {
      cwd_error = errno;
    }
    if (cwd_error != 0) return "cannot change to directory '" + spec.cwd + "': " + ErrnoText(cwd_error);
  }
  return "cannot run '" + path + "': " + ErrnoText(error);
}

}  // namespace

std::string ErrnoText(int error) {
  char buffer[256];
  // The GNU strerror_r returns a pointer to the message, which may or may not be `buffer`.
  return ::strerror_r(error, buffer, sizeof buffer);
}

std::string ResolveExecutable(std::string_view command, const std::vector<std::string>& env,
                              const std::string& cwd, std::string& error) {
  if (command.empty()) {
    error = "empty command";
    return {};
  }
  if (command.find('/') != std::string_view::npos) return std::string(command);
  int last_error = ENOENT;
  std::string_view path_list = PathOf(env);
  while (true) {
    size_t colon = path_list.find(':');
    std::string_view dir = path_list.substr(0, colon);
    std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + std::string(command);
    std::string checked = (candidate[0] != '/' && !cwd.empty()) ? cwd + "/" + candidate : candidate;
    int candidate_error = 0;
    if (IsExecutableFile(checked, candidate_error)) return candidate;
    if (candidate_error == EACCES) last_error = EACCES;
    if (colon == std::string_view::npos) break;
    path_list.remove_prefix(colon + 1);
  }
  error = last_error == EACCES ? "cannot run '" + std::string(command) + "': " + ErrnoText(EACCES)
                               : "command '" + std::string(command) + "' not found in PATH";
  return {};
}

std::vector<std::string> ChildEnvironment(const Spec& spec) {
  if (spec.heartbeat_env_name.empty()) return spec.env;
  std::string prefix = spec.heartbeat_env_name + "=";
  std::vector<std::string> env;
  env.reserve(spec.env.size() + 1);
  for (const std::string& entry : spec.env) {
    if (!entry.starts_with(prefix)) env.push_back(entry);
  }
  env.push_back(prefix + std::to_string(kHeartbeatFd));
  return env;
}

SpawnedChild SpawnChild(const Spec& spec) {
  SpawnedChild child;
  if (spec.argv.empty()) {
    child.error = "empty argv";
    return child;
  }
  std::string path = ResolveExecutable(spec.argv[0], spec.env, spec.cwd, child.error);
  if (path.empty()) return child;

  // Index i of `pipes` becomes descriptor i in the child.
  PipeEnds pipes[kHeartbeatFd + 1];
  const size_t pipe_count = spec.heartbeat_env_name.empty() ? 3 : kHeartbeatFd + 1;
  for (size_t i = 0; i < pipe_count; ++i) {
    if (int rc = MakePipe(/*child_reads=*/i == 0, pipes[i]); rc != 0) {
      child.error = "cannot create a pipe: " + ErrnoText(rc);
      return child;
    }
  }
  SpawnSetup setup;
  if (int rc = setup.Configure(spec, pipes, pipe_count); rc != 0) {
    child.error = "cannot prepare the spawn: " + ErrnoText(rc);
    return child;
  }
  pid_t pid = -1;
  if (int rc = setup.Spawn(pid, path, spec.argv, ChildEnvironment(spec)); rc != 0) {
    child.error = DescribeSpawnError(spec, path, rc);
    return child;
  }
  child.pid = pid;
  child.stdin_fd = std::move(pipes[0].parent);
  child.stdout_fd = std::move(pipes[1].parent);
  child.stderr_fd = std::move(pipes[2].parent);
  if (pipe_count > 3) child.heartbeat_fd = std::move(pipes[kHeartbeatFd].parent);
  return child;  // the child's pipe ends close here, in the parent
}

}  // namespace sfn::process
