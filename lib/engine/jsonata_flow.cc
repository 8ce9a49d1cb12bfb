// The JSONata-mode data flow (placeholder until the JSONata library is complete).
#include "engine/data_flow.h"
#include "engine/eval_env.h"

namespace sfn::engine::internal {
namespace {

class UnsupportedFlow : public DataFlow {
 public:
  [[noreturn]] static void Fail() { ThrowRuntime("JSONata is not supported yet"); }
  void ApplyInputPath(StateData&, const EvalScope&) const override {}
  std::optional<Json> Arguments(const StateData&, const EvalScope&) const override { Fail(); }
  std::optional<Json> PassResult(StateData&, const EvalScope&) const override { Fail(); }
  Json SelectResult(Json, const EvalScope&) const override { Fail(); }
  Assignments Assign(const Json&, const StateData&, const EvalScope&) const override { Fail(); }
  Json Output(StateData, const Json*, const model::Catcher*, const EvalScope&) const override { Fail(); }
  bool Matches(const model::ChoiceRule&, const StateData&, const EvalScope&) const override { Fail(); }
  WaitTarget Wait(const StateData&, const EvalScope&) const override { Fail(); }
  ErrorSpec Fail(const StateData&, const EvalScope&) const override { Fail(); }
  TaskSettings Task(const StateData&, const EvalScope&) const override { Fail(); }
  Json Items(const StateData&, const EvalScope&) const override { Fail(); }
  std::optional<Json> ItemInput(const StateData&, const EvalScope&) const override { Fail(); }
  int64_t MaxConcurrency(const StateData&, const EvalScope&) const override { Fail(); }
  void ToleratedFailures(const StateData&, const EvalScope&, MapSettings&) const override { Fail(); }
  Json EvaluateConfig(const Json&, std::string_view, const StateData&, const EvalScope&) const override { Fail(); }
};

}  // namespace

std::unique_ptr<DataFlow> MakeJsonataFlow(const model::State&) { return std::make_unique<UnsupportedFlow>(); }

}  // namespace sfn::engine::internal
