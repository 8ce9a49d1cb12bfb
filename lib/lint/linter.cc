#include "lint/linter.h"

#include <unordered_set>

#include "lint/rules.h"

namespace sfn::lint {
namespace {

std::string_view SchemaCode(const std::string& message) {
  if (message.rfind("unknown field", 0) == 0) return "SFN105";
  if (message.rfind("missing", 0) == 0) return "SFN104";
  if (message.find("not a valid state type") != std::string::npos || message.rfind("'Type' must be", 0) == 0) {
    return "SFN102";
  }
  return "SFN101";
}

}  // namespace

std::vector<diag::Diagnostic> Lint(const loader::Document& document, const model::StateMachine& machine,
                                   const LintOptions& options) {
  RuleContext ctx(document, machine);
  if (options.schema) {
    for (const auto& f : options.schema->Check(machine.definition)) {
      bool at_key = f.message.rfind("unknown field", 0) == 0;
      ctx.Report(SchemaCode(f.message), f.pointer, f.message, at_key);
    }
  }
  CheckGraph(ctx);
  CheckChoices(ctx);
  CheckErrorHandlers(ctx);
  CheckFields(ctx);
  CheckExpressions(ctx);
  CheckVariables(ctx);
  if (options.advice) CheckAdvice(ctx);
  auto findings = std::move(ctx.Findings());
  diag::SortDiagnostics(findings);
  // The schema check and a semantic rule may both describe the same value (a mistyped operand, say):
  // keep the schema's finding. Graph findings (SFN2xx) say something else and always stay.
  std::unordered_set<std::string> schema_pointers;
  for (const auto& d : findings) {
    if (d.code.rfind("SFN1", 0) == 0) schema_pointers.insert(d.location.pointer);
  }
  std::vector<diag::Diagnostic> unique;
  for (auto& d : findings) {
    bool semantic = d.code.rfind("SFN1", 0) != 0 && d.code.rfind("SFN2", 0) != 0 && d.code.rfind("SFN8", 0) != 0;
    if (semantic && schema_pointers.count(d.location.pointer)) continue;
    unique.push_back(std::move(d));
  }
  return unique;
}

}  // namespace sfn::lint
