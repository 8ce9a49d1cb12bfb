// The typed model of an Amazon States Language definition: the single thing that lint, render, the engine
// and history replay read.
//
// A StateMachine owns a tree of Scopes (the top level, each Parallel branch, each Map processor); a Scope
// owns its States in definition order. Every element keeps the JSON Pointer of its source value, so any
// finding can be located through the loader's Document. Fields keep their raw JSON where their meaning
// depends on the query language (a number, a JSONata "{% %}" string, or a deploy-time "${Placeholder}");
// the typed accessors below never throw on wrong types: the schema check reports those.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/json.h"

namespace sfn::model {

enum class QueryLanguage { kJsonPath, kJsonata };
enum class StateType { kPass, kTask, kChoice, kWait, kSucceed, kFail, kParallel, kMap, kUnknown };

std::string_view StateTypeName(StateType type);
StateType ParseStateType(std::string_view name);
std::string_view QueryLanguageName(QueryLanguage language);

// A field that holds a JSON value (number, string, object, ...), with where it came from.
struct Field {
  Json value;
  std::string pointer;
};

// An optional Field, held on the heap. A state has room for some forty optional fields and carries a
// few: an absent one costs 8 bytes here instead of 56 (a 5,000-state model shrinks by 10 MB). Reads and
// assigns like std::optional<Field>; copies are deep.
class OptionalField {
 public:
  OptionalField() = default;
  OptionalField(std::nullopt_t) {}  // NOLINT: implicit, as std::optional's
  OptionalField(Field field) : field_(std::make_unique<Field>(std::move(field))) {}  // NOLINT
  OptionalField(std::optional<Field> field) {  // NOLINT
    if (field) field_ = std::make_unique<Field>(std::move(*field));
  }
  OptionalField(const OptionalField& other) : field_(other.field_ ? std::make_unique<Field>(*other.field_) : nullptr) {}
  OptionalField(OptionalField&&) noexcept = default;
  OptionalField& operator=(const OptionalField& other) {
    if (this != &other) field_ = other.field_ ? std::make_unique<Field>(*other.field_) : nullptr;
    return *this;
  }
  OptionalField& operator=(OptionalField&&) noexcept = default;
  ~OptionalField() = default;

  bool has_value() const { return field_ != nullptr; }
  explicit operator bool() const { return field_ != nullptr; }
  const Field& operator*() const { return *field_; }
  Field& operator*() { return *field_; }
  const Field* operator->() const { return field_.get(); }
  Field* operator->() { return field_.get(); }
  const Field& value() const {
    if (!field_) throw std::bad_optional_access();
    return *field_;
  }
  void reset() { field_.reset(); }

 private:
  std::unique_ptr<Field> field_;
};

// InputPath, OutputPath, ResultPath, ItemsPath: absent, explicitly null, or a path string.
struct PathField {
  bool present = false;
  bool is_null = false;
  std::string path;  // valid when present && !is_null
  std::string pointer;
};

enum class JitterStrategy { kNone, kFull };

struct Retrier {
  std::vector<std::string> error_equals;
  double interval_seconds = 1;
  int64_t max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<int64_t> max_delay_seconds;
  JitterStrategy jitter = JitterStrategy::kNone;
  std::string pointer;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next;
  PathField result_path;          // JSONPath mode
  OptionalField output;    // JSONata mode
  OptionalField assign;
  std::string pointer;
};

struct ChoiceRule {
  enum class Kind { kComparison, kAnd, kOr, kNot, kCondition, kEmpty };
  Kind kind = Kind::kEmpty;
  std::string variable;           // kComparison
  std::string op;                 // e.g. "StringEquals", "NumericLessThanPath", "IsPresent"
  Json operand;                   // the comparison value (or path string for *Path operators)
  std::vector<ChoiceRule> children;  // kAnd, kOr (several), kNot (one)
  OptionalField condition;    // kCondition (JSONata)
  std::string next;                  // top-level rules only
  OptionalField assign;       // top-level rules only
  OptionalField output;       // top-level rules only (JSONata)
  std::string pointer;
};

struct Scope;

struct State {
  std::string name;
  StateType type = StateType::kUnknown;
  std::string type_text;
  std::string pointer;           // of the state object
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  bool explicit_query_language = false;
  const Json* raw = nullptr;     // the state's JSON object, owned by the StateMachine
  Scope* scope = nullptr;        // the scope that holds this state

  std::optional<std::string> next;
  bool end = false;
  std::string comment;

  // Data flow (JSONPath mode).
  PathField input_path, output_path, result_path;
  OptionalField parameters, result_selector, result;
  // Data flow (JSONata mode) and variables (both modes).
  OptionalField arguments, output, assign;

  // Task.
  std::string resource;
  OptionalField timeout_seconds, heartbeat_seconds, credentials;
  OptionalField timeout_seconds_path, heartbeat_seconds_path;
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;

  // Choice.
  std::vector<ChoiceRule> choices;
  std::optional<std::string> default_next;

  // Wait.
  OptionalField seconds, timestamp, seconds_path, timestamp_path;

  // Fail.
  OptionalField error, cause, error_path, cause_path;

  // Parallel.
  std::vector<std::unique_ptr<Scope>> branches;

  // Map.
  std::unique_ptr<Scope> processor;
  bool uses_iterator = false;     // legacy "Iterator" instead of "ItemProcessor"
  std::string processor_mode = "INLINE";
  std::string execution_type;
  PathField items_path;
  OptionalField items, item_selector, item_reader, item_batcher, result_writer, label;
  OptionalField max_concurrency, max_concurrency_path;
  OptionalField tolerated_failure_count, tolerated_failure_count_path;
  OptionalField tolerated_failure_percentage, tolerated_failure_percentage_path;

  bool IsTerminal() const;  // Succeed, Fail, or End: true
  bool IsJsonata() const { return query_language == QueryLanguage::kJsonata; }
  const Json* RawField(std::string_view key) const;  // any field, by name
  const Json* RawItem(std::string_view key, size_t index) const;  // entry `index` of an array field, or nullptr
  // The Assign fields that belong to this state: its own, its Catch entries' and its Choice rules'.
  std::vector<const OptionalField*> Assigns() const;
};

// Hashes names as views, so that a lookup by std::string_view builds no string.
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Scope {
  std::string start_at;
  std::string start_at_pointer;
  std::vector<std::unique_ptr<State>> states;  // in definition order
  std::unordered_map<std::string, State*, NameHash, std::equal_to<>> by_name;
  std::string pointer;           // of the object holding StartAt and States
  State* owner = nullptr;        // the Parallel or Map state; nullptr at the top level
  size_t branch_index = 0;       // for Parallel branches
  QueryLanguage query_language = QueryLanguage::kJsonPath;

  const State* Find(std::string_view name) const;
  const State* Start() const { return Find(start_at); }
  // Every state of this scope and of the scopes nested in it, depth first in definition order.
  std::vector<const State*> AllStates() const;
};

struct StateMachine {
  Json definition;               // the definition value (a copy of the loaded subtree)
  std::string base_pointer;      // where `definition` sits in its source document ("" for a plain file)
  Scope top;
  std::string comment;
  std::string version;
  OptionalField timeout_seconds;
  QueryLanguage query_language = QueryLanguage::kJsonPath;

  // A source pointer for a pointer inside `definition`.
  std::string SourcePointer(std::string_view pointer) const { return base_pointer + std::string(pointer); }
  // Every state in every scope, depth first in definition order.
  std::vector<const State*> AllStates() const;
};

// Builds the model from a definition. It never fails: missing or mistyped fields are left empty, for the
// schema check and the rules to report. The value is copied, so the model does not depend on the Document.
std::unique_ptr<StateMachine> BuildStateMachine(Json definition, std::string base_pointer = "");
// The same, in place: builds the model of `machine.definition` into a machine that holds nothing else yet.
void BuildModel(StateMachine& machine);

// "${Name}" as a whole string, or a CloudFormation intrinsic ({"Ref": ...}, {"Fn::GetAtt": ...}): a
// deploy-time placeholder (SAM, CDK, Serverless) of unknown type.
bool IsPlaceholder(const Json& value);
// A whole-string JSONata expression "{% ... %}" (AWS's rule: the entire string, after no trimming).
bool IsJsonataExpression(const Json& value);
std::string_view JsonataBody(std::string_view expression);  // the text between "{%" and "%}"
// A payload template or Assign key without its ".$" suffix: the field or variable it sets.
std::string_view FieldNameOf(std::string_view key);

}  // namespace sfn::model
