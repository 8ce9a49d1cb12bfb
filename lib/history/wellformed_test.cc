#include "history/wellformed.h"

#include <doctest/doctest.h>

#include <functional>
#include <map>

#include "history/history_test_util.h"

namespace sfn::history {
namespace {

using testing::HistoryWriter;

// "code@event" for each finding.
std::vector<std::string> Codes(const ReadResult& read) {
  std::vector<std::string> out;
  for (const Finding& f : CheckWellFormed(read)) out.push_back(f.code + "@" + std::to_string(f.event_id));
  return out;
}

// A clean history: Pass, then a Task with one retry, then success.
HistoryWriter Clean() {
  HistoryWriter w;
  w.Start();                                                      // 1
  w.Entered("Pass", "A", 0);                                      // 2
  w.Exited("Pass", "A", 2);                                       // 3
  w.Entered("Task", "T", 3);                                      // 4
  w.Scheduled(4);                                                 // 5
  w.TaskStarted(5);                                               // 6
  w.TaskFailed(6, "E");                                           // 7
  w.Scheduled(7);                                                 // 8
  w.TaskStarted(8);                                               // 9
  w.TaskSucceeded(9);                                             // 10
  w.Exited("Task", "T", 10);                                      // 11
  w.Add("ExecutionSucceeded", 11, {{"output", Json::object()}});  // 12
  return w;
}

ReadResult ReadEvents(const Json& events) {
  ReadResult read = ReadHistory(Json{{"events", events}}.dump(), "t.json");
  REQUIRE(read.ok);
  return read;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

struct RuleCase {
  std::string name;
  std::function<Json(Json)> mutate;  // changes the clean history's events
  std::vector<std::string> expected;
};

// Gives events ids 1..n again, keeping previousEventId pointing at the same events (0 when removed).
Json Renumber(Json events) {
  std::map<int64_t, int64_t> new_id;
  for (size_t i = 0; i < events.size(); ++i)
    new_id[events[i]["id"].get<int64_t>()] = static_cast<int64_t>(i) + 1;
  for (Json& e : events) {
    e["id"] = new_id[e["id"].get<int64_t>()];
    auto it = new_id.find(e["previousEventId"].get<int64_t>());
    e["previousEventId"] = it == new_id.end() ? 0 : it->second;
  }
  return events;
}

Json Erase(Json events, size_t index) {
  events.erase(events.begin() + static_cast<std::ptrdiff_t>(index));
  return events;
}

TEST_CASE("wellformed: a clean history has no findings") { CHECK(Codes(Clean().Read()).empty()); }

TEST_CASE("wellformed: each rule can fail") {
  const RuleCase cases[] = {
      {"ExecutionStarted not first",
       [](Json e) {
         e[0]["type"] = "PassStateEntered";
         e[0]["stateEnteredEventDetails"] = {{"name", "X"}};
         e[0].erase("executionStartedEventDetails");
         return e;
       },
       {"HISTORY_EXECUTION_START@1", "HISTORY_PREV_ZERO@2", "HISTORY_UNCLOSED_STATE@1"}},
      {"id gap",
       [](Json e) { return Erase(e, 4); },
       {"HISTORY_ID_GAP@6", "HISTORY_PREV_INVALID@6", "HISTORY_STATE_ORDER@6"}},
      {"previous id names a later event",
       [](Json e) {
         e[2]["previousEventId"] = 9;
         return e;
       },
       {"HISTORY_PREV_INVALID@3"}},
      {"previous id 0 in the middle",
       [](Json e) {
         e[4]["previousEventId"] = 0;
         return e;
       },
       {"HISTORY_PREV_ZERO@5"}},
      {"two terminal events",
       [](Json e) {
         e.push_back(
             {{"id", 13}, {"previousEventId", 12}, {"timestamp", 1700000002.0}, {"type", "ExecutionFailed"}});
         return e;
       },
       {"HISTORY_TERMINAL@13"}},
      {"events after the terminal event",
       [](Json e) {
         e.push_back({{"id", 13},
                      {"previousEventId", 11},
                      {"timestamp", 1700000002.0},
                      {"type", "PassStateEntered"},
                      {"stateEnteredEventDetails", {{"name", "Late"}}}});
         return e;
       },
       {"HISTORY_TERMINAL@13", "HISTORY_UNCLOSED_STATE@13"}},
      {"unknown type",
       [](Json e) {
         e[2]["type"] = "PassStateWandered";
         return e;
       },
       {"HISTORY_UNKNOWN_TYPE@3", "HISTORY_UNCLOSED_STATE@2"}},
      {"details of another type",
       [](Json e) {
         e[4]["taskStartedEventDetails"] = e[4]["taskScheduledEventDetails"];
         e[4].erase("taskScheduledEventDetails");
         return e;
       },
       {"HISTORY_DETAILS_MISMATCH@5"}},
      {"state without a name",
       [](Json e) {
         e[1]["stateEnteredEventDetails"].erase("name");
         e[2]["stateExitedEventDetails"].erase("name");
         return e;
       },
       {"HISTORY_MISSING_NAME@2", "HISTORY_MISSING_NAME@3"}},
      {"TaskStarted before TaskScheduled",
       [](Json e) {
         std::swap(e[4]["type"], e[5]["type"]);
         std::swap(e[4]["taskScheduledEventDetails"], e[5]["taskStartedEventDetails"]);
         return e;
       },
       {"HISTORY_DETAILS_MISMATCH@5", "HISTORY_DETAILS_MISMATCH@6", "HISTORY_STATE_ORDER@5"}},
      {"TaskSucceeded without TaskStarted",
       [](Json e) {
         e = Erase(e, 8);
         e[8]["previousEventId"] = 8;  // TaskSucceeded follows TaskScheduled
         return Renumber(e);
       },
       {"HISTORY_STATE_ORDER@9"}},
      {"a Task exits before its outcome",
       [](Json e) {
         e[9]["type"] = "TaskStateExited";
         e[9]["stateExitedEventDetails"] = {{"name", "T"}};
         e[9].erase("taskSucceededEventDetails");
         return Erase(e, 10);
       },
       {"HISTORY_ID_GAP@12", "HISTORY_STATE_ORDER@10", "HISTORY_PREV_INVALID@12"}},
      {"exit without entry",
       [](Json e) {
         e[1]["stateEnteredEventDetails"]["name"] = "Other";
         return e;
       },
       {"HISTORY_UNCLOSED_STATE@2", "HISTORY_ORPHAN_EVENT@3"}},
      {"timestamp older than the previous event",
       [](Json e) {
         e[3]["timestamp"] = 1600000000.0;
         return e;
       },
       {"HISTORY_TIMESTAMP_ORDER@4"}},
  };
  for (const RuleCase& c : cases) {
    CAPTURE(c.name);
    ReadResult read = ReadEvents(c.mutate(Clean().Events()));
    std::vector<std::string> codes = Codes(read);
    std::sort(codes.begin(), codes.end());
    std::vector<std::string> expected = c.expected;
    std::sort(expected.begin(), expected.end());
    CHECK(Join(codes) == Join(expected));
  }
}

TEST_CASE("wellformed: an empty history") {
  std::vector<Finding> findings = CheckWellFormed({}, BuildFrames({}));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == "HISTORY_EMPTY");
}

TEST_CASE("wellformed: duplicate ids come from the reader") {
  Json events = Clean().Events();
  Json page1 = {{"events", Json::array({events[0], events[1], events[2]})}};
  Json rest = Json::array();
  for (size_t i = 2; i < events.size(); ++i) rest.push_back(events[i]);
  ReadResult read = ReadHistory(page1.dump() + Json{{"events", rest}}.dump(), "t.json");
  REQUIRE(read.ok);
  CHECK(Join(Codes(read)) == Join({"HISTORY_DUPLICATE_ID@3"}));
}

TEST_CASE("wellformed: a Parallel that succeeds before it starts") {
  HistoryWriter w;
  w.Start();
  w.Entered("Parallel", "P", 0);
  w.Add("ParallelStateSucceeded", 2);
  CHECK(Join(Codes(w.Read())) == Join({"HISTORY_STATE_ORDER@3"}));
}

TEST_CASE("wellformed: Map iteration order") {
  HistoryWriter w;
  w.Start();
  w.Entered("Map", "M", 0);                      // 2
  w.Add("MapStateStarted", 2, {{"length", 1}});  // 3
  w.Iteration("Started", "M", 0, 3);             // 4
  w.Iteration("Started", "M", 0, 3);             // 5
  w.Iteration("Succeeded", "M", 1, 5);           // 6
  CHECK(Join(Codes(w.Read())) == Join({"HISTORY_ITERATION_ORDER@5", "HISTORY_ITERATION_ORDER@6"}));
}

TEST_CASE("wellformed: a succeeded execution with a state still open") {
  HistoryWriter w;
  w.Start();
  w.Entered("Wait", "W", 0);
  w.Add("ExecutionSucceeded", 2, {{"output", Json::object()}});
  CHECK(Join(Codes(w.Read())) == Join({"HISTORY_UNCLOSED_STATE@2"}));
}

TEST_CASE("wellformed: a running execution is not an error") {
  HistoryWriter w;
  w.Start();
  w.Entered("Task", "T", 0);
  w.Scheduled(2);
  w.TaskStarted(3);
  CHECK(Codes(w.Read()).empty());
}

TEST_CASE("wellformed: a redriven execution may carry several terminal events") {
  HistoryWriter w;
  w.Start();
  w.Entered("Task", "T", 0);                                      // 2
  w.Scheduled(2);                                                 // 3
  w.TaskStarted(3);                                               // 4
  w.TaskFailed(4, "E");                                           // 5
  w.Add("ExecutionFailed", 5, {{"error", "E"}});                  // 6
  w.Add("ExecutionRedriven", 6, {{"redriveCount", 1}});           // 7
  w.Entered("Task", "T", 7);                                      // 8
  w.Scheduled(8);                                                 // 9
  w.TaskStarted(9);                                               // 10
  w.TaskSucceeded(10);                                            // 11
  w.Exited("Task", "T", 11);                                      // 12
  w.Add("ExecutionSucceeded", 12, {{"output", Json::object()}});  // 13
  ReadResult read = w.Read();
  CHECK(Codes(read).empty());
  CHECK(BuildFrames(read.events).execution_status == ExecutionStatus::kSucceeded);
}

TEST_CASE("wellformed: masked ids tolerate gaps and reordered branches") {
  std::string text = R"([
    {"id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted"},
    {"id": 2, "previousEventId": 0, "timestamp": "timestamp", "type": "ParallelStateEntered",
     "stateEnteredEventDetails": {"name": "P"}},
    {"id": 3, "previousEventId": 2, "timestamp": "timestamp", "type": "ParallelStateStarted"},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "TaskStateEntered",
     "stateEnteredEventDetails": {"name": "T"}},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "TaskFailed",
     "taskFailedEventDetails": {"error": "E"}},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "TaskScheduled",
     "taskScheduledEventDetails": {"resource": "invoke"}},
    {"id": 9, "previousEventId": 7, "timestamp": "timestamp", "type": "ParallelStateExited",
     "stateExitedEventDetails": {"name": "P"}},
    {"id": 10, "previousEventId": 9, "timestamp": "timestamp", "type": "ExecutionSucceeded"}])";
  ReadResult read = ReadHistory(text, "masked.json");
  REQUIRE(read.ok);
  CHECK(OptionsFor(read).tolerate_masked_ids);
  CHECK(Codes(read).empty());
  FrameTree tree = BuildFrames(read.events);
  CHECK_FALSE(CheckWellFormed(read.events, tree, WellFormedOptions{}).empty());
}

}  // namespace
}  // namespace sfn::history
