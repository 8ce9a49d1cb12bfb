// ExecutionSetup: everything an execution needs before its first state runs (internal to the engine
// area): the runtime, the compiled program, the event log and the worker gate. Execute and TestState
// both start from it.
#pragma once

#include <memory>

#include "engine/clock.h"
#include "engine/execution.h"
#include "engine/history.h"
#include "engine/program.h"
#include "engine/runtime.h"
#include "engine/worker_gate.h"

namespace sfn::engine::internal {

class ExecutionSetup {
 public:
  ExecutionSetup(const model::StateMachine& machine, const ExecutionOptions& options);
  Runtime& runtime() { return rt_; }
  EventLog& log() { return *log_; }

 private:
  VirtualClock default_clock_;
  Runtime rt_;
  std::unique_ptr<Program> program_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<WorkerGate> gate_;
};

}  // namespace sfn::engine::internal
