// Many tasks in a row, as a long run-local executes them: every run is reaped and leaves no descriptor
// behind (pipes, the heartbeat channel). The per-task cost is measured by scripts/bench (run-200-
// subprocess-tasks), never asserted here: a timed test would fail on a busy machine.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <filesystem>

#include "process/subprocess.h"

namespace sfn::process {
namespace {

size_t OpenDescriptors() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

TEST_CASE("sequential runs: 200 tasks in a row are all reaped and leak no descriptor") {
  Spec spec;
  spec.argv = {"/bin/cat"};
  spec.stdin_data = "{\"input\":true}";
  spec.timeout = std::chrono::milliseconds(10000);
  spec.heartbeat_env_name = "SFN_HEARTBEAT_FD";
  size_t before = OpenDescriptors();
  for (int i = 0; i < 200; ++i) {
    Result result = Run(spec);
    REQUIRE(result.outcome == Outcome::Exited);
    REQUIRE(result.stdout_data == spec.stdin_data);
    REQUIRE(::waitpid(result.pid, nullptr, WNOHANG) == -1);  // already reaped
  }
  CHECK(OpenDescriptors() == before);
}

}  // namespace
}  // namespace sfn::process
