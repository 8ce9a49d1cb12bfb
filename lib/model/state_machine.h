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
  std::optional<Field> output;    // JSONata mode
  std::optional<Field> assign;
  std::string pointer;
};

struct ChoiceRule {
  enum class Kind { kComparison, kAnd, kOr, kNot, kCondition, kEmpty };
  Kind kind = Kind::kEmpty;
  std::string variable;           // kComparison
  std::string op;                 // e.g. "StringEquals", "NumericLessThanPath", "IsPresent"
  Json operand;                   // the comparison value (or path string for *Path operators)
  std::vector<ChoiceRule> children;  // kAnd, kOr (several), kNot (one)
  std::optional<Field> condition;    // kCondition (JSONata)
  std::string next;                  // top-level rules only
  std::optional<Field> assign;       // top-level rules only
  std::optional<Field> output;       // top-level rules only (JSONata)
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
  std::optional<Field> parameters, result_selector, result;
  // Data flow (JSONata mode) and variables (both modes).
  std::optional<Field> arguments, output, assign;

  // Task.
  std::string resource;
  std::optional<Field> timeout_seconds, heartbeat_seconds, credentials;
  std::optional<Field> timeout_seconds_path, heartbeat_seconds_path;
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;

  // Choice.
  std::vector<ChoiceRule> choices;
  std::optional<std::string> default_next;

  // Wait.
  std::optional<Field> seconds, timestamp, seconds_path, timestamp_path;

  // Fail.
  std::optional<Field> error, cause, error_path, cause_path;

  // Parallel.
  std::vector<std::unique_ptr<Scope>> branches;

  // Map.
  std::unique_ptr<Scope> processor;
  bool uses_iterator = false;     // legacy "Iterator" instead of "ItemProcessor"
  std::string processor_mode = "INLINE";
  std::string execution_type;
  PathField items_path;
  std::optional<Field> items, item_selector, item_reader, item_batcher, result_writer, label;
  std::optional<Field> max_concurrency, max_concurrency_path;
  std::optional<Field> tolerated_failure_count, tolerated_failure_count_path;
  std::optional<Field> tolerated_failure_percentage, tolerated_failure_percentage_path;

  bool IsTerminal() const;  // Succeed, Fail, or End: true
  bool IsJsonata() const { return query_language == QueryLanguage::kJsonata; }
  const Json* RawField(std::string_view key) const;  // any field, by name
};

struct Scope {
  std::string start_at;
  std::string start_at_pointer;
  std::vector<std::unique_ptr<State>> states;  // in definition order
  std::unordered_map<std::string, State*> by_name;
  std::string pointer;           // of the object holding StartAt and States
  State* owner = nullptr;        // the Parallel or Map state; nullptr at the top level
  size_t branch_index = 0;       // for Parallel branches
  QueryLanguage query_language = QueryLanguage::kJsonPath;

  const State* Find(std::string_view name) const;
  const State* Start() const { return Find(start_at); }
};

struct StateMachine {
  Json definition;               // the definition value (a copy of the loaded subtree)
  std::string base_pointer;      // where `definition` sits in its source document ("" for a plain file)
  Scope top;
  std::string comment;
  std::string version;
  std::optional<Field> timeout_seconds;
  QueryLanguage query_language = QueryLanguage::kJsonPath;

  // A source pointer for a pointer inside `definition`.
  std::string SourcePointer(std::string_view pointer) const { return base_pointer + std::string(pointer); }
  // Every state in every scope, depth first in definition order.
  std::vector<const State*> AllStates() const;
};

// Builds the model from a definition. It never fails: missing or mistyped fields are left empty, for the
// schema check and the rules to report. The value is copied, so the model does not depend on the Document.
std::unique_ptr<StateMachine> BuildStateMachine(Json definition, std::string base_pointer = "");

// "${Name}" as a whole string, or a CloudFormation intrinsic ({"Ref": ...}, {"Fn::GetAtt": ...}): a
// deploy-time placeholder (SAM, CDK, Serverless) of unknown type.
bool IsPlaceholder(const Json& value);
// A whole-string JSONata expression "{% ... %}" (AWS's rule: the entire string, after no trimming).
bool IsJsonataExpression(const Json& value);
std::string_view JsonataBody(std::string_view expression);  // the text between "{%" and "%}"

}  // namespace sfn::model
