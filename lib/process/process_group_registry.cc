#include "process/process_group_registry.h"

#include <signal.h>

namespace sfn::process {

bool ProcessGroupRegistry::Add(pid_t pgid) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  killed_by_group_[pgid] = false;
  return true;
}

bool ProcessGroupRegistry::Remove(pid_t pgid) {
  std::lock_guard lock(mutex_);
  auto it = killed_by_group_.find(pgid);
  if (it == killed_by_group_.end()) return false;
  bool killed = it->second;
  killed_by_group_.erase(it);
  return killed;
}

size_t ProcessGroupRegistry::KillAll(int signal, bool close) {
  std::lock_guard lock(mutex_);
  if (close) closed_ = true;
  for (auto& [pgid, killed] : killed_by_group_) {
    ::killpg(pgid, signal);
    killed = true;
  }
  return killed_by_group_.size();
}

bool ProcessGroupRegistry::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

size_t ProcessGroupRegistry::size() const {
  std::lock_guard lock(mutex_);
  return killed_by_group_.size();
}

ProcessGroupRegistry& LiveProcessGroups() {
  // Never destroyed, so threads still running at exit never touch a dead mutex.
  static auto* registry = new ProcessGroupRegistry;
  return *registry;
}

size_t KillAllProcessGroups(bool refuse_new) { return LiveProcessGroups().KillAll(SIGKILL, refuse_new); }

}  // namespace sfn::process
