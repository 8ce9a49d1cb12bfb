// The event stream of an execution: AWS Step Functions' GetExecutionHistory events, as the engine
// emits them.
//
// Every event has an id (1, 2, 3, ... in the order appended), the id of its causal predecessor
// (previousEventId: 0 for ExecutionStarted and for the first state of the top level), a timestamp
// (epoch seconds with fractional milliseconds, as on the API wire), a type and at most one
// "<x>EventDetails" object whose payload fields (input, output, parameters, assignedVariables values)
// are JSON texts, as AWS writes them.
//
// The log is shared by every frame of an execution and is safe to append to from several threads; ids
// follow the order of appends. It also enforces the history limit: AWS lets an execution record 25,000
// events, the last of which must be the terminal one, so the append that would take the 25,000th place
// with anything else is refused and the execution fails.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace sfn::engine {

struct HistoryEvent {
  int64_t id = 0;
  int64_t previous_id = 0;
  int64_t timestamp_ms = 0;
  std::string_view type;         // a static string, e.g. "PassStateEntered"
  std::string_view details_key;  // e.g. "stateEnteredEventDetails"; empty when the event has none
  Json details;                  // the details object (or null)
};

// Converts one event into the GetExecutionHistory shape.
Json EventToJson(const HistoryEvent& event);

class EventLog {
 public:
  // 'record': keep the events (otherwise only ids are counted). 'on_event' (optional) sees each
  // event as it is appended, in order.
  EventLog(size_t max_events, bool record, std::function<void(const Json&)> on_event);

  // Appends an event unless 'suppressed' is set (read under the log's lock, so a frame that has been
  // cancelled cannot slip an event in after its cancellation) or the history limit is reached.
  // Returns the new id, or 0 when nothing was appended.
  int64_t Append(std::string_view type, int64_t previous_id, int64_t timestamp_ms, std::string_view details_key,
                 Json details, const std::atomic<bool>* suppressed = nullptr);
  // Appends a terminal event (ExecutionSucceeded, ...), which may take the last place.
  int64_t AppendTerminal(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                         std::string_view details_key, Json details);

  // The id the next event would get.
  int64_t NextId() const;
  // True once an append was refused because of the limit.
  bool LimitReached() const { return limit_reached_.load(std::memory_order_acquire); }
  size_t max_events() const { return max_events_; }
  // Whether anyone reads the payloads (the events are kept or watched).
  bool record_payloads() const { return record_ || static_cast<bool>(on_event_); }
  // {"events": [...]}.
  Json ToJson() const;
  std::vector<HistoryEvent> TakeEvents();

 private:
  int64_t AppendLocked(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                       std::string_view details_key, Json details);

  mutable std::mutex mutex_;
  size_t max_events_;
  bool record_;
  std::function<void(const Json&)> on_event_;
  int64_t last_id_ = 0;
  std::atomic<bool> limit_reached_{false};
  std::vector<HistoryEvent> events_;
};

// Builders for the details objects. Payloads are passed as JSON text.
Json StateEnteredDetails(std::string_view name, const std::string& input_text);
Json StateExitedDetails(std::string_view name, const std::string& output_text, const Json* assigned_variables);
Json ExecutionDataDetails(std::string_view field, const std::string& text);  // {"input"|"output": text, ...Details}
Json ErrorCauseDetails(const std::string& error, const std::string& cause, bool has_error, bool has_cause);

}  // namespace sfn::engine
