#include "history/reader.h"

#include <doctest/doctest.h>

#include "history/event.h"
#include "history/history_test_util.h"
#include "history/json_documents.h"
#include "history/timestamps.h"

namespace sfn::history {
namespace {

using testing::HistoryWriter;
using testing::kStartMs;

std::string Ids(const ReadResult& read) {
  std::string out;
  for (const Event& e : read.events) out += (out.empty() ? "" : ",") + std::to_string(e.id);
  return out;
}

HistoryWriter PassHistory() {
  HistoryWriter w;
  int64_t start = w.Start({{"a", 1}});
  int64_t entered = w.Entered("Pass", "P", 0, {{"a", 1}});
  int64_t exited = w.Exited("Pass", "P", entered, {{"b", 2}});
  (void)start;
  w.Add("ExecutionSucceeded", exited, {{"output", {{"b", 2}}}});
  return w;
}

TEST_CASE("reader: event type table is sorted and complete") {
  for (std::string_view type :
       {"ActivityFailed", "ActivityScheduleFailed", "ActivityScheduled", "ChoiceStateEntered",
        "EvaluationFailed", "ExecutionRedriven", "LambdaFunctionScheduleFailed", "LambdaFunctionStarted",
        "MapIterationAborted", "MapRunRedriven", "MapStateAborted", "ParallelStateSucceeded",
        "TaskStartFailed", "TaskStateAborted", "TaskSubmitFailed", "TaskSubmitted", "TaskSucceeded",
        "WaitStateExited"}) {
    const EventTypeInfo* info = FindEventType(type);
    REQUIRE(info != nullptr);
    CHECK(info->type == type);
  }
  CHECK(FindEventType("PassStateAborted") == nullptr);
  CHECK(StateTypeOf("LambdaFunctionScheduled") == "Task");
  CHECK(DetailsKeyOf("FailStateEntered") == "stateEnteredEventDetails");
  CHECK(DetailsKeyOf("ParallelStateStarted") == "");
  CHECK(RoleOf("MapRunFailed") == EventRole::kMapRunFailed);
}

TEST_CASE("reader: API response with JSON-encoded payloads") {
  ReadResult read = PassHistory().Read();
  REQUIRE(read.ok);
  CHECK(read.format == HistoryFormat::kApiResponse);
  CHECK(FormatName(read.format) == "api");
  REQUIRE(read.events.size() == 4);
  const Event& entered = read.events[1];
  CHECK(entered.id == 2);
  CHECK(entered.previous_id == 0);
  CHECK(entered.type == "PassStateEntered");
  CHECK(entered.details_key == "stateEnteredEventDetails");
  CHECK(entered.details["input"] == Json{{"a", 1}});
  CHECK(entered.payload_present);
  CHECK(entered.timestamp_ms == kStartMs + 100);
  CHECK(read.events[3].details["output"] == Json{{"b", 2}});
  CHECK_FALSE(read.structure_only);
  CHECK_FALSE(read.normalisation.Any());
  CHECK(read.pages == 1);
}

TEST_CASE("reader: several pages, concatenated or in an array, in any order") {
  Json events = PassHistory().Events();
  Json page1 = {{"events", Json::array({events[0], events[1]})}, {"nextToken", "t1"}};
  Json page2 = {{"events", Json::array({events[2], events[3]})}};
  SUBCASE("concatenated documents") {
    ReadResult read = ReadHistory(page1.dump(2) + "\n" + page2.dump(), "pages.json");
    REQUIRE(read.ok);
    CHECK(Ids(read) == "1,2,3,4");
    CHECK(read.pages == 2);
    CHECK_FALSE(read.incomplete);
  }
  SUBCASE("array of pages, last page first") {
    ReadResult read = ReadHistory(Json::array({page2, page1}).dump(), "pages.json");
    REQUIRE(read.ok);
    CHECK(Ids(read) == "1,2,3,4");
    CHECK(read.pages == 2);
    CHECK(read.incomplete);  // the last page read carried a token
  }
}

TEST_CASE("reader: overlapping pages drop duplicate ids") {
  Json events = PassHistory().Events();
  Json page1 = {{"events", Json::array({events[0], events[1], events[2]})}};
  Json page2 = {{"events", Json::array({events[2], events[3]})}};
  ReadResult read = ReadHistory(page1.dump() + page2.dump(), "pages.json");
  REQUIRE(read.ok);
  CHECK(Ids(read) == "1,2,3,4");
  CHECK(read.duplicate_ids == std::vector<int64_t>{3});
}

TEST_CASE("reader: AWS CLI output with ISO-8601 timestamps") {
  std::string text = R"({
    "events": [
      {"timestamp": "2024-05-03T13:41:47.123000+02:00", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
       "executionStartedEventDetails": {"input": "{}", "inputDetails": {"truncated": false}}},
      {"timestamp": "2024-05-03T13:41:48.500000+02:00", "type": "PassStateEntered", "id": 2, "previousEventId": 0,
       "stateEnteredEventDetails": {"name": "P", "input": "{}"}}
    ],
    "NextToken": "eyJuZXh0VG9rZW4iOiBudWxsfQ=="
  })";
  ReadResult read = ReadHistory(text, "cli.json");
  REQUIRE(read.ok);
  CHECK(read.format == HistoryFormat::kCliOutput);
  CHECK(read.incomplete);
  CHECK(read.events[0].timestamp_ms == 1714736507123);
  CHECK(read.events[1].timestamp_ms == 1714736508500);
  CHECK(read.events[0].timestamp_text == "2024-05-03T13:41:47.123000+02:00");
}

TEST_CASE("reader: CloudWatch Logs lines") {
  std::string text =
      R"({"id":"1","type":"ExecutionStarted","details":{"input":"{\"x\":1}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::1:role/r"},"previous_event_id":"0","event_timestamp":"1700000000000","execution_arn":"arn:aws:states:us-east-1:1:express:sm:e1:x","redrive_count":"0"})"
      "\n"
      R"({"id":"2","type":"PassStateEntered","details":{"name":"P","input":"{\"x\":1}","inputDetails":{"truncated":false}},"previous_event_id":"0","event_timestamp":"1700000000015","execution_arn":"arn:aws:states:us-east-1:1:express:sm:e1:x","redrive_count":"0"})"
      "\n"
      R"({"id":"3","type":"PassStateExited","details":{"name":"P","output":"{\"x\":1}","outputDetails":{"truncated":true}},"previous_event_id":"2","event_timestamp":"1700000000016","execution_arn":"arn:aws:states:us-east-1:1:express:sm:e1:x","redrive_count":"0"})"
      "\n";
  ReadResult read = ReadHistory(text, "express.log");
  REQUIRE(read.ok);
  CHECK(read.format == HistoryFormat::kCloudWatchLogs);
  REQUIRE(read.events.size() == 3);
  CHECK(read.events[2].id == 3);
  CHECK(read.events[2].previous_id == 2);
  CHECK(read.events[2].details_key == "stateExitedEventDetails");
  CHECK(read.events[2].details["output"] == Json{{"x", 1}});
  CHECK(read.events[1].timestamp_ms == 1700000000015);
  CHECK(read.execution_arn == "arn:aws:states:us-east-1:1:express:sm:e1:x");
  CHECK(read.payloads_truncated);
  CHECK(read.events[2].payload_truncated);
}

TEST_CASE("reader: CloudWatch Logs lines of two executions are refused") {
  std::string text = R"({"id":"1","type":"ExecutionStarted","details":{},"execution_arn":"a"})"
                     "\n"
                     R"({"id":"1","type":"ExecutionStarted","details":{},"execution_arn":"b"})";
  ReadResult read = ReadHistory(text, "mixed.log");
  CHECK_FALSE(read.ok);
  REQUIRE(read.errors.size() == 1);
  CHECK(FormatIssue("mixed.log", read.errors[0]) ==
        "mixed.log:2:1: event 1: the log holds events of several executions ('a', 'b'): keep one execution's "
        "lines");
}

TEST_CASE("reader: filter-log-events output wrapping log lines in messages") {
  Json line1 = {{"id", "1"},
                {"type", "ExecutionStarted"},
                {"details", {{"input", "{}"}}},
                {"previous_event_id", "0"},
                {"event_timestamp", "1700000000000"}};
  Json line2 = {{"id", "2"},
                {"type", "ExecutionSucceeded"},
                {"details", {{"output", "[1]"}}},
                {"previous_event_id", "1"},
                {"event_timestamp", "1700000000001"}};
  Json wrapped = {{"events",
                   {{{"logStreamName", "s"}, {"timestamp", 1}, {"message", line1.dump()}},
                    {{"logStreamName", "s"}, {"timestamp", 2}, {"message", line2.dump()}}}},
                  {"searchedLogStreams", Json::array()}};
  ReadResult read = ReadHistory(wrapped.dump(), "filtered.json");
  REQUIRE(read.ok);
  CHECK(read.format == HistoryFormat::kCloudWatchLogs);
  REQUIRE(read.events.size() == 2);
  CHECK(read.events[1].details["output"] == Json::array({1}));
}

TEST_CASE("reader: bare array of events, newest first") {
  Json events = PassHistory().Events();
  Json reversed = Json::array({events[3], events[2], events[1], events[0]});
  ReadResult read = ReadHistory(reversed.dump(), "events.json");
  REQUIRE(read.ok);
  CHECK(read.format == HistoryFormat::kEventList);
  CHECK(read.reversed);
  CHECK(Ids(read) == "1,2,3,4");
}

TEST_CASE("reader: history without execution data is structure-only") {
  std::string text = R"({"events": [
    {"timestamp": 1700000000.0, "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
     "executionStartedEventDetails": {"roleArn": "r"}},
    {"timestamp": 1700000000.5, "type": "TaskStateEntered", "id": 2, "previousEventId": 0,
     "stateEnteredEventDetails": {"name": "Glue StartJobRun"}}]})";
  ReadResult read = ReadHistory(text, "bare.json");
  REQUIRE(read.ok);
  CHECK(read.structure_only);
  CHECK_FALSE(read.events[1].payload_present);
  CHECK(read.events[1].timestamp_ms == 1700000000500);
}

TEST_CASE("reader: normalised recordings are read without failing") {
  std::string text = R"({"events": [
    {"id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted",
     "executionStartedEventDetails": {"input": {"a": [1, 2]}, "roleArn": "snf_role_arn"}},
    {"id": 2, "previousEventId": 0, "timestamp": "timestamp", "type": "ParallelStateEntered",
     "stateEnteredEventDetails": {"name": "P", "input": {"a": [1, 2]}}},
    {"id": 3, "previousEventId": 2, "timestamp": "timestamp", "type": "ParallelStateStarted"},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "PassStateEntered",
     "stateEnteredEventDetails": {"name": "B", "input": "{}"}},
    {"id": [0], "previousEventId": 0, "timestamp": "timestamp", "type": "PassStateExited",
     "stateExitedEventDetails": {"name": "B", "output": "stateExitedEventDetails.output"}},
    {"id": 7, "previousEventId": 5, "timestamp": "timestamp", "type": "ParallelStateExited",
     "stateExitedEventDetails": {"name": "P", "output": "[{}]"}}]})";
  ReadResult read = ReadHistory(text, "normalised.json");
  REQUIRE(read.ok);
  CHECK(read.normalisation.timestamps_masked);
  CHECK(read.normalisation.ids_masked);
  CHECK(read.normalisation.payloads_inline);
  CHECK(read.normalisation.payloads_unparsed);
  CHECK(Ids(read) == "1,2,3,4,5,7");
  CHECK(read.events[3].id_masked);
  CHECK_FALSE(read.events[3].timestamp_ms.has_value());
  CHECK(read.events[3].timestamp_text == "timestamp");
  CHECK(read.events[0].details["input"] == Json{{"a", {1, 2}}});
  CHECK(read.events[4].details["output"] == "stateExitedEventDetails.output");
  CHECK(read.events[4].unparsed_payloads == std::vector<std::string>{"output"});
}

struct ErrorCase {
  std::string text;
  std::string expected;
};

TEST_CASE("reader: malformed input reports a position or an event, never throws") {
  const ErrorCase cases[] = {
      {"", "x.json: the history holds no events"},
      {"null", "x.json:1:1: the history is null"},
      {"hello", "x.json:1:1: syntax error while parsing value - invalid literal; last read: 'h'"},
      {"{\"events\": [\n  {\"id\": 1,, \"type\": \"ExecutionStarted\"}]}",
       "x.json:2:12: syntax error while parsing object key - unexpected ','; expected string literal"},
      {"{\"events\": [\n  {\"id\": 1}\n", "x.json:3:1: unexpected end of input: missing ']'"},
      {"{\"events\": [}", "x.json:1:13: unexpected '}'"},
      {"[{\"id\": 1, \"type\": \"ExecutionStarted\"}, {\"id\": 2}]",
       "x.json: event 1: event has no 'type' string"},
      {"[1]", "x.json: event 0: event is not an object"},
      {"{\"id\": 1, \"type\": \"ExecutionStarted\", \"details\": {}}\n{\"id\": 2, \"details\": {}}",
       "x.json:2:1: event 1: event has no 'type' string"},
      {"{\"events\": 3}", "x.json:1:1: 'events' is not an array"},
      {"{\"foo\": 1}",
       "x.json:1:1: expected an execution history: an object with 'events', an array of events, or "
       "CloudWatch Logs "
       "lines"},
  };
  for (const ErrorCase& c : cases) {
    CAPTURE(c.text);
    ReadResult read = ReadHistory(c.text, "x.json");
    CHECK_FALSE(read.ok);
    REQUIRE_FALSE(read.errors.empty());
    CHECK(FormatIssue("x.json", read.errors[0]) == c.expected);
  }
}

TEST_CASE("reader: deep nesting is refused without recursion") {
  std::string deep(200000, '[');
  ReadResult read = ReadHistory(deep, "deep.json");
  CHECK_FALSE(read.ok);
  REQUIRE(read.errors.size() == 1);
  CHECK(read.errors[0].message == "nesting deeper than 512 levels");
  CHECK(read.errors[0].column == 513);
}

TEST_CASE("reader: a payload nested too deep stays text") {
  std::string payload = std::string(600, '[') + std::string(600, ']');
  Json doc = {{"events",
               {{{"id", 1},
                 {"previousEventId", 0},
                 {"timestamp", 1.5},
                 {"type", "ExecutionStarted"},
                 {"executionStartedEventDetails", {{"input", payload}}}}}}};
  ReadResult read = ReadHistory(doc.dump(), "x.json");
  REQUIRE(read.ok);
  CHECK(read.events[0].details["input"] == payload);
  CHECK(read.events[0].unparsed_payloads == std::vector<std::string>{"input"});
}

TEST_CASE("reader: assigned variables are parsed") {
  Json doc = {
      {"events",
       {{{"id", 1},
         {"previousEventId", 0},
         {"timestamp", 1.0},
         {"type", "PassStateExited"},
         {"stateExitedEventDetails",
          {{"name", "P"}, {"output", "{}"}, {"assignedVariables", {{"x", "42"}, {"y", "\"s\""}}}}}}}}};
  ReadResult read = ReadHistory(doc.dump(), "x.json");
  REQUIRE(read.ok);
  CHECK(read.events[0].details["assignedVariables"] == Json{{"x", 42}, {"y", "s"}});
}

struct TimeCase {
  std::string text;
  std::optional<int64_t> expected;
};

TEST_CASE("timestamps: the forms AWS writes") {
  const TimeCase cases[] = {
      {"1650505098.965", 1650505098965},
      {"1650505098", 1650505098000},
      {"1650505098965", 1650505098965},  // milliseconds (CloudWatch Logs)
      {"2022-04-21T02:38:18.965000+01:00", 1650505098965},
      {"2022-04-21T01:38:18.965Z", 1650505098965},
      {"2022-04-21 01:38:18", 1650505098000},
      {"2022-04-21T01:38:18-0130", 1650510498000},
      {"1969-12-31T23:59:59.500Z", -500},
      {"timestamp", std::nullopt},
      {"2022-13-21T01:38:18Z", std::nullopt},
      {"2022-04-21T01:38:18Zjunk", std::nullopt},
      {"", std::nullopt},
  };
  for (const TimeCase& c : cases) {
    CAPTURE(c.text);
    CHECK(ParseTimestampText(c.text) == c.expected);
  }
  CHECK(ParseTimestamp(Json(1650505098.965)) == 1650505098965);
  CHECK(ParseTimestamp(Json(nullptr)) == std::nullopt);
}

TEST_CASE("timestamps: formatting") {
  CHECK(FormatTimestamp(1650505098965) == "2022-04-21T01:38:18.965Z");
  CHECK(FormatTimestamp(0) == "1970-01-01T00:00:00.000Z");
  CHECK(FormatTimestamp(-500) == "1969-12-31T23:59:59.500Z");
  const std::pair<int64_t, const char*> durations[] = {
      {0, "0ms"},           {850, "850ms"},     {1234, "1.234s"}, {123456, "2m03.4s"}, {3723000, "1h02m03s"},
      {273600000, "3d04h"}, {-1500, "-1.500s"},
  };
  for (const auto& [ms, text] : durations) CHECK(FormatDuration(ms) == text);
}

TEST_CASE("json documents: splitting and positions") {
  SplitResult split = SplitJsonDocuments("{\"a\":\"}\"} [1,[2]]\n null 3 \"s\\\"\"");
  REQUIRE_FALSE(split.error.has_value());
  REQUIRE(split.documents.size() == 5);
  CHECK(split.documents[0].begin == 0);
  CHECK(split.documents[0].end == 9);
  CHECK(split.documents[1].begin == 10);
  CHECK(split.documents[1].end == 17);
  CHECK(split.documents[2].begin == 19);
  CHECK(split.documents[4].end == 31);
  LineIndex lines("ab\ncd\n");
  CHECK(lines.PositionOf(0).line == 1);
  CHECK(lines.PositionOf(4).line == 2);
  CHECK(lines.PositionOf(4).column == 2);
  CHECK(JsonNestingDepth("[{\"a\":\"[[[\"}]") == 2);
  CHECK(SplitJsonDocuments("{\"a\": [}").error->message == "unexpected '}'");
}

}  // namespace
}  // namespace sfn::history
