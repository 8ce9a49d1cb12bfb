#include "engine/history.h"

namespace sfn::engine {

Json EventToJson(const HistoryEvent& event) {
  Json out = Json::object();
  out["timestamp"] = static_cast<double>(event.timestamp_ms) / 1000.0;
  out["type"] = event.type;
  out["id"] = event.id;
  out["previousEventId"] = event.previous_id;
  if (!event.details_key.empty()) out[std::string(event.details_key)] = event.details;
  return out;
}

EventLog::EventLog(size_t max_events, bool record, std::function<void(const Json&)> on_event)
    : max_events_(max_events == 0 ? 1 : max_events), record_(record), on_event_(std::move(on_event)) {}

int64_t EventLog::Append(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                         std::string_view details_key, Json details, const std::atomic<bool>* suppressed) {
  std::lock_guard lock(mutex_);
  if (suppressed != nullptr && suppressed->load(std::memory_order_acquire)) return 0;
  if (limit_reached_.load(std::memory_order_relaxed)) return 0;
  // The last place is kept for the terminal event.
  if (static_cast<size_t>(last_id_) + 1 >= max_events_) {
    limit_reached_.store(true, std::memory_order_release);
    return 0;
  }
  return AppendLocked(type, previous_id, timestamp_ms, details_key, std::move(details));
}

int64_t EventLog::AppendTerminal(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                                 std::string_view details_key, Json details) {
  std::lock_guard lock(mutex_);
  return AppendLocked(type, previous_id, timestamp_ms, details_key, std::move(details));
}

int64_t EventLog::AppendLocked(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                               std::string_view details_key, Json details) {
  HistoryEvent event;
  event.id = ++last_id_;
  event.previous_id = previous_id;
  event.timestamp_ms = timestamp_ms;
  event.type = type;
  event.details_key = details_key;
  event.details = std::move(details);
  if (on_event_) on_event_(EventToJson(event));
  if (record_) events_.push_back(std::move(event));
  return last_id_;
}

int64_t EventLog::NextId() const {
  std::lock_guard lock(mutex_);
  return last_id_ + 1;
}

Json EventLog::ToJson() const {
  std::lock_guard lock(mutex_);
  Json list = Json::array();
  for (const auto& e : events_) list.push_back(EventToJson(e));
  Json out = Json::object();
  out["events"] = std::move(list);
  return out;
}

std::vector<HistoryEvent> EventLog::TakeEvents() {
  std::lock_guard lock(mutex_);
  return std::move(events_);
}

Json StateEnteredDetails(std::string_view name, const std::string& input_text) {
  Json d = Json::object();
  d["name"] = name;
  d["input"] = input_text;
  d["inputDetails"] = Json{{"truncated", false}};
  return d;
}

Json StateExitedDetails(std::string_view name, const std::string& output_text, const Json* assigned_variables) {
  Json d = Json::object();
  d["name"] = name;
  d["output"] = output_text;
  d["outputDetails"] = Json{{"truncated", false}};
  if (assigned_variables != nullptr && !assigned_variables->empty()) {
    d["assignedVariables"] = *assigned_variables;
    d["assignedVariablesDetails"] = Json{{"truncated", false}};
  }
  return d;
}

Json ExecutionDataDetails(std::string_view field, const std::string& text) {
  Json d = Json::object();
  d[std::string(field)] = text;
  d[std::string(field) + "Details"] = Json{{"truncated", false}};
  return d;
}

Json ErrorCauseDetails(const std::string& error, const std::string& cause, bool has_error, bool has_cause) {
  Json d = Json::object();
  if (has_error) d["error"] = error;
  if (has_cause) d["cause"] = cause;
  return d;
}

}  // namespace sfn::engine
