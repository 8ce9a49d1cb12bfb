#include "model/state_machine.h"

#include <array>

namespace sfn::model {
namespace {

constexpr std::array<std::pair<std::string_view, StateType>, 8> kTypeNames = {{
    {"Pass", StateType::kPass},
    {"Task", StateType::kTask},
    {"Choice", StateType::kChoice},
    {"Wait", StateType::kWait},
    {"Succeed", StateType::kSucceed},
    {"Fail", StateType::kFail},
    {"Parallel", StateType::kParallel},
    {"Map", StateType::kMap},
}};

void BuildErrorHandlers(State& s, const Json& object);

class Builder {
 public:
  explicit Builder(StateMachine& machine) : machine_(machine) {}
  void BuildScope(const Json& object, const std::string& pointer, Scope& scope, State* owner);

 private:
  void BuildState(const Json& object, const std::string& name, const std::string& pointer, Scope& scope);
  void BuildTask(State& state, const Json& object);
  void BuildChoice(State& state, const Json& object);
  void BuildParallel(State& state, const Json& object);
  void BuildMap(State& state, const Json& object);
  ChoiceRule BuildRule(const Json& object, const std::string& pointer, bool top_level);

  StateMachine& machine_;
};

std::optional<Field> GetField(const Json& object, std::string_view key, const std::string& pointer) {
  const Json* it = FindMember(object, key);
  if (it == nullptr) return std::nullopt;
  return Field{*it, AppendPointer(pointer, key)};
}

PathField GetPath(const Json& object, std::string_view key, const std::string& pointer) {
  PathField field;
  const Json* it = FindMember(object, key);
  if (it == nullptr) return field;
  field.present = true;
  field.pointer = AppendPointer(pointer, key);
  if (it->is_null()) {
    field.is_null = true;
  } else if (it->is_string()) {
    field.path = it->get<std::string>();
  }
  return field;
}

std::string GetString(const Json& object, std::string_view key) {
  const Json* it = FindMember(object, key);
  return (it != nullptr && it->is_string()) ? it->get<std::string>() : std::string();
}

std::optional<std::string> GetOptionalString(const Json& object, std::string_view key) {
  const Json* it = FindMember(object, key);
  if (it == nullptr || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<QueryLanguage> GetQueryLanguage(const Json& object) {
  auto ql = GetOptionalString(object, "QueryLanguage");
  if (!ql) return std::nullopt;
  if (*ql == "JSONata") return QueryLanguage::kJsonata;
  if (*ql == "JSONPath") return QueryLanguage::kJsonPath;
  return std::nullopt;
}

std::vector<std::string> GetStrings(const Json& object, std::string_view key) {
  std::vector<std::string> out;
  const Json* it = FindMember(object, key);
  if (it == nullptr || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

template <typename T>
void GetNumber(const Json& object, std::string_view key, T& out) {
  const Json* it = FindMember(object, key);
  if (it != nullptr && it->is_number()) out = it->get<T>();
}

Retrier BuildRetrier(const Json& object, const std::string& pointer) {
  Retrier r;
  r.pointer = pointer;
  if (!object.is_object()) return r;
  r.error_equals = GetStrings(object, "ErrorEquals");
  GetNumber(object, "IntervalSeconds", r.interval_seconds);
  GetNumber(object, "MaxAttempts", r.max_attempts);
  GetNumber(object, "BackoffRate", r.backoff_rate);
  const Json* delay = FindMember(object, "MaxDelaySeconds");
  if (delay != nullptr && delay->is_number()) r.max_delay_seconds = delay->get<int64_t>();
  if (GetString(object, "JitterStrategy") == "FULL") r.jitter = JitterStrategy::kFull;
  return r;
}

Catcher BuildCatcher(const Json& object, const std::string& pointer) {
  Catcher c;
  c.pointer = pointer;
  if (!object.is_object()) return c;
  c.error_equals = GetStrings(object, "ErrorEquals");
  c.next = GetString(object, "Next");
  c.result_path = GetPath(object, "ResultPath", pointer);
  c.output = GetField(object, "Output", pointer);
  c.assign = GetField(object, "Assign", pointer);
  return c;
}

}  // namespace

std::string_view StateTypeName(StateType type) {
  for (const auto& [name, t] : kTypeNames) {
    if (t == type) return name;
  }
  return "Unknown";
}

StateType ParseStateType(std::string_view name) {
  for (const auto& [n, t] : kTypeNames) {
    if (n == name) return t;
  }
  return StateType::kUnknown;
}

std::string_view QueryLanguageName(QueryLanguage language) {
  return language == QueryLanguage::kJsonata ? "JSONata" : "JSONPath";
}

bool State::IsTerminal() const {
  return type == StateType::kSucceed || type == StateType::kFail || (end && type != StateType::kChoice);
}

const Json* State::RawField(std::string_view key) const { return raw ? FindMember(*raw, key) : nullptr; }

const Json* State::RawItem(std::string_view key, size_t index) const {
  const Json* list = RawField(key);
  return list && list->is_array() && index < list->size() ? &(*list)[index] : nullptr;
}

std::vector<const OptionalField*> State::Assigns() const {
  std::vector<const OptionalField*> out = {&assign};
  for (const auto& c : catches) out.push_back(&c.assign);
  for (const auto& r : choices) out.push_back(&r.assign);
  return out;
}

const State* Scope::Find(std::string_view name) const {
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : it->second;
}

std::vector<const State*> Scope::AllStates() const {
  std::vector<const State*> out;
  // Depth first, keeping definition order: each state, then the scopes nested in it.
  auto visit = [&](auto&& self, const Scope& scope) -> void {
    for (const auto& s : scope.states) {
      out.push_back(s.get());
      for (const auto& b : s->branches) self(self, *b);
      if (s->processor) self(self, *s->processor);
    }
  };
  visit(visit, *this);
  return out;
}

std::vector<const State*> StateMachine::AllStates() const { return top.AllStates(); }

void Builder::BuildScope(const Json& object, const std::string& pointer, Scope& scope, State* owner) {
  scope.pointer = pointer;
  scope.owner = owner;
  scope.query_language = machine_.query_language;
  if (!object.is_object()) return;
  scope.start_at = GetString(object, "StartAt");
  scope.start_at_pointer = AppendPointer(pointer, "StartAt");
  auto states = object.find("States");
  if (states == object.end() || !states->is_object()) return;
  std::string states_pointer = AppendPointer(pointer, "States");
  scope.states.reserve(states->size());
  for (auto it = states->begin(); it != states->end(); ++it) {
    BuildState(it.value(), it.key(), AppendPointer(states_pointer, it.key()), scope);
  }
}

void Builder::BuildState(const Json& object, const std::string& name, const std::string& pointer, Scope& scope) {
  auto state = std::make_unique<State>();
  State& s = *state;
  s.name = name;
  s.pointer = pointer;
  s.raw = &object;
  s.scope = &scope;
  s.query_language = scope.query_language;
  scope.by_name.emplace(name, state.get());
  scope.states.push_back(std::move(state));
  if (!object.is_object()) return;
  s.type_text = GetString(object, "Type");
  s.type = ParseStateType(s.type_text);
  if (auto ql = GetQueryLanguage(object)) {
    s.query_language = *ql;
    s.explicit_query_language = true;
  }
  s.next = GetOptionalString(object, "Next");
  const Json* end = FindMember(object, "End");
  s.end = end != nullptr && end->is_boolean() && end->get<bool>();
  s.comment = GetString(object, "Comment");
  s.input_path = GetPath(object, "InputPath", pointer);
  s.output_path = GetPath(object, "OutputPath", pointer);
  s.result_path = GetPath(object, "ResultPath", pointer);
  s.parameters = GetField(object, "Parameters", pointer);
  s.result_selector = GetField(object, "ResultSelector", pointer);
  s.result = GetField(object, "Result", pointer);
  s.arguments = GetField(object, "Arguments", pointer);
  s.output = GetField(object, "Output", pointer);
  s.assign = GetField(object, "Assign", pointer);
  switch (s.type) {
    case StateType::kTask:
      BuildTask(s, object);
      break;
    case StateType::kChoice:
      BuildChoice(s, object);
      break;
    case StateType::kWait:
      s.seconds = GetField(object, "Seconds", pointer);
      s.timestamp = GetField(object, "Timestamp", pointer);
      s.seconds_path = GetField(object, "SecondsPath", pointer);
      s.timestamp_path = GetField(object, "TimestampPath", pointer);
      break;
    case StateType::kFail:
      s.error = GetField(object, "Error", pointer);
      s.cause = GetField(object, "Cause", pointer);
      s.error_path = GetField(object, "ErrorPath", pointer);
      s.cause_path = GetField(object, "CausePath", pointer);
      break;
    case StateType::kParallel:
      BuildParallel(s, object);
      break;
    case StateType::kMap:
      BuildMap(s, object);
      break;
    default:
      break;
  }
}

void Builder::BuildTask(State& s, const Json& object) {
  s.resource = GetString(object, "Resource");
  s.timeout_seconds = GetField(object, "TimeoutSeconds", s.pointer);
  s.heartbeat_seconds = GetField(object, "HeartbeatSeconds", s.pointer);
  s.timeout_seconds_path = GetField(object, "TimeoutSecondsPath", s.pointer);
  s.heartbeat_seconds_path = GetField(object, "HeartbeatSecondsPath", s.pointer);
  s.credentials = GetField(object, "Credentials", s.pointer);
  BuildErrorHandlers(s, object);
}

namespace {
void BuildErrorHandlers(State& s, const Json& object) {
  if (const Json* retry = FindMember(object, "Retry"); retry != nullptr && retry->is_array()) {
    std::string p = AppendPointer(s.pointer, "Retry");
    for (size_t i = 0; i < retry->size(); ++i) s.retry.push_back(BuildRetrier((*retry)[i], AppendPointer(p, i)));
  }
  if (const Json* c = FindMember(object, "Catch"); c != nullptr && c->is_array()) {
    std::string p = AppendPointer(s.pointer, "Catch");
    for (size_t i = 0; i < c->size(); ++i) s.catches.push_back(BuildCatcher((*c)[i], AppendPointer(p, i)));
  }
}
}  // namespace

ChoiceRule Builder::BuildRule(const Json& object, const std::string& pointer, bool top_level) {
  ChoiceRule rule;
  rule.pointer = pointer;
  if (!object.is_object()) return rule;
  if (top_level) {
    rule.next = GetString(object, "Next");
    rule.assign = GetField(object, "Assign", pointer);
    rule.output = GetField(object, "Output", pointer);
  }
  if (auto cond = GetField(object, "Condition", pointer)) {
    rule.kind = ChoiceRule::Kind::kCondition;
    rule.condition = std::move(cond);
    return rule;
  }
  for (std::string_view combinator : {"And", "Or"}) {
    const Json* it = FindMember(object, combinator);
    if (it == nullptr) continue;
    rule.kind = combinator == "And" ? ChoiceRule::Kind::kAnd : ChoiceRule::Kind::kOr;
    std::string p = AppendPointer(pointer, combinator);
    if (it->is_array()) {
      for (size_t i = 0; i < it->size(); ++i) rule.children.push_back(BuildRule((*it)[i], AppendPointer(p, i), false));
    }
    return rule;
  }
  if (const Json* it = FindMember(object, "Not"); it != nullptr) {
    rule.kind = ChoiceRule::Kind::kNot;
    rule.children.push_back(BuildRule(*it, AppendPointer(pointer, "Not"), false));
    return rule;
  }
  rule.variable = GetString(object, "Variable");
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    if (key == "Variable" || key == "Next" || key == "Comment" || key == "Assign" || key == "Output") continue;
    rule.kind = ChoiceRule::Kind::kComparison;
    rule.op = key;
    rule.operand = it.value();
    break;
  }
  return rule;
}

void Builder::BuildChoice(State& s, const Json& object) {
  s.default_next = GetOptionalString(object, "Default");
  auto choices = object.find("Choices");
  if (choices == object.end() || !choices->is_array()) return;
  std::string p = AppendPointer(s.pointer, "Choices");
  for (size_t i = 0; i < choices->size(); ++i) s.choices.push_back(BuildRule((*choices)[i], AppendPointer(p, i), true));
}

void Builder::BuildParallel(State& s, const Json& object) {
  BuildErrorHandlers(s, object);
  auto branches = object.find("Branches");
  if (branches == object.end() || !branches->is_array()) return;
  std::string p = AppendPointer(s.pointer, "Branches");
  for (size_t i = 0; i < branches->size(); ++i) {
    auto scope = std::make_unique<Scope>();
    scope->branch_index = i;
    BuildScope((*branches)[i], AppendPointer(p, i), *scope, &s);
    s.branches.push_back(std::move(scope));
  }
}

void Builder::BuildMap(State& s, const Json& object) {
  BuildErrorHandlers(s, object);
  const char* processor_key = "ItemProcessor";
  auto processor = object.find(processor_key);
  if (processor == object.end()) {
    processor_key = "Iterator";
    processor = object.find(processor_key);
    s.uses_iterator = processor != object.end();
  }
  if (processor != object.end()) {
    s.processor = std::make_unique<Scope>();
    BuildScope(*processor, AppendPointer(s.pointer, processor_key), *s.processor, &s);
    if (processor->is_object()) {
      if (auto config = processor->find("ProcessorConfig"); config != processor->end() && config->is_object()) {
        if (auto mode = GetOptionalString(*config, "Mode")) s.processor_mode = *mode;
        s.execution_type = GetString(*config, "ExecutionType");
      }
    }
  }
  const std::string& p = s.pointer;
  s.items_path = GetPath(object, "ItemsPath", p);
  s.items = GetField(object, "Items", p);
  s.item_selector = GetField(object, "ItemSelector", p);
  s.item_reader = GetField(object, "ItemReader", p);
  s.item_batcher = GetField(object, "ItemBatcher", p);
  s.result_writer = GetField(object, "ResultWriter", p);
  s.label = GetField(object, "Label", p);
  s.max_concurrency = GetField(object, "MaxConcurrency", p);
  s.max_concurrency_path = GetField(object, "MaxConcurrencyPath", p);
  s.tolerated_failure_count = GetField(object, "ToleratedFailureCount", p);
  s.tolerated_failure_count_path = GetField(object, "ToleratedFailureCountPath", p);
  s.tolerated_failure_percentage = GetField(object, "ToleratedFailurePercentage", p);
  s.tolerated_failure_percentage_path = GetField(object, "ToleratedFailurePercentagePath", p);
}

void BuildModel(StateMachine& machine) {
  const Json& def = machine.definition;
  if (def.is_object()) {
    machine.comment = GetString(def, "Comment");
    machine.version = GetString(def, "Version");
    machine.timeout_seconds = GetField(def, "TimeoutSeconds", "");
    machine.query_language = GetQueryLanguage(def).value_or(QueryLanguage::kJsonPath);
  }
  Builder builder(machine);
  builder.BuildScope(def, "", machine.top, nullptr);
}

std::unique_ptr<StateMachine> BuildStateMachine(Json definition, std::string base_pointer) {
  auto machine = std::make_unique<StateMachine>();
  machine->definition = std::move(definition);
  machine->base_pointer = std::move(base_pointer);
  BuildModel(*machine);
  return machine;
}

bool IsPlaceholder(const Json& value) {
  if (value.is_object() && value.size() == 1) {
    const std::string& key = value.begin().key();
    return key == "Ref" || key.rfind("Fn::", 0) == 0;
  }
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.size() >= 4 && s[0] == '$' && s[1] == '{' && s.back() == '}' && s.find('}') == s.size() - 1;
}

std::string_view FieldNameOf(std::string_view key) {
  return key.size() > 2 && key.substr(key.size() - 2) == ".$" ? key.substr(0, key.size() - 2) : key;
}

bool IsJsonataExpression(const Json& value) {
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.size() >= 4 && s.compare(0, 2, "{%") == 0 && s.compare(s.size() - 2, 2, "%}") == 0;
}

std::string_view JsonataBody(std::string_view expression) {
  if (expression.size() < 4) return {};
  return expression.substr(2, expression.size() - 4);
}

}  // namespace sfn::model
