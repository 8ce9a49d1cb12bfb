#include "diag/codes.h"

#include <algorithm>
#include <array>

namespace sfn::diag {
namespace {

constexpr Severity E = Severity::kError;
constexpr Severity W = Severity::kWarning;

constexpr std::array kCodes = {
    // Loading.
    CodeInfo{"SFN001", E, "", "cannot read file"},
    CodeInfo{"SFN002", E, "INVALID_JSON_DESCRIPTION", "invalid JSON"},
    CodeInfo{"SFN003", E, "INVALID_JSON_DESCRIPTION", "invalid YAML"},
    CodeInfo{"SFN004", E, "INVALID_JSON_DESCRIPTION", "duplicate key"},
    CodeInfo{"SFN005", E, "INVALID_JSON_DESCRIPTION", "nesting too deep"},
    CodeInfo{"SFN006", E, "INVALID_JSON_DESCRIPTION", "definition too large"},
    CodeInfo{"SFN007", E, "INVALID_JSON_DESCRIPTION", "invalid UTF-8"},
    CodeInfo{"SFN008", E, "INVALID_JSON_DESCRIPTION", "binary file"},
    CodeInfo{"SFN009", E, "", "no state machine found"},
    CodeInfo{"SFN010", E, "", "invalid resources file"},
    CodeInfo{"SFN011", E, "", "invalid mock configuration"},
    // Structure.
    CodeInfo{"SFN101", E, "SCHEMA_VALIDATION_FAILED", "schema violation"},
    CodeInfo{"SFN102", E, "SCHEMA_VALIDATION_FAILED", "unknown state type"},
    CodeInfo{"SFN104", E, "SCHEMA_VALIDATION_FAILED", "missing required field"},
    CodeInfo{"SFN105", E, "SCHEMA_VALIDATION_FAILED", "unknown field"},
    // Transitions and graph.
    CodeInfo{"SFN201", E, "MISSING_TRANSITION_TARGET", "transition to a state that does not exist"},
    CodeInfo{"SFN202", E, "MISSING_TRANSITION_TARGET", "transition out of a branch or processor"},
    CodeInfo{"SFN203", E, "UNREACHABLE_STATE", "state is unreachable"},
    CodeInfo{"SFN204", E, "MISSING_END_STATE", "no terminal state"},
    CodeInfo{"SFN205", E, "SCHEMA_VALIDATION_FAILED", "both 'End' and 'Next'"},
    CodeInfo{"SFN206", E, "SCHEMA_VALIDATION_FAILED", "neither 'End' nor 'Next'"},
    CodeInfo{"SFN207", E, "MISSING_TRANSITION_TARGET", "'StartAt' names no state"},
    CodeInfo{"SFN208", E, "SCHEMA_VALIDATION_FAILED", "state name too long"},
    CodeInfo{"SFN209", E, "DUPLICATE_STATE_NAME", "state name used twice"},
    CodeInfo{"SFN210", E, "SCHEMA_VALIDATION_FAILED", "empty 'States'"},
    // Choice rules.
    CodeInfo{"SFN301", E, "SCHEMA_VALIDATION_FAILED", "Choice rule has no comparison"},
    CodeInfo{"SFN302", E, "SCHEMA_VALIDATION_FAILED", "Choice rule has more than one comparison"},
    CodeInfo{"SFN303", E, "SCHEMA_VALIDATION_FAILED", "top-level Choice rule without 'Next'"},
    CodeInfo{"SFN304", E, "SCHEMA_VALIDATION_FAILED", "nested Choice rule with 'Next'"},
    CodeInfo{"SFN305", E, "SCHEMA_VALIDATION_FAILED", "comparison operand has the wrong type"},
    CodeInfo{"SFN306", E, "SCHEMA_VALIDATION_FAILED", "comparison without 'Variable'"},
    CodeInfo{"SFN307", E, "SCHEMA_VALIDATION_FAILED", "invalid timestamp"},
    // Retry and Catch.
    CodeInfo{"SFN401", E, "SCHEMA_VALIDATION_FAILED", "'States.ALL' not alone or not last"},
    CodeInfo{"SFN402", E, "SCHEMA_VALIDATION_FAILED", "'BackoffRate' below 1"},
    CodeInfo{"SFN403", E, "SCHEMA_VALIDATION_FAILED", "'MaxAttempts' below 0"},
    CodeInfo{"SFN404", E, "SCHEMA_VALIDATION_FAILED", "empty 'ErrorEquals'"},
    CodeInfo{"SFN405", W, "SCHEMA_VALIDATION_FAILED", "unknown 'States.' error name"},
    CodeInfo{"SFN406", E, "SCHEMA_VALIDATION_FAILED", "'IntervalSeconds' or 'MaxDelaySeconds' out of range"},
    // Field rules.
    CodeInfo{"SFN501", E, "SCHEMA_VALIDATION_FAILED", "field and its Path twin both set"},
    CodeInfo{"SFN502", E, "SCHEMA_VALIDATION_FAILED", "'HeartbeatSeconds' not below 'TimeoutSeconds'"},
    CodeInfo{"SFN503", E, "SCHEMA_VALIDATION_FAILED", "field not allowed in this query language"},
    CodeInfo{"SFN504", E, "SCHEMA_VALIDATION_FAILED", "Wait state needs exactly one duration field"},
    CodeInfo{"SFN505", E, "SCHEMA_VALIDATION_FAILED", "value out of range"},
    CodeInfo{"SFN506", E, "SCHEMA_VALIDATION_FAILED", "Map needs 'ItemProcessor' or 'Iterator'"},
    CodeInfo{"SFN507", E, "SCHEMA_VALIDATION_FAILED", "field not allowed here"},
    CodeInfo{"SFN508", E, "SCHEMA_VALIDATION_FAILED", "field given twice in a payload template"},
    CodeInfo{"SFN509", E, "INVALID_RESOURCE", "invalid resource ARN"},
    // Expressions.
    CodeInfo{"SFN601", E, "INVALID_JSON_PATH", "invalid JSONPath"},
    CodeInfo{"SFN602", E, "INVALID_JSON_PATH", "invalid reference path"},
    CodeInfo{"SFN603", E, "INVALID_INTRINSIC_FUNCTION", "invalid intrinsic function"},
    CodeInfo{"SFN604", E, "INVALID_JSONATA", "invalid JSONata expression"},
    CodeInfo{"SFN605", E, "SCHEMA_VALIDATION_FAILED", "'.$' key whose value is not a path"},
    CodeInfo{"SFN606", E, "INVALID_JSONATA", "JSONata string not framed by '{%' and '%}'"},
    CodeInfo{"SFN607", W, "INVALID_JSON_PATH", "invalid context path"},
    // Variables.
    CodeInfo{"SFN701", E, "INVALID_VARIABLE_REFERENCE", "variable used but never assigned"},
    CodeInfo{"SFN702", E, "SCHEMA_VALIDATION_FAILED", "invalid variable name"},
    CodeInfo{"SFN703", W, "", "variable may be read before it is assigned"},
    CodeInfo{"SFN704", E, "SCHEMA_VALIDATION_FAILED", "reserved variable name"},
    CodeInfo{"SFN705", W, "", "JSONata reads a variable that no Assign sets"},
    // Advice.
    CodeInfo{"SFN801", W, "", "Task without 'TimeoutSeconds'"},
    CodeInfo{"SFN802", W, "", "Choice without 'Default'"},
    CodeInfo{"SFN803", W, "", "Retry or Catch entry can never match"},
    // Templates and placeholders.
    CodeInfo{"SFN901", W, "", "placeholder left unresolved"},
};

}  // namespace

const CodeInfo* FindCode(std::string_view code) {
  auto it = std::find_if(kCodes.begin(), kCodes.end(), [&](const CodeInfo& c) { return c.code == code; });
  return it == kCodes.end() ? nullptr : &*it;
}

std::span<const CodeInfo> AllCodes() { return kCodes; }

}  // namespace sfn::diag
