// The runner's cost per task beyond the bare posix_spawn + waitpid of the same program.
#include <doctest/doctest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "process/subprocess.h"

namespace sfn::process {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kRuns = 200;

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double BareSpawnMs() {
  char program[] = "/bin/true";
  char* argv[] = {program, nullptr};
  char* envp[] = {nullptr};
  auto start = Clock::now();
  pid_t pid = -1;
  REQUIRE(::posix_spawn(&pid, program, nullptr, nullptr, argv, envp) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return Millis(Clock::now() - start);
}

double RunnerMs(const Spec& spec) {
  auto start = Clock::now();
  REQUIRE(Run(spec).outcome == Outcome::Exited);
  return Millis(Clock::now() - start);
}

double Median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

TEST_CASE("overhead: 200 sequential runs of /bin/true against bare posix_spawn") {
  Spec spec;
  spec.argv = {"/bin/true"};
  spec.stdin_data = "{\"input\":true}";
  spec.timeout = std::chrono::milliseconds(10000);
  spec.heartbeat_env_name = "SFN_HEARTBEAT_FD";
  // Interleaved, and compared by median, so that load from other processes hits both sides alike.
  std::vector<double> bare, runner;
  for (int i = 0; i < kRuns; ++i) {
    bare.push_back(BareSpawnMs());
    runner.push_back(RunnerMs(spec));
  }
  double bare_total = 0, runner_total = 0;
  for (int i = 0; i < kRuns; ++i) {
    bare_total += bare[i];
    runner_total += runner[i];
  }
  double overhead = Median(runner) - Median(bare);
  MESSAGE("200 runs of /bin/true: bare posix_spawn+waitpid "
          << bare_total << " ms (median " << Median(bare) << " ms), Run " << runner_total << " ms (median "
          << Median(runner) << " ms), median overhead " << overhead << " ms per run");
  CHECK(overhead < 1.0);
}

}  // namespace
}  // namespace sfn::process
