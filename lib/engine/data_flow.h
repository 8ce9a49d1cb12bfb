// DataFlow: the query-language half of a state (internal to the engine area).
//
// What a state does with its input and result depends on its query language. In JSONPath mode the
// fields are InputPath, Parameters, ResultSelector, ResultPath, OutputPath and the *Path variants of
// Wait, Fail, Map and Task fields; in JSONata mode they are Arguments, Output and "{% %}" expressions.
// Each state gets one DataFlow, compiled once before the execution starts (jsonpath_flow.cc,
// jsonata_flow.cc); the state handlers call it at each step and never look at the language themselves.
//
// Methods throw StatesError; the state handler turns it into a failure at the state boundary. A field
// that did not compile raises its compile error when it is used, so a broken definition still runs up
// to that state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"
#include "model/state_machine.h"

namespace sfn::engine::internal {

class Variables;
struct Runtime;

// What expressions can see besides the state's data.
struct EvalScope {
  Runtime* rt = nullptr;
  const Json* context = nullptr;         // $$ (JSONPath) and $states.context (JSONata); built on demand
  const Variables* variables = nullptr;  // $name
};

// The data of one state as it moves through the fields.
struct StateData {
  Json input;                         // the state's input, as it entered
  std::optional<Json> effective;      // after InputPath, when it differs from the input
  std::optional<Json> result;         // Pass/Task/Parallel/Map result (after ResultSelector)
  std::optional<Json> error_output;   // {"Error", "Cause"} in a Catch
  Json* after_result_path = nullptr;  // TestState: receives the value after ResultPath

  const Json& Effective() const { return effective ? *effective : input; }
};

using Assignments = std::vector<std::pair<std::string, Json>>;

// When a Wait state ends: after a number of seconds, or at an instant.
struct WaitTarget {
  bool is_timestamp = false;
  int64_t seconds = 0;
  int64_t until_ms = 0;
};

// Fail: the error and cause, each possibly absent.
struct ErrorSpec {
  std::optional<std::string> error, cause;
};

// Task: the settings evaluated for one attempt.
struct TaskSettings {
  std::optional<int64_t> timeout_seconds, heartbeat_seconds;
  std::optional<Json> credentials;
};

// Map: the runtime settings.
struct MapSettings {
  int64_t max_concurrency = 0;  // 0: unlimited
  std::optional<int64_t> tolerated_failure_count;
  std::optional<double> tolerated_failure_percentage;
};

class DataFlow {
 public:
  virtual ~DataFlow() = default;

  // InputPath (JSONPath): sets data.effective unless it is the input itself. JSONata: nothing.
  virtual void ApplyInputPath(StateData& data, const EvalScope& scope) const = 0;
  // Parameters (JSONPath, over the effective input) or Arguments (JSONata, over $states.input); nullopt
  // when the state has none.
  virtual std::optional<Json> Arguments(const StateData& data, const EvalScope& scope) const = 0;
  // Pass: its result (JSONPath: Result, Parameters or the effective input; JSONata: none).
  virtual std::optional<Json> PassResult(StateData& data, const EvalScope& scope) const = 0;
  // ResultSelector (JSONPath) over a Task, Parallel or Map result.
  virtual Json SelectResult(Json result, const EvalScope& scope) const = 0;
  // Evaluates an Assign field (of the state, a Choice rule or a Catcher).
  virtual Assignments Assign(const Json& assign, const StateData& data, const EvalScope& scope) const = 0;
  // The state's output. JSONPath: ResultPath then OutputPath (or, in a Catch, the Catcher's ResultPath).
  // JSONata: the Output field given (of the state, the rule or the Catcher), or the default.
  virtual Json Output(StateData data, const Json* output_field, const model::Catcher* catcher,
                      const EvalScope& scope) const = 0;

  // Choice: whether a rule matches.
  virtual bool Matches(const model::ChoiceRule& rule, const StateData& data,
                       const EvalScope& scope) const = 0;
  // Wait: when it ends.
  virtual WaitTarget Wait(const StateData& data, const EvalScope& scope) const = 0;
  // Fail: the error and cause.
  virtual ErrorSpec Fail(const StateData& data, const EvalScope& scope) const = 0;
  // Task: timeouts and credentials.
  virtual TaskSettings Task(const StateData& data, const EvalScope& scope) const = 0;
  // Map: the items (ItemsPath or Items), when the Map has no ItemReader.
  virtual Json Items(const StateData& data, const EvalScope& scope) const = 0;
  // Map: the input of one iteration (ItemSelector or the legacy Parameters); 'scope.context' holds
  // $$.Map.Item. nullopt: the item itself.
  virtual std::optional<Json> ItemInput(const StateData& data, const EvalScope& scope) const = 0;
  // Map: MaxConcurrency(Path).
  virtual int64_t MaxConcurrency(const StateData& data, const EvalScope& scope) const = 0;
  // Map: ToleratedFailureCount/Percentage(Path).
  virtual void ToleratedFailures(const StateData& data, const EvalScope& scope, MapSettings& out) const = 0;
  // Map: a field of ItemReader, ItemBatcher or ResultWriter with its paths or expressions evaluated.
  virtual Json EvaluateConfig(const Json& field, std::string_view name, const StateData& data,
                              const EvalScope& scope) const = 0;
};

std::unique_ptr<DataFlow> MakeJsonPathFlow(const model::State& state);
std::unique_ptr<DataFlow> MakeJsonataFlow(const model::State& state);

}  // namespace sfn::engine::internal
