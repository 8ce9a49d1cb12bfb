// Building the TaskRunner that runs Task states for real, from the command line's --resources,
// --mock-config and --test-case: subprocesses named by a resources file, Step Functions Local mocks in
// front of them. Shared by run-local and history-replay --redrive.
#pragma once

#include <memory>
#include <string>

#include "cli.h"
#include "engine/task_runner.h"
#include "model/state_machine.h"

namespace sfn::cli {

struct TaskRunnerFlags {
  std::string resources;
  std::string mock_config;
  std::string test_case;
  std::string machine_name;  // selects the mock configuration's state machine
  bool clean_env = false;
  ColorMode color = ColorMode::kAuto;
};

// The runner, or nullptr when neither file is given or one of them does not load (its diagnostics are
// then printed on stderr).
std::shared_ptr<engine::TaskRunner> BuildTaskRunner(const TaskRunnerFlags& flags);

// Lists on stderr every Task state whose Resource neither a mapping nor a mock serves; true when none.
bool CheckTasksCanRun(const model::StateMachine& machine, engine::TaskRunner* runner);

}  // namespace sfn::cli
