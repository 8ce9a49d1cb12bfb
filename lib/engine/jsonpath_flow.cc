// The JSONPath-mode data flow: InputPath, Parameters, ResultSelector, ResultPath, OutputPath, the *Path
// fields and the Choice comparison rules, each compiled once per state.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <unordered_map>

#include "common/states_error.h"
#include "engine/choice_rules.h"
#include "engine/data_flow.h"
#include "engine/eval_env.h"
#include "engine/timestamps.h"
#include "path/intrinsic.h"
#include "path/jsonpath.h"
#include "path/messages.h"
#include "path/payload_template.h"
#include "path/reference_path.h"

namespace sfn::engine::internal {
namespace {

// A field compiled ahead of time, or the reason it did not compile (raised when the field is used).
template <typename T>
struct Compiled {
  bool present = false;
  bool is_null = false;
  std::string text;
  std::optional<T> value;
  std::string error;

  const T& Get() const {
    if (!value) ThrowRuntime(error);
    return *value;
  }
};

Compiled<path::JsonPath> CompilePath(const model::PathField& field) {
  Compiled<path::JsonPath> c;
  c.present = field.present;
  c.is_null = field.is_null;
  c.text = field.path;
  if (!field.present || field.is_null) return c;
  try {
    c.value = path::JsonPath::Parse(field.path);
  } catch (const std::exception& e) {
    c.error = "Invalid path '" + field.path + "': " + e.what();
  }
  return c;
}

Compiled<path::JsonPath> CompilePathText(const model::OptionalField& field) {
  model::PathField pf;
  if (field) {
    pf.present = true;
    if (field->value.is_string()) {
      pf.path = field->value.get<std::string>();
    } else {
      pf.is_null = field->value.is_null();
      if (!pf.is_null) pf.path = DumpCompact(field->value);
    }
  }
  auto c = CompilePath(pf);
  if (field && !field->value.is_string() && !field->value.is_null()) {
    c.value.reset();
    c.error = "the path must be a string: " + DumpCompact(field->value);
  }
  return c;
}

Compiled<path::ReferencePath> CompileReference(const model::PathField& field) {
  Compiled<path::ReferencePath> c;
  c.present = field.present;
  c.is_null = field.is_null;
  c.text = field.path;
  if (!field.present || field.is_null) return c;
  try {
    c.value = path::ReferencePath::Parse(field.path);
  } catch (const std::exception& e) {
    c.error = "Invalid path '" + field.path + "': " + e.what();
  }
  return c;
}

Compiled<path::PayloadTemplate> CompileTemplate(const Json* value) {
  Compiled<path::PayloadTemplate> c;
  if (value == nullptr) return c;
  c.present = true;
  try {
    c.value = path::PayloadTemplate::Compile(*value);
  } catch (const path::CompileError& e) {
    c.error = "The field '" + e.pointer + "' is not valid: " + e.message;
  } catch (const std::exception& e) {
    c.error = e.what();
  }
  return c;
}

bool IsRootPath(const std::string& text) { return text == "$"; }

// A path or an intrinsic call (ErrorPath, CausePath).
struct PathOrCall {
  bool present = false;
  std::string text;
  std::optional<path::JsonPath> path;
  std::optional<path::Intrinsic> call;
  std::string error;
};

PathOrCall CompilePathOrCall(const model::OptionalField& field) {
  PathOrCall c;
  if (!field) return c;
  c.present = true;
  if (!field->value.is_string()) {
    c.error = "the field must be a string: " + DumpCompact(field->value);
    return c;
  }
  c.text = field->value.get<std::string>();
  try {
    if (path::LooksLikeIntrinsic(c.text)) {
      c.call = path::Intrinsic::Parse(c.text);
    } else {
      c.path = path::JsonPath::Parse(c.text);
    }
  } catch (const std::exception& e) {
    c.error = "Invalid path '" + c.text + "': " + e.what();
  }
  return c;
}

struct CompiledRule {
  model::ChoiceRule::Kind kind = model::ChoiceRule::Kind::kEmpty;
  std::optional<path::JsonPath> variable;
  std::string variable_text;
  ParsedChoiceOp op{ChoiceOp::kIsPresent, false};
  std::optional<path::JsonPath> operand_path;
  std::string operand_text;
  Json operand;
  std::vector<CompiledRule> children;
  std::string error;
};

CompiledRule CompileRule(const model::ChoiceRule& rule, int depth) {
  CompiledRule c;
  c.kind = rule.kind;
  if (depth > 200) {
    c.error = "the Choice rule is nested too deeply";
    return c;
  }
  switch (rule.kind) {
    case model::ChoiceRule::Kind::kAnd:
    case model::ChoiceRule::Kind::kOr:
    case model::ChoiceRule::Kind::kNot:
      for (const auto& child : rule.children) c.children.push_back(CompileRule(child, depth + 1));
      if (rule.kind == model::ChoiceRule::Kind::kNot && c.children.size() != 1)
        c.error = "Not needs one rule";
      return c;
    case model::ChoiceRule::Kind::kComparison:
      break;
    case model::ChoiceRule::Kind::kCondition:
      c.error = "the field 'Condition' is only available in JSONata mode";
      return c;
    case model::ChoiceRule::Kind::kEmpty:
      c.error = "the Choice rule has no comparison";
      return c;
  }
  auto op = ParseChoiceOp(rule.op);
  if (!op) {
    c.error = "the Choice rule operator '" + rule.op + "' is not supported";
    return c;
  }
  c.op = *op;
  c.operand = rule.operand;
  c.variable_text = rule.variable;
  try {
    c.variable = path::JsonPath::Parse(rule.variable);
  } catch (const std::exception& e) {
    c.error = "Invalid path '" + rule.variable + "': " + e.what();
    return c;
  }
  if (op->is_path) {
    if (!rule.operand.is_string()) {
      c.error = "the operand of '" + rule.op + "' must be a path";
      return c;
    }
    c.operand_text = rule.operand.get<std::string>();
    try {
      c.operand_path = path::JsonPath::Parse(c.operand_text);
    } catch (const std::exception& e) {
      c.error = "Invalid path '" + c.operand_text + "': " + e.what();
    }
  }
  return c;
}

// A whole non-negative integer, as Java's Long parsing would accept it.
std::optional<int64_t> AsLong(const Json& v) {
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<int64_t>();
  return std::nullopt;
}

// As AsLong, also reading a string of decimal digits (AWS parses the value of a *Path field as text).
std::optional<int64_t> AsLongText(const Json& v) {
  if (auto n = AsLong(v)) return n;
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size() || s.size() > 19) return std::nullopt;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return std::nullopt;
  }
  return std::stoll(s);
}

std::optional<double> AsDoubleText(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

class JsonPathFlow : public DataFlow {
 public:
  explicit JsonPathFlow(const model::State& state) : s_(state) {
    input_path_ = CompilePath(s_.input_path);
    output_path_ = CompilePath(s_.output_path);
    result_path_ = CompileReference(s_.result_path);
    items_path_ = CompilePath(s_.items_path);
    input_is_root_ = !input_path_.present || (!input_path_.is_null && IsRootPath(input_path_.text));
    output_is_root_ = !output_path_.present || (!output_path_.is_null && IsRootPath(output_path_.text));
    result_is_root_ = !result_path_.present || (!result_path_.is_null && IsRootPath(result_path_.text));
    if (s_.parameters && s_.type != model::StateType::kMap)
      parameters_ = CompileTemplate(&s_.parameters->value);
    if (s_.result_selector) result_selector_ = CompileTemplate(&s_.result_selector->value);
    if (s_.type == model::StateType::kMap) {
      if (s_.item_selector) {
        item_selector_ = CompileTemplate(&s_.item_selector->value);
      } else if (s_.parameters) {
        item_selector_ = CompileTemplate(&s_.parameters->value);
      }
    }
    AddAssign(s_.assign);
    for (const auto& c : s_.catches) {
      catch_result_paths_.push_back(CompileReference(c.result_path));
      AddAssign(c.assign);
    }
    for (const auto& rule : s_.choices) {
      AddAssign(rule.assign);
      rules_.emplace(&rule, CompileRule(rule, 0));
    }
    seconds_path_ = CompilePathText(s_.seconds_path);
    timestamp_path_ = CompilePathText(s_.timestamp_path);
    error_path_ = CompilePathOrCall(s_.error_path);
    cause_path_ = CompilePathOrCall(s_.cause_path);
    timeout_path_ = CompilePathText(s_.timeout_seconds_path);
    heartbeat_path_ = CompilePathText(s_.heartbeat_seconds_path);
    max_concurrency_path_ = CompilePathText(s_.max_concurrency_path);
    tolerated_count_path_ = CompilePathText(s_.tolerated_failure_count_path);
    tolerated_percentage_path_ = CompilePathText(s_.tolerated_failure_percentage_path);
  }

  void ApplyInputPath(StateData& data, const EvalScope& scope) const override {
    if (input_is_root_) return;
    if (input_path_.is_null) {
      data.effective = Json::object();
      return;
    }
    data.effective = Select(input_path_, data.input, scope);
  }

  std::optional<Json> Arguments(const StateData& data, const EvalScope& scope) const override {
    if (!parameters_.present) return std::nullopt;
    path::Env env = MakePathEnv(&data.Effective(), scope);
    return parameters_.Get().Evaluate(env);
  }

  std::optional<Json> PassResult(StateData& data, const EvalScope& scope) const override {
    if (s_.result) return s_.result->value;
    if (parameters_.present) return Arguments(data, scope);
    if (data.effective) return std::move(*data.effective);
    if (result_is_root_) return std::move(data.input);
    return data.input;
  }

  Json SelectResult(Json result, const EvalScope& scope) const override {
    if (!result_selector_.present) return result;
    path::Env env = MakePathEnv(&result, scope);
    return result_selector_.Get().Evaluate(env);
  }

  Assignments Assign(const Json& assign, const StateData& data, const EvalScope& scope) const override {
    const Json* root =
        data.error_output ? &*data.error_output : (data.result ? &*data.result : &data.Effective());
    path::Env env = MakePathEnv(root, scope);
    Json values;
    auto it = assign_.find(&assign);
    if (it != assign_.end()) {
      values = it->second.Get().Evaluate(env);
    } else {
      values = CompileTemplate(&assign).Get().Evaluate(env);
    }
    Assignments out;
    if (!values.is_object()) ThrowRuntime("the field 'Assign' must be an object");
    for (auto& [key, value] : values.items()) out.emplace_back(key, std::move(value));
    return out;
  }

  Json Output(StateData data, const Json*, const model::Catcher* catcher,
              const EvalScope& scope) const override {
    if (catcher != nullptr) {
      size_t index = static_cast<size_t>(catcher - s_.catches.data());
      const auto& rp = catch_result_paths_.at(index);
      return ApplyResult(rp, std::move(data.input), std::move(*data.error_output));
    }
    Json value;
    if (data.result) {
      value = ApplyResult(result_path_, std::move(data.input), std::move(*data.result));
      if (data.after_result_path != nullptr) *data.after_result_path = value;
    } else if (data.effective) {
      value = std::move(*data.effective);
    } else {
      value = std::move(data.input);
    }
    if (output_is_root_) return value;
    if (output_path_.is_null) return Json::object();
    return Select(output_path_, value, scope);
  }

  bool Matches(const model::ChoiceRule& rule, const StateData& data, const EvalScope& scope) const override {
    auto it = rules_.find(&rule);
    if (it == rules_.end()) ThrowRuntime("the Choice rule was not compiled");
    path::Env env = MakePathEnv(&data.Effective(), scope);
    return Evaluate(it->second, env);
  }

  WaitTarget Wait(const StateData& data, const EvalScope& scope) const override {
    WaitTarget target;
    if (s_.seconds) {
      auto n = AsLong(s_.seconds->value);
      if (!n || *n < 0)
        ThrowRuntime("The Seconds field must be a non-negative integer: " + ValueText(s_.seconds->value));
      target.seconds = *n;
      return target;
    }
    if (s_.timestamp) {
      const Json& v = s_.timestamp->value;
      auto instant = v.is_string() ? ParseTimestamp(v.get_ref<const std::string&>()) : std::nullopt;
      if (!instant) {
        ThrowRuntime(
            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: " +
            ValueText(v));
      }
      target.is_timestamp = true;
      target.until_ms = instant->ToMillis();
      return target;
    }
    path::Env env = MakePathEnv(&data.Effective(), scope);
    if (seconds_path_.present) {
      const std::string& p = seconds_path_.text;
      auto sel = seconds_path_.Get().Select(env);
      if (!sel) ThrowRuntime("The SecondsPath parameter does not reference an input value: " + p);
      const Json& v = sel->value();
      auto n = AsLongText(v);
      if (!n)
        ThrowRuntime("The SecondsPath parameter cannot be parsed as a long value: " + p +
                     " == " + ValueText(v));
      if (*n < 0)
        ThrowRuntime("The SecondsPath parameter references a negative value: " + p + " == " + ValueText(v));
      target.seconds = *n;
      return target;
    }
    if (timestamp_path_.present) {
      const std::string& p = timestamp_path_.text;
      auto sel = timestamp_path_.Get().Select(env);
      if (!sel) ThrowRuntime("The TimestampPath parameter does not reference an input value: " + p);
      const Json& v = sel->value();
      auto instant = v.is_string() ? ParseTimestamp(v.get_ref<const std::string&>()) : std::nullopt;
      if (!instant) {
        ThrowRuntime(
            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time "
            "format "
            "string: " +
            p + " == " + ValueText(v));
      }
      target.is_timestamp = true;
      target.until_ms = instant->ToMillis();
      return target;
    }
    ThrowRuntime("the Wait state has no Seconds, Timestamp, SecondsPath or TimestampPath");
  }

  ErrorSpec Fail(const StateData& data, const EvalScope& scope) const override {
    ErrorSpec spec;
    if (s_.error && s_.error->value.is_string()) spec.error = s_.error->value.get<std::string>();
    if (s_.cause && s_.cause->value.is_string()) spec.cause = s_.cause->value.get<std::string>();
    path::Env env = MakePathEnv(&data.input, scope);
    if (error_path_.present) spec.error = EvaluatePathOrCall(error_path_, "ErrorPath", data.input, env);
    if (cause_path_.present) spec.cause = EvaluatePathOrCall(cause_path_, "CausePath", data.input, env);
    return spec;
  }

  TaskSettings Task(const StateData& data, const EvalScope& scope) const override {
    TaskSettings t;
    path::Env env = MakePathEnv(&data.Effective(), scope);
    t.timeout_seconds = Seconds(s_.timeout_seconds, timeout_path_, "TimeoutSeconds", env);
    t.heartbeat_seconds = Seconds(s_.heartbeat_seconds, heartbeat_path_, "HeartbeatSeconds", env);
    if (s_.credentials) t.credentials = s_.credentials->value;
    return t;
  }

  Json Items(const StateData& data, const EvalScope& scope) const override {
    if (!items_path_.present || (!items_path_.is_null && IsRootPath(items_path_.text)))
      return data.Effective();
    if (items_path_.is_null) return data.Effective();
    return Select(items_path_, data.Effective(), scope);
  }

  std::optional<Json> ItemInput(const StateData& data, const EvalScope& scope) const override {
    if (!item_selector_.present) return std::nullopt;
    path::Env env = MakePathEnv(&data.Effective(), scope);
    return item_selector_.Get().Evaluate(env);
  }

  int64_t MaxConcurrency(const StateData& data, const EvalScope& scope) const override {
    if (s_.max_concurrency) {
      auto n = AsLong(s_.max_concurrency->value);
      if (!n || *n < 0) ThrowRuntime("MaxConcurrency must be a non-negative integer");
      return *n;
    }
    if (!max_concurrency_path_.present) return 0;
    const Json& v = SelectValue(max_concurrency_path_, data.Effective(), scope);
    auto n = AsLongText(v);
    if (!n) {
      ThrowRuntime("The MaxConcurrencyPath field refers to value \"" + ValueText(v) +
                   "\" which is not a valid integer: " + max_concurrency_path_.text);
    }
    if (*n < 0) ThrowRuntime("MaxConcurrency cannot be negative.");
    return *n;
  }

  void ToleratedFailures(const StateData& data, const EvalScope& scope, MapSettings& out) const override {
    if (s_.tolerated_failure_count) {
      auto n = AsLong(s_.tolerated_failure_count->value);
      if (!n) ThrowRuntime("ToleratedFailureCount must be an integer");
      out.tolerated_failure_count = *n;
    } else if (tolerated_count_path_.present) {
      const Json& v = SelectValue(tolerated_count_path_, data.Effective(), scope);
      auto n = AsLongText(v);
      if (!n) {
        ThrowRuntime("The ToleratedFailureCountPath field refers to value \"" + ValueText(v) +
                     "\" which is not a valid integer: " + tolerated_count_path_.text);
      }
      out.tolerated_failure_count = *n;
    }
    if (out.tolerated_failure_count && *out.tolerated_failure_count < 0) {
      ThrowRuntime("ToleratedFailureCount cannot be negative.");
    }
    if (s_.tolerated_failure_percentage) {
      if (!s_.tolerated_failure_percentage->value.is_number())
        ThrowRuntime("ToleratedFailurePercentage must be a number");
      out.tolerated_failure_percentage = s_.tolerated_failure_percentage->value.get<double>();
    } else if (tolerated_percentage_path_.present) {
      const Json& v = SelectValue(tolerated_percentage_path_, data.Effective(), scope);
      auto d = AsDoubleText(v);
      if (!d) {
        ThrowRuntime("The ToleratedFailurePercentagePath field refers to value \"" + ValueText(v) +
                     "\" which is not a valid float: " + tolerated_percentage_path_.text);
      }
      out.tolerated_failure_percentage = *d;
    }
    if (out.tolerated_failure_percentage &&
        (*out.tolerated_failure_percentage < 0 || *out.tolerated_failure_percentage > 100)) {
      ThrowRuntime("ToleratedFailurePercentage must be between 0 and 100.");
    }
  }

  Json EvaluateConfig(const Json& field, std::string_view, const StateData& data,
                      const EvalScope& scope) const override {
    path::Env env = MakePathEnv(&data.Effective(), scope);
    return CompileTemplate(&field).Get().Evaluate(env);
  }

 private:
  void AddAssign(const model::OptionalField& field) {
    if (field) assign_.emplace(&field->value, CompileTemplate(&field->value));
  }

  // The value a path designates in 'document' (a copy). Missing: States.Runtime with AWS's cause.
  Json Select(const Compiled<path::JsonPath>& compiled, const Json& document, const EvalScope& scope) const {
    return SelectValue(compiled, document, scope);
  }

  Json SelectValue(const Compiled<path::JsonPath>& compiled, const Json& document,
                   const EvalScope& scope) const {
    path::Env env = MakePathEnv(&document, scope);
    std::string detail;
    auto sel = compiled.Get().Select(env, &detail);
    if (!sel) ThrowRuntime(path::InvalidPathCause(compiled.text, detail));
    if (sel->node != nullptr) return *sel->node;
    return std::move(sel->owned);
  }

  static Json ApplyResult(const Compiled<path::ReferencePath>& rp, Json input, Json result) {
    if (!rp.present || (!rp.is_null && IsRootPath(rp.text))) return result;
    if (rp.is_null) return input;
    path::ApplyResultPathInPlace(input, rp.Get(), std::move(result));
    return input;
  }

  static std::string EvaluatePathOrCall(const PathOrCall& c, const char* field, const Json& input,
                                        const path::Env& env) {
    if (!c.error.empty()) ThrowRuntime(c.error);
    Json value;
    try {
      if (c.call) {
        value = c.call->Evaluate(env);
      } else {
        auto sel = c.path->Select(env);
        if (!sel) ThrowRuntime(path::FieldNotFoundCause(c.text, field, input));
        value = sel->value();
      }
    } catch (const path::PathNotFoundError&) {
      ThrowRuntime(path::FieldNotFoundCause(c.text, field, input));
    }
    return ValueText(value);
  }

  static std::optional<int64_t> Seconds(const model::OptionalField& literal,
                                        const Compiled<path::JsonPath>& path_field, const std::string& name,
                                        const path::Env& env) {
    if (literal) {
      auto n = AsLong(literal->value);
      if (!n || *n <= 0) ThrowRuntime("The " + name + " field must be a positive integer");
      return n;
    }
    if (!path_field.present) return std::nullopt;
    std::string detail;
    auto sel = path_field.Get().Select(env, &detail);
    if (!sel) ThrowRuntime(path::InvalidPathCause(path_field.text, detail));
    auto n = AsLong(sel->value());
    if (!n || *n <= 0) {
      ThrowRuntime("The " + name + "Path field refers to value \"" + ValueText(sel->value()) +
                   "\" which is not a valid positive integer: " + path_field.text);
    }
    return n;
  }

  bool Evaluate(const CompiledRule& rule, const path::Env& env) const {
    if (!rule.error.empty()) ThrowRuntime(rule.error);
    switch (rule.kind) {
      case model::ChoiceRule::Kind::kAnd:
        for (const auto& child : rule.children) {
          if (!Evaluate(child, env)) return false;
        }
        return true;
      case model::ChoiceRule::Kind::kOr:
        for (const auto& child : rule.children) {
          if (Evaluate(child, env)) return true;
        }
        return false;
      case model::ChoiceRule::Kind::kNot:
        return !Evaluate(rule.children.front(), env);
      default:
        break;
    }
    return Compare(rule, env);
  }

  bool Compare(const CompiledRule& rule, const path::Env& env) const {
    std::string detail;
    auto value = rule.variable->Select(env, &detail);
    if (rule.op.op == ChoiceOp::kIsPresent) {
      const Json& operand = rule.operand;
      return operand.is_boolean() && value.has_value() == operand.get<bool>();
    }
    if (!value) ThrowRuntime(path::InvalidPathCause(rule.variable_text, detail));
    if (rule.op.is_path) {
      std::string operand_detail;
      auto operand = rule.operand_path->Select(env, &operand_detail);
      if (!operand) ThrowRuntime(path::InvalidPathCause(rule.operand_text, operand_detail));
      return CompareChoice(rule.op.op, value->value(), operand->value());
    }
    return CompareChoice(rule.op.op, value->value(), rule.operand);
  }

  const model::State& s_;
  Compiled<path::JsonPath> input_path_, output_path_, items_path_;
  Compiled<path::ReferencePath> result_path_;
  bool input_is_root_ = true, output_is_root_ = true, result_is_root_ = true;
  Compiled<path::PayloadTemplate> parameters_, result_selector_, item_selector_;
  std::unordered_map<const Json*, Compiled<path::PayloadTemplate>> assign_;
  std::vector<Compiled<path::ReferencePath>> catch_result_paths_;
  std::unordered_map<const model::ChoiceRule*, CompiledRule> rules_;
  Compiled<path::JsonPath> seconds_path_, timestamp_path_, timeout_path_, heartbeat_path_;
  Compiled<path::JsonPath> max_concurrency_path_, tolerated_count_path_, tolerated_percentage_path_;
  PathOrCall error_path_, cause_path_;
};

}  // namespace

std::unique_ptr<DataFlow> MakeJsonPathFlow(const model::State& state) {
  return std::make_unique<JsonPathFlow>(state);
}

}  // namespace sfn::engine::internal
