#include <regex>

#include "lint/rules.h"

namespace sfn::lint {

void CheckVariables(RuleContext& ctx) {
  // Names that could never be referenced as $name: empty, or holding spaces or path syntax. Other
  // characters (hyphens, Unicode letters) are accepted, as AWS accepts them.
  static const std::regex kName(R"(^[^\s.$\[\]'"(){}0-9][^\s.$\[\]'"(){}]*$)");
  auto check_assign = [&](const std::optional<model::Field>& assign) {
    if (!assign || !assign->value.is_object()) return;
    for (auto it = assign->value.begin(); it != assign->value.end(); ++it) {
      std::string name = it.key();
      if (name.size() > 2 && name.compare(name.size() - 2, 2, ".$") == 0) name.resize(name.size() - 2);
      std::string pointer = AppendPointer(assign->pointer, it.key());
      if (name == "states") {
        ctx.Report("SFN704", pointer, "'states' is reserved and cannot be assigned", true);
      } else if (!std::regex_match(name, kName)) {
        ctx.Report("SFN702", pointer,
                   "'" + name + "' is not a valid variable name (no spaces, '.', '$', brackets or quotes, and no leading digit)",
                   true);
      }
    }
  };
  for (const model::State* s : ctx.Machine().AllStates()) {
    check_assign(s->assign);
    for (const auto& c : s->catches) check_assign(c.assign);
    for (const auto& r : s->choices) check_assign(r.assign);
  }
}

}  // namespace sfn::lint
