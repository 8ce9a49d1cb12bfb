#include "engine/recorded_task_runner.h"

#include <doctest/doctest.h>

namespace sfn::engine {
namespace {

TaskRequest Request(std::vector<std::string> frame, std::string state, int attempt) {
  TaskRequest request;
  request.frame = std::move(frame);
  request.state_name = std::move(state);
  request.attempt = attempt;
  request.resource = "arn:aws:states:::lambda:invoke";
  return request;
}

TEST_CASE("recorded runner: answers by frame, state and attempt") {
  RecordedTaskRunner runner({
      {{}, "Charge", 0, TaskResult::Failure("Lambda.TooManyRequestsException", "slow down")},
      {{}, "Charge", 1, TaskResult::Success(Json{{"charged", true}})},
      {{"Map:M#0"}, "Ship", 0, TaskResult::Success("box 0")},
      {{"Map:M#1"}, "Ship", 0, TaskResult::Success("box 1")},
      {{"Map:M#1"}, "Ship", 0, TaskResult::Success("ignored duplicate")},
  });
  CHECK(runner.size() == 4);

  TaskResult first = runner.Run(Request({}, "Charge", 0));
  CHECK_FALSE(first.ok);
  CHECK(first.error == "Lambda.TooManyRequestsException");
  CHECK(first.cause == "slow down");
  TaskResult retry = runner.Run(Request({}, "Charge", 1));
  REQUIRE(retry.ok);
  CHECK(retry.output == Json{{"charged", true}});
  CHECK(runner.Run(Request({"Map:M#0"}, "Ship", 0)).output == "box 0");
  CHECK(runner.Run(Request({"Map:M#1"}, "Ship", 0)).output == "box 1");
  // Answers do not depend on how often they are asked for.
  CHECK(runner.Run(Request({"Map:M#1"}, "Ship", 0)).output == "box 1");
}

TEST_CASE("recorded runner: a missing record names its key") {
  RecordedTaskRunner runner({{{"Map:M#0"}, "Ship", 0, TaskResult::Success(1)}});
  struct Case {
    std::vector<std::string> frame;
    const char* state;
    int attempt;
    const char* cause;
  };
  const Case cases[] = {
      {{}, "Ship", 0, "the recording has no outcome for state 'Ship' attempt 0 at the top level"},
      {{"Map:M#0"}, "Ship", 1, "the recording has no outcome for state 'Ship' attempt 1 in frame 'Map:M#0'"},
      {{"Parallel:P#1", "Map:M#2"},
       "Pack",
       0,
       "the recording has no outcome for state 'Pack' attempt 0 in frame 'Parallel:P#1/Map:M#2'"},
  };
  for (const Case& c : cases) {
    TaskResult result = runner.Run(Request(c.frame, c.state, c.attempt));
    CHECK_FALSE(result.ok);
    CHECK(result.error == kReplayMissingRecordError);
    CHECK(result.cause == std::string(c.cause));
  }
}

TEST_CASE("recorded runner: CanRun knows the recorded states") {
  RecordedTaskRunner runner({{{"Map:M#0"}, "Ship", 0, TaskResult::Success(1)}});
  CHECK(runner.CanRun("Ship", "anything", nullptr));
  CHECK_FALSE(runner.CanRun("Charge", "anything", nullptr));
  RecordedTaskRunner empty({});
  CHECK_FALSE(empty.CanRun("Ship", "anything", nullptr));
}

}  // namespace
}  // namespace sfn::engine
