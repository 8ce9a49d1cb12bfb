// The table of diagnostic codes: each sfn rule code with its default severity, AWS's own code for the
// same problem where one exists, and a short title. Every Diagnostic's code comes from this table.
//
// Ranges: SFN0xx loading, SFN1xx structure (schema), SFN2xx transitions and graph, SFN3xx Choice rules,
// SFN4xx Retry and Catch, SFN5xx field rules, SFN6xx expressions, SFN7xx variables, SFN8xx advice
// (warnings), SFN9xx templates and placeholders.
#pragma once

#include <span>
#include <string_view>

#include "diag/diagnostic.h"

namespace sfn::diag {

struct CodeInfo {
  std::string_view code;
  Severity severity;
  std::string_view aws_code;
  std::string_view title;
};

// Returns nullptr for an unknown code.
const CodeInfo* FindCode(std::string_view code);
std::span<const CodeInfo> AllCodes();

}  // namespace sfn::diag
