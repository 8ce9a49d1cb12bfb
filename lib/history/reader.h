// Reading an execution history in any of the formats it comes in.
//
// ReadHistory detects the format by itself:
//   - the GetExecutionHistory API response {"events": [...], "nextToken": ...}, one page or several
//     pages (concatenated documents, or a JSON array of pages); sfn writes its own histories this way;
//   - AWS CLI output (the same shape, "NextToken", ISO-8601 timestamps);
//   - a bare JSON array of events, as recorded snapshots hold them;
//   - CloudWatch Logs lines as Standard and Express workflows log them (one JSON object per line with
//     "id", "type", "details", "previous_event_id", "event_timestamp", "execution_arn"), or the output
//     of `aws logs filter-log-events` that wraps such lines in "message" strings.
// The result is a list of `Event`s in ascending id order with payloads parsed. Recordings normalised by
// test tooling (timestamps reading "timestamp", ids masked as [0], payloads already parsed) are read
// without failing; what was found is reported in `Normalisation` so later checks can tolerate it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "history/event.h"

namespace sfn::history {

enum class HistoryFormat { kUnknown, kApiResponse, kCliOutput, kEventList, kCloudWatchLogs };

// "api", "cli", "events", "cloudwatch-logs", "unknown".
std::string_view FormatName(HistoryFormat format);

// An error or warning of the reader. Positions are 1-based; 0 when unknown.
struct ReadIssue {
  std::string message;
  int line = 0;
  int column = 0;
  int64_t event_index = -1;  // the event's position in the input (0-based, across pages), or -1
};

// "file:3:14: message", or "file: event 12: message" when only the event is known.
std::string FormatIssue(std::string_view source_name, const ReadIssue& issue);

// Traces of normalisation by test tooling found in the input.
struct Normalisation {
  bool timestamps_masked = false;  // a timestamp was not a date (e.g. the text "timestamp")
  bool ids_masked = false;         // an id was not a number; ids were inferred from the position
  bool payloads_inline = false;    // a payload was a JSON value instead of a JSON-encoded string
  bool payloads_unparsed = false;  // a payload string was not JSON (a placeholder); kept as text

  bool Any() const { return timestamps_masked || ids_masked || payloads_inline || payloads_unparsed; }
};

struct ReadResult {
  bool ok = false;
  std::string source_name;
  HistoryFormat format = HistoryFormat::kUnknown;
  std::vector<Event> events;  // ascending by id (document order when ids were masked)
  size_t pages = 0;           // documents or pages that held events
  bool reversed = false;      // the input listed events newest first (reverseOrder=true)
  bool incomplete = false;    // the last page carried a nextToken: more events exist
  std::string next_token;
  std::string execution_arn;        // when the format carries it (CloudWatch Logs)
  bool structure_only = false;      // no payloads at all: fetched with includeExecutionData=false
  bool payloads_truncated = false;  // some payload was cut to size (CloudWatch Logs)
  Normalisation normalisation;
  std::vector<int64_t> duplicate_ids;  // ids seen more than once; later copies were dropped
  std::vector<ReadIssue> errors;
  std::vector<ReadIssue> warnings;
};

// Reads a history from text. Never throws for malformed input: problems are in `errors`.
ReadResult ReadHistory(std::string_view text, std::string source_name);

// Reads a history from an already-parsed JSON value (one document).
ReadResult ReadHistoryJson(const Json& value, std::string source_name);

// The payload fields of event details that AWS encodes as JSON strings.
bool IsPayloadField(std::string_view field);

}  // namespace sfn::history
