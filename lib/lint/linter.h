// The linter: runs the structural (schema) check and every semantic rule over one state machine, and
// returns its findings as diagnostics located in the source document.
#pragma once

#include <memory>
#include <vector>

#include "diag/diagnostic.h"
#include "lint/schema_check.h"
#include "loader/document.h"
#include "model/state_machine.h"

namespace sfn::lint {

struct LintOptions {
  const SchemaChecker* schema = nullptr;  // nullptr skips the structural check
  bool advice = true;                     // warnings for likely mistakes (SFN8xx)
  bool parallel = false;                  // a core is free: check a large definition on two threads
};

std::vector<diag::Diagnostic> Lint(const loader::Document& document, const model::StateMachine& machine,
                                   const LintOptions& options);

// Builds the model of `definition` (which sits at `base_pointer` in `document`) and lints it. With
// options.parallel and a large definition, the schema check runs while the model is built.
struct LintedDefinition {
  std::unique_ptr<model::StateMachine> machine;
  std::vector<diag::Diagnostic> findings;
};
LintedDefinition BuildAndLint(const loader::Document& document, Json definition, std::string base_pointer,
                              const LintOptions& options);

}  // namespace sfn::lint
