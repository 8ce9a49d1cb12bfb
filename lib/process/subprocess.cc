#include "process/subprocess.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "process/spawn.h"
#include "process/stderr_collector.h"

namespace sfn::process {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the direct child has exited and its group was killed, how long to wait for the output pipes to
// reach end-of-file. Only a process that left the group but kept the pipes open makes this wait last.
constexpr milliseconds kDrainLimit{100};
// How often to re-check a cancel token that has no eventfd (descriptor exhaustion only).
constexpr milliseconds kCancelRecheck{10};
// Without pidfd_open (old kernels, seccomp filters) the exit is checked on a back-off schedule, restarted
// whenever a pipe reaches end-of-file, which usually means the child is exiting.
constexpr std::chrono::microseconds kMinExitBackoff{50};
constexpr std::chrono::microseconds kMaxExitBackoff{50'000};
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kMaxReadsPerWakeup = 16;

// Blocks SIGPIPE in the calling thread for its lifetime, so a write to a pipe whose reader has gone fails
// with EPIPE instead of killing the process; ConsumeRaised() removes the SIGPIPE such a write left pending.
class SigpipeGuard {
 public:
  explicit SigpipeGuard(bool active) {
    if (!active) return;
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    active_ = ::pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_mask_) == 0;
  }
  ~SigpipeGuard() {
    if (active_) ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

  void ConsumeRaised() {
    if (!active_ || was_pending_) return;
    const timespec zero{};
    while (::sigtimedwait(&pipe_set_, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }

 private:
  bool active_ = false;
  bool was_pending_ = false;
  sigset_t pipe_set_;
  sigset_t old_mask_;
};

// poll(2) with an optional wake-up time instead of a timeout in milliseconds; returns as poll does.
int PollUntil(pollfd* fds, nfds_t count, std::optional<Clock::time_point> wake) {
  if (!wake) return ::ppoll(fds, count, nullptr, nullptr);
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(*wake - Clock::now()).count();
  ns = std::max<decltype(ns)>(ns, 0);
  const timespec timeout{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
  return ::ppoll(fds, count, &timeout, nullptr);
}

// Supervises one child from spawn to reaping. One instance per Run call; not shared between threads.
class Supervisor {
 public:
  Supervisor(const Spec& spec, ProcessGroupRegistry& registry)
      : spec_(spec),
        registry_(registry),
        stderr_(spec.on_stderr_line, spec.max_stderr_line, spec.stderr_tail_bytes),
        sigpipe_(!spec.stdin_data.empty()) {}
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;
  // Only does work when an exception (from the stderr callback or an allocation) interrupted Run.
  ~Supervisor() { Abandon(); }

  Result Run();

 private:
  enum Slot { kStdin, kStdout, kStderr, kHeartbeat, kPidFd, kCancel, kSlotCount };

  bool Start();
  void Supervise();
  void EnforceLimits(Clock::time_point now);
  std::optional<Clock::time_point> NextWakeUp(Clock::time_point now);
  void PollOnce(std::optional<Clock::time_point> wake);
  bool LeaderExited();
  void WaitForLeader();
  void FinishGroup();
  void Drain();
  void Reap();
  void Abandon();
  Result MakeResult();

  void BeginKill(Outcome reason, bool immediately);
  void KillGroup(int signal);
  void WriteStdin();
  void ReadFrom(UniqueFd& fd, Slot slot);
  void Consume(Slot slot, std::string_view data);

  const Spec& spec_;
  ProcessGroupRegistry& registry_;
  StderrCollector stderr_;
  SigpipeGuard sigpipe_;
  std::unique_ptr<char[]> buffer_;
  Clock::time_point start_;
  SpawnedChild child_;
  UniqueFd pidfd_;
  size_t stdin_offset_ = 0;
  std::string stdout_;
  size_t stdout_total_ = 0;
  bool overflow_ = false;
  Clock::time_point last_heartbeat_;
  std::optional<Outcome> kill_reason_;
  Clock::time_point term_sent_;
  bool sigkill_sent_ = false;
  std::chrono::microseconds exit_backoff_ = kMinExitBackoff;
  bool registered_ = false;
  bool registry_killed_ = false;
  bool leader_exited_ = false;
  bool lost_ = false;  // someone else reaped the child
  bool reaped_ = false;
  bool draining_ = false;
  int status_ = 0;
  std::string error_;
};

Result Supervisor::Run() {
  start_ = Clock::now();
  if (!Start()) return MakeResult();
  Supervise();
  FinishGroup();
  return MakeResult();
}

bool Supervisor::Start() {
  if ((spec_.cancel && spec_.cancel->IsCancelled()) || registry_.closed()) {
    kill_reason_ = Outcome::Cancelled;
    return false;
  }
  child_ = SpawnChild(spec_);
  if (child_.pid < 0) return false;
  pidfd_.Reset(static_cast<int>(::syscall(SYS_pidfd_open, child_.pid, 0)));
  buffer_ = std::make_unique_for_overwrite<char[]>(kReadChunk);
  last_heartbeat_ = start_;
  registered_ = registry_.Add(child_.pid);
  if (!registered_) BeginKill(Outcome::Cancelled, /*immediately=*/true);
  if (spec_.stdin_data.empty()) child_.stdin_fd.Reset();
  return true;
}

void Supervisor::Supervise() {
  while (!leader_exited_) {
    Clock::time_point now = Clock::now();
    EnforceLimits(now);
    PollOnce(NextWakeUp(now));
  }
}

void Supervisor::EnforceLimits(Clock::time_point now) {
  if (kill_reason_) {
    if (!sigkill_sent_ && now >= term_sent_ + spec_.kill_grace) KillGroup(SIGKILL);
    return;
  }
  if (spec_.cancel && spec_.cancel->IsCancelled()) {
    BeginKill(Outcome::Cancelled, false);
  } else if (spec_.timeout && now >= start_ + *spec_.timeout) {
    BeginKill(Outcome::TimedOut, false);
  } else if (spec_.heartbeat_timeout && now >= last_heartbeat_ + *spec_.heartbeat_timeout) {
    BeginKill(Outcome::HeartbeatTimedOut, false);
  }
}

std::optional<Clock::time_point> Supervisor::NextWakeUp(Clock::time_point now) {
  std::optional<Clock::time_point> wake;
  auto consider = [&wake](Clock::time_point t) {
    if (!wake || t < *wake) wake = t;
  };
  if (kill_reason_) {
    if (!sigkill_sent_) consider(term_sent_ + spec_.kill_grace);
  } else {
    if (spec_.timeout) consider(start_ + *spec_.timeout);
    if (spec_.heartbeat_timeout) consider(last_heartbeat_ + *spec_.heartbeat_timeout);
    if (spec_.cancel && spec_.cancel->poll_fd() < 0) consider(now + kCancelRecheck);
  }
  if (!pidfd_) {
    consider(now + exit_backoff_);
    exit_backoff_ = std::min(exit_backoff_ * 2, kMaxExitBackoff);
  }
  return wake;
}

void Supervisor::PollOnce(std::optional<Clock::time_point> wake) {
  pollfd fds[kSlotCount];
  auto watch = [&fds](Slot slot, int fd, short events) { fds[slot] = pollfd{fd, events, 0}; };
  watch(kStdin, child_.stdin_fd.get(), POLLOUT);
  watch(kStdout, child_.stdout_fd.get(), POLLIN);
  watch(kStderr, child_.stderr_fd.get(), POLLIN);
  watch(kHeartbeat, child_.heartbeat_fd.get(), POLLIN);
  watch(kPidFd, pidfd_.get(), POLLIN);
  // A fired token stays readable: watch it only until the kill it causes has begun.
  watch(kCancel, spec_.cancel && !kill_reason_ ? spec_.cancel->poll_fd() : -1, POLLIN);
  int ready = PollUntil(fds, kSlotCount, wake);
  if (ready < 0 && errno != EINTR) {
    error_ = "cannot wait for the child: " + ErrnoText(errno);
    BeginKill(kill_reason_.value_or(Outcome::Cancelled), /*immediately=*/true);
    WaitForLeader();
    return;
  }
  auto ready_in = [&fds](Slot slot) { return fds[slot].fd >= 0 && fds[slot].revents != 0; };
  if (ready_in(kStdin)) WriteStdin();
  if (ready_in(kStdout)) ReadFrom(child_.stdout_fd, kStdout);
  if (ready_in(kStderr)) ReadFrom(child_.stderr_fd, kStderr);
  if (ready_in(kHeartbeat)) ReadFrom(child_.heartbeat_fd, kHeartbeat);
  if (!pidfd_ || ready_in(kPidFd)) leader_exited_ = LeaderExited();
}

// True once the direct child has terminated. WNOWAIT leaves it a zombie, which keeps its pid, and so its
// process group id, from being reused until Reap().
bool Supervisor::LeaderExited() {
  siginfo_t info;
  memset(&info, 0, sizeof info);
  while (::waitid(P_PID, static_cast<id_t>(child_.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno == EINTR) continue;
    lost_ = true;
    error_ = "the child was reaped elsewhere: " + ErrnoText(errno);
    return true;
  }
  return info.si_pid == child_.pid;
}

// Blocks until the direct child has terminated (it has been sent SIGKILL), without reaping it.
void Supervisor::WaitForLeader() {
  siginfo_t info;
  while (::waitid(P_PID, static_cast<id_t>(child_.pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  leader_exited_ = true;
}

void Supervisor::FinishGroup() {
  KillGroup(SIGKILL);  // whatever is left of the group: grandchildren must not outlive the task
  if (registered_) registry_killed_ = registry_.Remove(child_.pid);
  registered_ = false;
  Drain();
  Reap();
}

void Supervisor::Drain() {
  draining_ = true;
  child_.stdin_fd.Reset();
  child_.heartbeat_fd.Reset();
  Clock::time_point deadline = Clock::now() + kDrainLimit;
  while (child_.stdout_fd || child_.stderr_fd) {
    pollfd fds[2] = {{child_.stdout_fd.get(), POLLIN, 0}, {child_.stderr_fd.get(), POLLIN, 0}};
    int ready = PollUntil(fds, 2, deadline);
    if (ready == 0 || (ready < 0 && errno != EINTR)) break;
    if (fds[0].fd >= 0 && fds[0].revents != 0) ReadFrom(child_.stdout_fd, kStdout);
    if (fds[1].fd >= 0 && fds[1].revents != 0) ReadFrom(child_.stderr_fd, kStderr);
  }
  stderr_.Finish();
}

void Supervisor::Reap() {
  if (!lost_) {
    while (::waitpid(child_.pid, &status_, 0) < 0 && errno == EINTR) {
    }
  }
  reaped_ = true;
}

void Supervisor::Abandon() {
  if (child_.pid < 0 || reaped_) return;
  KillGroup(SIGKILL);
  if (registered_) registry_.Remove(child_.pid);
  Reap();
}

void Supervisor::BeginKill(Outcome reason, bool immediately) {
  if (!kill_reason_) kill_reason_ = reason;
  if (immediately || spec_.kill_grace <= milliseconds::zero()) {
    KillGroup(SIGKILL);
  } else {
    term_sent_ = Clock::now();
    KillGroup(SIGTERM);
  }
}

void Supervisor::KillGroup(int signal) {
  if (child_.pid < 0 || lost_ || reaped_) return;
  ::killpg(child_.pid, signal);
  if (signal == SIGKILL) sigkill_sent_ = true;
}

void Supervisor::WriteStdin() {
  const std::string& data = spec_.stdin_data;
  while (stdin_offset_ < data.size()) {
    ssize_t n = ::write(child_.stdin_fd.get(), data.data() + stdin_offset_, data.size() - stdin_offset_);
    if (n > 0) {
      stdin_offset_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    // EPIPE: the child closed its stdin (or exited) without reading everything, which is its right.
    if (n < 0 && errno == EPIPE) sigpipe_.ConsumeRaised();
    break;
  }
  child_.stdin_fd.Reset();
}

void Supervisor::ReadFrom(UniqueFd& fd, Slot slot) {
  for (int i = 0; i < kMaxReadsPerWakeup && fd; ++i) {
    ssize_t n = ::read(fd.get(), buffer_.get(), kReadChunk);
    if (n > 0) {
      Consume(slot, std::string_view(buffer_.get(), static_cast<size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    fd.Reset();  // end of file, or an error that will not go away
    exit_backoff_ = kMinExitBackoff;
  }
}

void Supervisor::Consume(Slot slot, std::string_view data) {
  if (slot == kStderr) {
    stderr_.Append(data);
  } else if (slot == kHeartbeat) {
    last_heartbeat_ = Clock::now();
  } else {
    stdout_total_ += data.size();
    size_t room = spec_.max_stdout - std::min(spec_.max_stdout, stdout_.size());
    stdout_.append(data.substr(0, std::min(room, data.size())));
    if (stdout_total_ > spec_.max_stdout) {
      overflow_ = true;
      if (!kill_reason_ && !draining_) BeginKill(Outcome::OutputTooLarge, false);
    }
  }
}

Result Supervisor::MakeResult() {
  Result result;
  result.pid = child_.pid;
  result.stdout_data = std::move(stdout_);
  result.stderr_tail = stderr_.Tail();
  result.spawn_error = child_.pid < 0 ? child_.error : error_;
  if (child_.pid < 0) {
    result.outcome = kill_reason_.value_or(Outcome::SpawnFailed);
  } else {
    if (reaped_ && !lost_ && WIFEXITED(status_)) result.exit_code = WEXITSTATUS(status_);
    if (reaped_ && !lost_ && WIFSIGNALED(status_)) result.signal = WTERMSIG(status_);
    if (kill_reason_) {
      result.outcome = *kill_reason_;
    } else if (registry_killed_) {
      result.outcome = Outcome::Cancelled;
    } else if (overflow_) {
      result.outcome = Outcome::OutputTooLarge;
    } else {
      result.outcome = result.signal != 0 ? Outcome::Signaled : Outcome::Exited;
    }
  }
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start_);
  return result;
}

}  // namespace

Result Run(const Spec& spec) {
  Supervisor supervisor(spec, spec.registry ? *spec.registry : LiveProcessGroups());
  return supervisor.Run();
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::Exited:
      return "Exited";
    case Outcome::Signaled:
      return "Signaled";
    case Outcome::TimedOut:
      return "TimedOut";
    case Outcome::HeartbeatTimedOut:
      return "HeartbeatTimedOut";
    case Outcome::OutputTooLarge:
      return "OutputTooLarge";
    case Outcome::Cancelled:
      return "Cancelled";
    case Outcome::SpawnFailed:
      return "SpawnFailed";
  }
  return "Unknown";
}

std::string DescribeResult(const Result& result, const Spec& spec) {
  auto ms = [](std::optional<milliseconds> d) { return std::to_string(d ? d->count() : 0) + " ms"; };
  switch (result.outcome) {
    case Outcome::Exited:
      return "process exited with code " + std::to_string(result.exit_code);
    case Outcome::Signaled: {
      const char* name = ::sigabbrev_np(result.signal);
      return "process killed by signal " + std::to_string(result.signal) +
             (name ? " (" + std::string(name) + ")" : std::string());
    }
    case Outcome::TimedOut:
      return "process timed out after " + ms(spec.timeout);
    case Outcome::HeartbeatTimedOut:
      return "process sent no heartbeat for " + ms(spec.heartbeat_timeout);
    case Outcome::OutputTooLarge:
      return "process wrote more than " + std::to_string(spec.max_stdout) + " bytes to stdout";
    case Outcome::Cancelled:
      return "process cancelled";
    case Outcome::SpawnFailed:
      return "process could not start: " + result.spawn_error;
  }
  return "process ended in an unknown way";
}

}  // namespace sfn::process
