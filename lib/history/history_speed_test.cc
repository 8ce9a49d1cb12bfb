// A generated history of 25,000 events (a Map of 3,570 iterations run 50 at a time, each a Lambda Task
// with a 1 KB payload) must read, build frames, summarise and check in well under a second in an optimised
// build. The time is reported; the assertion only guards against a quadratic slip (a generous bound, so
// that slow machines and Debug builds do not make it flaky).
#include <doctest/doctest.h>

#include <ctime>

#include "history/frames.h"
#include "history/history_test_util.h"
#include "history/reader.h"
#include "history/status.h"
#include "history/summary.h"
#include "history/wellformed.h"

namespace sfn::history {
namespace {

using testing::HistoryWriter;

constexpr int kIterations = 3570;
constexpr int kConcurrency = 50;

std::string BigHistory() {
  HistoryWriter w;
  Json payload = {{"blob", std::string(1000, 'x')}};
  w.Start(payload);
  int64_t map = w.Entered("Map", "Fanout", 0, payload);
  int64_t started = w.Add("MapStateStarted", map, {{"length", kIterations}});
  int64_t last = started;
  for (int first = 0; first < kIterations; first += kConcurrency) {
    int count = std::min(kConcurrency, kIterations - first);
    std::vector<int64_t> chain(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) chain[i] = w.Iteration("Started", "Fanout", first + i, started);
    for (int i = 0; i < count; ++i) chain[i] = w.Entered("Task", "Work", chain[i], payload);
    for (int i = 0; i < count; ++i) chain[i] = w.Scheduled(chain[i]);
    for (int i = 0; i < count; ++i) chain[i] = w.TaskStarted(chain[i]);
    for (int i = 0; i < count; ++i) chain[i] = w.TaskSucceeded(chain[i], payload);
    for (int i = 0; i < count; ++i) chain[i] = w.Exited("Task", "Work", chain[i], payload);
    for (int i = 0; i < count; ++i) last = w.Iteration("Succeeded", "Fanout", first + i, chain[i]);
  }
  w.Add("MapStateSucceeded", last);
  int64_t exited = w.Exited("Map", "Fanout", last, Json::array());
  w.Add("ExecutionSucceeded", exited, {{"output", Json::array()}});
  return w.ApiText();
}

TEST_CASE("history speed: 25,000 events") {
  std::string text = BigHistory();
  // Processor time, not wall time: the machine may be busy with other work.
  std::clock_t begin = std::clock();
  ReadResult read = ReadHistory(text, "big.json");
  std::clock_t read_done = std::clock();
  REQUIRE(read.ok);
  FrameTree tree = BuildFrames(read.events);
  Summary summary = Summarise(read.events, tree);
  StatusMap status = BuildStatusMap(tree);
  std::vector<Finding> findings = CheckWellFormed(read.events, tree, OptionsFor(read));
  std::clock_t end = std::clock();
  auto ms = [](std::clock_t ticks) { return static_cast<long long>(ticks) * 1000 / CLOCKS_PER_SEC; };
  MESSAGE("history speed: " << read.events.size() << " events, " << text.size() / 1'000'000 << " MB: read "
                            << ms(read_done - begin) << " ms, frames + summary + status + checks "
                            << ms(end - read_done) << " ms (processor time)");
  CHECK(read.events.size() == 24996);
  CHECK(tree.frames.size() == kIterations + 1);
  CHECK(summary.status == ExecutionStatus::kSucceeded);
  CHECK(summary.timeline.size() == 2);
  CHECK(summary.timeline[1].status_counts == std::map<std::string, int>{{"Succeeded", kIterations}});
  CHECK(status.Of("Work").visits == kIterations);
  CHECK(findings.empty());
  CHECK(ms(end - begin) < 30'000);
}

}  // namespace
}  // namespace sfn::history
