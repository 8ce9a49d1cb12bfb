#include <doctest/doctest.h>

#include "engine/engine_test_support.h"

namespace sfn::engine {
namespace {

TEST_CASE("fail: Error and Cause from literals, paths and intrinsic functions") {
  struct Case {
    const char* fields;
    const char* input;
    const char* error;  // nullptr: none
    const char* cause;  // nullptr: none
  } cases[] = {
      {R"("Error":"E","Cause":"C")", "{}", "E", "C"},
      {R"("Error":"E")", "{}", "E", nullptr},
      {R"("Comment":"none")", "{}", nullptr, nullptr},
      {R"("ErrorPath":"$.e","CausePath":"$.c")", R"({"e":"PathError","c":"path cause"})", "PathError",
       "path cause"},
      {R"j("ErrorPath":"$$.State.Name","CausePath":"States.Format('n={}', $.n)")j", R"({"n":3})", "F", "n=3"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.fields));
    auto run = testing::RunDefinition(
        std::string(R"j({"StartAt":"F","States":{"F":{"Type":"Fail",)j") + c.fields + "}}}",
        Json::parse(c.input));
    CHECK(run.result.status == Status::kFailed);
    CHECK(run.result.has_error == (c.error != nullptr));
    CHECK(run.result.has_cause == (c.cause != nullptr));
    if (c.error != nullptr) CHECK(run.result.error == c.error);
    if (c.cause != nullptr) CHECK(run.result.cause == c.cause);
    CHECK(run.types() == std::vector<std::string>{"ExecutionStarted", "FailStateEntered", "ExecutionFailed"});
    const Json& failed = run.result.events["events"][2];
    CHECK(failed["previousEventId"] == 2);
    CHECK(failed["executionFailedEventDetails"].contains("error") == (c.error != nullptr));
  }
}

TEST_CASE("fail: a missing ErrorPath fails with States.Runtime") {
  auto run = testing::RunDefinition(R"({"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.nope"}}})",
                                    Json::parse(R"({"a":1})"));
  CHECK(run.result.error == "States.Runtime");
  CHECK(run.result.cause ==
        "An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath '$.nope' "
        "specified for the field 'ErrorPath' could not be found in the input '{\"a\":1}'");
}

}  // namespace
}  // namespace sfn::engine
