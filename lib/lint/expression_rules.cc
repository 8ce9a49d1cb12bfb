#include "lint/rules.h"

namespace sfn::lint {
namespace {

// JSONata strings must be framed by "{%" and "%}" as a whole; a string that opens without closing (or the
// reverse) is almost always a typo that AWS would take as a literal.
void CheckJsonataFraming(RuleContext& ctx, const Json& value, const std::string& pointer, size_t depth) {
  if (depth > 64) return;
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    bool opens = s.rfind("{%", 0) == 0;
    bool closes = s.size() >= 2 && s.compare(s.size() - 2, 2, "%}") == 0;
    if (opens != closes || (opens && s.size() < 4)) {
      ctx.Report("SFN606", pointer,
                 opens ? "JSONata expression starts with '{%' but does not end with '%}'"
                       : "JSONata expression ends with '%}' but does not start with '{%'");
    }
    return;
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      CheckJsonataFraming(ctx, it.value(), AppendPointer(pointer, it.key()), depth + 1);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) CheckJsonataFraming(ctx, value[i], AppendPointer(pointer, i), depth + 1);
  }
}

}  // namespace

void CheckExpressions(RuleContext& ctx) {
  for (const model::State* s : ctx.Machine().AllStates()) {
    if (!s->IsJsonata() || !s->raw || !s->raw->is_object()) continue;
    for (auto it = s->raw->begin(); it != s->raw->end(); ++it) {
      const std::string& key = it.key();
      if (key == "States" || key == "ItemProcessor" || key == "Iterator" || key == "Branches" || key == "Comment") {
        continue;
      }
      CheckJsonataFraming(ctx, it.value(), AppendPointer(s->pointer, key), 0);
    }
  }
}

}  // namespace sfn::lint
