// The 18 States.* intrinsic functions: their table and their implementations (internal).
//
// Each function takes its evaluated arguments and returns a value or throws
// StatesError("States.IntrinsicFailure", cause) when an argument has the wrong type or is out of
// the range AWS accepts.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "path/env.h"
#include "path/jsonpath.h"

namespace sfn::path::internal {

enum class Fn {
  kFormat,
  kStringToJson,
  kJsonToString,
  kArray,
  kArrayPartition,
  kArrayContains,
  kArrayRange,
  kArrayGetItem,
  kArrayLength,
  kArrayUnique,
  kBase64Encode,
  kBase64Decode,
  kHash,
  kJsonMerge,
  kMathRandom,
  kMathAdd,
  kStringSplit,
  kUuid
};

constexpr size_t kVariadic = std::numeric_limits<size_t>::max();

struct FnInfo {
  Fn fn;
  const char* name;  // "States.Format"
  size_t min_args;
  size_t max_args;  // kVariadic for no limit
};

const std::vector<FnInfo>& FunctionTable();
const FnInfo* FindFunction(std::string_view name);

// Splits a States.Format template at its '{}' placeholders. For a template written as a literal,
// the parser splits it with the escapes \{ and \} taken into account; a template read from a path
// is split here, on every "{}".
std::vector<std::string> SplitFormatTemplate(std::string_view text);

// What is wrong with the literal 'value' written as argument 'index' (from 0) of a call to 'fn'
// (a string where a number is needed, a chunk size of 0, an unknown hash algorithm, ...), or
// nothing when the function can take it. Path arguments are only known when the call runs.
std::optional<std::string> LiteralArgumentProblem(const FnInfo& fn, size_t index, const Json& value);

// Applies a function. 'format_pieces' holds the pieces of a literal States.Format template.
Json ApplyFunction(const FnInfo& fn, const std::vector<Selection>& args,
                   const std::vector<std::string>* format_pieces, const Env& env);

}  // namespace sfn::path::internal
