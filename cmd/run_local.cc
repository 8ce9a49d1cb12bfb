// sfn run-local: executes a definition locally. Task states run as subprocesses named by a resources file,
// or come from a Step Functions Local mock configuration.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli.h"
#include "diag/render.h"
#include "common/edit_distance.h"
#include "engine/execution.h"
#include "engine/test_state.h"
#include "exit_codes.h"
#include "history_file.h"
#include "s3_dirs.h"
#include "signal_watcher.h"
#include "task_runners.h"
#include "lint/embedded_schema.h"
#include "lint/linter.h"
#include "model/substitution.h"
#include "process/process_group_registry.h"

namespace sfn::cli {
namespace {

namespace fs = std::filesystem;

struct RunFlags {
  std::string definition;
  std::string input = "{}";
  std::string resources;
  std::string mock_config;
  std::string test_case;
  std::string name;
  std::string execution_name;
  bool describe = false;
  std::string history;
  bool real_time = false;
  std::string state;
  bool clean_env = false;
  bool pretty = false;
  std::optional<uint64_t> seed;
  std::vector<std::string> subs;
  std::vector<std::string> s3_dirs;
  std::string result_writer;
  size_t max_workers = 0;
  size_t max_events = 25000;
  ColorMode color = ColorMode::kAuto;
};

// The state machine's name: the definition file's name without its extensions (order.asl.json -> order).
std::string MachineName(const RunFlags& flags) {
  if (!flags.name.empty()) return flags.name;
  if (flags.definition == "-") return "StateMachine";
  std::string base = fs::path(flags.definition).filename().string();
  return base.substr(0, base.find('.'));
}

std::string IsoDate(int64_t ms) {
  time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm_utc;
  gmtime_r(&secs, &tm_utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d000+00:00", tm_utc.tm_year + 1900,
                tm_utc.tm_mon + 1, tm_utc.tm_mday, tm_utc.tm_hour, tm_utc.tm_min, tm_utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

Json Describe(const engine::ExecutionResult& r, const Json& input, const std::string& name) {
  Json d = {{"executionArn", r.execution_arn},
            {"stateMachineArn", r.state_machine_arn},
            {"name", name},
            {"status", std::string(engine::StatusName(r.status))},
            {"startDate", IsoDate(r.start_ms)},
            {"stopDate", IsoDate(r.stop_ms)},
            {"input", DumpCompact(input)},
            {"inputDetails", {{"included", true}}}};
  if (r.output) {
    d["output"] = DumpCompact(*r.output);
    d["outputDetails"] = {{"included", true}};
  }
  if (r.has_error) d["error"] = r.error;
  if (r.has_cause) d["cause"] = r.cause;
  d["redriveCount"] = 0;
  d["redriveStatus"] = r.status == engine::Status::kSucceeded ? "NOT_REDRIVABLE" : "REDRIVABLE";
  return d;
}

std::shared_ptr<engine::TaskRunner> BuildTaskRunner(const RunFlags& flags) {
  TaskRunnerFlags runner_flags;
  runner_flags.resources = flags.resources;
  runner_flags.mock_config = flags.mock_config;
  runner_flags.test_case = flags.test_case;
  runner_flags.machine_name = MachineName(flags);
  runner_flags.clean_env = flags.clean_env;
  runner_flags.color = flags.color;
  return sfn::cli::BuildTaskRunner(runner_flags);
}

std::optional<model::Substitutions> ParseSubs(const std::vector<std::string>& subs) {
  model::Substitutions out;
  for (const auto& s : subs) {
    std::string key;
    Json value;
    if (!model::ParseSubstitution(s, key, value)) {
      PrintError("--sub needs NAME=VALUE, not '" + s + "'");
      return std::nullopt;
    }
    out[key] = value;
  }
  return out;
}

// --state NAME: one state on the input, like the TestState API at inspection level DEBUG. Prints the
// response (status, output or error and cause, nextState, and each data-flow stage in inspectionData).
int RunOneState(const RunFlags& flags, const Json& definition, const model::StateMachine& machine, const Json& input,
                engine::TaskRunner* runner) {
  const model::State* state = nullptr;
  for (const model::State* s : machine.AllStates()) {
    if (s->name == flags.state) state = s;
  }
  if (!state) {
    std::vector<std::string> names;
    for (const model::State* s : machine.AllStates()) names.push_back(s->name);
    std::string hint;
    if (auto m = ClosestMatch(flags.state, names)) hint = " (did you mean '" + *m + "'?)";
    PrintError("no state named '" + flags.state + "'" + hint);
    return kExitUsage;
  }
  if (state->type == model::StateType::kTask) {
    const Json* args = state->RawField(state->IsJsonata() ? "Arguments" : "Parameters");
    if (!runner || !runner->CanRun(state->name, state->resource, args)) {
      PrintError("no command or mock for Task state '" + state->name + "' (" + state->resource + ")");
      return kExitUsage;
    }
  }
  engine::TestStateOptions options;
  options.definition = definition;
  options.state_name = flags.state;
  options.input = input;
  options.inspection_level = engine::InspectionLevel::kDebug;
  options.execution.tasks = runner;
  options.execution.random_seed = flags.seed;
  options.execution.state_machine_name = MachineName(flags);
  auto result = engine::TestState(options);
  Json response = result.ToJson();
  if (!WriteStdout((flags.pretty ? response.dump(2) : DumpCompact(response)) + "\n")) return kExitUsage;
  return result.status == "SUCCEEDED" || result.status == "CAUGHT_ERROR" ? kExitOk : kExitFindings;
}

int RunLocal(const RunFlags& flags) {
  auto subs = ParseSubs(flags.subs);
  if (!subs) return kExitUsage;
  auto loaded = loader::LoadFile(flags.definition, std::cin);
  diag::TextOptions text{UseColor(flags.color, STDERR_FILENO), true};
  if (!loaded.document) {
    std::cerr << diag::RenderText(loaded.diagnostics, text);
    return kExitUsage;
  }
  Json definition = model::Substitute(loaded.document->Root(), *subs);
  auto machine = model::BuildStateMachine(definition);
  auto schema = lint::SchemaChecker::Embedded();
  lint::LintOptions lint_options;
  lint_options.schema = &schema;
  lint_options.advice = false;
  auto findings = lint::Lint(*loaded.document, *machine, lint_options);
  if (diag::HasErrors(findings)) {
    std::cerr << diag::RenderText(findings, text);
    PrintError("the definition does not validate; fix it, then run it");
    return kExitUsage;
  }
  std::string input_text = flags.input;
  auto input = ReadJsonArgument(input_text, "--input");
  if (!input) return kExitUsage;
  auto runner = BuildTaskRunner(flags);
  if ((!flags.resources.empty() || !flags.mock_config.empty()) && !runner) return kExitUsage;
  if (!flags.state.empty()) return RunOneState(flags, definition, *machine, *input, runner.get());
  if (!CheckTasksCanRun(*machine, runner.get())) return kExitUsage;
  if (!flags.history.empty() && !CheckHistoryWritable(flags.history)) return kExitUsage;

  engine::ExecutionOptions options;
  options.input = *input;
  options.state_machine_name = MachineName(flags);
  options.execution_name = flags.execution_name;
  options.tasks = runner.get();
  options.random_seed = flags.seed;
  options.max_workers = flags.max_workers;
  options.max_events = flags.max_events == 0 ? SIZE_MAX : flags.max_events;
  options.result_writer_dir = flags.result_writer;
  options.record_events = !flags.history.empty();  // without --history, events are only counted
  auto s3 = S3DirReader(flags.s3_dirs);
  if (!s3) return kExitUsage;
  options.read_object = *s3;

  engine::RealClock real_clock;
  if (flags.real_time) options.clock = &real_clock;
  options.cancel = std::make_shared<process::CancelToken>();

  engine::ExecutionResult result;
  bool interrupted = false;
  {
    SignalWatcher watcher(options.cancel);
    result = engine::Execute(*machine, options);
    interrupted = watcher.Interrupted();
  }
  int status = kExitOk;
  if (!flags.history.empty()) {
    std::string error;
    if (!WriteFileAtomically(flags.history, result.events.dump(2) + "\n", error)) {
      PrintError(error);
      status = kExitUsage;
    }
  }
  bool ok = true;
  if (flags.describe) {
    std::string name = result.execution_arn.substr(result.execution_arn.rfind(':') + 1);
    Json d = Describe(result, *input, name);
    ok = WriteStdout((flags.pretty ? d.dump(2) : DumpCompact(d)) + "\n");
  } else if (result.status == engine::Status::kSucceeded && result.output) {
    ok = WriteStdout((flags.pretty ? result.output->dump(2, ' ', false, Json::error_handler_t::replace)
                                   : DumpCompact(*result.output)) +
                     "\n");
  }
  if (result.status != engine::Status::kSucceeded) {
    std::string line = "execution " + std::string(engine::StatusName(result.status));
    if (result.has_error) line += ": " + result.error;
    if (result.has_cause && !result.cause.empty()) line += ": " + result.cause;
    PrintError(line);
  }
  if (!ok) return kExitUsage;
  if (interrupted) return kExitInterrupted;
  if (status != kExitOk) return status;
  return result.status == engine::Status::kSucceeded ? kExitOk : kExitFindings;
}

}  // namespace

void AddRunLocal(CLI::App& app, std::function<int()>& run) {
  auto flags = std::make_shared<RunFlags>();
  app.add_option("definition", flags->definition, "The definition (JSON or YAML), or - for stdin")->required();
  app.add_option("--input", flags->input, "The execution input: JSON text, @FILE, or - for stdin (default {})")
      ->option_text("JSON|@FILE|-");
  app.add_option("--resources", flags->resources, "Map Task Resources (and Lambda function names) to commands");
  app.add_option("--mock-config", flags->mock_config, "A Step Functions Local mock configuration (JSON or YAML)");
  app.add_option("--test-case", flags->test_case, "The mock configuration's test case to use");
  app.add_option("--name", flags->name, "The state machine's name (default: the file name without extensions)");
  app.add_option("--execution-name", flags->execution_name, "The execution's name (default: a generated UUID)");
  app.add_flag("--describe", flags->describe, "Print a describe-execution object instead of the output");
  app.add_option("--history", flags->history, "Write the execution history (GetExecutionHistory shape) to FILE");
  app.add_flag("--real-time", flags->real_time, "Really sleep in Wait states and retry intervals");
  app.add_option("--state", flags->state, "Run only this state with the input, like the TestState API");
  app.add_flag("--clean-env", flags->clean_env, "Give tasks only the documented SFN_* variables and PATH");
  app.add_flag("--pretty", flags->pretty, "Indent the JSON output");
  app.add_option("--seed", flags->seed, "Seed for States.MathRandom, $random, UUIDs and jitter");
  app.add_option("--sub", flags->subs, "Fill a ${NAME} placeholder: NAME=VALUE")->option_text("NAME=VALUE");
  app.add_option("--s3", flags->s3_dirs, "Serve ItemReader reads of BUCKET from DIR")->option_text("BUCKET=DIR");
  app.add_option("--result-writer", flags->result_writer, "Write distributed Map results into DIR");
  app.add_option("--max-workers", flags->max_workers, "Bound on concurrent Map iterations and Parallel branches");
  app.add_option("--max-events", flags->max_events,
                 "History limit: the execution fails with States.Runtime at N events, as AWS does at 25,000 "
                 "(default 25000; 0 for no limit)")
      ->option_text("N");
  AddColorOption(app, flags->color);
  app.callback([flags, &run] {
    if (!flags->mock_config.empty() && flags->test_case.empty()) throw CLI::RequiredError("--test-case");
    run = [flags] { return RunLocal(*flags); };
  });
}

}  // namespace sfn::cli
