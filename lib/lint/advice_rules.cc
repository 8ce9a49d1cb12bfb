#include "lint/rules.h"

namespace sfn::lint {

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
  }
}

}  // namespace sfn::lint
