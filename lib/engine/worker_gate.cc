#include "engine/worker_gate.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace sfn::engine::internal {

void WorkerGate::Acquire() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return available_ > 0; });
  --available_;
}

void WorkerGate::Release() {
  {
    std::lock_guard lock(mutex_);
    ++available_;
  }
  cv_.notify_one();
}

void RunConcurrently(WorkerGate& gate, size_t count, size_t concurrency,
                     const std::function<void(size_t)>& job, const std::function<bool()>& keep_going) {
  if (count == 0) return;
  size_t threads = std::min({count, concurrency == 0 ? count : concurrency, gate.total()});
  if (threads <= 1) {
    for (size_t i = 0; i < count && keep_going(); ++i) job(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (;;) {
      gate.Acquire();
      size_t i = next.fetch_add(1);
      if (i >= count || !keep_going()) {
        gate.Release();
        return;
      }
      job(i);
      gate.Release();
    }
  };
  gate.Release();
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  gate.Acquire();
}

}  // namespace sfn::engine::internal
