// sfn eval: evaluates a JSONata expression, a JSONPath or an intrinsic function against an input, for
// debugging expressions from the shell.
#include <iostream>

#include "cli.h"
#include "common/states_error.h"
#include "exit_codes.h"
#include "jsonata/aws_functions.h"
#include "jsonata/jsonata.h"
#include "model/substitution.h"
#include "path/intrinsic.h"
#include "path/jsonpath.h"
#include "path/parse_error.h"

namespace sfn::cli {
namespace {

struct EvalFlags {
  std::string lang = "jsonata";
  std::string expression;
  std::string input = "{}";
  std::vector<std::string> vars;
  bool compact = false;
  std::optional<uint64_t> seed;
};

void PrintPosition(const std::string& expression, int64_t position) {
  if (position < 0 || expression.find('\n') != std::string::npos) return;
  size_t caret = std::min(static_cast<size_t>(position), expression.size());
  std::cerr << "  " << expression << "\n  " << std::string(caret, ' ') << "^\n";
}

int Print(const Json& value, bool compact) {
  std::string text = compact ? DumpCompact(value) : value.dump(2, ' ', false, Json::error_handler_t::replace);
  return WriteStdout(text + "\n") ? kExitOk : kExitUsage;
}

int EvalJsonata(const EvalFlags& flags, const Json& input, const std::map<std::string, Json>& vars) {
  std::string source = flags.expression;
  if (source.size() >= 4 && source.rfind("{%", 0) == 0 && source.compare(source.size() - 2, 2, "%}") == 0) {
    source = source.substr(2, source.size() - 4);
  }
  std::shared_ptr<const jsonata::Expression> expr;
  try {
    expr = jsonata::Expression::Compile(source);
    jsonata::Bindings bindings;
    jsonata::AddAwsFunctions(bindings, flags.seed);
    bindings.Set("states", Json{{"input", input}, {"context", Json::object()}});
    for (const auto& [name, value] : vars) bindings.Set(name, value);
    auto result = expr->Evaluate(&input, bindings);
    if (!result) return kExitOk;
    return Print(*result, flags.compact);
  } catch (const jsonata::Error& e) {
    std::cerr << "sfn: " << e.code << ": " << e.what();
    if (e.position >= 0) std::cerr << " (at character " << e.position + 1 << ")";
    std::cerr << "\n";
    PrintPosition(source, e.position);
    return kExitFindings;
  } catch (const StatesError& e) {
    std::cerr << "sfn: " << e.error << ": " << e.cause << "\n";
    return kExitFindings;
  }
}

int EvalJsonPath(const EvalFlags& flags, const Json& input, const std::map<std::string, Json>& vars) {
  Json context = Json::object();
  path::Env env;
  env.input = &input;
  env.context = &context;
  env.variable = [&vars](std::string_view name) -> const Json* {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? nullptr : &it->second;
  };
  try {
    if (path::LooksLikeIntrinsic(flags.expression)) {
      return Print(path::Intrinsic::Parse(flags.expression).Evaluate(env), flags.compact);
    }
    auto p = path::JsonPath::Parse(flags.expression);
    auto selection = p.Select(env);
    if (!selection) return kExitOk;  // a definite path that designates nothing: undefined
    return Print(selection->value(), flags.compact);
  } catch (const path::ParseError& e) {
    std::cerr << "sfn: syntax error: " << e.message << " (at character " << e.offset + 1 << ")\n";
    PrintPosition(flags.expression, static_cast<int64_t>(e.offset));
    return kExitFindings;
  } catch (const StatesError& e) {
    std::cerr << "sfn: " << e.error << ": " << e.cause << "\n";
    return kExitFindings;
  } catch (const path::PathNotFoundError& e) {
    std::cerr << "sfn: " << e.what() << "\n";
    return kExitFindings;
  }
}

int RunEval(const EvalFlags& flags) {
  auto input = ReadJsonArgument(flags.input, "--input");
  if (!input) return kExitUsage;
  std::map<std::string, Json> vars;
  for (const auto& v : flags.vars) {
    std::string name;
    Json value;
    if (!model::ParseSubstitution(v, name, value)) {
      PrintError("--var needs NAME=JSON, not '" + v + "'");
      return kExitUsage;
    }
    if (!name.empty() && name[0] == '$') name.erase(0, 1);
    vars[name] = value;
  }
  return flags.lang == "jsonpath" ? EvalJsonPath(flags, *input, vars) : EvalJsonata(flags, *input, vars);
}

}  // namespace

void AddEval(CLI::App& app, std::function<int()>& run) {
  auto flags = std::make_shared<EvalFlags>();
  app.add_option("expression", flags->expression,
                 "A JSONata expression (with or without {% %}), or with --lang jsonpath a path or States.* call")
      ->required();
  app.add_option("--lang", flags->lang, "jsonata (default) or jsonpath")->check(CLI::IsMember({"jsonata", "jsonpath"}));
  app.add_option("--input", flags->input, "The input: JSON text, @FILE, or - for stdin (default {})")
      ->option_text("JSON|@FILE|-");
  app.add_option("--var", flags->vars, "Bind a variable: NAME=JSON (repeatable)")->option_text("NAME=JSON");
  app.add_flag("-c,--compact", flags->compact, "Print compact JSON on one line");
  app.add_option("--seed", flags->seed, "Seed for $random and $uuid");
  app.callback([flags, &run] { run = [flags] { return RunEval(*flags); }; });
}

}  // namespace sfn::cli
