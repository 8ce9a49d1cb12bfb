#include "engine/clock.h"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace sfn::engine {

int64_t SystemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

VirtualClock::VirtualClock() : now_(SystemNowMs()) {}

bool VirtualClock::SleepUntil(int64_t deadline_ms, const process::CancelToken* cancel) {
  if (cancel != nullptr && cancel->IsCancelled()) return false;
  int64_t current = now_.load(std::memory_order_acquire);
  while (current < deadline_ms &&
         !now_.compare_exchange_weak(current, deadline_ms, std::memory_order_acq_rel)) {
  }
  return true;
}

int64_t RealClock::Now() const { return SystemNowMs(); }

bool RealClock::SleepUntil(int64_t deadline_ms, const process::CancelToken* cancel) {
  // Sleep in slices: poll the token's descriptor when it has one, otherwise re-check every 20 ms.
  for (;;) {
    if (cancel != nullptr && cancel->IsCancelled()) return false;
    int64_t remaining = deadline_ms - SystemNowMs();
    if (remaining <= 0) return true;
    int slice = static_cast<int>(std::min<int64_t>(remaining, 1000));
    if (cancel != nullptr && cancel->poll_fd() >= 0) {
      pollfd fd{cancel->poll_fd(), POLLIN, 0};
      ::poll(&fd, 1, slice);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(slice, 20)));
    }
  }
}

}  // namespace sfn::engine
