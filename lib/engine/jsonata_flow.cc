// The JSONata-mode data flow: Arguments, Output, Assign, Items, ItemSelector, Condition and the JSONata
// forms of Wait, Fail, Task and Map fields. Any string of the form "{% expression %}" inside those fields
// is an expression, evaluated with $states (input, result, errorOutput, context) and the variables bound.
#include <cmath>
#include <unordered_map>

#include "common/states_error.h"
#include "engine/data_flow.h"
#include "engine/eval_env.h"
#include "engine/runtime.h"
#include "engine/timestamps.h"
#include "jsonata/error.h"
#include "jsonata/jsonata.h"

namespace sfn::engine::internal {
namespace {

constexpr const char* kQueryError = "States.QueryEvaluationError";
constexpr int kMaxTemplateDepth = 512;

[[noreturn]] void ThrowQuery(std::string cause) { throw StatesError(kQueryError, std::move(cause)); }

// A field value with its "{% %}" strings compiled.
struct Node {
  enum class Kind { kLiteral, kExpression, kObject, kArray };
  Kind kind = Kind::kLiteral;
  Json literal;
  std::string source;  // the whole "{% ... %}" text's body
  std::shared_ptr<const jsonata::Expression> expression;
  std::string error;  // the compile error
  std::vector<std::string> keys;
  std::vector<Node> children;
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// "T1006: Attempted to invoke a non-function": the code and the message, as jsonata-js words it.
std::string ErrorText(const jsonata::Error& e) {
  std::string message = e.what();
  if (!message.empty() && message[0] >= 'a' && message[0] <= 'z')
    message[0] = static_cast<char>(message[0] - 32);
  return e.code + ": " + message;
}

bool HasExpression(const Json& v, int depth) {
  if (depth > kMaxTemplateDepth) return false;
  if (model::IsJsonataExpression(v)) return true;
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      if (HasExpression(child, depth + 1)) return true;
    }
  } else if (v.is_array()) {
    for (const auto& child : v) {
      if (HasExpression(child, depth + 1)) return true;
    }
  }
  return false;
}

Node Compile(const Json& v, int depth = 0) {
  Node node;
  if (!HasExpression(v, depth)) {
    node.literal = v;
    return node;
  }
  if (model::IsJsonataExpression(v)) {
    node.kind = Node::Kind::kExpression;
    std::string body(model::JsonataBody(v.get_ref<const std::string&>()));
    try {
      node.expression = jsonata::Expression::Compile(body);
    } catch (const jsonata::Error& e) {
      node.error = ErrorText(e);
    } catch (const std::exception& e) {
      node.error = e.what();
    }
    node.source = Trim(body);
    return node;
  }
  if (v.is_object()) {
    node.kind = Node::Kind::kObject;
    for (const auto& [k, child] : v.items()) {
      node.keys.push_back(k);
      node.children.push_back(Compile(child, depth + 1));
    }
    return node;
  }
  node.kind = Node::Kind::kArray;
  for (const auto& child : v) node.children.push_back(Compile(child, depth + 1));
  return node;
}

std::string TypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "number";
  }
}

// The values an evaluation sees.
class Evaluation {
 public:
  Evaluation(const StateData& data, const EvalScope& scope)
      : bindings_(scope.rt != nullptr ? scope.rt->jsonata_functions : jsonata::Bindings()) {
    Json states = Json::object();
    states["input"] = data.input;
    if (data.result) states["result"] = *data.result;
    if (data.error_output) states["errorOutput"] = *data.error_output;
    if (scope.context != nullptr) states["context"] = *scope.context;
    if (scope.variables != nullptr) {
      scope.variables->ForEach(
          [&](const std::string& name, const Json& value) { bindings_.Set(name, value); });
    }
    bindings_.Set("states", std::move(states));
    input_ = &data.input;
  }

  Json Run(const Node& node, const std::string& field) const {
    switch (node.kind) {
      case Node::Kind::kLiteral:
        return node.literal;
      case Node::Kind::kExpression:
        return Expression(node, field);
      case Node::Kind::kObject: {
        Json out = Json::object();
        for (size_t i = 0; i < node.keys.size(); ++i) {
          out[node.keys[i]] = Run(node.children[i], field + "/" + node.keys[i]);
        }
        return out;
      }
      case Node::Kind::kArray: {
        Json out = Json::array();
        for (size_t i = 0; i < node.children.size(); ++i) {
          out.push_back(Run(node.children[i], field + "/" + std::to_string(i)));
        }
        return out;
      }
    }
    return nullptr;
  }

  // An expression's value, or nullopt when it is undefined.
  std::optional<Json> Optional(const Node& node, const std::string& field) const {
    if (node.kind != Node::Kind::kExpression) return Run(node, field);
    return Evaluate(node, field);
  }

 private:
  std::optional<Json> Evaluate(const Node& node, const std::string& field) const {
    std::string prefix =
        "The JSONata expression '" + node.source + "' specified for the field '" + field + "'";
    if (!node.error.empty()) ThrowQuery(prefix + " threw an error during evaluation. " + node.error);
    try {
      return node.expression->Evaluate(input_, bindings_);
    } catch (const jsonata::Error& e) {
      ThrowQuery(prefix + " threw an error during evaluation. " + ErrorText(e));
    } catch (const StatesError&) {
      throw;
    } catch (const std::exception& e) {
      ThrowQuery(prefix + " threw an error during evaluation. " + e.what());
    }
  }

  Json Expression(const Node& node, const std::string& field) const {
    auto value = Evaluate(node, field);
    if (!value) {
      ThrowQuery("The JSONata expression '" + node.source + "' specified for the field '" + field +
                 "' returned nothing (undefined).");
    }
    return std::move(*value);
  }

  jsonata::Bindings bindings_;
  const Json* input_ = nullptr;
};

std::optional<Node> CompileField(const model::OptionalField& field) {
  if (!field) return std::nullopt;
  return Compile(field->value);
}

std::string ExpressionText(const Node& node) {
  return node.kind == Node::Kind::kExpression ? node.source : "";
}

class JsonataFlow : public DataFlow {
 public:
  explicit JsonataFlow(const model::State& state) : s_(state) {
    arguments_ = CompileField(s_.arguments);
    if (!arguments_ && s_.parameters && s_.type != model::StateType::kMap)
      arguments_ = CompileField(s_.parameters);
    output_ = CompileField(s_.output);
    items_ = CompileField(s_.items);
    item_selector_ = CompileField(s_.item_selector);
    max_concurrency_ = CompileField(s_.max_concurrency);
    tolerated_count_ = CompileField(s_.tolerated_failure_count);
    tolerated_percentage_ = CompileField(s_.tolerated_failure_percentage);
    seconds_ = CompileField(s_.seconds);
    timestamp_ = CompileField(s_.timestamp);
    error_ = CompileField(s_.error);
    cause_ = CompileField(s_.cause);
    timeout_ = CompileField(s_.timeout_seconds);
    heartbeat_ = CompileField(s_.heartbeat_seconds);
    AddField(s_.assign);
    AddField(s_.output);
    for (const auto& c : s_.catches) {
      AddField(c.assign);
      AddField(c.output);
    }
    for (const auto& rule : s_.choices) {
      AddField(rule.assign);
      AddField(rule.output);
      if (rule.condition) AddField(rule.condition);
    }
  }

  void ApplyInputPath(StateData&, const EvalScope&) const override {}

  std::optional<Json> Arguments(const StateData& data, const EvalScope& scope) const override {
    if (!arguments_) return std::nullopt;
    return Evaluation(data, scope).Run(*arguments_, "Arguments");
  }

  std::optional<Json> PassResult(StateData&, const EvalScope&) const override { return std::nullopt; }

  Json SelectResult(Json result, const EvalScope&) const override { return result; }

  Assignments Assign(const Json& assign, const StateData& data, const EvalScope& scope) const override {
    const Node& node = NodeOf(assign);
    Json values = Evaluation(data, scope).Run(node, "Assign");
    if (!values.is_object()) ThrowQuery("The field 'Assign' must be an object.");
    Assignments out;
    for (auto& [key, value] : values.items()) out.emplace_back(key, std::move(value));
    return out;
  }

  Json Output(StateData data, const Json* output_field, const model::Catcher*,
              const EvalScope& scope) const override {
    if (output_field != nullptr) return Evaluation(data, scope).Run(NodeOf(*output_field), "Output");
    if (data.error_output) return std::move(*data.error_output);
    if (data.result) return std::move(*data.result);
    return std::move(data.input);
  }

  bool Matches(const model::ChoiceRule& rule, const StateData& data, const EvalScope& scope) const override {
    if (rule.kind != model::ChoiceRule::Kind::kCondition || !rule.condition) {
      ThrowQuery("A Choice rule in JSONata mode needs a 'Condition' field.");
    }
    Json value = Evaluation(data, scope).Run(NodeOf(rule.condition->value), "Condition");
    if (!value.is_boolean()) {
      ThrowQuery(
          "The JSONata expression '" + ExpressionText(NodeOf(rule.condition->value)) +
          "' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but "
          "was '" +
          TypeName(value) + "' for value: " + DumpCompact(value));
    }
    return value.get<bool>();
  }

  WaitTarget Wait(const StateData& data, const EvalScope& scope) const override {
    WaitTarget target;
    Evaluation eval(data, scope);
    if (seconds_) {
      Json v = eval.Run(*seconds_, "Seconds");
      if (!v.is_number() || v.get<double>() < 0 || std::floor(v.get<double>()) != v.get<double>()) {
        ThrowQuery("The Seconds field must be a non-negative integer: " + DumpCompact(v));
      }
      target.seconds = v.get<int64_t>();
      return target;
    }
    if (timestamp_) {
      Json v = eval.Run(*timestamp_, "Timestamp");
      auto instant = v.is_string() ? ParseTimestamp(v.get_ref<const std::string&>()) : std::nullopt;
      if (!instant) {
        ThrowQuery(
            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: " +
            ValueText(v));
      }
      target.is_timestamp = true;
      target.until_ms = instant->ToMillis();
      return target;
    }
    ThrowQuery("The Wait state has no Seconds or Timestamp field.");
  }

  ErrorSpec Fail(const StateData& data, const EvalScope& scope) const override {
    ErrorSpec spec;
    Evaluation eval(data, scope);
    if (error_) spec.error = ValueText(eval.Run(*error_, "Error"));
    if (cause_) spec.cause = ValueText(eval.Run(*cause_, "Cause"));
    return spec;
  }

  TaskSettings Task(const StateData& data, const EvalScope& scope) const override {
    TaskSettings t;
    Evaluation eval(data, scope);
    t.timeout_seconds = PositiveInteger(eval, timeout_, "TimeoutSeconds");
    t.heartbeat_seconds = PositiveInteger(eval, heartbeat_, "HeartbeatSeconds");
    if (s_.credentials) t.credentials = s_.credentials->value;
    return t;
  }

  Json Items(const StateData& data, const EvalScope& scope) const override {
    if (!items_) {
      if (!data.input.is_array())
        ThrowQuery("Map state input must be an array but was: " + DumpCompact(data.input));
      return data.input;
    }
    Evaluation eval(data, scope);
    if (items_->kind != Node::Kind::kExpression) return eval.Run(*items_, "Items");
    std::string prefix = "The JSONata expression '" + items_->source + "' specified for the field 'Items'";
    std::optional<Json> value = eval.Optional(*items_, "Items");
    if (!value) ThrowQuery(prefix + " returned an unsupported result type.");
    if (!value->is_array()) {
      ThrowQuery(prefix + " returned an unexpected result type. Expected 'array', but was '" +
                 TypeName(*value) + "' for value: " + DumpCompact(*value));
    }
    return std::move(*value);
  }

  std::optional<Json> ItemInput(const StateData& data, const EvalScope& scope) const override {
    if (!item_selector_) return std::nullopt;
    return Evaluation(data, scope).Run(*item_selector_, "ItemSelector");
  }

  int64_t MaxConcurrency(const StateData& data, const EvalScope& scope) const override {
    if (!max_concurrency_) return 0;
    Json v = Evaluation(data, scope).Run(*max_concurrency_, "MaxConcurrency");
    auto n = Integer(v);
    if (!n || *n < 0) {
      ThrowQuery("The MaxConcurrency field must be a non-negative integer: " + DumpCompact(v));
    }
    return *n;
  }

  void ToleratedFailures(const StateData& data, const EvalScope& scope, MapSettings& out) const override {
    Evaluation eval(data, scope);
    if (tolerated_count_) {
      Json v = eval.Run(*tolerated_count_, "ToleratedFailureCount");
      auto n = Integer(v);
      if (!n || *n < 0) ThrowQuery("ToleratedFailureCount cannot be negative.");
      out.tolerated_failure_count = *n;
    }
    if (tolerated_percentage_) {
      Json v = eval.Run(*tolerated_percentage_, "ToleratedFailurePercentage");
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100) {
        ThrowQuery("ToleratedFailurePercentage must be between 0 and 100.");
      }
      out.tolerated_failure_percentage = v.get<double>();
    }
  }

  Json EvaluateConfig(const Json& field, std::string_view name, const StateData& data,
                      const EvalScope& scope) const override {
    return Evaluation(data, scope).Run(Compile(field), std::string(name));
  }

 private:
  void AddField(const model::OptionalField& field) {
    if (field) nodes_.emplace(&field->value, Compile(field->value));
  }

  const Node& NodeOf(const Json& field) const {
    auto it = nodes_.find(&field);
    if (it == nodes_.end()) ThrowRuntime("the field was not compiled");
    return it->second;
  }

  static std::optional<int64_t> Integer(const Json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() &&
        std::abs(v.get<double>()) < 9e15) {
      return static_cast<int64_t>(v.get<double>());
    }
    return std::nullopt;
  }

  static std::optional<int64_t> PositiveInteger(const Evaluation& eval, const std::optional<Node>& node,
                                                const std::string& name) {
    if (!node) return std::nullopt;
    Json v = eval.Run(*node, name);
    auto n = Integer(v);
    if (!n || *n <= 0) ThrowQuery("The " + name + " field must be a positive integer: " + DumpCompact(v));
    return n;
  }

  const model::State& s_;
  std::optional<Node> arguments_, output_, items_, item_selector_, max_concurrency_, tolerated_count_,
      tolerated_percentage_, seconds_, timestamp_, error_, cause_, timeout_, heartbeat_;
  std::unordered_map<const Json*, Node> nodes_;
};

}  // namespace

std::unique_ptr<DataFlow> MakeJsonataFlow(const model::State& state) {
  return std::make_unique<JsonataFlow>(state);
}

}  // namespace sfn::engine::internal
