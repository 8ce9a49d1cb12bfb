#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "diag/codes.h"

namespace sfn::diag {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

Diagnostic MakeDiagnostic(std::string_view code, Location location, std::string message) {
  Diagnostic d;
  d.code = std::string(code);
  d.location = std::move(location);
  d.message = std::move(message);
  if (const CodeInfo* info = FindCode(code)) {
    d.severity = info->severity;
    d.aws_code = std::string(info->aws_code);
  }
  return d;
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column, a.code) <
           std::tie(b.location.file, b.location.line, b.location.column, b.code);
  });
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return CountSeverity(diagnostics, Severity::kError) > 0;
}

size_t CountSeverity(const std::vector<Diagnostic>& diagnostics, Severity severity) {
  return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                           [&](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace sfn::diag
