// Clock: where the engine reads the time and how it waits.
//
// The engine never reads the system clock directly. A RealClock reads it and really sleeps (a sleep
// returns early when its cancel token fires). A VirtualClock starts at a fixed instant and only moves
// when something sleeps: Wait states and Retry intervals then take no real time, yet timestamps,
// $$.State.EnteredTime and TimeoutSeconds behave as if the time had passed.
//
// Concurrency and virtual time: Parallel branches and Map iterations run at the same time, so one
// shared virtual "now" cannot serve them all (two branches that each wait 10 s must end 10 s later, not
// 20 s). The engine therefore keeps the virtual time per frame: a branch or iteration starts at its
// parent's time, advances its own copy when it waits, and the parent resumes at the latest time of its
// children. The VirtualClock object itself holds the furthest time any frame has reached (SleepUntil
// moves it forward, never back), which is what Now() reports to other readers.
#pragma once

#include <atomic>
#include <cstdint>

#include "process/cancel_token.h"

namespace sfn::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t Now() const = 0;
  // Blocks until 'deadline_ms' (a VirtualClock only moves its time there). Returns false when 'cancel'
  // fired before the deadline.
  virtual bool SleepUntil(int64_t deadline_ms, const process::CancelToken* cancel) = 0;
  // True when time moves only by SleepUntil (the engine then keeps a virtual time per frame).
  virtual bool IsVirtual() const { return false; }
};

class VirtualClock : public Clock {
 public:
  // Starts at 'start_ms' (epoch milliseconds).
  explicit VirtualClock(int64_t start_ms) : now_(start_ms) {}
  // Starts at the current real time.
  VirtualClock();

  int64_t Now() const override { return now_.load(std::memory_order_acquire); }
  bool SleepUntil(int64_t deadline_ms, const process::CancelToken* cancel) override;
  bool IsVirtual() const override { return true; }

 private:
  std::atomic<int64_t> now_;
};

class RealClock : public Clock {
 public:
  int64_t Now() const override;
  bool SleepUntil(int64_t deadline_ms, const process::CancelToken* cancel) override;
};

// The current real time in epoch milliseconds.
int64_t SystemNowMs();

}  // namespace sfn::engine
