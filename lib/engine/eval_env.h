// Helpers shared by the two DataFlow implementations (internal to the engine area).
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"
#include "engine/data_flow.h"
#include "path/env.h"

namespace sfn::engine::internal {

// The JSONPath environment: '$' is 'input', '$$' the context, '$name' the variables.
path::Env MakePathEnv(const Json* input, const EvalScope& scope);

// Throws StatesError("States.Runtime", detail).
[[noreturn]] void ThrowRuntime(std::string detail);

// The text of a value inside an error message: a string as it is, anything else as JSON.
std::string ValueText(const Json& value);

}  // namespace sfn::engine::internal
