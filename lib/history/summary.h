// A console-like summary of one execution: what the AWS console shows on the execution page.
//
// Status, start and stop time, duration, the number of state transitions (the *StateEntered events),
// input and output, the root-cause error and where it first happened, and a timeline with one row per
// state visit (offset from the start, duration, status, attempts, resource), indented for branches and
// iterations. Map iterations are collapsed into one row per Map visit (count and status counts) unless
// `expand_map` is set. Renderers give aligned plain text (no colour codes) or JSON.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "history/event.h"
#include "history/frames.h"
#include "history/reader.h"

namespace sfn::history {

struct SummaryOptions {
  bool expand_map = false;         // one row group per Map iteration instead of one summary row
  size_t max_payload_chars = 300;  // text renderer: input and output are cut after this many characters
};

enum class RowKind { kState, kFrame, kMapIterations };

struct TimelineRow {
  RowKind kind = RowKind::kState;
  int depth = 0;
  std::string name;  // state name; "branch 1" / "iteration 3"; "4 iterations"
  std::string type;  // state type; empty for frame and iteration rows
  std::string frame_path;
  std::optional<int64_t> offset_ms;  // from the execution start
  std::optional<int64_t> duration_ms;
  std::string status;  // StatusName of the visit or frame; for iteration rows the worst status
  int attempts = 0;
  std::string resource;  // "lambda:invoke", an activity or function ARN
  int64_t entered_event_id = 0;
  int iterations = 0;                        // kMapIterations rows
  std::map<std::string, int> status_counts;  // kMapIterations rows: "Succeeded" -> 3
};

struct RootCauseSummary {
  bool found = false;
  std::string state;
  std::string state_type;
  std::string frame_path;         // FramePath of the frame where it happened
  std::string frame_description;  // DescribeFrame of it: "iteration 1 of 'Each' in branch 1 of 'Fan'"
  std::string error;
  std::string cause;
  std::string event_type;
  int64_t event_id = 0;
};

struct Summary {
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> stop_ms;
  std::optional<int64_t> duration_ms;
  std::string start_text;  // the timestamp as written when it is not a date
  std::string stop_text;
  int64_t state_transitions = 0;
  int64_t event_count = 0;
  std::optional<Json> input;
  std::optional<Json> output;
  std::string error;  // of the terminal event
  std::string cause;
  RootCauseSummary root_cause;
  bool structure_only = false;
  bool incomplete = false;
  std::vector<TimelineRow> timeline;
};

Summary Summarise(const std::vector<Event>& events, const FrameTree& tree,
                  const SummaryOptions& options = {});
Summary Summarise(const ReadResult& read, const SummaryOptions& options = {});

// The header block: status, times, transitions, error, input and output, one "Label  value" per line.
std::string RenderSummaryText(const Summary& summary, const SummaryOptions& options = {});
// The timeline as an aligned table with a header line.
std::string RenderTimelineText(const Summary& summary);
Json SummaryToJson(const Summary& summary);

}  // namespace sfn::history
