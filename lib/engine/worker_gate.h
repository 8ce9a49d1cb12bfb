// WorkerGate: the bound on how many frames of one execution run at the same time.
//
// Every frame that does work holds one permit. A Parallel or Map state that waits for its children gives
// its permit back while it waits and takes one again afterwards, so the permits are only ever held by
// frames that can make progress: nested Maps cannot starve the pool, whatever the depth.
//
// RunConcurrently runs jobs 0..count-1 on at most 'concurrency' threads of its own, each job under a
// permit. With a concurrency of 1 the jobs run in order on the calling thread, which keeps the permit it
// already holds; the events then come out in a deterministic order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

namespace sfn::engine::internal {

class WorkerGate {
 public:
  explicit WorkerGate(size_t permits) : available_(permits == 0 ? 1 : permits), total_(available_) {}
  void Acquire();
  void Release();
  size_t total() const { return total_; }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  size_t available_;
  size_t total_;
};

// Runs job(i) for i in [0, count). 'keep_going' is checked before each job is started: once it returns
// false no further job starts. The caller must hold a permit; it is released while the threads run.
void RunConcurrently(WorkerGate& gate, size_t count, size_t concurrency,
                     const std::function<void(size_t)>& job, const std::function<bool()>& keep_going);

}  // namespace sfn::engine::internal
