// Renderers for lists of diagnostics: text (compiler style, with the source line and a caret), json,
// sarif (SARIF 2.1.0) and github (workflow commands). All renderers take the same sorted list; the
// choice of format belongs to the caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "diag/diagnostic.h"

namespace sfn::diag {

enum class Format { kText, kJson, kSarif, kGithub };

// Parses "text", "json", "sarif" or "github".
std::optional<Format> ParseFormat(std::string_view name);

struct TextOptions {
  bool color = false;
  bool show_source = true;
};

// file:line:col: error: message [SFN201 MISSING_TRANSITION_TARGET]
//     "Next": "Nowhere"
//             ^
std::string RenderText(const std::vector<Diagnostic>& diagnostics, const TextOptions& options);
std::string RenderOneText(const Diagnostic& d, const TextOptions& options);

// {"diagnostics":[...], "summary":{"files":N,"errors":E,"warnings":W}}
Json RenderJson(const std::vector<Diagnostic>& diagnostics, size_t files_checked);

Json RenderSarif(const std::vector<Diagnostic>& diagnostics, std::string_view tool_version);

// ::error file=F,line=L,col=C,title=CODE::message  (::warning for warnings, ::notice for notes)
std::string RenderGithub(const std::vector<Diagnostic>& diagnostics);

// The "<stdin>" display name for "-".
std::string DisplayFileName(std::string_view file);

}  // namespace sfn::diag
