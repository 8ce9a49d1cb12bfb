// A thread-safe, one-way cancellation flag for running subprocesses.
//
// Any thread may call Cancel(); every Run() whose Spec holds the token (there may be many, on many threads)
// notices promptly because the token owns an eventfd that Run polls alongside the child's pipes. Once
// cancelled, a token stays cancelled: a Run started with a cancelled token spawns nothing.
//
//   auto token = std::make_shared<sfn::process::CancelToken>();
//   spec.cancel = token;            // thread A: Run(spec) ...
//   token->Cancel();                // thread B: thread A's Run returns Outcome::Cancelled
#pragma once

#include <atomic>

#include "process/unique_fd.h"

namespace sfn::process {

class CancelToken {
 public:
  CancelToken();
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  // Requests cancellation. Idempotent, thread-safe and async-signal-safe (an atomic store and a write(2)).
  void Cancel() noexcept;
  bool IsCancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }

  // A descriptor that polls readable (POLLIN) once Cancel() has been called, and stays so; never read it.
  // -1 when the eventfd could not be created (descriptor exhaustion): Run then re-checks IsCancelled()
  // at least every few milliseconds instead.
  int poll_fd() const noexcept { return event_fd_.get(); }

 private:
  std::atomic<bool> cancelled_{false};
  UniqueFd event_fd_;
};

}  // namespace sfn::process
