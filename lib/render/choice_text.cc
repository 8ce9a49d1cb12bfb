#include "render/choice_text.h"

#include <array>
#include <optional>
#include <string_view>

#include "common/json.h"

namespace sfn::render {
namespace {

using Kind = model::ChoiceRule::Kind;

constexpr int kMaxDepth = 32;

// Precedence: an operand of `and` that is an `or` needs parentheses; nothing else does.
enum class Level { kOr, kAnd, kUnary };

struct Operator {
  std::string_view suffix;  // after the type prefix: "Equals", "LessThan", ...
  std::string_view symbol;
};

constexpr std::array<Operator, 5> kOperators = {{
    {"Equals", "=="},
    {"LessThanEquals", "<="},
    {"GreaterThanEquals", ">="},
    {"LessThan", "<"},
    {"GreaterThan", ">"},
}};

constexpr std::array<std::string_view, 4> kTypePrefixes = {"String", "Numeric", "Boolean", "Timestamp"};

struct TypeTest {
  std::string_view op;
  std::string_view positive;
  std::string_view negative;
};

constexpr std::array<TypeTest, 6> kTypeTests = {{
    {"IsPresent", "is present", "is not present"},
    {"IsNull", "is null", "is not null"},
    {"IsString", "is string", "is not string"},
    {"IsNumeric", "is numeric", "is not numeric"},
    {"IsBoolean", "is boolean", "is not boolean"},
    {"IsTimestamp", "is timestamp", "is not timestamp"},
}};

// A comparison operator split into its type prefix, its relation and whether it compares to a path.
struct ParsedOp {
  std::string_view type;
  std::string_view symbol;
  bool path = false;
};

std::optional<ParsedOp> ParseOp(std::string_view op) {
  ParsedOp parsed;
  if (op.size() > 4 && op.substr(op.size() - 4) == "Path") {
    parsed.path = true;
    op.remove_suffix(4);
  }
  for (std::string_view prefix : kTypePrefixes) {
    if (op.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = op.substr(prefix.size());
    for (const Operator& o : kOperators) {
      if (rest == o.suffix) return ParsedOp{prefix, o.symbol, parsed.path};
    }
  }
  return std::nullopt;
}

std::string Variable(const model::ChoiceRule& rule) { return rule.variable.empty() ? "?" : rule.variable; }

std::string Operand(const Json& operand, const ParsedOp& op) {
  if (op.path && operand.is_string()) return operand.get<std::string>();
  if (op.type == "Timestamp" && operand.is_string()) return operand.get<std::string>();
  return DumpCompact(operand);
}

std::string TypeTestText(const model::ChoiceRule& rule, const TypeTest& test) {
  std::string out = Variable(rule) + " ";
  if (rule.operand.is_boolean()) {
    out += rule.operand.get<bool>() ? test.positive : test.negative;
  } else {  // a path or a mistyped value: show what the definition says
    out += test.positive;
    out += " == " + DumpCompact(rule.operand);
  }
  return out;
}

std::string ComparisonText(const model::ChoiceRule& rule, bool negated_equality = false) {
  for (const TypeTest& test : kTypeTests) {
    if (rule.op == test.op) return TypeTestText(rule, test);
  }
  if (rule.op == "StringMatches") return Variable(rule) + " matches " + DumpCompact(rule.operand);
  if (auto parsed = ParseOp(rule.op)) {
    std::string_view symbol = negated_equality ? "!=" : parsed->symbol;
    return Variable(rule) + " " + std::string(symbol) + " " + Operand(rule.operand, *parsed);
  }
  return Variable(rule) + " " + rule.op + " " + DumpCompact(rule.operand);
}

bool IsEqualityComparison(const model::ChoiceRule& rule) {
  if (rule.kind != Kind::kComparison) return false;
  auto parsed = ParseOp(rule.op);
  return parsed && parsed->symbol == "==";
}

std::string ConditionText(const model::ChoiceRule& rule) {
  if (!rule.condition) return "?";
  const Json& value = rule.condition->value;
  if (model::IsJsonataExpression(value)) {
    return CollapseSpaces(model::JsonataBody(value.get_ref<const std::string&>()));
  }
  if (value.is_string()) return value.get<std::string>();
  return DumpCompact(value);
}

std::string Text(const model::ChoiceRule& rule, Level context, int depth);

std::string Join(const model::ChoiceRule& rule, std::string_view word, Level level, int depth) {
  if (rule.children.empty()) return std::string("(empty ") + (level == Level::kAnd ? "And" : "Or") + ")";
  std::string out;
  for (size_t i = 0; i < rule.children.size(); ++i) {
    if (i > 0) out += word;
    out += Text(rule.children[i], level, depth + 1);
  }
  return out;
}

std::string NotText(const model::ChoiceRule& rule, int depth) {
  if (rule.children.empty()) return "not (?)";
  const model::ChoiceRule& inner = rule.children[0];
  if (IsEqualityComparison(inner)) return ComparisonText(inner, true);
  return "not (" + Text(inner, Level::kOr, depth + 1) + ")";
}

std::string Text(const model::ChoiceRule& rule, Level context, int depth) {
  if (depth > kMaxDepth) return "\xE2\x80\xA6";
  switch (rule.kind) {
    case Kind::kComparison:
      return ComparisonText(rule);
    case Kind::kCondition:
      return ConditionText(rule);
    case Kind::kNot:
      return NotText(rule, depth);
    case Kind::kAnd:
      return Join(rule, " and ", Level::kAnd, depth);
    case Kind::kOr: {
      std::string text = Join(rule, " or ", Level::kOr, depth);
      return context == Level::kAnd && rule.children.size() > 1 ? "(" + text + ")" : text;
    }
    case Kind::kEmpty:
      break;
  }
  return "(empty rule)";
}

}  // namespace

std::string ChoiceText(const model::ChoiceRule& rule) { return Text(rule, Level::kOr, 0); }

std::string ChoiceLabel(const model::ChoiceRule& rule, size_t index, size_t width) {
  return Truncate("#" + std::to_string(index + 1) + " " + ChoiceText(rule), width);
}

}  // namespace sfn::render
