// Program: the state machine prepared for running (internal to the engine area).
//
// Before the first state runs, every state of every scope gets a StatePlan: its DataFlow (paths,
// templates and expressions compiled), its transitions resolved to State pointers, the names of its
// events, and what its Task resource is. The interpreter then never parses or looks a name up while it
// runs.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/data_flow.h"
#include "model/state_machine.h"

namespace sfn::engine::internal {

enum class TaskKind { kService, kLambdaFunction, kActivity };

// What a Task's Resource designates, as AWS names it in TaskScheduled events.
struct ResourceInfo {
  TaskKind kind = TaskKind::kService;
  std::string resource_type;  // "lambda", "aws-sdk", "sqs", ...
  std::string action;         // "invoke", "dynamodb:putItem", "sendMessage.waitForTaskToken"
  std::string region;         // the region in the ARN, when it has one
  bool wait_for_task_token = false;
};

ResourceInfo ParseResource(std::string_view resource);

struct StatePlan {
  const model::State* state = nullptr;
  std::unique_ptr<DataFlow> flow;
  std::string_view entered, exited, aborted;   // event types; 'exited' empty for Fail
  const model::State* next = nullptr;          // Next (nullptr when End)
  bool next_missing = false;                   // Next names no state of the scope
  std::vector<const model::State*> rule_next;  // per top-level Choice rule
  const model::State* default_next = nullptr;
  std::vector<const model::State*> catch_next;
  bool uses_context = false;     // some field reads $$ / $states.context
  bool uses_task_token = false;  // some field reads $$.Task.Token
  ResourceInfo resource;
};

class Program {
 public:
  explicit Program(const model::StateMachine& machine);
  const StatePlan& Plan(const model::State& state) const { return *plans_.at(&state); }

 private:
  void Add(const model::State& state);
  std::unordered_map<const model::State*, std::unique_ptr<StatePlan>> plans_;
};

}  // namespace sfn::engine::internal
