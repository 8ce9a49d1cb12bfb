#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "lint/rules.h"

namespace sfn::lint {

bool IsRfc3339Timestamp(std::string_view s);  // choice_rules.cc

namespace {

using model::State;
using model::StateType;

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kExclusivePairs = {{
    {"TimeoutSeconds", "TimeoutSecondsPath"},
    {"HeartbeatSeconds", "HeartbeatSecondsPath"},
    {"Error", "ErrorPath"},
    {"Cause", "CausePath"},
    {"MaxConcurrency", "MaxConcurrencyPath"},
    {"ToleratedFailureCount", "ToleratedFailureCountPath"},
    {"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"},
    {"ItemProcessor", "Iterator"},
    {"ItemSelector", "Parameters"},
}};

// Fields that exist only in JSONPath mode, and only in JSONata mode.
constexpr std::array<std::string_view, 17> kJsonPathOnly = {
    "InputPath",          "OutputPath",         "Parameters",    "ResultSelector",    "ResultPath",
    "ItemsPath",          "Result",             "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
    "TimestampPath",      "ErrorPath",          "CausePath",     "MaxConcurrencyPath", "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath", "Iterator"};
constexpr std::array<std::string_view, 3> kJsonataOnly = {"Arguments", "Output", "Items"};

// Field pairs inside sub-objects: {object field, sub-field, its twin}.
constexpr std::array<std::array<std::string_view, 3>, 3> kNestedExclusivePairs = {{
    {"ItemReader", "MaxItems", "MaxItemsPath"},
    {"ItemBatcher", "MaxItemsPerBatch", "MaxItemsPerBatchPath"},
    {"ItemBatcher", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"},
}};

void CheckNestedExclusive(RuleContext& ctx, const State& s) {
  for (const auto& [object, field, twin] : kNestedExclusivePairs) {
    const Json* parent = s.RawField(object);
    if (!parent) continue;
    std::string pointer = AppendPointer(s.pointer, object);
    if (object == "ItemReader" && parent->is_object() && parent->contains("ReaderConfig")) {
      parent = &(*parent)["ReaderConfig"];
      pointer = AppendPointer(pointer, "ReaderConfig");
    }
    if (!parent->is_object()) continue;
    if (parent->contains(field) && parent->contains(twin)) {
      ctx.Report("SFN501", AppendPointer(pointer, twin),
                 "'" + std::string(object) + "' has both '" + std::string(field) + "' and '" + std::string(twin) +
                     "'; use one",
                 true);
    }
  }
}

// scheme ':' rest, where the scheme is a letter followed by letters, digits, '+', '.' or '-', and the
// rest is non-empty with no whitespace.
bool IsUri(std::string_view r) {
  size_t colon = r.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == r.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(r[0]))) return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = r[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '.' && c != '-') return false;
  }
  return std::none_of(r.begin() + colon + 1, r.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// ":function:NAME" optionally followed by ":$LATEST", ":VERSION_OR_ALIAS" ([A-Za-z0-9_-]+) or ":${Placeholder}".
bool IsLambdaFunctionSuffix(std::string_view r) {
  constexpr std::string_view kPrefix = ":function:";
  if (r.substr(0, kPrefix.size()) != kPrefix) return false;
  r.remove_prefix(kPrefix.size());
  size_t colon = r.find(':');
  if (r.empty() || colon == 0) return false;
  if (colon == std::string_view::npos) return true;
  std::string_view qualifier = r.substr(colon + 1);
  if (qualifier == "$LATEST") return true;
  if (qualifier.size() > 3 && qualifier.substr(0, 2) == "${" && qualifier.back() == '}') {
    return qualifier.substr(2, qualifier.size() - 3).find('}') == std::string_view::npos;
  }
  return !qualifier.empty() && std::all_of(qualifier.begin(), qualifier.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// Resources: ASL requires a URI (in practice an ARN). A Lambda function ARN may end in a version or an
// alias, which must be non-empty and made of letters, digits, '-' and '_' (or be $LATEST).
void CheckResource(RuleContext& ctx, const State& s) {
  const Json* resource = s.RawField("Resource");
  if (!resource || !resource->is_string() || model::IsPlaceholder(*resource) || model::IsJsonataExpression(*resource)) {
    return;
  }
  const std::string& r = resource->get_ref<const std::string&>();
  std::string pointer = AppendPointer(s.pointer, "Resource");
  bool ok = IsUri(r);
  size_t function = r.find(":function:");
  bool is_lambda = r.rfind("arn:", 0) == 0 && r.find(":lambda:") != std::string::npos && function != std::string::npos;
  if (ok && is_lambda) ok = IsLambdaFunctionSuffix(std::string_view(r).substr(function));
  if (!ok) {
    ctx.Report("SFN509", pointer, "'Resource' is not a valid URI or ARN: " + resource->dump());
    if (is_lambda) ctx.AddNote("a Lambda function ARN ends in ':function:NAME', optionally followed by ':VERSION' or ':ALIAS'");
  }
}

void CheckExclusive(RuleContext& ctx, const State& s) {
  for (const auto& [field, twin] : kExclusivePairs) {
    if (s.RawField(field) && s.RawField(twin)) {
      if (field == "ItemSelector" && s.type != StateType::kMap) continue;
      ctx.Report("SFN501", AppendPointer(s.pointer, twin),
                 "state '" + s.name + "' has both '" + std::string(field) + "' and '" + std::string(twin) +
                     "'; use one",
                 true);
    }
  }
}

void CheckWait(RuleContext& ctx, const State& s) {
  std::vector<std::string> present;
  for (std::string_view f : {"Seconds", "SecondsPath", "Timestamp", "TimestampPath"}) {
    if (s.RawField(f)) present.emplace_back(f);
  }
  if (present.size() != 1) {
    std::string message = present.empty()
                              ? "Wait state '" + s.name + "' needs one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'"
                              : "Wait state '" + s.name + "' has both '" + present[0] + "' and '" + present[1] + "'; use one";
    ctx.Report("SFN504", present.size() > 1 ? AppendPointer(s.pointer, present[1]) : s.pointer, message, true);
  }
  const Json* ts = s.RawField("Timestamp");
  if (ts && ts->is_string() && !s.IsJsonata() && !model::IsPlaceholder(*ts) &&
      !IsRfc3339Timestamp(ts->get<std::string>())) {
    ctx.Report("SFN307", AppendPointer(s.pointer, "Timestamp"),
               "'Timestamp' needs an RFC 3339 timestamp such as '2016-03-14T01:59:00Z', not " + ts->dump());
  }
}

void CheckTimeouts(RuleContext& ctx, const State& s) {
  const Json* timeout = s.RawField("TimeoutSeconds");
  const Json* heartbeat = s.RawField("HeartbeatSeconds");
  if (timeout && heartbeat && timeout->is_number() && heartbeat->is_number() &&
      heartbeat->get<double>() >= timeout->get<double>()) {
    ctx.Report("SFN502", AppendPointer(s.pointer, "HeartbeatSeconds"),
               "'HeartbeatSeconds' (" + heartbeat->dump() + ") must be below 'TimeoutSeconds' (" + timeout->dump() + ")");
  }
}

void CheckQueryLanguage(RuleContext& ctx, const State& s) {
  auto report = [&](std::string_view field, std::string_view pointer, std::string_view hint) {
    ctx.Report("SFN503", pointer,
               "'" + std::string(field) + "' is not allowed in " + std::string(model::QueryLanguageName(s.query_language)) +
                   " state '" + s.name + "'" + std::string(hint),
               true);
  };
  if (s.IsJsonata()) {
    for (auto field : kJsonPathOnly) {
      if (!s.RawField(field)) continue;
      std::string_view hint = field == "Parameters" ? "; use 'Arguments'"
                              : (field == "OutputPath" || field == "ResultSelector" || field == "Result") ? "; use 'Output'"
                              : field == "ItemsPath"                                                     ? "; use 'Items'"
                                                                                                         : "";
      report(field, AppendPointer(s.pointer, field), hint);
    }
    for (const auto& c : s.catches) {
      if (c.result_path.present) report("ResultPath", c.result_path.pointer, "; use 'Output'");
    }
    for (const auto& rule : s.choices) {
      if (rule.kind != model::ChoiceRule::Kind::kCondition && rule.kind != model::ChoiceRule::Kind::kEmpty) {
        report(rule.kind == model::ChoiceRule::Kind::kComparison ? rule.op : "And/Or/Not", rule.pointer,
               "; use 'Condition'");
      }
    }
  } else {
    for (auto field : kJsonataOnly) {
      if (s.RawField(field)) report(field, AppendPointer(s.pointer, field), "; set \"QueryLanguage\": \"JSONata\"");
    }
    for (const auto& c : s.catches) {
      if (c.output) report("Output", c.output->pointer, "");
    }
    for (const auto& rule : s.choices) {
      if (rule.kind == model::ChoiceRule::Kind::kCondition) {
        report("Condition", rule.condition->pointer, "; set \"QueryLanguage\": \"JSONata\"");
      }
      if (rule.output) report("Output", rule.output->pointer, "");
    }
  }
}

void CheckMap(RuleContext& ctx, const State& s) {
  if (!s.RawField("ItemProcessor") && !s.RawField("Iterator")) {
    ctx.Report("SFN506", s.pointer, "Map state '" + s.name + "' needs 'ItemProcessor' (or the older 'Iterator')", true);
  }
  if (const Json* pct = s.RawField("ToleratedFailurePercentage"); pct && pct->is_number()) {
    double v = pct->get<double>();
    if (v < 0 || v > 100) {
      ctx.Report("SFN505", AppendPointer(s.pointer, "ToleratedFailurePercentage"),
                 "'ToleratedFailurePercentage' must be between 0 and 100, not " + pct->dump());
    }
  }
}

}  // namespace

void CheckFields(RuleContext& ctx) {
  for (const State* s : ctx.Machine().AllStates()) {
    CheckExclusive(ctx, *s);
    CheckNestedExclusive(ctx, *s);
    if (s->type == StateType::kTask) CheckResource(ctx, *s);
    CheckQueryLanguage(ctx, *s);
    CheckTimeouts(ctx, *s);
    if (s->type == StateType::kWait) CheckWait(ctx, *s);
    if (s->type == StateType::kMap) CheckMap(ctx, *s);
  }
}

}  // namespace sfn::lint
