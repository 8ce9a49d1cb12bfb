// Subprocesses run from several threads at once, cancellation and the process-wide kill switch.
#include <doctest/doctest.h>
#include <signal.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "process/runner.h"
#include "process/subprocess.h"
#include "process/test_support.h"

namespace sfn::process {
namespace {

using std::chrono::milliseconds;
using testing::IsReaped;
using testing::ReadPid;
using testing::ShellSpec;
using testing::TempDir;
using testing::WaitGone;

// Waits until `registry` holds `count` groups, i.e. the children have been spawned.
bool WaitForGroups(const ProcessGroupRegistry& registry, size_t count) {
  for (int i = 0; i < 2000 && registry.size() < count; ++i) std::this_thread::sleep_for(milliseconds(1));
  return registry.size() == count;
}

TEST_CASE("concurrency: 8 runners on threads") {
  constexpr int kThreads = 8;
  std::vector<Result> results(kThreads);
  std::vector<std::string> lines(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([i, &results, &lines] {
      Spec spec = ShellSpec("cat; echo \"task $TASK\" >&2; sleep 0.1; exit $TASK");
      spec.env.push_back("TASK=" + std::to_string(i));
      spec.stdin_data = "{\"task\":" + std::to_string(i) + "}" + std::string(200'000, ' ');
      spec.on_stderr_line = [&line = lines[i]](std::string_view text) { line = text; };
      SubprocessRunner runner;
      results[i] = runner.Run(spec);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    CAPTURE(i);
    CHECK(results[i].outcome == Outcome::Exited);
    CHECK(results[i].exit_code == i);
    CHECK(results[i].stdout_data == "{\"task\":" + std::to_string(i) + "}" + std::string(200'000, ' '));
    CHECK(lines[i] == "task " + std::to_string(i));
    CHECK(IsReaped(results[i].pid));
  }
  CHECK(testing::HasNoChildren());
}

TEST_CASE("concurrency: cancellation from another thread") {
  TempDir dir;
  Spec spec = ShellSpec("sleep 10 & echo $! > \"$GRANDCHILD\"; wait");
  spec.env.push_back("GRANDCHILD=" + dir.File("grandchild"));
  spec.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = spec.cancel] {
    std::this_thread::sleep_for(milliseconds(100));
    token->Cancel();
  });
  Result result = Run(spec);
  canceller.join();
  CHECK(result.outcome == Outcome::Cancelled);
  CHECK(result.signal == SIGTERM);
  CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
  CHECK(IsReaped(result.pid));
  CHECK(WaitGone(ReadPid(dir.File("grandchild"))));
  CHECK(DescribeResult(result, spec) == "process cancelled");
}

TEST_CASE("concurrency: one token cancels many runners; other tokens are untouched") {
  constexpr int kThreads = 6;
  auto shared = std::make_shared<CancelToken>();
  auto other = std::make_shared<CancelToken>();
  ProcessGroupRegistry registry;
  std::vector<Result> results(kThreads + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([i, &results, &shared, &registry] {
      Spec spec = ShellSpec("sleep 10");
      spec.cancel = shared;
      spec.registry = &registry;
      results[i] = Run(spec);
    });
  }
  threads.emplace_back([&results, &other, &registry] {
    Spec spec = ShellSpec("sleep 0.4; echo survived");
    spec.cancel = other;
    spec.registry = &registry;
    results[kThreads] = Run(spec);
  });
  CHECK(WaitForGroups(registry, kThreads + 1));
  auto cancelled_at = std::chrono::steady_clock::now();
  shared->Cancel();
  for (int i = 0; i < kThreads; ++i) threads[i].join();
  CHECK(std::chrono::steady_clock::now() - cancelled_at < milliseconds(5000));
  threads.back().join();
  for (int i = 0; i < kThreads; ++i) {
    CAPTURE(i);
    CHECK(results[i].outcome == Outcome::Cancelled);
    CHECK(IsReaped(results[i].pid));
  }
  CHECK(results[kThreads].outcome == Outcome::Exited);
  CHECK(results[kThreads].stdout_data == "survived\n");
  CHECK(registry.size() == 0);
  CHECK(testing::HasNoChildren());
}

TEST_CASE("concurrency: a token cancelled before the run spawns nothing") {
  Spec spec;
  spec.argv = {"/bin/true"};
  spec.cancel = std::make_shared<CancelToken>();
  spec.cancel->Cancel();
  spec.cancel->Cancel();  // idempotent
  CHECK(spec.cancel->IsCancelled());
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Cancelled);
  CHECK(result.pid == -1);
}

TEST_CASE("concurrency: KillAllProcessGroups cancels the live runs") {
  constexpr int kThreads = 3;
  std::vector<Result> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([i, &results] { results[i] = Run(ShellSpec("sleep 10")); });
  }
  REQUIRE(WaitForGroups(LiveProcessGroups(), kThreads));
  CHECK(KillAllProcessGroups(/*refuse_new=*/false) == kThreads);
  for (std::thread& t : threads) t.join();
  for (const Result& result : results) {
    CHECK(result.outcome == Outcome::Cancelled);
    CHECK(result.signal == SIGKILL);
    CHECK(result.elapsed < milliseconds(5000));  // well under the task's 10 s, with room for a loaded machine
  }
  CHECK(LiveProcessGroups().size() == 0);
  // Without refuse_new, later runs proceed.
  CHECK(Run(ShellSpec("exit 0")).outcome == Outcome::Exited);
}

TEST_CASE("concurrency: a closed registry refuses new runs") {
  ProcessGroupRegistry registry;
  registry.KillAll(SIGKILL, /*close=*/true);
  Spec spec;
  spec.argv = {"/bin/true"};
  spec.registry = &registry;
  Result result = Run(spec);
  CHECK(result.outcome == Outcome::Cancelled);
  CHECK(result.pid == -1);
}

TEST_CASE("runner: the function runner answers without a process") {
  FunctionRunner runner([](const Spec& spec) {
    Result result;
    result.outcome = Outcome::Exited;
    result.exit_code = 0;
    result.stdout_data = spec.stdin_data;
    return result;
  });
  Runner& seam = runner;
  Spec spec;
  spec.stdin_data = "{\"x\":1}";
  Result result = seam.Run(spec);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_data == "{\"x\":1}");
}

}  // namespace
}  // namespace sfn::process
