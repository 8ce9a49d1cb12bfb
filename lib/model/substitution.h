// Deploy-time substitutions: filling "${Name}" placeholders (SAM DefinitionSubstitutions, CDK tokens,
// Serverless variables) with values before a definition is checked or run.
#pragma once

#include <map>
#include <string>

#include "common/json.h"

namespace sfn::model {

using Substitutions = std::map<std::string, Json>;

// Replaces placeholders in every string of `value` (keys untouched). A string that is exactly one
// placeholder takes the substitution's JSON value and type ("${Timeout}" -> 30); placeholders inside a
// longer string are replaced by the value's text. Unknown names are left as they are.
Json Substitute(const Json& value, const Substitutions& substitutions);

// Parses "K=V": V is taken as JSON when it parses as JSON, else as a string.
bool ParseSubstitution(const std::string& text, std::string& key, Json& value);

}  // namespace sfn::model
