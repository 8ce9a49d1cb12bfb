#include "process/process_group_registry.h"

#include <doctest/doctest.h>
#include <signal.h>

namespace sfn::process {
namespace {

// Pids far above pid_max (4194304 at most on Linux) so that killpg can never reach a real group.
constexpr pid_t kFakeGroupA = 2'000'000'000;
constexpr pid_t kFakeGroupB = 2'000'000'001;

TEST_CASE("process group registry: add, remove and kill") {
  ProcessGroupRegistry registry;
  CHECK(registry.Add(kFakeGroupA));
  CHECK(registry.Add(kFakeGroupB));
  CHECK(registry.size() == 2);
  CHECK_FALSE(registry.Remove(kFakeGroupA));  // not killed
  CHECK(registry.size() == 1);
  CHECK(registry.KillAll(0, /*close=*/false) == 1);
  CHECK_FALSE(registry.closed());
  CHECK(registry.Remove(kFakeGroupB));        // killed while registered
  CHECK_FALSE(registry.Remove(kFakeGroupB));  // no longer there
  CHECK(registry.size() == 0);
}

TEST_CASE("process group registry: closing refuses new groups") {
  ProcessGroupRegistry registry;
  CHECK(registry.Add(kFakeGroupA));
  CHECK(registry.KillAll(0, /*close=*/true) == 1);
  CHECK(registry.closed());
  CHECK_FALSE(registry.Add(kFakeGroupB));
  CHECK(registry.size() == 1);
  CHECK(registry.Remove(kFakeGroupA));
}

}  // namespace
}  // namespace sfn::process
