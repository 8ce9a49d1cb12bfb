// The cause texts AWS gives when a JSONPath-mode path fails at run time.
//
// The engine prefixes them with "An error occurred while executing the state '...' (entered at
// the event id #N). "; these functions build the part after it, as AWS words it.
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"

namespace sfn::path {

// For a payload template field, ErrorPath or CausePath:
// "The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{"a":1}'"
std::string FieldNotFoundCause(std::string_view path, std::string_view field, const Json& input);

// For InputPath and OutputPath: "Invalid path '$.x' : No results for path: $['x']"
std::string InvalidPathCause(std::string_view path, std::string_view detail);

// For a ResultPath that cannot be applied (States.ResultPathMatchFailure):
// "Unable to apply ReferencePath $.a.b to input "text""
std::string ResultPathCause(std::string_view path, const Json& input);

}  // namespace sfn::path
