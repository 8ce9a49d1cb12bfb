#include "history/replay_report.h"

#include <algorithm>

namespace sfn::history {
namespace {

std::string Cut(std::string text, size_t limit) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string ValueText(const std::optional<Json>& value, size_t limit) {
  if (!value) return "(absent)";
  return Cut(DumpCompact(*value), limit);
}

std::string Where(const Divergence& d) {
  std::string text = d.state.empty() ? "the execution" : "state '" + d.state + "'";
  text += d.frame_description.empty() ? ", top level" : ", " + d.frame_description;
  return text;
}

std::string ModeName(ReplayMode mode) { return mode == ReplayMode::kFull ? "full" : "structure-only"; }

void Line(std::string& out, std::string_view label, const std::string& value) {
  out += "  ";
  out += label;
  out.append(label.size() < 10 ? 10 - label.size() : 1, ' ');
  out += value;
  out += '\n';
}

}  // namespace

std::string RenderReplayText(const ReplayResult& result, const ReplayReportOptions& options) {
  std::string out;
  std::string verdict = result.consistent ? "consistent" : "DIVERGED";
  out += "Replay of '" + options.history_name + "' against '" + options.definition_name + "': " + verdict + "\n";
  out += "Recorded: " + std::to_string(result.recorded_events) + " events, " +
         std::string(ExecutionStatusName(result.recorded_status)) + ", " + std::to_string(result.state_visits) +
         " state visits.";
  if (result.mode == ReplayMode::kFull) {
    out += " Replayed: " + std::to_string(result.replayed_events) + " events, " +
           std::string(ExecutionStatusName(result.replayed_status)) + ", " + std::to_string(result.tasks_served) +
           " task outcome" + (result.tasks_served == 1 ? "" : "s") + " served from the recording.";
  } else {
    out += " Structure only: the path was checked against the definition.";
  }
  out += "\n";
  size_t n = result.divergences.size();
  for (size_t i = 0; i < n; ++i) {
    const Divergence& d = result.divergences[i];
    out += "\n";
    std::string heading = options.first_only ? "First divergence" : "Divergence " + std::to_string(i + 1) + " of " +
                                                                        std::to_string(n);
    out += heading + ", at event " + std::to_string(d.event_id);
    if (d.replay_event_id != 0) out += " (replayed event " + std::to_string(d.replay_event_id) + ")";
    out += "\n";
    Line(out, "where", Where(d));
    Line(out, "what", d.aspect + ": " + d.message);
    if (!d.pointer.empty()) Line(out, "pointer", d.pointer);
    Line(out, result.mode == ReplayMode::kFull ? "recorded" : "history", ValueText(d.expected, options.max_value_chars));
    Line(out, result.mode == ReplayMode::kFull ? "replayed" : "allowed", ValueText(d.actual, options.max_value_chars));
  }
  if (options.first_only && n > 0) out += "\nRun with --keep-going to list every divergence.\n";
  return out;
}

Json DivergenceToJson(const Divergence& d) {
  Json j = Json::object();
  j["eventId"] = d.event_id;
  j["replayEventId"] = d.replay_event_id;
  j["frame"] = d.frame;
  j["frameDescription"] = d.frame_description;
  j["state"] = d.state;
  j["aspect"] = d.aspect;
  j["pointer"] = d.pointer;
  if (d.expected) j["expected"] = *d.expected;
  if (d.actual) j["actual"] = *d.actual;
  j["message"] = d.message;
  return j;
}

Json ReplayToJson(const ReplayResult& result) {
  Json j = Json::object();
  j["consistent"] = result.consistent;
  j["mode"] = ModeName(result.mode);
  j["recorded"] = {{"events", result.recorded_events},
                   {"status", std::string(ExecutionStatusName(result.recorded_status))},
                   {"stateVisits", result.state_visits}};
  if (result.mode == ReplayMode::kFull) {
    j["replayed"] = {{"events", result.replayed_events},
                     {"status", std::string(ExecutionStatusName(result.replayed_status))}};
    j["tasksServed"] = result.tasks_served;
    j["stoppedEarly"] = result.stopped_early;
  }
  j["notes"] = result.notes;
  Json list = Json::array();
  for (const Divergence& d : result.divergences) list.push_back(DivergenceToJson(d));
  j["divergences"] = std::move(list);
  return j;
}

}  // namespace sfn::history
