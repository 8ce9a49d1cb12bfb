// The event stream of an execution: AWS Step Functions' GetExecutionHistory events, as the engine
// emits them.
//
// Every event has an id (1, 2, 3, ... in the order appended), the id of its causal predecessor
// (previousEventId: 0 for ExecutionStarted and for the first state of the top level), a timestamp
// (epoch seconds with fractional milliseconds, as on the API wire), a type and at most one
// "<x>EventDetails" object whose payload fields (input, output, parameters, assignedVariables values)
// are JSON texts, as AWS writes them.
//
// How events link (previousEventId), as the recorded AWS histories show it: each frame (the top level, a
// branch, an iteration) chains its own events; the first state of the top level links to 0, the first
// state of a branch to ParallelStateStarted, the first state of an iteration to its MapIterationStarted.
// MapIterationStarted links to MapStateStarted (the first batch) or to the last event of the iteration
// whose end freed the slot. MapIterationSucceeded/Failed link to the iteration's last event;
// ParallelStateSucceeded and MapStateSucceeded are side events: the Exited that follows links where
// they do. A failure links to the event where it happened; ExecutionAborted links to 0.
//
// The log is shared by every frame of an execution and is safe to append to from several threads; ids
// follow the order of appends. It also enforces the history limit: AWS lets an execution record 25,000
// events, the last of which must be the terminal one, so the append that would take the 25,000th place
// with anything else is refused and the execution fails.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace sfn::engine {

// A new event in GetExecutionHistory shape: {"timestamp", "type", "id", "previousEventId", details_key}.
Json MakeEvent(std::string_view type, int64_t id, int64_t previous_id, int64_t timestamp_ms,
               std::string_view details_key, Json details);

class EventLog {
 public:
  // 'record': keep the events (otherwise only ids are counted). 'on_event' (optional) sees each
  // event as it is appended, in order.
  EventLog(size_t max_events, bool record, std::function<void(const Json&)> on_event);

  // Appends an event unless 'suppressed' is set (read under the log's lock, so a frame that has been
  // cancelled cannot slip an event in after its cancellation) or the history limit is reached.
  // Returns the new id, or 0 when nothing was appended.
  int64_t Append(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                 std::string_view details_key, Json details, const std::atomic<bool>* suppressed = nullptr);
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
  // The same, moving the events out of the log.
  Json TakeJson();

 private:
  int64_t AppendLocked(std::string_view type, int64_t previous_id, int64_t timestamp_ms,
                       std::string_view details_key, Json details);

  mutable std::mutex mutex_;
  size_t max_events_;
  bool record_;
  std::function<void(const Json&)> on_event_;
  int64_t last_id_ = 0;
  int64_t last_timestamp_ms_ = std::numeric_limits<int64_t>::min();
  std::atomic<bool> limit_reached_{false};
  Json events_ = Json::array();
};

// Builders for the details objects. Payloads are passed as JSON text.
Json StateEnteredDetails(std::string_view name, std::string input_text);
Json StateExitedDetails(std::string_view name, const std::string& output_text,
                        const Json* assigned_variables);
Json ExecutionDataDetails(std::string_view field,
                          const std::string& text);  // {"input"|"output": text, ...Details}
Json ErrorCauseDetails(const std::string& error, const std::string& cause, bool has_error, bool has_cause);

}  // namespace sfn::engine
