// Test helper: writes small execution histories in the GetExecutionHistory shape.
//
// Events get consecutive ids and a timestamp 100 ms after the previous one (or the time set with At).
// Payload fields (input, output, parameters) are written as JSON-encoded strings, as AWS does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"
#include "history/event.h"
#include "history/reader.h"

namespace sfn::history::testing {

inline constexpr int64_t kStartMs = 1'700'000'000'000;  // 2023-11-14T22:13:20.000Z

class HistoryWriter {
 public:
  // Appends an event; returns its id. `details` payload fields given as JSON values are encoded as strings.
  int64_t Add(const std::string& type, int64_t previous_id, Json details = Json::object()) {
    int64_t id = static_cast<int64_t>(events_.size()) + 1;
    Json event = Json::object();
    event["timestamp"] = static_cast<double>(now_ms_) / 1000.0;
    event["type"] = type;
    event["id"] = id;
    event["previousEventId"] = previous_id;
    std::string key(DetailsKeyOf(type));
    if (!key.empty() && !details.empty()) event[key] = Encode(std::move(details));
    events_.push_back(std::move(event));
    now_ms_ += 100;
    return id;
  }

  int64_t Start(const Json& input = Json::object()) { return Add("ExecutionStarted", 0, {{"input", input}}); }
  int64_t Entered(const std::string& state_type, const std::string& name, int64_t prev,
                  const Json& input = Json::object()) {
    return Add(state_type + "StateEntered", prev, {{"name", name}, {"input", input}});
  }
  int64_t Exited(const std::string& state_type, const std::string& name, int64_t prev,
                 const Json& output = Json::object()) {
    return Add(state_type + "StateExited", prev, {{"name", name}, {"output", output}});
  }
  int64_t Scheduled(int64_t prev, const std::string& resource = "invoke",
                    const std::string& resource_type = "lambda") {
    return Add("TaskScheduled", prev,
               {{"resource", resource},
                {"resourceType", resource_type},
                {"region", "us-east-1"},
                {"parameters", Json::object()}});
  }
  int64_t TaskStarted(int64_t prev) {
    return Add("TaskStarted", prev, {{"resource", "invoke"}, {"resourceType", "lambda"}});
  }
  int64_t TaskSucceeded(int64_t prev, const Json& output = Json::object()) {
    return Add("TaskSucceeded", prev,
               {{"resource", "invoke"}, {"resourceType", "lambda"}, {"output", output}});
  }
  int64_t TaskFailed(int64_t prev, const std::string& error, const std::string& cause = "") {
    return Add("TaskFailed", prev,
               {{"resource", "invoke"}, {"resourceType", "lambda"}, {"error", error}, {"cause", cause}});
  }
  int64_t Iteration(const std::string& type_suffix, const std::string& map, int64_t index, int64_t prev) {
    return Add("MapIteration" + type_suffix, prev, {{"name", map}, {"index", index}});
  }

  void At(int64_t ms) { now_ms_ = ms; }
  Json Events() const { return Json(events_); }
  std::string ApiText() const { return Json{{"events", events_}}.dump(2); }
  ReadResult Read() const { return ReadHistory(ApiText(), "test.json"); }

 private:
  static Json Encode(Json details) {
    for (const char* field : {"input", "output", "parameters"}) {
      if (details.contains(field)) details[field] = DumpCompact(details[field]);
    }
    return details;
  }

  std::vector<Json> events_;
  int64_t now_ms_ = kStartMs;
};

}  // namespace sfn::history::testing
