#include "engine/eval_env.h"

#include "common/states_error.h"
#include "engine/runtime.h"

namespace sfn::engine::internal {

path::Env MakePathEnv(const Json* input, const EvalScope& scope) {
  path::Env env;
  env.input = input;
  env.context = scope.context;
  const Variables* vars = scope.variables;
  env.variable = [vars](std::string_view name) -> const Json* {
    return vars != nullptr ? vars->Find(name) : nullptr;
  };
  Runtime* rt = scope.rt;
  if (rt != nullptr) env.random = [rt] { return rt->NextRandom(); };
  return env;
}

void ThrowRuntime(std::string detail) { throw StatesError("States.Runtime", std::move(detail)); }

std::string ValueText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return DumpCompact(value);
}

}  // namespace sfn::engine::internal
