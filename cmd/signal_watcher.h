// SignalWatcher: Ctrl-C and SIGTERM during an execution (run-local, history-replay --redrive).
//
// While a watcher lives, SIGINT and SIGTERM are blocked in every thread and a watcher thread waits for
// them: the first one cancels the execution (it ends ABORTED, so the history so far can be written) and
// kills the process group of every running task, grandchildren included. The command then exits 130.
#pragma once

#include <signal.h>

#include <atomic>
#include <memory>
#include <thread>

#include "process/cancel_token.h"

namespace sfn::cli {

class SignalWatcher {
 public:
  explicit SignalWatcher(std::shared_ptr<process::CancelToken> cancel);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  bool Interrupted() const { return interrupted_; }

 private:
  void Watch();

  sigset_t set_;
  std::shared_ptr<process::CancelToken> cancel_;
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
};

}  // namespace sfn::cli
