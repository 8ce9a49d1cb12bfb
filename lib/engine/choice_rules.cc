#include "engine/choice_rules.h"

#include <array>
#include <string>
#include <utility>

#include "engine/timestamps.h"
#include "path/java_text.h"

namespace sfn::engine::internal {
namespace {

constexpr std::array<std::pair<std::string_view, ChoiceOp>, 23> kOps = {{
    {"StringEquals", ChoiceOp::kStringEquals},
    {"StringLessThan", ChoiceOp::kStringLessThan},
    {"StringGreaterThan", ChoiceOp::kStringGreaterThan},
    {"StringLessThanEquals", ChoiceOp::kStringLessThanEquals},
    {"StringGreaterThanEquals", ChoiceOp::kStringGreaterThanEquals},
    {"StringMatches", ChoiceOp::kStringMatches},
    {"NumericEquals", ChoiceOp::kNumericEquals},
    {"NumericLessThan", ChoiceOp::kNumericLessThan},
    {"NumericGreaterThan", ChoiceOp::kNumericGreaterThan},
    {"NumericLessThanEquals", ChoiceOp::kNumericLessThanEquals},
    {"NumericGreaterThanEquals", ChoiceOp::kNumericGreaterThanEquals},
    {"BooleanEquals", ChoiceOp::kBooleanEquals},
    {"TimestampEquals", ChoiceOp::kTimestampEquals},
    {"TimestampLessThan", ChoiceOp::kTimestampLessThan},
    {"TimestampGreaterThan", ChoiceOp::kTimestampGreaterThan},
    {"TimestampLessThanEquals", ChoiceOp::kTimestampLessThanEquals},
    {"TimestampGreaterThanEquals", ChoiceOp::kTimestampGreaterThanEquals},
    {"IsNull", ChoiceOp::kIsNull},
    {"IsPresent", ChoiceOp::kIsPresent},
    {"IsNumeric", ChoiceOp::kIsNumeric},
    {"IsString", ChoiceOp::kIsString},
    {"IsBoolean", ChoiceOp::kIsBoolean},
    {"IsTimestamp", ChoiceOp::kIsTimestamp},
}};

// -1, 0 or 1 by the relation; 'ok' false when the values cannot be ordered.
int CompareNumbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      auto ua = a.get<uint64_t>(), ub = b.get<uint64_t>();
      if (a.is_number_unsigned() && b.is_number_unsigned()) return ua < ub ? -1 : (ua > ub ? 1 : 0);
    } else {
      auto ia = a.get<int64_t>(), ib = b.get<int64_t>();
      return ia < ib ? -1 : (ia > ib ? 1 : 0);
    }
  }
  long double da = a.get<long double>(), db = b.get<long double>();
  return da < db ? -1 : (da > db ? 1 : 0);
}

bool Holds(ChoiceOp op, int relation) {
  switch (op) {
    case ChoiceOp::kStringEquals:
    case ChoiceOp::kNumericEquals:
    case ChoiceOp::kTimestampEquals:
      return relation == 0;
    case ChoiceOp::kStringLessThan:
    case ChoiceOp::kNumericLessThan:
    case ChoiceOp::kTimestampLessThan:
      return relation < 0;
    case ChoiceOp::kStringGreaterThan:
    case ChoiceOp::kNumericGreaterThan:
    case ChoiceOp::kTimestampGreaterThan:
      return relation > 0;
    case ChoiceOp::kStringLessThanEquals:
    case ChoiceOp::kNumericLessThanEquals:
    case ChoiceOp::kTimestampLessThanEquals:
      return relation <= 0;
    case ChoiceOp::kStringGreaterThanEquals:
    case ChoiceOp::kNumericGreaterThanEquals:
    case ChoiceOp::kTimestampGreaterThanEquals:
      return relation >= 0;
    default:
      return false;
  }
}

bool IsStringOp(ChoiceOp op) {
  return op >= ChoiceOp::kStringEquals && op <= ChoiceOp::kStringGreaterThanEquals;
}
bool IsNumericOp(ChoiceOp op) {
  return op >= ChoiceOp::kNumericEquals && op <= ChoiceOp::kNumericGreaterThanEquals;
}
bool IsTimestampOp(ChoiceOp op) {
  return op >= ChoiceOp::kTimestampEquals && op <= ChoiceOp::kTimestampGreaterThanEquals;
}

bool TypeTest(ChoiceOp op, const Json& value, const Json& operand) {
  if (!operand.is_boolean()) return false;
  bool expected = operand.get<bool>();
  bool actual = false;
  switch (op) {
    case ChoiceOp::kIsNull:
      actual = value.is_null();
      break;
    case ChoiceOp::kIsNumeric:
      actual = value.is_number();
      break;
    case ChoiceOp::kIsString:
      actual = value.is_string();
      break;
    case ChoiceOp::kIsBoolean:
      actual = value.is_boolean();
      break;
    case ChoiceOp::kIsTimestamp:
      actual = value.is_string() && ParseTimestamp(value.get_ref<const std::string&>()).has_value();
      break;
    default:
      return false;
  }
  return actual == expected;
}

}  // namespace

std::optional<ParsedChoiceOp> ParseChoiceOp(std::string_view name) {
  bool is_path = false;
  if (name.size() > 4 && name.substr(name.size() - 4) == "Path") {
    std::string_view base = name.substr(0, name.size() - 4);
    for (const auto& [n, op] : kOps) {
      if (n == base && op < ChoiceOp::kIsNull && op != ChoiceOp::kStringMatches)
        return ParsedChoiceOp{op, true};
    }
    return std::nullopt;
  }
  for (const auto& [n, op] : kOps) {
    if (n == name) return ParsedChoiceOp{op, is_path};
  }
  return std::nullopt;
}

bool MatchesWildcard(std::string_view text, std::string_view pattern) {
  // Tokenise the pattern: literal characters (with escapes resolved) and '*' wildcards.
  std::vector<int> tokens;  // -1 for a wildcard, else an unsigned char
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == '*' || pattern[i + 1] == '\\')) {
      tokens.push_back(static_cast<unsigned char>(pattern[++i]));
    } else if (c == '*') {
      tokens.push_back(-1);
    } else {
      tokens.push_back(static_cast<unsigned char>(c));
    }
  }
  // Greedy matching with backtracking to the last wildcard: linear in practice, never exponential.
  size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < tokens.size() && tokens[p] != -1 && tokens[p] == static_cast<unsigned char>(text[t])) {
      ++t;
      ++p;
    } else if (p < tokens.size() && tokens[p] == -1) {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && tokens[p] == -1) ++p;
  return p == tokens.size();
}

bool CompareChoice(ChoiceOp op, const Json& value, const Json& operand) {
  if (IsStringOp(op)) {
    if (!value.is_string() || !operand.is_string()) return false;
    return Holds(
        op, path::JavaCompare(value.get_ref<const std::string&>(), operand.get_ref<const std::string&>()));
  }
  if (op == ChoiceOp::kStringMatches) {
    if (!value.is_string() || !operand.is_string()) return false;
    return MatchesWildcard(value.get_ref<const std::string&>(), operand.get_ref<const std::string&>());
  }
  if (IsNumericOp(op)) {
    if (!value.is_number() || !operand.is_number()) return false;
    return Holds(op, CompareNumbers(value, operand));
  }
  if (op == ChoiceOp::kBooleanEquals) {
    return value.is_boolean() && operand.is_boolean() && value.get<bool>() == operand.get<bool>();
  }
  if (IsTimestampOp(op)) {
    if (!value.is_string() || !operand.is_string()) return false;
    auto a = ParseTimestamp(value.get_ref<const std::string&>());
    auto b = ParseTimestamp(operand.get_ref<const std::string&>());
    if (!a || !b) return false;
    return Holds(op, *a < *b ? -1 : (*b < *a ? 1 : 0));
  }
  return TypeTest(op, value, operand);
}

}  // namespace sfn::engine::internal
