#include "history/summary.h"

#include <doctest/doctest.h>

#include "history/history_test_util.h"

namespace sfn::history {
namespace {

using testing::HistoryWriter;
using testing::kStartMs;

// A Pass, then a Parallel whose branch 1 runs a Map of two iterations; iteration 1's Task fails and the
// failure propagates to the execution.
HistoryWriter Nested() {
  HistoryWriter w;
  w.Start({{"items", {1, 2}}});                                                      // 1  +0ms
  w.Entered("Pass", "Prepare", 0);                                                   // 2  +100
  w.Exited("Pass", "Prepare", 2);                                                    // 3  +200
  w.Entered("Parallel", "Fan", 3);                                                   // 4  +300
  w.Add("ParallelStateStarted", 4);                                                  // 5  +400
  w.Entered("Wait", "Pause", 5);                                                     // 6  +500  branch 0
  w.Entered("Map", "Each", 5);                                                       // 7  +600  branch 1
  w.Add("MapStateStarted", 7, {{"length", 2}});                                      // 8  +700
  w.Iteration("Started", "Each", 0, 8);                                              // 9  +800
  w.Iteration("Started", "Each", 1, 8);                                              // 10 +900
  w.Entered("Task", "Work", 9);                                                      // 11 +1000 iteration 0
  w.Entered("Task", "Work", 10);                                                     // 12 +1100 iteration 1
  w.Scheduled(11);                                                                   // 13
  w.Scheduled(12);                                                                   // 14
  w.TaskStarted(13);                                                                 // 15
  w.TaskStarted(14);                                                                 // 16
  w.TaskSucceeded(15);                                                               // 17 +1600
  w.Exited("Task", "Work", 17);                                                      // 18 +1700
  w.Iteration("Succeeded", "Each", 0, 18);                                           // 19 +1800
  w.TaskFailed(16, "Worker.Crash", "segfault");                                      // 20 +1900
  w.Iteration("Failed", "Each", 1, 20);                                              // 21 +2000
  w.Add("TaskStateAborted", 20);                                                     // 22 +2100
  w.Add("MapStateFailed", 20);                                                       // 23 +2200
  w.Add("WaitStateAborted", 6);                                                      // 24 +2300
  w.Add("ParallelStateFailed", 23);                                                  // 25 +2400
  w.Add("ExecutionFailed", 25, {{"error", "Worker.Crash"}, {"cause", "segfault"}});  // 26 +2500
  return w;
}

Summary SummaryOf(const HistoryWriter& w, SummaryOptions options = {}) {
  ReadResult read = w.Read();
  REQUIRE(read.ok);
  return Summarise(read, options);
}

TEST_CASE("summary: status, times, transitions, payloads") {
  Summary s = SummaryOf(Nested());
  CHECK(s.status == ExecutionStatus::kFailed);
  CHECK(s.start_ms == kStartMs);
  CHECK(s.stop_ms == kStartMs + 2500);
  CHECK(s.duration_ms == 2500);
  CHECK(s.state_transitions == 6);  // the *StateEntered events
  CHECK(s.event_count == 26);
  CHECK(s.input == Json{{"items", {1, 2}}});
  CHECK_FALSE(s.output.has_value());
  CHECK(s.error == "Worker.Crash");
  CHECK(s.cause == "segfault");
}

TEST_CASE("summary: the root cause is the deepest originating failure") {
  Summary s = SummaryOf(Nested());
  const RootCauseSummary& root = s.root_cause;
  REQUIRE(root.found);
  CHECK(root.state == "Work");
  CHECK(root.state_type == "Task");
  CHECK(root.frame_path == "Fan[1]/Each[1]");
  CHECK(root.event_id == 20);
  CHECK(root.event_type == "TaskFailed");
  CHECK(root.error == "Worker.Crash");
  CHECK(root.cause == "segfault");
}

TEST_CASE("summary: Map iterations collapse into one row") {
  Summary s = SummaryOf(Nested());
  REQUIRE(s.timeline.size() == 7);
  const TimelineRow& iterations = s.timeline[6];
  CHECK(iterations.kind == RowKind::kMapIterations);
  CHECK(iterations.depth == 3);
  CHECK(iterations.name == "2 iterations");
  CHECK(iterations.iterations == 2);
  CHECK(iterations.status_counts == std::map<std::string, int>{{"Failed", 1}, {"Succeeded", 1}});
  CHECK(iterations.status == "Failed");
  CHECK(iterations.offset_ms == 800);
  CHECK(iterations.duration_ms == 1300);
  CHECK(iterations.frame_path == "Fan[1]");
  CHECK(RenderTimelineText(s) ==
        "OFFSET  DURATION  STATUS     ATTEMPTS  STATE                                        TYPE      "
        "RESOURCE\n"
        "+100ms     100ms  Succeeded            Prepare                                      Pass\n"
        "+300ms    2.100s  Failed               Fan                                          Parallel\n"
        "+500ms    1.800s  Aborted                [branch 0]\n"
        "+500ms    1.800s  Aborted                  Pause                                    Wait\n"
        "+600ms    1.600s  Failed                 [branch 1]\n"
        "+600ms    1.600s  Failed                   Each                                     Map\n"
        "+800ms    1.300s  Failed                     [2 iterations: 1 Failed, 1 Succeeded]\n");
}

TEST_CASE("summary: Map iterations expand on request") {
  SummaryOptions options;
  options.expand_map = true;
  Summary s = SummaryOf(Nested(), options);
  std::vector<std::string> rows;
  for (const TimelineRow& row : s.timeline)
    rows.push_back(std::to_string(row.depth) + " " + row.name + " " + row.status);
  CHECK(rows == std::vector<std::string>{"0 Prepare Succeeded", "0 Fan Failed", "1 branch 0 Aborted",
                                         "2 Pause Aborted", "1 branch 1 Failed", "2 Each Failed",
                                         "3 iteration 0 Succeeded", "4 Work Succeeded",
                                         "3 iteration 1 Failed", "4 Work Failed"});
  CHECK(s.timeline[9].attempts == 1);
  CHECK(s.timeline[9].resource == "lambda:invoke");
  CHECK(s.timeline[9].offset_ms == 1100);
  CHECK(s.timeline[9].duration_ms == 1000);
  CHECK(s.timeline[9].frame_path == "Fan[1]/Each[1]");
  CHECK(RenderTimelineText(s) ==
        " OFFSET  DURATION  STATUS     ATTEMPTS  STATE                TYPE      RESOURCE\n"
        " +100ms     100ms  Succeeded            Prepare              Pass\n"
        " +300ms    2.100s  Failed               Fan                  Parallel\n"
        " +500ms    1.800s  Aborted                [branch 0]\n"
        " +500ms    1.800s  Aborted                  Pause            Wait\n"
        " +600ms    1.600s  Failed                 [branch 1]\n"
        " +600ms    1.600s  Failed                   Each             Map\n"
        " +800ms    1.000s  Succeeded                  [iteration 0]\n"
        "+1.000s     700ms  Succeeded         1          Work         Task      lambda:invoke\n"
        " +900ms    1.200s  Failed                     [iteration 1]\n"
        "+1.100s    1.000s  Failed            1          Work         Task      lambda:invoke\n");
}

TEST_CASE("summary: text rendering") {
  Summary s = SummaryOf(Nested());
  CHECK(RenderSummaryText(s) ==
        "Status       FAILED\n"
        "Started      2023-11-14T22:13:20.000Z\n"
        "Stopped      2023-11-14T22:13:22.500Z\n"
        "Duration     2.500s\n"
        "Transitions  6\n"
        "Events       26\n"
        "Error        Worker.Crash\n"
        "Cause        segfault\n"
        "Failed at    'Work' (Task), iteration 1 of 'Each' in branch 1 of 'Fan', event 20 (TaskFailed)\n"
        "Input        {\"items\":[1,2]}\n");
}

TEST_CASE("summary: text of a succeeded, a running and a structure-only execution") {
  HistoryWriter w;
  w.Start({{"n", 1}});
  w.Entered("Pass", "P", 0);
  w.Exited("Pass", "P", 2, {{"n", 2}});
  Summary running = SummaryOf(w);
  CHECK(running.status == ExecutionStatus::kRunning);
  CHECK(RenderSummaryText(running) ==
        "Status       RUNNING\n"
        "Started      2023-11-14T22:13:20.000Z\n"
        "Stopped      -\n"
        "Duration     -\n"
        "Transitions  1\n"
        "Events       3\n"
        "Input        {\"n\":1}\n");
  w.Add("ExecutionSucceeded", 3, {{"output", {{"n", std::string(400, 'x')}}}});
  Summary done = SummaryOf(w);
  SummaryOptions options;
  options.max_payload_chars = 20;
  std::string text = RenderSummaryText(done, options);
  CHECK(text.find("Duration     300ms\n") != std::string::npos);
  CHECK(text.find("Output       {\"n\":\"xxxxxxxxxxxxxx... (408 bytes)\n") != std::string::npos);

  std::string bare = R"({"events": [
    {"timestamp": "timestamp", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
     "executionStartedEventDetails": {"roleArn": "r"}},
    {"timestamp": "timestamp", "type": "ExecutionSucceeded", "id": 2, "previousEventId": 1}]})";
  ReadResult read = ReadHistory(bare, "bare.json");
  REQUIRE(read.ok);
  CHECK(RenderSummaryText(Summarise(read)) ==
        "Status       SUCCEEDED\n"
        "Started      unknown (recorded as 'timestamp')\n"
        "Stopped      unknown (recorded as 'timestamp')\n"
        "Duration     -\n"
        "Transitions  0\n"
        "Events       2\n"
        "Input        (not recorded)\n"
        "Output       (not recorded)\n"
        "Note         the history holds no input or output data\n");
}

TEST_CASE("summary: JSON rendering") {
  Summary s = SummaryOf(Nested());
  Json json = SummaryToJson(s);
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"status", "startDate", "stopDate", "durationMs", "stateTransitions",
                                         "eventCount", "input", "output", "error", "cause", "rootCause",
                                         "structureOnly", "incomplete", "timeline"});
  CHECK(json["status"] == "FAILED");
  CHECK(json["stopDate"] == "2023-11-14T22:13:22.500Z");
  CHECK(json["output"].is_null());
  CHECK(
      json["rootCause"].dump() ==
      R"({"state":"Work","stateType":"Task","framePath":"Fan[1]/Each[1]","frame":"iteration 1 of 'Each' in branch 1 )"
      R"(of 'Fan'","error":"Worker.Crash","cause":"segfault","eventId":20,"eventType":"TaskFailed"})");
  CHECK(
      json["timeline"][0].dump() ==
      R"({"kind":"state","depth":0,"name":"Prepare","type":"Pass","framePath":"","offsetMs":100,"durationMs":100,)"
      R"("status":"Succeeded","attempts":0,"enteredEventId":2})");
  CHECK(json["timeline"][6].dump() ==
        R"({"kind":"mapIterations","depth":3,"name":"2 iterations","framePath":"Fan[1]","offsetMs":800,)"
        R"("durationMs":1300,"status":"Failed","iterations":2,"statusCounts":{"Failed":1,"Succeeded":1}})");
}

}  // namespace
}  // namespace sfn::history
