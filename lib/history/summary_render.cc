// Text and JSON renderers of Summary (declared in summary.h).
#include <algorithm>

#include "history/summary.h"
#include "history/timestamps.h"

namespace sfn::history {
namespace {

constexpr size_t kLabelWidth = 13;

// Cuts text to at most `limit` bytes on a UTF-8 boundary, marking the cut with "...".
std::string Shorten(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

// Keeps a value on one line: line breaks become spaces.
std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

std::string TimeText(std::optional<int64_t> ms, const std::string& text) {
  if (ms) return FormatTimestamp(*ms);
  return text.empty() ? "-" : "unknown (recorded as '" + text + "')";
}

void Line(std::string& out, std::string_view label, const std::string& value) {
  out += label;
  out.append(kLabelWidth > label.size() ? kLabelWidth - label.size() : 1, ' ');
  out += value;
  out += '\n';
}

// "'Work' (Task), iteration 1 of 'Each' in branch 1 of 'Fan', event 20 (TaskFailed)".
std::string PlaceText(const RootCauseSummary& root) {
  std::vector<std::string> parts;
  if (!root.state.empty()) {
    parts.push_back("'" + root.state + "'" + (root.state_type.empty() ? "" : " (" + root.state_type + ")"));
  }
  if (!root.frame_description.empty()) parts.push_back(root.frame_description);
  if (root.event_id != 0) {
    parts.push_back("event " + std::to_string(root.event_id) +
                    (root.event_type.empty() ? "" : " (" + root.event_type + ")"));
  }
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

std::string PayloadText(const std::optional<Json>& value, size_t limit) {
  if (!value) return "-";
  return Shorten(OneLine(DumpCompact(*value)), limit);
}

std::string OffsetText(std::optional<int64_t> ms) { return ms ? "+" + FormatDuration(*ms) : "-"; }
std::string DurationText(std::optional<int64_t> ms) { return ms ? FormatDuration(*ms) : "-"; }

std::string StateCell(const TimelineRow& row) {
  std::string indent(static_cast<size_t>(row.depth) * 2, ' ');
  if (row.kind == RowKind::kFrame) return indent + "[" + row.name + "]";
  if (row.kind == RowKind::kMapIterations) {
    std::string counts;
    for (const auto& [status, count] : row.status_counts) {
      counts += (counts.empty() ? "" : ", ") + std::to_string(count) + " " + status;
    }
    return indent + "[" + row.name + (counts.empty() ? "" : ": " + counts) + "]";
  }
  return indent + row.name;
}

std::vector<std::string> Cells(const TimelineRow& row) {
  // Attempts matter for Tasks and for retried Parallel and Map states.
  bool show_attempts = row.attempts > 1 || (row.attempts == 1 && row.type == "Task");
  return {OffsetText(row.offset_ms),
          DurationText(row.duration_ms),
          row.status,
          show_attempts ? std::to_string(row.attempts) : "",
          StateCell(row),
          row.type,
          row.resource};
}

void AppendRow(std::string& out, const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
  static constexpr bool kRightAligned[] = {true, true, false, true, false, false, false};
  std::string line;
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) line += "  ";
    size_t pad = widths[c] - cells[c].size();
    if (kRightAligned[c]) line.append(pad, ' ');
    line += cells[c];
    if (!kRightAligned[c]) line.append(pad, ' ');
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out += line + '\n';
}

Json OptionalNumber(std::optional<int64_t> value) { return value ? Json(*value) : Json(nullptr); }

Json RowToJson(const TimelineRow& row) {
  static constexpr const char* kKinds[] = {"state", "frame", "mapIterations"};
  Json out = Json::object();
  out["kind"] = kKinds[static_cast<int>(row.kind)];
  out["depth"] = row.depth;
  out["name"] = row.name;
  if (!row.type.empty()) out["type"] = row.type;
  out["framePath"] = row.frame_path;
  out["offsetMs"] = OptionalNumber(row.offset_ms);
  out["durationMs"] = OptionalNumber(row.duration_ms);
  out["status"] = row.status;
  if (row.kind == RowKind::kState) {
    out["attempts"] = row.attempts;
    if (!row.resource.empty()) out["resource"] = row.resource;
    out["enteredEventId"] = row.entered_event_id;
  }
  if (row.kind == RowKind::kMapIterations) {
    out["iterations"] = row.iterations;
    out["statusCounts"] = Json::object();
    for (const auto& [status, count] : row.status_counts) out["statusCounts"][status] = count;
  }
  return out;
}

Json RootCauseToJson(const RootCauseSummary& root) {
  if (!root.found) return nullptr;
  Json out = Json::object();
  out["state"] = root.state;
  out["stateType"] = root.state_type;
  out["framePath"] = root.frame_path;
  out["frame"] = root.frame_description;
  out["error"] = root.error;
  out["cause"] = root.cause;
  out["eventId"] = root.event_id;
  out["eventType"] = root.event_type;
  return out;
}

}  // namespace

std::string RenderSummaryText(const Summary& summary, const SummaryOptions& options) {
  std::string out;
  Line(out, "Status", std::string(ExecutionStatusName(summary.status)));
  Line(out, "Started", TimeText(summary.start_ms, summary.start_text));
  Line(out, "Stopped",
       summary.status == ExecutionStatus::kRunning ? "-" : TimeText(summary.stop_ms, summary.stop_text));
  Line(out, "Duration", DurationText(summary.duration_ms));
  Line(out, "Transitions", std::to_string(summary.state_transitions));
  Line(out, "Events", std::to_string(summary.event_count));
  if (!summary.error.empty()) Line(out, "Error", summary.error);
  if (!summary.cause.empty()) Line(out, "Cause", Shorten(OneLine(summary.cause), options.max_payload_chars));
  if (summary.root_cause.found) {
    const RootCauseSummary& root = summary.root_cause;
    Line(out, "Failed at", PlaceText(root));
    if (root.error != summary.error && !root.error.empty()) Line(out, "Root error", root.error);
    if (root.cause != summary.cause && !root.cause.empty()) {
      Line(out, "Root cause", Shorten(OneLine(root.cause), options.max_payload_chars));
    }
  }
  Line(out, "Input",
       summary.structure_only ? "(not recorded)" : PayloadText(summary.input, options.max_payload_chars));
  if (summary.status == ExecutionStatus::kSucceeded) {
    Line(out, "Output",
         summary.structure_only ? "(not recorded)" : PayloadText(summary.output, options.max_payload_chars));
  }
  if (summary.structure_only) Line(out, "Note", "the history holds no input or output data");
  if (summary.incomplete) Line(out, "Note", "the history is incomplete: more pages exist");
  return out;
}

std::string RenderTimelineText(const Summary& summary) {
  std::vector<std::vector<std::string>> table;
  table.push_back({"OFFSET", "DURATION", "STATUS", "ATTEMPTS", "STATE", "TYPE", "RESOURCE"});
  for (const TimelineRow& row : summary.timeline) table.push_back(Cells(row));
  std::vector<size_t> widths(table.front().size(), 0);
  for (const auto& cells : table) {
    for (size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], cells[c].size());
  }
  std::string out;
  for (const auto& cells : table) AppendRow(out, cells, widths);
  return out;
}

Json SummaryToJson(const Summary& summary) {
  Json out = Json::object();
  out["status"] = ExecutionStatusName(summary.status);
  out["startDate"] = summary.start_ms
                         ? Json(FormatTimestamp(*summary.start_ms))
                         : (summary.start_text.empty() ? Json(nullptr) : Json(summary.start_text));
  out["stopDate"] = summary.stop_ms ? Json(FormatTimestamp(*summary.stop_ms))
                                    : (summary.stop_text.empty() ? Json(nullptr) : Json(summary.stop_text));
  out["durationMs"] = OptionalNumber(summary.duration_ms);
  out["stateTransitions"] = summary.state_transitions;
  out["eventCount"] = summary.event_count;
  out["input"] = summary.input ? *summary.input : Json(nullptr);
  out["output"] = summary.output ? *summary.output : Json(nullptr);
  out["error"] = summary.error.empty() ? Json(nullptr) : Json(summary.error);
  out["cause"] = summary.cause.empty() ? Json(nullptr) : Json(summary.cause);
  out["rootCause"] = RootCauseToJson(summary.root_cause);
  out["structureOnly"] = summary.structure_only;
  out["incomplete"] = summary.incomplete;
  out["timeline"] = Json::array();
  for (const TimelineRow& row : summary.timeline) out["timeline"].push_back(RowToJson(row));
  return out;
}

}  // namespace sfn::history
