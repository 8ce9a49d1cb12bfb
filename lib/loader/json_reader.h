// JsonReader: a strict RFC 8259 JSON parser that records the source position of every value.
//
// It is iterative (no recursion), so nesting is bounded only by ReadLimits::max_depth, and it rejects
// duplicate keys, invalid UTF-8, control characters in strings and trailing content, each with the byte
// offset of the problem.
#pragma once

#include <optional>
#include <string_view>

#include "common/json.h"
#include "loader/position_index.h"
#include "loader/read_error.h"

namespace sfn::loader {

struct JsonReadResult {
  Json value;
  std::optional<ReadError> error;  // set when reading failed; value is then unspecified
};

JsonReadResult ReadJson(std::string_view text, PositionIndex* index, const ReadLimits& limits = {});

}  // namespace sfn::loader
