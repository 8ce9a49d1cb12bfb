// The linter: runs the structural (schema) check and every semantic rule over one state machine, and
// returns its findings as diagnostics located in the source document.
#pragma once

#include <vector>

#include "diag/diagnostic.h"
#include "lint/schema_check.h"
#include "loader/document.h"
#include "model/state_machine.h"

namespace sfn::lint {

struct LintOptions {
  const SchemaChecker* schema = nullptr;  // nullptr skips the structural check
  bool advice = true;                     // warnings for likely mistakes (SFN8xx)
};

std::vector<diag::Diagnostic> Lint(const loader::Document& document, const model::StateMachine& machine,
                                   const LintOptions& options);

}  // namespace sfn::lint
