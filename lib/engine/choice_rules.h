// The comparison operators of JSONPath-mode Choice rules (internal to the engine area).
//
// A rule compares the value its Variable designates with a literal operand, or with the value another
// path designates (the *Path operators). Values of the wrong type never match (a string compared with
// NumericEquals is simply false); the Is* operators test types. StringMatches takes a pattern where '*'
// matches any run of characters and "\*" a literal asterisk ("\\" a backslash).
#pragma once

#include <optional>
#include <string_view>

#include "common/json.h"

namespace sfn::engine::internal {

enum class ChoiceOp {
  kStringEquals,
  kStringLessThan,
  kStringGreaterThan,
  kStringLessThanEquals,
  kStringGreaterThanEquals,
  kStringMatches,
  kNumericEquals,
  kNumericLessThan,
  kNumericGreaterThan,
  kNumericLessThanEquals,
  kNumericGreaterThanEquals,
  kBooleanEquals,
  kTimestampEquals,
  kTimestampLessThan,
  kTimestampGreaterThan,
  kTimestampLessThanEquals,
  kTimestampGreaterThanEquals,
  kIsNull,
  kIsPresent,
  kIsNumeric,
  kIsString,
  kIsBoolean,
  kIsTimestamp,
};

struct ParsedChoiceOp {
  ChoiceOp op;
  bool is_path = false;  // the *Path form: the operand is a path
};

// "NumericLessThanPath" -> {kNumericLessThan, true}; nullopt for an unknown name.
std::optional<ParsedChoiceOp> ParseChoiceOp(std::string_view name);

// Compares 'value' (what the Variable designates) with 'operand'. kIsPresent is the caller's business.
bool CompareChoice(ChoiceOp op, const Json& value, const Json& operand);

// StringMatches.
bool MatchesWildcard(std::string_view text, std::string_view pattern);

}  // namespace sfn::engine::internal
