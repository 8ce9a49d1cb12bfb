#include "history/frames.h"

#include <doctest/doctest.h>

#include "history/history_test_util.h"
#include "history/reader.h"
#include "history/summary.h"
#include "history/wellformed.h"

namespace sfn::history {
namespace {

using testing::HistoryWriter;
using testing::kStartMs;

std::vector<int64_t> Ids(std::initializer_list<int64_t> ids) { return ids; }

FrameTree Build(const HistoryWriter& writer, ReadResult& read) {
  read = writer.Read();
  REQUIRE(read.ok);
  return BuildFrames(read.events);
}

// Two branches whose events AWS interleaves in id order.
HistoryWriter InterleavedParallel() {
  HistoryWriter w;
  w.Start();                                                             // 1
  w.Entered("Parallel", "P", 0);                                         // 2
  w.Add("ParallelStateStarted", 2);                                      // 3
  w.Entered("Task", "A", 3);                                             // 4  branch 0
  w.Entered("Task", "B", 3);                                             // 5  branch 1
  w.Scheduled(4);                                                        // 6  A
  w.Scheduled(5);                                                        // 7  B
  w.TaskStarted(7);                                                      // 8  B
  w.TaskStarted(6);                                                      // 9  A
  w.TaskSucceeded(8, {{"b", 1}});                                        // 10 B
  w.Exited("Task", "B", 10, {{"b", 1}});                                 // 11 B
  w.TaskSucceeded(9, {{"a", 1}});                                        // 12 A
  w.Exited("Task", "A", 12, {{"a", 1}});                                 // 13 A
  w.Add("ParallelStateSucceeded", 13);                                   // 14
  w.Exited("Parallel", "P", 13, Json::array({{{"a", 1}}, {{"b", 1}}}));  // 15
  w.Add("ExecutionSucceeded", 15, {{"output", Json::array()}});          // 16
  return w;
}

TEST_CASE("frames: interleaved Parallel branches are separated by their chains") {
  ReadResult read;
  FrameTree tree = Build(InterleavedParallel(), read);
  REQUIRE(tree.frames.size() == 3);
  CHECK(tree.frames[0].event_ids == Ids({1, 2, 3, 14, 15, 16}));
  CHECK(tree.frames[1].kind == FrameKind::kBranch);
  CHECK(tree.frames[1].index == 0);
  CHECK(tree.frames[1].event_ids == Ids({4, 6, 9, 12, 13}));
  CHECK(tree.frames[2].index == 1);
  CHECK(tree.frames[2].event_ids == Ids({5, 7, 8, 10, 11}));
  CHECK(tree.frames[2].owner_state == "P");
  CHECK(FramePath(tree, 2) == "P[1]");
  CHECK(FrameLabel(tree.frames[2]) == "branch 1");
  const StateInstance& p = tree.frames[0].instances.at(0);
  CHECK(p.type == "Parallel");
  CHECK(p.entered_event_id == 2);
  CHECK(p.exited_event_id == 15);
  CHECK(p.status == InstanceStatus::kSucceeded);
  CHECK(p.child_frames == std::vector<size_t>{1, 2});
  CHECK(p.event_ids == Ids({2, 3, 14, 15}));
  const StateInstance& a = tree.frames[1].instances.at(0);
  CHECK(a.name == "A");
  CHECK(a.output == Json{{"a", 1}});
  CHECK(a.attempts == 1);
  CHECK(a.status == InstanceStatus::kSucceeded);
  CHECK(tree.frames[1].status == InstanceStatus::kSucceeded);
  CHECK(tree.execution_status == ExecutionStatus::kSucceeded);
  CHECK(tree.anomalies.empty());
  CHECK(CheckWellFormed(read.events, tree).empty());
}

// A Parallel whose second branch runs a Map; iteration 1 fails, iteration 0 is aborted.
HistoryWriter MapInParallel() {
  HistoryWriter w;
  w.Start();                                                                 // 1
  w.Entered("Parallel", "Outer", 0);                                         // 2
  w.Add("ParallelStateStarted", 2);                                          // 3
  w.Entered("Pass", "Left", 3);                                              // 4  branch 0
  w.Entered("Map", "Inner", 3);                                              // 5  branch 1
  w.Exited("Pass", "Left", 4);                                               // 6  branch 0
  w.Add("MapStateStarted", 5, {{"length", 2}});                              // 7
  w.Iteration("Started", "Inner", 0, 7);                                     // 8
  w.Iteration("Started", "Inner", 1, 7);                                     // 9
  w.Entered("Task", "Work", 8);                                              // 10 iteration 0
  w.Entered("Task", "Work", 9);                                              // 11 iteration 1
  w.Scheduled(11);                                                           // 12 iteration 1
  w.Scheduled(10);                                                           // 13 iteration 0
  w.TaskStarted(13);                                                         // 14 iteration 0
  w.TaskStarted(12);                                                         // 15 iteration 1
  w.TaskFailed(15, "Boom", "it broke");                                      // 16 iteration 1
  w.Iteration("Failed", "Inner", 1, 16);                                     // 17
  w.Add("TaskStateAborted", 16);                                             // 18 iteration 1's Work
  w.Iteration("Aborted", "Inner", 0, 16);                                    // 19
  w.Add("TaskStateAborted", 16);                                             // 20 iteration 0's Work
  w.Add("MapStateFailed", 16);                                               // 21
  w.Add("ParallelStateFailed", 21);                                          // 22
  w.Add("ExecutionFailed", 22, {{"error", "Boom"}, {"cause", "it broke"}});  // 23
  return w;
}

TEST_CASE("frames: a Map nested in a Parallel branch") {
  ReadResult read;
  FrameTree tree = Build(MapInParallel(), read);
  REQUIRE(tree.frames.size() == 5);
  const Frame& left = tree.frames[1];
  const Frame& right = tree.frames[2];
  const Frame& it0 = tree.frames[3];
  const Frame& it1 = tree.frames[4];
  CHECK(left.event_ids == Ids({4, 6}));
  CHECK(right.event_ids == Ids({5, 7, 21}));
  CHECK(it0.kind == FrameKind::kIteration);
  CHECK(it0.index == 0);
  CHECK(it0.parent == std::optional<size_t>(2));
  CHECK(it0.depth == 2);
  CHECK(it0.event_ids == Ids({8, 10, 13, 14, 19, 20}));
  CHECK(it1.event_ids == Ids({9, 11, 12, 15, 16, 17, 18}));
  CHECK(FramePath(tree, 4) == "Outer[1]/Inner[1]");
  CHECK(it0.status == InstanceStatus::kAborted);
  CHECK(it1.status == InstanceStatus::kFailed);
  CHECK(left.status == InstanceStatus::kSucceeded);
  CHECK(right.status == InstanceStatus::kFailed);
  CHECK(it0.instances.at(0).status == InstanceStatus::kAborted);
  const StateInstance& failed = it1.instances.at(0);
  CHECK(failed.status == InstanceStatus::kFailed);
  CHECK(failed.error == "Boom");
  CHECK(failed.cause == "it broke");
  CHECK(failed.failure_event_id == 16);
  const StateInstance& inner = right.instances.at(0);
  CHECK(inner.status == InstanceStatus::kFailed);
  CHECK(inner.error == "Boom");
  CHECK(inner.child_frames == std::vector<size_t>{3, 4});
  CHECK(tree.frames[0].instances.at(0).status == InstanceStatus::kFailed);
  CHECK(tree.execution_status == ExecutionStatus::kFailed);
  REQUIRE(tree.root_cause.found);
  CHECK(tree.root_cause.event_id == 16);
  CHECK(tree.root_cause.event_type == "TaskFailed");
  CHECK(tree.root_cause.error == "Boom");
  CHECK(tree.root_cause.instance == std::optional<InstanceRef>(InstanceRef{4, 0}));
  CHECK(tree.anomalies.empty());
  CHECK(CheckWellFormed(read.events, tree).empty());
}

TEST_CASE("frames: a sequential Map whose iterations chain to the previous iteration") {
  HistoryWriter w;
  w.Start();                                                      // 1
  w.Entered("Map", "M", 0);                                       // 2
  w.Add("MapStateStarted", 2, {{"length", 2}});                   // 3
  w.Iteration("Started", "M", 0, 3);                              // 4
  w.Entered("Pass", "Body", 4);                                   // 5
  w.Exited("Pass", "Body", 5);                                    // 6
  w.Iteration("Succeeded", "M", 0, 6);                            // 7
  w.Iteration("Started", "M", 1, 6);                              // 8  points into iteration 0
  w.Entered("Pass", "Body", 8);                                   // 9
  w.Exited("Pass", "Body", 9);                                    // 10
  w.Iteration("Succeeded", "M", 1, 10);                           // 11
  w.Add("MapStateSucceeded", 10);                                 // 12
  w.Exited("Map", "M", 10);                                       // 13 points into iteration 1
  w.Entered("Pass", "After", 13);                                 // 14
  w.Exited("Pass", "After", 14);                                  // 15
  w.Add("ExecutionSucceeded", 15, {{"output", Json::object()}});  // 16
  ReadResult read;
  FrameTree tree = Build(w, read);
  REQUIRE(tree.frames.size() == 3);
  CHECK(tree.frames[0].event_ids == Ids({1, 2, 3, 12, 13, 14, 15, 16}));
  CHECK(tree.frames[1].event_ids == Ids({4, 5, 6, 7}));
  CHECK(tree.frames[2].event_ids == Ids({8, 9, 10, 11}));
  CHECK(tree.frames[0].instances.size() == 2);
  CHECK(tree.frames[0].instances[1].name == "After");
  CHECK(tree.frames[2].status == InstanceStatus::kSucceeded);
  CHECK(tree.anomalies.empty());
}

TEST_CASE("frames: retries, a caught error and the visit's data") {
  HistoryWriter w;
  w.Start({{"x", 1}});                                            // 1
  w.Entered("Task", "T", 0, {{"x", 1}});                          // 2
  w.Scheduled(2, "arn:aws:states:::lambda:invoke", "lambda");     // 3
  w.TaskStarted(3);                                               // 4
  w.TaskFailed(4, "E1", "first");                                 // 5
  w.Scheduled(5);                                                 // 6
  w.TaskStarted(6);                                               // 7
  w.TaskFailed(7, "E2", "second");                                // 8
  w.Exited("Task", "T", 8, {{"Error", "E2"}});                    // 9
  w.Entered("Pass", "Handler", 9);                                // 10
  w.Exited("Pass", "Handler", 10);                                // 11
  w.Add("ExecutionSucceeded", 11, {{"output", Json::object()}});  // 12
  ReadResult read;
  FrameTree tree = Build(w, read);
  const StateInstance& t = tree.frames[0].instances.at(0);
  CHECK(t.attempts == 2);
  CHECK(t.retries == 1);
  CHECK(t.status == InstanceStatus::kCaughtError);
  CHECK(t.error == "E2");
  CHECK(t.cause == "second");
  CHECK(t.resource == "invoke");
  CHECK(t.resource_type == "lambda");
  CHECK(t.input == Json{{"x", 1}});
  CHECK(t.output == Json{{"Error", "E2"}});
  CHECK(t.start_ms == kStartMs + 100);
  CHECK(t.end_ms == kStartMs + 800);
  CHECK(tree.frames[0].instances.at(1).status == InstanceStatus::kSucceeded);
  CHECK_FALSE(tree.root_cause.found);
}

TEST_CASE("frames: a retried Task that succeeds") {
  HistoryWriter w;
  w.Start();
  w.Entered("Task", "T", 0);                                // 2
  w.Scheduled(2);                                           // 3
  w.TaskStarted(3);                                         // 4
  w.Add("TaskTimedOut", 4, {{"error", "States.Timeout"}});  // 5
  w.Scheduled(5);                                           // 6
  w.TaskStarted(6);                                         // 7
  w.TaskSucceeded(7);                                       // 8
  w.Exited("Task", "T", 8);                                 // 9
  ReadResult read;
  FrameTree tree = Build(w, read);
  const StateInstance& t = tree.frames[0].instances.at(0);
  CHECK(t.status == InstanceStatus::kSucceeded);
  CHECK(t.attempts == 2);
  CHECK(t.error.empty());
  CHECK(tree.execution_status == ExecutionStatus::kRunning);
}

struct OpenCase {
  std::string terminal;  // "" = none
  ExecutionStatus execution;
  InstanceStatus wait;
};

TEST_CASE("frames: a state open when the history ends") {
  const OpenCase cases[] = {
      {"", ExecutionStatus::kRunning, InstanceStatus::kRunning},
      {"ExecutionAborted", ExecutionStatus::kAborted, InstanceStatus::kAborted},
      {"ExecutionTimedOut", ExecutionStatus::kTimedOut, InstanceStatus::kTimedOut},
  };
  for (const OpenCase& c : cases) {
    CAPTURE(c.terminal);
    HistoryWriter w;
    w.Start();
    w.Entered("Wait", "W", 0);
    if (!c.terminal.empty()) w.Add(c.terminal, 0, {{"error", "States.Timeout"}});
    ReadResult read;
    FrameTree tree = Build(w, read);
    CHECK(tree.execution_status == c.execution);
    CHECK(tree.frames[0].instances.at(0).status == c.wait);
    CHECK_FALSE(tree.root_cause.found);
  }
}

TEST_CASE("frames: root cause without a chain") {
  SUBCASE("the cause names the event") {
    HistoryWriter w;
    w.Start();
    w.Entered("Pass", "A", 0);          // 2
    w.Exited("Pass", "A", 2);           // 3
    w.Entered("Choice", "C", 3);        // 4
    w.Entered("Pass", "Unrelated", 0);  // 5 (a malformed extra entry, to tell the strategies apart)
    w.Add("ExecutionFailed", 0,
          {{"error", "States.Runtime"},
           {"cause",
            "An error occurred while executing the state 'C' (entered at the event id #4). Invalid path"}});
    ReadResult read;
    FrameTree tree = Build(w, read);
    REQUIRE(tree.root_cause.found);
    CHECK(tree.root_cause.event_id == 4);
    CHECK(tree.root_cause.error == "States.Runtime");
    const StateInstance& c = tree.Instance(*tree.root_cause.instance);
    CHECK(c.name == "C");
    CHECK(c.status == InstanceStatus::kFailed);
    CHECK(c.error == "States.Runtime");
  }
  SUBCASE("the last state entered and never left") {
    HistoryWriter w;
    w.Start();
    w.Entered("Pass", "A", 0);    // 2
    w.Exited("Pass", "A", 2);     // 3
    w.Entered("Choice", "C", 3);  // 4
    w.Add("ExecutionFailed", 0, {{"error", "States.Runtime"}, {"cause", "Invalid path"}});
    ReadResult read;
    FrameTree tree = Build(w, read);
    REQUIRE(tree.root_cause.found);
    CHECK(tree.root_cause.event_id == 4);
    CHECK(tree.Instance(*tree.root_cause.instance).status == InstanceStatus::kFailed);
  }
}

TEST_CASE("frames: a Fail state inside a branch is the root cause") {
  HistoryWriter w;
  w.Start();
  w.Entered("Parallel", "P", 0);                                             // 2
  w.Add("ParallelStateStarted", 2);                                          // 3
  w.Entered("Fail", "Stop", 3);                                              // 4
  w.Entered("Wait", "Slow", 3);                                              // 5
  w.Add("WaitStateAborted", 4);                                              // 6
  w.Add("ParallelStateFailed", 4);                                           // 7
  w.Add("ExecutionFailed", 7, {{"error", "Custom"}, {"cause", "stopped"}});  // 8
  ReadResult read;
  FrameTree tree = Build(w, read);
  REQUIRE(tree.root_cause.found);
  CHECK(tree.root_cause.event_type == "FailStateEntered");
  CHECK(tree.root_cause.error == "Custom");
  const StateInstance& stop = tree.Instance(*tree.root_cause.instance);
  CHECK(stop.name == "Stop");
  CHECK(stop.error == "Custom");
  CHECK(tree.frames[2].instances.at(0).status == InstanceStatus::kAborted);
  CHECK(tree.frames[2].event_ids == Ids({5, 6}));
}

TEST_CASE("frames: masked ids place events by position") {
  std::string text = R"([
    {"id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted"},
    {"id": 2, "previousEventId": 0, "timestamp": "timestamp", "type": "ParallelStateEntered",
     "stateEnteredEventDetails": {"name": "P"}},
    {"id": 3, "previousEventId": 2, "timestamp": "timestamp", "type": "ParallelStateStarted"},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "PassStateEntered",
     "stateEnteredEventDetails": {"name": "B1"}},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "PassStateEntered",
     "stateEnteredEventDetails": {"name": "B2"}},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "PassStateExited",
     "stateExitedEventDetails": {"name": "B1"}},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "PassStateExited",
     "stateExitedEventDetails": {"name": "B2"}},
    {"id": 9, "previousEventId": 7, "timestamp": "timestamp", "type": "ParallelStateExited",
     "stateExitedEventDetails": {"name": "P"}},
    {"id": 10, "previousEventId": 9, "timestamp": "timestamp", "type": "ExecutionSucceeded"}])";
  ReadResult read = ReadHistory(text, "masked.json");
  REQUIRE(read.ok);
  FrameTree tree = BuildFrames(read.events);
  REQUIRE(tree.frames.size() == 2);
  CHECK(tree.frames[1].ambiguous);
  REQUIRE(tree.frames[1].instances.size() == 2);
  CHECK(tree.frames[1].instances[0].status == InstanceStatus::kSucceeded);
  CHECK(tree.frames[1].instances[1].status == InstanceStatus::kSucceeded);
  CHECK(tree.frames[0].instances.at(0).status == InstanceStatus::kSucceeded);
  CHECK(tree.anomalies.empty());
}

TEST_CASE("frames: orphan events are reported, not fatal") {
  HistoryWriter w;
  w.Start();
  w.Exited("Pass", "Ghost", 1);
  w.Iteration("Succeeded", "NoMap", 0, 2);
  ReadResult read;
  FrameTree tree = Build(w, read);
  REQUIRE(tree.anomalies.size() == 2);
  CHECK(tree.anomalies[0].code == "HISTORY_ORPHAN_EVENT");
  CHECK(tree.anomalies[0].message == "'PassStateExited': no open state 'Ghost' to exit");
  CHECK(tree.anomalies[1].message ==
        "'MapIterationSucceeded': no open Map state 'NoMap' for 'MapIterationSucceeded'");
  CHECK(tree.frames[0].event_ids == Ids({1, 2, 3}));
}

TEST_CASE("frames: deep nesting of Parallel states") {
  HistoryWriter w;
  w.Start();
  int64_t prev = 0;
  const int kDepth = 300;
  for (int d = 0; d < kDepth; ++d) {
    int64_t entered = w.Entered("Parallel", "P" + std::to_string(d), prev);
    prev = w.Add("ParallelStateStarted", entered);
  }
  ReadResult read;
  FrameTree tree = Build(w, read);
  REQUIRE(tree.frames.size() == kDepth);
  CHECK(tree.frames.back().depth == kDepth - 1);
  CHECK(FramePath(tree, 2) == "P0[0]/P1[0]");
  CHECK(DescribeFrame(tree, 2) == "branch 0 of 'P1' in branch 0 of 'P0'");
  Summary summary = Summarise(read.events, tree);
  CHECK(summary.timeline.size() == 66);  // rows stop at 64 levels of indentation
}

}  // namespace
}  // namespace sfn::history
