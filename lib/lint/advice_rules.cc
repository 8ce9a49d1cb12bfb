#include <algorithm>

#include "lint/rules.h"

namespace sfn::lint {
namespace {

// Step Functions uses the first entry whose 'ErrorEquals' names the error, so an entry whose every name an
// earlier entry already holds never matches. Entries after one with States.ALL are left to SFN401.
template <typename Entry>
void CheckShadowedEntries(RuleContext& ctx, const std::vector<Entry>& entries, std::string_view what) {
  auto holds = [](const Entry& e, const std::string& name) {
    return std::find(e.error_equals.begin(), e.error_equals.end(), name) != e.error_equals.end();
  };
  for (size_t i = 1; i < entries.size(); ++i) {
    if (holds(entries[i - 1], "States.ALL")) return;
    const auto& names = entries[i].error_equals;
    if (names.empty()) continue;
    size_t first_covering = i;
    bool all_covered = std::all_of(names.begin(), names.end(), [&](const std::string& name) {
      for (size_t j = 0; j < i; ++j) {
        if (holds(entries[j], name)) {
          first_covering = std::min(first_covering, j);
          return true;
        }
      }
      return false;
    });
    if (!all_covered) continue;
    ctx.Report("SFN803", AppendPointer(entries[i].pointer, "ErrorEquals"),
               "this " + std::string(what) + " entry can never match: " +
                   (names.size() == 1 ? "'" + names[0] + "' is already in " + std::string(what) + "[" +
                                            std::to_string(first_covering) + "]"
                                      : std::string("each error it names is already in an earlier entry")));
    ctx.AddNote("Step Functions uses the first entry whose 'ErrorEquals' names the error");
  }
}

}  // namespace

void CheckAdvice(RuleContext& ctx) {
  for (const model::State* s : ctx.Machine().AllStates()) {
    if (s->type == model::StateType::kTask && !s->RawField("TimeoutSeconds") && !s->RawField("TimeoutSecondsPath")) {
      ctx.Report("SFN801", s->pointer,
                 "Task state '" + s->name + "' has no 'TimeoutSeconds'; a stuck task then waits up to a year", true);
    }
    if (s->type == model::StateType::kChoice && !s->RawField("Default")) {
      ctx.Report("SFN802", s->pointer,
                 "Choice state '" + s->name + "' has no 'Default'; the execution fails with States.NoChoiceMatched "
                 "when no rule matches",
                 true);
    }
    CheckShadowedEntries(ctx, s->retry, "Retry");
    CheckShadowedEntries(ctx, s->catches, "Catch");
  }
}

}  // namespace sfn::lint
