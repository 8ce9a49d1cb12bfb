#include "engine/history.h"

#include <algorithm>

namespace sfn::engine {
namespace {

// An empty object with room for 'n' members (ordered objects are vectors: growing them is costly).
Json ObjectOf(size_t n) {
  Json out = Json::object();
  out.get_ptr<Json::object_t*>()->reserve(n);
  return out;
}

Json NotTruncated() {
  Json out = ObjectOf(1);
  out.get_ptr<Json::object_t*>()->emplace("truncated", false);
  return out;
}

}  // namespace

Json MakeEvent(std::string_view type, int64_t id, int64_t previous_id, int64_t timestamp_ms,
               std::string_view details_key, Json details) {
  Json out = ObjectOf(5);
  auto& members = *out.get_ptr<Json::object_t*>();
  members.emplace("timestamp", static_cast<double>(timestamp_ms) / 1000.0);
  members.emplace("type", type);
  members.emplace("id", id);
  members.emplace("previousEventId", previous_id);
  if (!details_key.empty()) members.emplace(std::string(details_key), std::move(details));
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
  ++last_id_;
  // Concurrent branches and iterations keep clocks of their own (virtual time moves by each task's real
  // duration), and one may be behind another. AWS appends events in time order: no event is stamped
  // earlier than the one before it.
  timestamp_ms = std::max(timestamp_ms, last_timestamp_ms_);
  last_timestamp_ms_ = timestamp_ms;
  if (!record_ && !on_event_) return last_id_;
  Json event = MakeEvent(type, last_id_, previous_id, timestamp_ms, details_key, std::move(details));
  if (on_event_) on_event_(event);
  if (record_) events_.push_back(std::move(event));
  return last_id_;
}

int64_t EventLog::NextId() const {
  std::lock_guard lock(mutex_);
  return last_id_ + 1;
}

Json EventLog::ToJson() const {
  std::lock_guard lock(mutex_);
  Json out = Json::object();
  out["events"] = events_;
  return out;
}

Json EventLog::TakeJson() {
  std::lock_guard lock(mutex_);
  Json out = Json::object();
  out["events"] = std::move(events_);
  events_ = Json::array();
  return out;
}

Json StateEnteredDetails(std::string_view name, std::string input_text) {
  Json d = ObjectOf(3);
  auto& m = *d.get_ptr<Json::object_t*>();
  m.emplace("name", name);
  m.emplace("input", std::move(input_text));
  m.emplace("inputDetails", NotTruncated());
  return d;
}

Json StateExitedDetails(std::string_view name, const std::string& output_text,
                        const Json* assigned_variables) {
  bool assigned = assigned_variables != nullptr && !assigned_variables->empty();
  Json d = ObjectOf(assigned ? 5 : 3);
  auto& m = *d.get_ptr<Json::object_t*>();
  m.emplace("name", name);
  m.emplace("output", output_text);
  m.emplace("outputDetails", NotTruncated());
  if (assigned) {
    m.emplace("assignedVariables", Json(*assigned_variables));
    m.emplace("assignedVariablesDetails", NotTruncated());
  }
  return d;
}

Json ExecutionDataDetails(std::string_view field, const std::string& text) {
  Json d = ObjectOf(2);
  auto& m = *d.get_ptr<Json::object_t*>();
  m.emplace(std::string(field), text);
  m.emplace(std::string(field) + "Details", NotTruncated());
  return d;
}

Json ErrorCauseDetails(const std::string& error, const std::string& cause, bool has_error, bool has_cause) {
  Json d = Json::object();
  if (has_error) d["error"] = error;
  if (has_cause) d["cause"] = cause;
  return d;
}

}  // namespace sfn::engine
