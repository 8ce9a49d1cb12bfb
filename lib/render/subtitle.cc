#include "render/subtitle.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "common/json.h"

namespace sfn::render {
namespace {

constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "

// Splits an ARN on ':' outside "${...}" placeholders, so "${AWS::Region}" stays one part.
std::vector<std::string_view> SplitArn(std::string_view arn) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] == '$' && i + 1 < arn.size() && arn[i + 1] == '{') ++depth;
    if (arn[i] == '}' && depth > 0) --depth;
    if (arn[i] == ':' && depth == 0) {
      parts.push_back(arn.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(arn.substr(start));
  return parts;
}

std::string JoinFrom(const std::vector<std::string_view>& parts, size_t first) {
  std::string out;
  for (size_t i = first; i < parts.size(); ++i) {
    if (i > first) out += ':';
    out += parts[i];
  }
  return out;
}

// arn:PARTITION:states:REGION:ACCOUNT:<service>:<action> or ...:activity:<name>.
std::string StatesResource(const std::vector<std::string_view>& parts) {
  if (parts.size() >= 7 && parts[5] == "activity") return "activity:" + JoinFrom(parts, 6);
  std::string rest = JoinFrom(parts, 5);
  constexpr std::string_view kSdk = "aws-sdk:";
  if (rest.compare(0, kSdk.size(), kSdk) == 0 && rest.size() > kSdk.size()) rest.erase(0, kSdk.size());
  return rest;
}

std::string ArnSubtitle(std::string_view resource) {
  std::vector<std::string_view> parts = SplitArn(resource);
  if (parts.size() < 6 || parts[0] != "arn") return "";
  if (parts[2] == "states") return StatesResource(parts);
  if (parts[2] == "lambda" && parts.size() >= 7 && parts[5] == "function")
    return "lambda:" + JoinFrom(parts, 6);
  return "";
}

std::string JsonataOr(const Json& value) {
  if (model::IsJsonataExpression(value)) {
    return "{% " + CollapseSpaces(model::JsonataBody(value.get_ref<const std::string&>())) + " %}";
  }
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return NumberText(value.get<double>());
  return DumpCompact(value);
}

std::string TaskSubtitle(const model::State& s, size_t width) {
  if (s.resource.empty()) return "Task";
  return Truncate("Task" + std::string(kDot) + ResourceSubtitle(s.resource, 0), width);
}

std::string WaitSubtitle(const model::State& s) {
  if (s.seconds) return "Wait " + JsonataOr(s.seconds->value) + " s";
  if (s.seconds_path) return "Wait " + JsonataOr(s.seconds_path->value) + " s";
  if (s.timestamp) return "Wait until " + JsonataOr(s.timestamp->value);
  if (s.timestamp_path) return "Wait until " + JsonataOr(s.timestamp_path->value);
  return "Wait";
}

std::string FailSubtitle(const model::State& s) {
  const model::OptionalField& error = s.error ? s.error : s.error_path;
  if (!error) return "Fail";
  return "Fail" + std::string(kDot) + JsonataOr(error->value);
}

std::string ItemsText(const model::State& s) {
  if (s.items) {
    if (s.items->value.is_array()) {
      size_t n = s.items->value.size();
      return "Items [" + std::to_string(n) + (n == 1 ? " item]" : " items]");
    }
    return "Items " + JsonataOr(s.items->value);
  }
  if (s.items_path.present)
    return "ItemsPath " + (s.items_path.is_null ? std::string("null") : s.items_path.path);
  if (s.item_reader && s.item_reader->value.is_object()) {
    auto it = s.item_reader->value.find("Resource");
    if (it != s.item_reader->value.end() && it->is_string()) {
      return "ItemReader " + ResourceSubtitle(it->get<std::string>(), 0);
    }
  }
  return "";
}

std::string MapSubtitle(const model::State& s) {
  std::string out = "Map" + std::string(kDot) + s.processor_mode;
  if (!s.execution_type.empty()) out += " (" + s.execution_type + ")";
  std::string items = ItemsText(s);
  if (!items.empty()) out += std::string(kDot) + items;
  return out;
}

std::string ParallelSubtitle(const model::State& s) {
  size_t n = s.branches.size();
  return "Parallel" + std::string(kDot) + std::to_string(n) + (n == 1 ? " branch" : " branches");
}

std::string UnknownSubtitle(const model::State& s) {
  if (!s.raw || !s.raw->is_object()) return "not an object";
  if (s.RawField("Type") == nullptr) return "missing Type";
  if (s.type_text.empty()) return "invalid Type";
  return "unknown type '" + s.type_text + "'";
}

std::string ErrorList(const std::vector<std::string>& errors) {
  if (errors.empty()) return "(no errors)";
  std::string out;
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += ", ";
    out += errors[i];
  }
  return out;
}

}  // namespace

std::string NumberText(double value) {
  if (!std::isfinite(value)) return value != value ? "NaN" : (value > 0 ? "Infinity" : "-Infinity");
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  std::string out = buffer;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string ResourceSubtitle(std::string_view resource, size_t width) {
  std::string subtitle = ArnSubtitle(resource);
  if (subtitle.empty()) subtitle = CollapseSpaces(resource);
  return Truncate(subtitle, width);
}

std::string StateSubtitle(const model::State& state, size_t width) {
  std::string out;
  switch (state.type) {
    case model::StateType::kTask:
      return TaskSubtitle(state, width);
    case model::StateType::kWait:
      out = WaitSubtitle(state);
      break;
    case model::StateType::kFail:
      out = FailSubtitle(state);
      break;
    case model::StateType::kMap:
      out = MapSubtitle(state);
      break;
    case model::StateType::kParallel:
      out = ParallelSubtitle(state);
      break;
    case model::StateType::kUnknown:
      out = UnknownSubtitle(state);
      break;
    default:
      out = std::string(model::StateTypeName(state.type));
      break;
  }
  return Truncate(out, width);
}

std::string RetryLabel(const model::Retrier& r, size_t width) {
  std::string first = Truncate("Retry " + ErrorList(r.error_equals), width);
  std::string second = "\xC3\x97" + std::to_string(r.max_attempts) + ", " + NumberText(r.interval_seconds) +
                       " s, backoff " + NumberText(r.backoff_rate);
  if (r.max_delay_seconds) second += ", max " + std::to_string(*r.max_delay_seconds) + " s";
  if (r.jitter == model::JitterStrategy::kFull) second += ", jitter";
  return first + "\n" + second;
}

std::string CatchLabel(const model::Catcher& c, size_t width) {
  std::string out = Truncate("Catch " + ErrorList(c.error_equals), width);
  if (c.result_path.present) {
    std::string target = c.result_path.is_null ? std::string("null") : c.result_path.path;
    out += "\n" + Truncate("\xE2\x86\x92 " + target, width);
  }
  return out;
}

}  // namespace sfn::render
