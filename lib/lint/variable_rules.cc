#include <cctype>
#include <string_view>

#include "lint/rules.h"

namespace sfn::lint {

namespace {

// A name that could be referenced as $name: not empty, no whitespace, no path syntax ('.', '$', brackets,
// quotes, parentheses, braces), and no leading digit. Other characters (hyphens, Unicode letters) are
// accepted, as AWS accepts them.
bool IsVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) return false;
    if (std::string_view(".$[]'\"(){}").find(c) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

void CheckVariables(RuleContext& ctx) {
  // Names that could never be referenced as $name: empty, or holding spaces or path syntax. Other
  // characters (hyphens, Unicode letters) are accepted, as AWS accepts them.
  auto check_assign = [&](const model::OptionalField& assign) {
    if (!assign || !assign->value.is_object()) return;
    for (auto it = assign->value.begin(); it != assign->value.end(); ++it) {
      std::string name(model::FieldNameOf(it.key()));
      std::string pointer = AppendPointer(assign->pointer, it.key());
      if (name == "states") {
        ctx.Report("SFN704", pointer, "'states' is reserved and cannot be assigned", true);
      } else if (!IsVariableName(name)) {
        ctx.Report("SFN702", pointer,
                   "'" + name + "' is not a valid variable name (no spaces, '.', '$', brackets or quotes, and no leading digit)",
                   true);
      }
    }
  };
  for (const model::State* s : ctx.Machine().AllStates()) {
    for (const model::OptionalField* assign : s->Assigns()) check_assign(*assign);
  }
}

}  // namespace sfn::lint
