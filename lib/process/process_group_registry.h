// The set of live process groups that Run() has spawned, so a shutdown can kill them all.
//
// Every child that Run() spawns leads its own process group (pgid == pid), so a terminal's Ctrl-C does not
// reach it. The command line tool therefore handles SIGINT/SIGTERM on a sigwait thread and calls
// KillAllProcessGroups() from there. All members are thread-safe; none is async-signal-safe (a mutex
// guards the set), so never call them from a signal handler.
//
// A group is registered right after spawning and unregistered after its leader has exited but BEFORE the
// leader is reaped, so the pgid cannot have been recycled while it is in the set: killing a registered
// group can never hit an unrelated process.
//
// The process-wide instance behind LiveProcessGroups() is the one piece of global mutable state of the
// process area; it mirrors a process-wide fact (the children of this process). Spec::registry lets a
// caller, tests in particular, use a private instance instead.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <mutex>
#include <unordered_map>

namespace sfn::process {

class ProcessGroupRegistry {
 public:
  // Registers a live group. Returns false (and registers nothing) once Close() has been called: the
  // caller must then kill the group itself.
  bool Add(pid_t pgid);
  // Unregisters a group. Returns true when KillAll() signalled it while it was registered.
  bool Remove(pid_t pgid);
  // Sends `signal` to every registered group and marks them as killed. With `close`, every later Add()
  // fails, so tasks starting during a shutdown are refused. Returns the number of groups signalled.
  size_t KillAll(int signal, bool close);
  bool closed() const;
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<pid_t, bool> killed_by_group_;
  bool closed_ = false;
};

// The process-wide registry that Run() uses when Spec::registry is null.
ProcessGroupRegistry& LiveProcessGroups();

// Kills (SIGKILL) every live process group spawned through the process-wide registry; their Run() calls
// return Outcome::Cancelled. With `refuse_new` (the default, meant for shutdown) every later Run() using
// that registry returns Cancelled without spawning. Call from a normal thread (e.g. a sigwait thread),
// not from a signal handler. Returns the number of groups signalled.
size_t KillAllProcessGroups(bool refuse_new = true);

}  // namespace sfn::process
