#include "process/cancel_token.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace sfn::process {

CancelToken::CancelToken() : event_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

void CancelToken::Cancel() noexcept {
  if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
  if (!event_fd_) return;
  const uint64_t one = 1;
  // The counter cannot overflow with a single increment, so the write either succeeds or the fd is gone.
  [[maybe_unused]] ssize_t written = ::write(event_fd_.get(), &one, sizeof one);
}

}  // namespace sfn::process
