#include "history/reader.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "history/json_documents.h"
#include "history/timestamps.h"

namespace sfn::history {
namespace {

constexpr size_t kMaxErrors = 20;
constexpr std::string_view kPayloadFields[] = {"input", "output", "parameters", "result", "errorOutput"};

// Builds a ReadResult from decoded JSON documents.
class Reader {
 public:
  explicit Reader(std::string source_name) { result_.source_name = std::move(source_name); }

  void AddDocument(Json& doc, int line);
  ReadResult Finish();
  void Error(std::string message, int line = 0, int column = 0, int64_t event_index = -1) {
    if (result_.errors.size() < kMaxErrors)
      result_.errors.push_back({std::move(message), line, column, event_index});
  }
  void Warning(std::string message, int64_t event_index = -1) {
    result_.warnings.push_back({std::move(message), 0, 0, event_index});
  }
  bool TooManyErrors() const { return result_.errors.size() >= kMaxErrors; }

 private:
  void AddPage(Json& page, int line);
  void AddEvent(Json& value, bool cloudwatch, int line);
  void AddWrappedLogEvents(Json& events);
  bool ConvertCommon(Json& raw, Event& event, bool cloudwatch);
  void ConvertApiFields(Json& raw, Event& event);
  void ConvertCloudWatchFields(Json& raw, Event& event);
  void ReadId(const Json* value, Event& event);
  void ReadTimestamp(const Json* value, Event& event);
  void NormaliseDetails(Event& event);
  void NormalisePayload(Json& slot, std::string_view field, Event& event);
  void OrderEvents();
  void InferMaskedIds();
  void SortAndDeduplicate();
  void DetectStructureOnly();
  HistoryFormat DetectFormat() const;

  ReadResult result_;
  std::vector<Event> events_;
  size_t next_index_ = 0;
  int event_line_ = 0;
  bool saw_page_ = false;
  bool saw_cli_token_ = false;
  bool saw_iso_timestamp_ = false;
  bool saw_cloudwatch_ = false;
  bool saw_unreadable_timestamp_ = false;
};

bool HasTypeField(const Json& value) { return value.is_object() && value.contains("type"); }

bool LooksLikeCloudWatch(const Json& value) {
  return value.contains("details") || value.contains("previous_event_id") ||
         value.contains("event_timestamp") || value.contains("execution_arn");
}

void Reader::AddDocument(Json& doc, int line) {
  if (doc.is_null()) {
    Error("the history is null", line, 1);
  } else if (doc.is_object() && doc.contains("events")) {
    AddPage(doc, line);
  } else if (HasTypeField(doc) || (doc.is_object() && (doc.contains("id") || LooksLikeCloudWatch(doc)))) {
    AddEvent(doc, LooksLikeCloudWatch(doc), line);  // one event per document: JSON lines
  } else if (doc.is_array()) {
    bool of_pages = !doc.empty() && doc[0].is_object() && doc[0].contains("events");
    if (!of_pages) ++result_.pages;
    for (Json& item : doc) {
      if (TooManyErrors()) return;
      if (item.is_object() && item.contains("events")) {
        AddPage(item, line);
      } else {
        AddEvent(item, HasTypeField(item) && LooksLikeCloudWatch(item), 0);
      }
    }
  } else {
    Error(
        "expected an execution history: an object with 'events', an array of events, or CloudWatch Logs "
        "lines",
        line, 1);
  }
}

void Reader::AddPage(Json& page, int line) {
  saw_page_ = true;
  ++result_.pages;
  Json& events = page["events"];
  if (!events.is_array()) {
    Error("'events' is not an array", line, 1);
    return;
  }
  std::string token;
  if (page.contains("NextToken") && page["NextToken"].is_string()) {
    saw_cli_token_ = true;
    token = page["NextToken"].get<std::string>();
  } else if (page.contains("nextToken") && page["nextToken"].is_string()) {
    token = page["nextToken"].get<std::string>();
  }
  result_.next_token = token;
  if (!events.empty() && events[0].is_object() && !events[0].contains("type") &&
      events[0].contains("message")) {
    AddWrappedLogEvents(events);
    return;
  }
  for (Json& item : events) {
    if (TooManyErrors()) return;
    AddEvent(item, HasTypeField(item) && LooksLikeCloudWatch(item), 0);
  }
}

// `aws logs filter-log-events` output: each item's "message" holds one CloudWatch Logs line.
void Reader::AddWrappedLogEvents(Json& events) {
  for (Json& item : events) {
    if (TooManyErrors()) return;
    const Json* message = item.is_object() && item.contains("message") ? &item["message"] : nullptr;
    if (message == nullptr || !message->is_string()) {
      Error("log event has no 'message' string", 0, 0, static_cast<int64_t>(next_index_++));
      continue;
    }
    const std::string& text = message->get_ref<const std::string&>();
    Json decoded = JsonNestingDepth(text) > kMaxJsonDepth ? Json() : Json::parse(text, nullptr, false);
    if (decoded.is_discarded() || !decoded.is_object()) {
      Error("log message is not a JSON object", 0, 0, static_cast<int64_t>(next_index_++));
      continue;
    }
    AddEvent(decoded, LooksLikeCloudWatch(decoded), 0);
  }
}

// `line` is the event's own line when it is a document of its own (JSON lines), else 0.
void Reader::AddEvent(Json& value, bool cloudwatch, int line) {
  int64_t index = static_cast<int64_t>(next_index_++);
  event_line_ = line;
  if (!value.is_object()) {
    Error("event is not an object", line, 0, index);
    return;
  }
  Event event;
  event.source_index = static_cast<size_t>(index);
  if (!ConvertCommon(value, event, cloudwatch)) return;
  saw_cloudwatch_ = saw_cloudwatch_ || cloudwatch;
  events_.push_back(std::move(event));
}

bool Reader::ConvertCommon(Json& raw, Event& event, bool cloudwatch) {
  int64_t index = static_cast<int64_t>(event.source_index);
  auto type = raw.find("type");
  if (type == raw.end() || !type->is_string() || type->get_ref<const std::string&>().empty()) {
    Error("event has no 'type' string", event_line_, 0, index);
    return false;
  }
  event.type = type->get<std::string>();
  if (cloudwatch) {
    ConvertCloudWatchFields(raw, event);
  } else {
    ConvertApiFields(raw, event);
  }
  NormaliseDetails(event);
  return true;
}

std::optional<int64_t> ReadInteger(const Json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!(d >= -9.2e18 && d <= 9.2e18)) return std::nullopt;  // also NaN: no cast out of range
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
    return std::nullopt;
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    return std::stoll(text);
  }
  return std::nullopt;
}

void Reader::ReadId(const Json* value, Event& event) {
  std::optional<int64_t> id = value ? ReadInteger(*value) : std::nullopt;
  if (id && *id >= 0) {
    event.id = *id;
  } else {
    event.id_masked = true;
    result_.normalisation.ids_masked = true;
  }
}

void Reader::ReadTimestamp(const Json* value, Event& event) {
  if (value == nullptr || value->is_null()) return;
  event.timestamp_text = value->is_string() ? value->get<std::string>() : value->dump();
  event.timestamp_ms = ParseTimestamp(*value);
  if (!event.timestamp_ms) {
    result_.normalisation.timestamps_masked = true;
    saw_unreadable_timestamp_ = true;
  } else if (value->is_string() && event.timestamp_text.find(':') != std::string::npos) {
    saw_iso_timestamp_ = true;
  }
}

const Json* Field(const Json& raw, std::string_view name) {
  auto it = raw.find(name);
  return it == raw.end() ? nullptr : &*it;
}

void Reader::ConvertApiFields(Json& raw, Event& event) {
  ReadId(Field(raw, "id"), event);
  const Json* previous = Field(raw, "previousEventId");
  event.previous_id = previous ? ReadInteger(*previous).value_or(0) : 0;
  ReadTimestamp(Field(raw, "timestamp"), event);
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    const std::string& key = it.key();
    if (key.size() <= 12 || key.compare(key.size() - 12, 12, "EventDetails") != 0) continue;
    if (!event.details_key.empty()) {
      Warning("event has several details members; '" + key + "' ignored",
              static_cast<int64_t>(event.source_index));
      continue;
    }
    event.details_key = key;
    event.details = std::move(it.value());
  }
}

void Reader::ConvertCloudWatchFields(Json& raw, Event& event) {
  ReadId(Field(raw, "id"), event);
  const Json* previous = Field(raw, "previous_event_id");
  event.previous_id = previous ? ReadInteger(*previous).value_or(0) : 0;
  ReadTimestamp(Field(raw, "event_timestamp"), event);
  event.details_key = std::string(DetailsKeyOf(event.type));
  if (auto details = raw.find("details"); details != raw.end()) event.details = std::move(*details);
  if (const Json* arn = Field(raw, "execution_arn"); arn && arn->is_string()) {
    const std::string& text = arn->get_ref<const std::string&>();
    if (result_.execution_arn.empty()) {
      result_.execution_arn = text;
    } else if (result_.execution_arn != text) {
      Error("the log holds events of several executions ('" + result_.execution_arn + "', '" + text +
                "'): keep one execution's lines",
            event_line_, 0, static_cast<int64_t>(event.source_index));
    }
  }
}

void Reader::NormaliseDetails(Event& event) {
  if (event.details.is_string()) {
    const std::string& text = event.details.get_ref<const std::string&>();
    Json parsed = JsonNestingDepth(text) > kMaxJsonDepth ? Json() : Json::parse(text, nullptr, false);
    event.details = parsed.is_object() ? std::move(parsed) : Json::object();
  }
  if (event.details.is_null()) event.details = Json::object();
  if (!event.details.is_object()) {
    Warning("details of '" + event.type + "' is not an object; ignored",
            static_cast<int64_t>(event.source_index));
    event.details = Json::object();
    return;
  }
  for (auto it = event.details.begin(); it != event.details.end(); ++it) {
    const std::string& key = it.key();
    if (IsPayloadField(key)) {
      event.payload_present = true;
      NormalisePayload(it.value(), key, event);
    } else if (key == "assignedVariables" && it.value().is_object()) {
      for (auto var = it.value().begin(); var != it.value().end(); ++var)
        NormalisePayload(var.value(), key, event);
    } else if ((key == "inputDetails" || key == "outputDetails") && it.value().is_object() &&
               it.value().value("truncated", false)) {
      event.payload_truncated = true;
      result_.payloads_truncated = true;
    }
  }
}

void Reader::NormalisePayload(Json& slot, std::string_view field, Event& event) {
  if (!slot.is_string()) {
    result_.normalisation.payloads_inline = true;
    return;
  }
  const std::string& text = slot.get_ref<const std::string&>();
  Json parsed(Json::value_t::discarded);
  if (JsonNestingDepth(text) <= kMaxJsonDepth) parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    event.unparsed_payloads.emplace_back(field);
    result_.normalisation.payloads_unparsed = true;
    return;
  }
  slot = std::move(parsed);
}

void Reader::OrderEvents() {
  std::vector<int64_t> ids;
  for (const Event& e : events_) {
    if (!e.id_masked) ids.push_back(e.id);
  }
  bool descending = ids.size() >= 2 && ids.front() > ids.back() && std::is_sorted(ids.rbegin(), ids.rend());
  if (descending) {
    std::reverse(events_.begin(), events_.end());
    result_.reversed = true;
  }
  if (result_.normalisation.ids_masked) {
    InferMaskedIds();
  } else {
    SortAndDeduplicate();
  }
}

// Masked events keep their document order; each takes the id after the previous event's, unless a real
// event already holds it (then 0: unknown).
void Reader::InferMaskedIds() {
  std::unordered_set<int64_t> real;
  for (const Event& e : events_) {
    if (!e.id_masked) real.insert(e.id);
  }
  int64_t last = 0;
  for (Event& e : events_) {
    if (e.id_masked) {
      e.id = real.count(last + 1) ? 0 : last + 1;
      if (e.id != 0) last = e.id;
    } else {
      last = e.id;
    }
  }
  Warning("event ids are masked (normalised recording): ids were inferred from the event order");
}

void Reader::SortAndDeduplicate() {
  std::stable_sort(events_.begin(), events_.end(),
                   [](const Event& a, const Event& b) { return a.id < b.id; });
  std::vector<Event> unique;
  unique.reserve(events_.size());
  for (Event& e : events_) {
    if (!unique.empty() && unique.back().id == e.id) {
      const Event& kept = unique.back();
      result_.duplicate_ids.push_back(e.id);
      if (kept.type != e.type || kept.details != e.details) {
        Warning(
            "event id " + std::to_string(e.id) + " appears twice with different content; the first is kept",
            static_cast<int64_t>(e.source_index));
      }
      continue;
    }
    unique.push_back(std::move(e));
  }
  events_ = std::move(unique);
}

bool CarriesPayload(EventRole role) {
  return role == EventRole::kExecutionStarted || role == EventRole::kStateEntered ||
         role == EventRole::kStateExited || role == EventRole::kExecutionSucceeded;
}

void Reader::DetectStructureOnly() {
  size_t bearing = 0;
  size_t with_payload = 0;
  for (const Event& e : events_) {
    if (!CarriesPayload(RoleOf(e.type))) continue;
    ++bearing;
    if (e.payload_present) ++with_payload;
  }
  result_.structure_only = bearing > 0 && with_payload == 0;
}

HistoryFormat Reader::DetectFormat() const {
  if (saw_cloudwatch_) return HistoryFormat::kCloudWatchLogs;
  if (saw_cli_token_ || saw_iso_timestamp_) return HistoryFormat::kCliOutput;
  if (saw_page_) return HistoryFormat::kApiResponse;
  if (!events_.empty()) return HistoryFormat::kEventList;
  return HistoryFormat::kUnknown;
}

ReadResult Reader::Finish() {
  OrderEvents();
  DetectStructureOnly();
  result_.format = DetectFormat();
  result_.incomplete = !result_.next_token.empty();
  if (result_.incomplete) Warning("the history is incomplete: the last page has a next token");
  if (saw_unreadable_timestamp_) Warning("some timestamps are not dates (normalised recording)");
  if (events_.empty() && result_.errors.empty()) Error("the history holds no events");
  result_.events = std::move(events_);
  result_.ok = result_.errors.empty();
  return std::move(result_);
}

std::string CleanParseMessage(const std::string& what) {
  size_t at = what.find("parse error");
  size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

std::string_view FormatName(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::kApiResponse:
      return "api";
    case HistoryFormat::kCliOutput:
      return "cli";
    case HistoryFormat::kEventList:
      return "events";
    case HistoryFormat::kCloudWatchLogs:
      return "cloudwatch-logs";
    case HistoryFormat::kUnknown:
      break;
  }
  return "unknown";
}

std::string FormatIssue(std::string_view source_name, const ReadIssue& issue) {
  std::string out(source_name);
  if (issue.line > 0) {
    out += ":" + std::to_string(issue.line) + ":" + std::to_string(issue.column > 0 ? issue.column : 1);
  }
  if (issue.event_index >= 0) out += ": event " + std::to_string(issue.event_index);
  return out + ": " + issue.message;
}

bool IsPayloadField(std::string_view field) {
  return std::find(std::begin(kPayloadFields), std::end(kPayloadFields), field) != std::end(kPayloadFields);
}

ReadResult ReadHistory(std::string_view text, std::string source_name) {
  Reader reader(std::move(source_name));
  LineIndex lines(text);
  SplitResult split = SplitJsonDocuments(text);
  if (split.error) {
    TextPosition pos = lines.PositionOf(split.error->offset);
    reader.Error(split.error->message, pos.line, pos.column);
  }
  for (const DocumentSpan& span : split.documents) {
    if (reader.TooManyErrors()) break;
    std::string_view doc = text.substr(span.begin, span.end - span.begin);
    int line = lines.PositionOf(span.begin).line;
    try {
      Json value = Json::parse(doc);
      reader.AddDocument(value, line);
    } catch (const Json::parse_error& e) {
      size_t offset = span.begin + (e.byte > 0 ? e.byte - 1 : 0);
      TextPosition pos = lines.PositionOf(std::min(offset, text.size()));
      reader.Error(CleanParseMessage(e.what()), pos.line, pos.column);
    } catch (const Json::exception& e) {
      // Out-of-range numbers and the like: not a parse error, but just as unreadable.
      TextPosition pos = lines.PositionOf(span.begin);
      reader.Error(CleanParseMessage(e.what()), pos.line, pos.column);
    }
  }
  return reader.Finish();
}

ReadResult ReadHistoryJson(const Json& value, std::string source_name) {
  Reader reader(std::move(source_name));
  Json copy = value;
  reader.AddDocument(copy, 0);
  return reader.Finish();
}

}  // namespace sfn::history
