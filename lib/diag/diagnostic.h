// Diagnostic: the one finding type that every sfn subcommand produces.
//
// A diagnostic has a rule code (from the table in codes.h), a severity, AWS's own error code where AWS
// has one for the same problem, a location (file, 1-based line and column, and the JSON Pointer of the
// offending value), a message, and optional notes. Renderers (render.h) turn a sorted list of them into
// text, json, sarif or github output; the code that finds a problem never chooses the format.
#pragma once

#include <string>
#include <vector>

namespace sfn::diag {

enum class Severity { kError, kWarning, kNote };

std::string_view SeverityName(Severity severity);  // "error", "warning", "note"

struct Location {
  std::string file;     // as the user named it; "-" is shown as "<stdin>"
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, in characters; 0 when unknown
  std::string pointer;  // JSON Pointer into the definition, may be empty
};

struct Diagnostic {
  std::string code;      // sfn's rule code, e.g. "SFN201"
  Severity severity = Severity::kError;
  std::string aws_code;  // e.g. "MISSING_TRANSITION_TARGET"; empty when AWS has none
  Location location;
  std::string message;   // lowercase start, no final period, names in single quotes
  std::vector<std::string> notes;
  std::string source_line;  // the source line, for the caret display; may be empty
};

// Builds a diagnostic whose severity and AWS code come from the codes table.
Diagnostic MakeDiagnostic(std::string_view code, Location location, std::string message);

// Orders by file, line, column, then code; stable for equal keys.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

bool HasErrors(const std::vector<Diagnostic>& diagnostics);
size_t CountSeverity(const std::vector<Diagnostic>& diagnostics, Severity severity);

}  // namespace sfn::diag
