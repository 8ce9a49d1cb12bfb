#include <array>

#include "lint/rules.h"

namespace sfn::lint {
namespace {

using model::State;

constexpr std::array<std::string_view, 18> kKnownStatesErrors = {
    "States.ALL",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
    "States.BranchFailed",
    "States.Http.Timeout",
};

bool IsKnownStatesError(std::string_view name) {
  for (auto known : kKnownStatesErrors) {
    if (known == name) return true;
  }
  return false;
}

// Checks one ErrorEquals list (`entry` is the Retry or Catch entry); returns true when it holds States.ALL.
bool CheckErrorEquals(RuleContext& ctx, const std::vector<std::string>& errors, const Json* entry,
                      const std::string& entry_pointer, std::string_view what) {
  const Json* raw = entry ? FindMember(*entry, "ErrorEquals") : nullptr;
  if (!raw) return false;
  auto pointer = [&] { return AppendPointer(entry_pointer, "ErrorEquals"); };
  if (raw->is_array() && raw->empty()) {
    ctx.Report("SFN404", pointer(), "'ErrorEquals' of this " + std::string(what) + " entry is empty");
    return false;
  }
  bool has_all = false;
  for (size_t i = 0; i < errors.size(); ++i) {
    const std::string& e = errors[i];
    if (e == "States.ALL") {
      has_all = true;
      if (errors.size() > 1) {
        ctx.Report("SFN401", AppendPointer(pointer(), i), "'States.ALL' must be the only error name in 'ErrorEquals'");
      }
    } else if (e.rfind("States.", 0) == 0 && !IsKnownStatesError(e)) {
      ctx.Report("SFN405", AppendPointer(pointer(), i), "'" + e + "' is not an error name that Step Functions raises");
    }
  }
  return has_all;
}

// `raw` is the Retry entry as written.
void CheckRetrier(RuleContext& ctx, const model::Retrier& r, const Json* raw) {
  if (!raw || !raw->is_object()) return;
  auto number = [&](std::string_view key) -> const Json* {
    const Json* v = FindMember(*raw, key);
    return v && v->is_number() ? v : nullptr;
  };
  if (const Json* v = number("BackoffRate"); v && v->get<double>() < 1.0) {
    ctx.Report("SFN402", AppendPointer(r.pointer, "BackoffRate"), "'BackoffRate' must be at least 1.0, not " + v->dump());
  }
  if (const Json* v = number("MaxAttempts"); v && v->get<double>() < 0) {
    ctx.Report("SFN403", AppendPointer(r.pointer, "MaxAttempts"), "'MaxAttempts' must be 0 or more, not " + v->dump());
  }
  if (const Json* v = number("IntervalSeconds"); v && v->get<double>() < 1) {
    ctx.Report("SFN406", AppendPointer(r.pointer, "IntervalSeconds"),
               "'IntervalSeconds' must be a positive integer, not " + v->dump());
  }
  if (const Json* v = number("MaxDelaySeconds"); v && v->get<double>() < 1) {
    ctx.Report("SFN406", AppendPointer(r.pointer, "MaxDelaySeconds"),
               "'MaxDelaySeconds' must be a positive integer, not " + v->dump());
  }
}

// `what` is the field that holds the entries: "Retry" or "Catch".
template <typename Entry>
void CheckOrdering(RuleContext& ctx, const State& s, const std::vector<Entry>& entries, std::string_view what) {
  for (size_t i = 0; i < entries.size(); ++i) {
    bool has_all = CheckErrorEquals(ctx, entries[i].error_equals, s.RawItem(what, i), entries[i].pointer, what);
    if (has_all && i + 1 < entries.size()) {
      ctx.Report("SFN401", AppendPointer(entries[i].pointer, "ErrorEquals"),
                 "the " + std::string(what) + " entry with 'States.ALL' must be the last one");
      ctx.AddNote("the entries after it can never match");
    }
  }
}

}  // namespace

void CheckErrorHandlers(RuleContext& ctx) {
  for (const State* s : ctx.Machine().AllStates()) {
    CheckOrdering(ctx, *s, s->retry, "Retry");
    for (size_t i = 0; i < s->retry.size(); ++i) CheckRetrier(ctx, s->retry[i], s->RawItem("Retry", i));
    CheckOrdering(ctx, *s, s->catches, "Catch");
  }
}

}  // namespace sfn::lint
