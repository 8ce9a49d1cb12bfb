#include "history/status.h"

#include <doctest/doctest.h>

#include "history/history_test_util.h"

namespace sfn::history {
namespace {

using testing::HistoryWriter;

StatusMap MapOf(const HistoryWriter& writer) {
  ReadResult read = writer.Read();
  REQUIRE(read.ok);
  return BuildStatusMap(BuildFrames(read.events));
}

TEST_CASE("status: priority Failed > CaughtError > Running > Aborted > Succeeded > NotReached") {
  using O = OverlayStatus;
  const std::tuple<O, O, O> cases[] = {
      {O::kSucceeded, O::kFailed, O::kFailed},         {O::kCaughtError, O::kFailed, O::kFailed},
      {O::kCaughtError, O::kRunning, O::kCaughtError}, {O::kRunning, O::kSucceeded, O::kRunning},
      {O::kAborted, O::kRunning, O::kRunning},         {O::kAborted, O::kSucceeded, O::kAborted},
      {O::kNotReached, O::kSucceeded, O::kSucceeded},  {O::kNotReached, O::kNotReached, O::kNotReached},
  };
  for (const auto& [a, b, expected] : cases) {
    CAPTURE(OverlayStatusName(a));
    CAPTURE(OverlayStatusName(b));
    CHECK(Worst(a, b) == expected);
    CHECK(Worst(b, a) == expected);
  }
  CHECK(OverlayOf(InstanceStatus::kTimedOut) == O::kFailed);
  CHECK(OverlayOf(InstanceStatus::kAborted) == O::kAborted);
}

// Map "M" with three iterations of Task "Work": succeeded, caught an error, failed.
HistoryWriter ThreeIterations() {
  HistoryWriter w;
  w.Start();                                          // 1
  w.Entered("Map", "M", 0);                           // 2
  w.Add("MapStateStarted", 2, {{"length", 3}});       // 3
  w.Iteration("Started", "M", 0, 3);                  // 4
  w.Entered("Task", "Work", 4);                       // 5
  w.Scheduled(5);                                     // 6
  w.TaskStarted(6);                                   // 7
  w.TaskSucceeded(7);                                 // 8
  w.Exited("Task", "Work", 8);                        // 9
  w.Iteration("Succeeded", "M", 0, 9);                // 10
  w.Iteration("Started", "M", 1, 9);                  // 11
  w.Entered("Task", "Work", 11);                      // 12
  w.Scheduled(12);                                    // 13
  w.TaskStarted(13);                                  // 14
  w.TaskFailed(14, "Soft");                           // 15
  w.Scheduled(15);                                    // 16
  w.TaskStarted(16);                                  // 17
  w.TaskFailed(17, "Soft");                           // 18
  w.Exited("Task", "Work", 18);                       // 19 caught
  w.Entered("Pass", "Recover", 19);                   // 20
  w.Exited("Pass", "Recover", 20);                    // 21
  w.Iteration("Succeeded", "M", 1, 21);               // 22
  w.Iteration("Started", "M", 2, 21);                 // 23
  w.Entered("Task", "Work", 23);                      // 24
  w.Scheduled(24);                                    // 25
  w.TaskStarted(25);                                  // 26
  w.TaskFailed(26, "Hard");                           // 27
  w.Iteration("Failed", "M", 2, 27);                  // 28
  w.Add("MapStateFailed", 27);                        // 29
  w.Add("ExecutionFailed", 29, {{"error", "Hard"}});  // 30
  return w;
}

TEST_CASE("status: per frame and aggregated per state name") {
  StatusMap map = MapOf(ThreeIterations());
  CHECK(map.Of("M[0]", "Work").status == OverlayStatus::kSucceeded);
  CHECK(map.Of("M[1]", "Work").status == OverlayStatus::kCaughtError);
  CHECK(map.Of("M[1]", "Work").attempts == 2);
  CHECK(map.Of("M[2]", "Work").status == OverlayStatus::kFailed);
  StateStatus work = map.Of("Work");
  CHECK(work.visits == 3);
  CHECK(work.attempts == 4);
  CHECK(work.status == OverlayStatus::kFailed);
  CHECK(work.taken);
  CHECK(map.Of("M").status == OverlayStatus::kFailed);
  CHECK(map.Of("Recover").status == OverlayStatus::kSucceeded);
  StateStatus never = map.Of("Never");
  CHECK(never.status == OverlayStatus::kNotReached);
  CHECK_FALSE(never.taken);
  CHECK(never.visits == 0);
  CHECK(map.TransitionCount("Work", "Recover") == 1);
  CHECK(map.transitions.size() == 1);
}

TEST_CASE("status: a running iteration outranks a succeeded one") {
  HistoryWriter w;
  w.Start();                                     // 1
  w.Entered("Map", "M", 0);                      // 2
  w.Add("MapStateStarted", 2, {{"length", 2}});  // 3
  w.Iteration("Started", "M", 0, 3);             // 4
  w.Iteration("Started", "M", 1, 3);             // 5
  w.Entered("Wait", "W", 4);                     // 6
  w.Entered("Wait", "W", 5);                     // 7
  w.Exited("Wait", "W", 6);                      // 8
  w.Iteration("Succeeded", "M", 0, 8);           // 9
  StatusMap map = MapOf(w);
  CHECK(map.Of("M[0]", "W").status == OverlayStatus::kSucceeded);
  CHECK(map.Of("M[1]", "W").status == OverlayStatus::kRunning);
  CHECK(map.Of("W").status == OverlayStatus::kRunning);
  CHECK(map.Of("M").status == OverlayStatus::kRunning);
}

TEST_CASE("status: transitions taken, with counts, within one frame") {
  HistoryWriter w;
  w.Start();
  int64_t prev = 0;
  for (int round = 0; round < 2; ++round) {
    prev = w.Exited("Pass", "A", w.Entered("Pass", "A", prev));
    prev = w.Exited("Choice", "B", w.Entered("Choice", "B", prev));
  }
  prev = w.Entered("Succeed", "End", prev);
  prev = w.Exited("Succeed", "End", prev);
  w.Add("ExecutionSucceeded", prev, {{"output", Json::object()}});
  StatusMap map = MapOf(w);
  CHECK(map.TransitionCount("A", "B") == 2);
  CHECK(map.TransitionCount("B", "A") == 1);
  CHECK(map.TransitionCount("B", "End") == 1);
  CHECK(map.TransitionCount("End", "A") == 0);
  CHECK(map.transitions.size() == 3);
  CHECK_FALSE(map.transitions_partial);
  CHECK(map.Of("A").visits == 2);
  CHECK(map.Of("", "A").visits == 2);
}

}  // namespace
}  // namespace sfn::history
