#include "task_runners.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <vector>

#include "diag/render.h"
#include "engine/mock_config.h"
#include "engine/mock_config_task_runner.h"
#include "engine/resources.h"
#include "engine/subprocess_task_runner.h"

extern char** environ;

namespace sfn::cli {

std::shared_ptr<engine::TaskRunner> BuildTaskRunner(const TaskRunnerFlags& flags) {
  std::shared_ptr<engine::TaskRunner> runner;
  if (!flags.resources.empty()) {
    auto parsed = engine::LoadResourceMap(flags.resources, std::cin);
    if (!parsed.map) {
      std::cerr << diag::RenderText(parsed.diagnostics, {UseColor(flags.color, STDERR_FILENO), true});
      return nullptr;
    }
    engine::SubprocessTaskRunnerOptions options;
    for (char** e = environ; e && *e; ++e) options.parent_env.emplace_back(*e);
    options.clean_env = flags.clean_env;
    options.stderr_sink = [](const engine::TaskRequest& request, std::string_view line) {
      std::string text = "[" + request.state_name + "] " + std::string(line) + "\n";
      std::fwrite(text.data(), 1, text.size(), stderr);
    };
    runner = std::make_shared<engine::SubprocessTaskRunner>(
        std::make_shared<const engine::ResourceMap>(std::move(*parsed.map)), std::move(options));
  }
  if (!flags.mock_config.empty()) {
    auto parsed = engine::LoadMockConfig(flags.mock_config, std::cin);
    if (!parsed.config) {
      std::cerr << diag::RenderText(parsed.diagnostics, {UseColor(flags.color, STDERR_FILENO), true});
      return nullptr;
    }
    auto selected = parsed.config->Select(flags.machine_name, flags.test_case);
    if (!selected.test_case) {
      std::cerr << diag::RenderText(selected.diagnostics, {UseColor(flags.color, STDERR_FILENO), true});
      return nullptr;
    }
    runner = std::make_shared<engine::MockTaskRunner>(std::move(*selected.test_case), runner);
  }
  return runner;
}

bool CheckTasksCanRun(const model::StateMachine& machine, engine::TaskRunner* runner) {
  std::vector<const model::State*> missing;
  for (const model::State* s : machine.AllStates()) {
    if (s->type != model::StateType::kTask) continue;
    const Json* args = s->RawField(s->IsJsonata() ? "Arguments" : "Parameters");
    if (!runner || !runner->CanRun(s->name, s->resource, args)) missing.push_back(s);
  }
  if (missing.empty()) return true;
  PrintError("no command or mock for " + std::to_string(missing.size()) + " Task state" +
             (missing.size() == 1 ? "" : "s") + ":");
  for (const model::State* s : missing) std::cerr << "  " << s->name << ": " << s->resource << "\n";
  std::cerr << "map each Resource (or Lambda FunctionName) to a command in a --resources file, "
               "or mock it with --mock-config FILE --test-case NAME\n";
  return false;
}

}  // namespace sfn::cli
