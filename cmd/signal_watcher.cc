#include "signal_watcher.h"

#include <pthread.h>

#include <iostream>

#include "process/process_group_registry.h"

namespace sfn::cli {

SignalWatcher::SignalWatcher(std::shared_ptr<process::CancelToken> cancel) : cancel_(std::move(cancel)) {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGUSR2);  // the destructor's wake-up
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  thread_ = std::thread([this] { Watch(); });
}

SignalWatcher::~SignalWatcher() {
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
}

void SignalWatcher::Watch() {
  int sig = 0;
  while (sigwait(&set_, &sig) == 0) {
    if (sig == SIGUSR2) return;
    interrupted_ = true;
    std::cerr << "sfn: " << (sig == SIGINT ? "interrupted" : "terminated") << ", stopping every task\n";
    cancel_->Cancel();
    process::KillAllProcessGroups(false);
  }
}

}  // namespace sfn::cli
