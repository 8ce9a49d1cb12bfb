#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "lint/rules.h"

namespace sfn::lint {
namespace {

using model::ChoiceRule;
using model::State;

enum class Operand { kString, kNumber, kBoolean, kTimestamp, kPath, kTrue };

struct OperatorInfo {
  std::string_view name;
  Operand operand;
};

constexpr std::array kOperators = {
    OperatorInfo{"StringEquals", Operand::kString},
    OperatorInfo{"StringLessThan", Operand::kString},
    OperatorInfo{"StringGreaterThan", Operand::kString},
    OperatorInfo{"StringLessThanEquals", Operand::kString},
    OperatorInfo{"StringGreaterThanEquals", Operand::kString},
    OperatorInfo{"StringMatches", Operand::kString},
    OperatorInfo{"NumericEquals", Operand::kNumber},
    OperatorInfo{"NumericLessThan", Operand::kNumber},
    OperatorInfo{"NumericGreaterThan", Operand::kNumber},
    OperatorInfo{"NumericLessThanEquals", Operand::kNumber},
    OperatorInfo{"NumericGreaterThanEquals", Operand::kNumber},
    OperatorInfo{"BooleanEquals", Operand::kBoolean},
    OperatorInfo{"TimestampEquals", Operand::kTimestamp},
    OperatorInfo{"TimestampLessThan", Operand::kTimestamp},
    OperatorInfo{"TimestampGreaterThan", Operand::kTimestamp},
    OperatorInfo{"TimestampLessThanEquals", Operand::kTimestamp},
    OperatorInfo{"TimestampGreaterThanEquals", Operand::kTimestamp},
    OperatorInfo{"IsNull", Operand::kTrue},
    OperatorInfo{"IsPresent", Operand::kTrue},
    OperatorInfo{"IsNumeric", Operand::kTrue},
    OperatorInfo{"IsString", Operand::kTrue},
    OperatorInfo{"IsBoolean", Operand::kTrue},
    OperatorInfo{"IsTimestamp", Operand::kTrue},
};

const OperatorInfo* FindOperator(std::string_view key, bool& is_path) {
  is_path = false;
  for (const auto& op : kOperators) {
    if (key == op.name) return &op;
  }
  constexpr std::string_view kPathSuffix = "Path";
  if (key.size() > kPathSuffix.size() && key.substr(key.size() - kPathSuffix.size()) == kPathSuffix) {
    std::string_view base = key.substr(0, key.size() - kPathSuffix.size());
    for (const auto& op : kOperators) {
      if (base == op.name && op.operand != Operand::kTrue && base != "StringMatches") {
        is_path = true;
        return &op;
      }
    }
  }
  return nullptr;
}

}  // namespace

// RFC 3339 date-time as Step Functions accepts it: 2016-03-14T01:59:00Z, optional fraction, 'Z' or offset.
bool IsRfc3339Timestamp(std::string_view s) {
  size_t at = 0;
  auto digits = [&](size_t n, int& out) {
    out = 0;
    for (size_t i = 0; i < n; ++i, ++at) {
      if (at >= s.size() || !std::isdigit(static_cast<unsigned char>(s[at]))) return false;
      out = out * 10 + (s[at] - '0');
    }
    return true;
  };
  auto literal = [&](char c) { return at < s.size() && s[at++] == c; };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, unused = 0;
  if (!digits(4, year) || !literal('-') || !digits(2, month) || !literal('-') || !digits(2, day) || !literal('T') ||
      !digits(2, hour) || !literal(':') || !digits(2, minute) || !literal(':') || !digits(2, second)) {
    return false;
  }
  if (at < s.size() && s[at] == '.') {
    ++at;
    size_t first = at;
    while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
    if (at == first) return false;
  }
  if (at < s.size() && s[at] == 'Z') {
    ++at;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    ++at;
    if (!digits(2, unused) || !literal(':') || !digits(2, unused)) return false;
  } else {
    return false;
  }
  return at == s.size() && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 &&
         second <= 60;
}

namespace {

class ChoiceChecker {
 public:
  ChoiceChecker(RuleContext& ctx, const State& state) : ctx_(ctx), state_(state) {}
  void CheckRule(const ChoiceRule& rule, bool top_level);

 private:
  void CheckComparisonCount(const ChoiceRule& rule, const Json& raw);
  void CheckOperand(const ChoiceRule& rule);

  RuleContext& ctx_;
  const State& state_;
};

// `raw` is the rule's object.
void ChoiceChecker::CheckComparisonCount(const ChoiceRule& rule, const Json& raw) {
  std::vector<std::string_view> found;
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    bool is_path;
    const std::string& key = it.key();
    if (FindOperator(key, is_path) || key == "And" || key == "Or" || key == "Not" || key == "Condition") {
      found.push_back(key);
      if (found.size() > 1) break;
    }
  }
  if (found.size() > 1) {
    ctx_.Report("SFN302", AppendPointer(rule.pointer, found[1]),
                "Choice rule has more than one comparison ('" + std::string(found[0]) + "' and '" +
                    std::string(found[1]) + "')",
                true);
  }
}

void ChoiceChecker::CheckOperand(const ChoiceRule& rule) {
  bool is_path = false;
  const OperatorInfo* op = FindOperator(rule.op, is_path);
  if (!op) return;  // unknown keys are reported by the schema check
  if (model::IsPlaceholder(rule.operand)) return;
  auto pointer = [&] { return AppendPointer(rule.pointer, rule.op); };
  auto expect = [&](bool ok, std::string_view what) {
    if (!ok) {
      ctx_.Report("SFN305", pointer(), "'" + rule.op + "' needs " + std::string(what) + ", not " + rule.operand.dump());
    }
  };
  if (is_path) {
    expect(rule.operand.is_string(), "a reference path string");
    return;
  }
  switch (op->operand) {
    case Operand::kString:
      expect(rule.operand.is_string(), "a string");
      break;
    case Operand::kNumber:
      expect(rule.operand.is_number(), "a number");
      break;
    case Operand::kBoolean:
    case Operand::kTrue:
      expect(rule.operand.is_boolean(), "true or false");
      break;
    case Operand::kTimestamp:
      if (!rule.operand.is_string()) {
        expect(false, "a timestamp string");
      } else if (!IsRfc3339Timestamp(rule.operand.get<std::string>())) {
        ctx_.Report("SFN307", pointer(),
                    "'" + rule.op + "' needs an RFC 3339 timestamp such as '2016-03-14T01:59:00Z', not " +
                        rule.operand.dump());
      }
      break;
    case Operand::kPath:
      break;
  }
}

void ChoiceChecker::CheckRule(const ChoiceRule& rule, bool top_level) {
  const Json* raw = ctx_.Raw(rule.pointer);
  if (!raw) return;
  if (!raw->is_object()) return;  // reported by the schema check
  bool has_next = raw->contains("Next");
  if (top_level && !has_next) {
    ctx_.Report("SFN303", rule.pointer, "Choice rule in state '" + state_.name + "' has no 'Next'");
  } else if (!top_level && has_next) {
    ctx_.Report("SFN304", AppendPointer(rule.pointer, "Next"),
                "'Next' is only allowed on the top-level rules of 'Choices', not inside 'And', 'Or' or 'Not'", true);
  }
  CheckComparisonCount(rule, *raw);
  switch (rule.kind) {
    case ChoiceRule::Kind::kEmpty:
      ctx_.Report("SFN301", rule.pointer,
                  state_.IsJsonata() ? "Choice rule has no 'Condition'"
                                     : "Choice rule has no comparison (such as 'StringEquals'), 'And', 'Or' or 'Not'");
      break;
    case ChoiceRule::Kind::kComparison:
      if (!raw->contains("Variable")) {
        if (!state_.IsJsonata()) {
          ctx_.Report("SFN306", AppendPointer(rule.pointer, rule.op), "comparison '" + rule.op + "' has no 'Variable'",
                      true);
        }
      }
      CheckOperand(rule);
      break;
    case ChoiceRule::Kind::kAnd:
    case ChoiceRule::Kind::kOr: {
      std::string key = rule.kind == ChoiceRule::Kind::kAnd ? "And" : "Or";
      const Json& list = (*raw)[key];
      if (!list.is_array() || list.empty()) {
        ctx_.Report("SFN301", AppendPointer(rule.pointer, key), "'" + key + "' needs a non-empty array of rules");
      }
      for (const auto& child : rule.children) CheckRule(child, false);
      break;
    }
    case ChoiceRule::Kind::kNot:
      if (!(*raw)["Not"].is_object()) {
        ctx_.Report("SFN301", AppendPointer(rule.pointer, "Not"), "'Not' needs a single rule object");
      } else {
        for (const auto& child : rule.children) CheckRule(child, false);
      }
      break;
    case ChoiceRule::Kind::kCondition:
      break;
  }
}

}  // namespace

void CheckChoices(RuleContext& ctx) {
  for (const State* s : ctx.Machine().AllStates()) {
    if (s->type != model::StateType::kChoice) continue;
    const Json* choices = s->RawField("Choices");
    if (choices && choices->is_array() && choices->empty()) {
      ctx.Report("SFN301", AppendPointer(s->pointer, "Choices"), "Choice state '" + s->name + "' has no rules");
    }
    ChoiceChecker checker(ctx, *s);
    for (const auto& rule : s->choices) checker.CheckRule(rule, true);
  }
}

}  // namespace sfn::lint
