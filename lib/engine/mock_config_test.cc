#include "engine/mock_config.h"

#include <doctest/doctest.h>

#include <sstream>
#include <thread>

#include "engine/mock_config_task_runner.h"

namespace sfn::engine {
namespace {

constexpr const char* kConfig = R"({
  "StateMachines": {
    "order": {
      "TestCases": {
        "HappyPath": {"ChargeCard": "ChargeOK", "Ship": "ShipFails"},
        "Empty": {}
      }
    }
  },
  "MockedResponses": {
    "ChargeOK": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}},
    "ShipFails": {
      "2": {"Return": {"shipped": true}},
      "0-1": {"Throw": {"Error": "Ship.Err", "Cause": "down"}},
      "4-5": {"Throw": {"Error": "Ship.Late"}}
    }
  }
})";

MockConfig::Parsed ParseText(const std::string& text, const std::string& name = "mock.json") {
  loader::LoadResult loaded = loader::LoadText(name, text);
  REQUIRE(loaded.document);
  return MockConfig::Parse(std::move(*loaded.document));
}

MockTestCase Select(const std::string& text, const std::string& machine, const std::string& test_case) {
  MockConfig::Parsed parsed = ParseText(text);
  for (const auto& d : parsed.diagnostics) INFO(d.message);
  REQUIRE(parsed.config);
  MockTestCaseSelect selected = parsed.config->Select(machine, test_case);
  REQUIRE(selected.test_case);
  return std::move(*selected.test_case);
}

TaskRequest Request(const std::string& state) {
  TaskRequest request;
  request.state_name = state;
  request.resource = "arn:aws:states:::lambda:invoke";
  return request;
}

std::string Describe(const TaskResult& result) {
  return result.ok ? "ok " + DumpCompact(result.output) : result.error + ": " + result.cause;
}

// A runner that answers every task with its resource, for fallback tests.
class EchoRunner final : public TaskRunner {
 public:
  TaskResult Run(const TaskRequest& request) override { return TaskResult::Success(request.resource); }
  bool CanRun(const std::string&, std::string_view resource, const Json*) const override {
    return resource == "arn:aws:states:::sqs:sendMessage";
  }
};

TEST_CASE("mock config: invocations follow the attempt keys, counted per state") {
  MockTaskRunner runner(Select(kConfig, "order", "HappyPath"));
  const char* expected_ship[] = {
      "Ship.Err: down",
      "Ship.Err: down",
      "ok {\"shipped\":true}",
      "Sfn.MockMissingResponse: mocked response 'ShipFails' has no answer for invocation 3 of state 'Ship'",
      "Ship.Late: ",
      "Ship.Late: ",
      "Sfn.MockMissingResponse: mocked response 'ShipFails' has no answer for invocation 6 of state 'Ship'",
  };
  CHECK(Describe(runner.Run(Request("ChargeCard"))) == R"(ok {"StatusCode":200,"Payload":{"ok":true}})");
  for (const char* expected : expected_ship) CHECK(Describe(runner.Run(Request("Ship"))) == expected);
  // The last response does not repeat.
  CHECK(Describe(runner.Run(Request("ChargeCard"))) ==
        "Sfn.MockMissingResponse: mocked response 'ChargeOK' has no answer for invocation 1 of state "
        "'ChargeCard'");
  CHECK(runner.Invocations("Ship") == 7);
  CHECK(runner.Invocations("ChargeCard") == 2);
  CHECK(runner.Invocations("Other") == 0);
}

TEST_CASE("mock config: invocations in different frames share one count") {
  MockTaskRunner runner(Select(kConfig, "order", "HappyPath"));
  TaskRequest first = Request("Ship");
  first.frame = {"Map:M#0"};
  TaskRequest second = Request("Ship");
  second.frame = {"Map:M#1"};
  CHECK(runner.Run(first).error == "Ship.Err");
  CHECK(runner.Run(second).error == "Ship.Err");
  CHECK(runner.Run(first).ok);
}

TEST_CASE("mock config: concurrent invocations each get their own number") {
  MockTaskRunner runner(Select(kConfig, "order", "HappyPath"));
  std::vector<std::thread> threads;
  std::vector<TaskResult> results(3);
  for (size_t i = 0; i < 3; ++i) threads.emplace_back([&, i] { results[i] = runner.Run(Request("Ship")); });
  for (auto& thread : threads) thread.join();
  int ok = 0, failed = 0;
  for (const TaskResult& result : results) (result.ok ? ok : failed)++;
  CHECK(ok == 1);
  CHECK(failed == 2);
}

TEST_CASE("mock config: unmocked states") {
  MockTestCase test_case = Select(kConfig, "order", "HappyPath");
  MockTaskRunner alone(test_case);
  CHECK(alone.CanRun("ChargeCard", "arn:aws:states:::lambda:invoke", nullptr));
  CHECK_FALSE(alone.CanRun("Notify", "arn:aws:states:::sqs:sendMessage", nullptr));
  CHECK(Describe(alone.Run(Request("Notify"))) ==
        "Sfn.MockMissingResponse: test case 'HappyPath' has no mocked response for state 'Notify'");

  MockTaskRunner with_fallback(test_case, std::make_shared<EchoRunner>());
  CHECK(with_fallback.CanRun("Notify", "arn:aws:states:::sqs:sendMessage", nullptr));
  CHECK_FALSE(with_fallback.CanRun("Notify", "arn:aws:states:::sns:publish", nullptr));
  TaskRequest notify = Request("Notify");
  notify.resource = "arn:aws:states:::sqs:sendMessage";
  CHECK(Describe(with_fallback.Run(notify)) == R"(ok "arn:aws:states:::sqs:sendMessage")");
  CHECK(with_fallback.Invocations("Notify") == 0);
}

TEST_CASE("mock config: selecting state machines and test cases") {
  MockConfig::Parsed parsed = ParseText(kConfig);
  REQUIRE(parsed.config);
  CHECK(parsed.config->StateMachineNames() == std::vector<std::string>{"order"});
  CHECK(parsed.config->TestCaseNames("order") == std::vector<std::string>{"Empty", "HappyPath"});

  MockTestCaseSelect empty = parsed.config->Select("order", "Empty");
  REQUIRE(empty.test_case);
  CHECK(empty.test_case->states.empty());

  MockTestCaseSelect no_case = parsed.config->Select("order", "SadPath");
  CHECK_FALSE(no_case.test_case);
  REQUIRE(no_case.diagnostics.size() == 1);
  CHECK(no_case.diagnostics[0].code == "SFN011");
  CHECK(no_case.diagnostics[0].message ==
        "state machine 'order' has no test case 'SadPath' (known: 'Empty', 'HappyPath')");
  CHECK(no_case.diagnostics[0].location.line == 4);
  CHECK(no_case.diagnostics[0].location.column == 7);

  MockTestCaseSelect no_machine = parsed.config->Select("billing", "HappyPath");
  CHECK_FALSE(no_machine.test_case);
  REQUIRE(no_machine.diagnostics.size() == 1);
  CHECK(no_machine.diagnostics[0].message ==
        "the mock configuration has no state machine 'billing' (known: 'order')");
  CHECK(no_machine.diagnostics[0].location.line == 2);
  CHECK(no_machine.diagnostics[0].location.column == 3);
}

TEST_CASE("mock config: errors carry their line and column") {
  struct Case {
    const char* text;
    int line;
    int column;
    const char* message;
  };
  const Case cases[] = {
      {"[]", 1, 1, "a mock configuration must be an object with 'StateMachines' and 'MockedResponses'"},
      {"{\"MockedResponses\": {}}", 1, 1, "the mock configuration has no 'StateMachines'"},
      {"{\"StateMachines\": {},\n \"MockedResponse\": {}}", 2, 2,
       "unknown field 'MockedResponse' (expected 'StateMachines' or 'MockedResponses')"},
      {"{\"StateMachines\": {\"m\": {\"TestCases\": {\"t\": {\"S\": \"Nope\"}}}}}", 1, 51,
       "test case 't' maps state 'S' to unknown mocked response 'Nope'"},
      {"{\"StateMachines\": {\"m\": {\"TestCases\": {\"t\": {\"S\": 3}}}}}", 1, 51,
       "state 'S' of test case 't' must name a mocked response"},
      {"{\"StateMachines\": {\"m\": {\"TestCases\": {}, \"Cases\": {}}}}", 1, 43,
       "unknown field 'Cases' in state machine 'm' (expected 'TestCases')"},
      {"{\"StateMachines\": {\"m\": {\"TestCases\": []}}}", 1, 39,
       "state machine 'm' needs 'TestCases', an object of test cases"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"1-0\": {\"Return\": 1}}}}", 2, 28,
       "invalid invocation key '1-0' in mocked response 'R' (expected \"N\" or \"N-M\" with N <= M)"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"x\": {\"Return\": 1}}}}", 2, 28,
       "invalid invocation key 'x' in mocked response 'R' (expected \"N\" or \"N-M\" with N <= M)"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"-1\": {\"Return\": 1}}}}", 2, 28,
       "invalid invocation key '-1' in mocked response 'R' (expected \"N\" or \"N-M\" with N <= M)"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"0-2\": {\"Return\": 1}, \"2\": "
       "{\"Return\": 2}}}}",
       2, 50, "invocation key '2' overlaps '0-2' in mocked response 'R'"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"0\": {\"Return\": 1, \"Throw\": {}}}}}", 2,
       33, "each invocation of mocked response 'R' needs exactly one of 'Return' or 'Throw'"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"0\": {\"Retrun\": 1}}}}", 2, 34,
       "unknown field 'Retrun' of mocked response 'R' (expected 'Return' or 'Throw')"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"0\": {\"Throw\": {\"Cause\": \"c\"}}}}}", 2,
       43, "'Throw' of mocked response 'R' needs a non-empty 'Error'"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {\"0\": {\"Throw\": {\"Error\": 1}}}}}", 2, 53,
       "'Error' in 'Throw' of mocked response 'R' must be a string"},
      {"{\"StateMachines\": {},\n \"MockedResponses\": {\"R\": {}}}", 2, 27,
       "mocked response 'R' must be a non-empty object of invocation keys"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.text));
    MockConfig::Parsed parsed = ParseText(c.text);
    CHECK_FALSE(parsed.config);
    REQUIRE(parsed.diagnostics.size() == 1);
    const diag::Diagnostic& d = parsed.diagnostics[0];
    CHECK(d.code == "SFN011");
    CHECK(d.location.file == "mock.json");
    CHECK(d.message == std::string(c.message));
    CHECK(d.location.line == c.line);
    CHECK(d.location.column == c.column);
  }
}

TEST_CASE("mock config: YAML files and loading from a stream") {
  std::istringstream in(
      "StateMachines:\n"
      "  order:\n"
      "    TestCases:\n"
      "      Happy: {Charge: Ok}\n"
      "MockedResponses:\n"
      "  Ok:\n"
      "    \"0-1\": {Return: {done: true}}\n"
      "  Bad:\n"
      "    \"0\": {Throw: {Error: X, Cause: 5}}\n");
  MockConfig::Parsed parsed = LoadMockConfig("-", in);
  CHECK_FALSE(parsed.config);
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].location.line == 9);
  CHECK(parsed.diagnostics[0].message == "'Cause' in 'Throw' of mocked response 'Bad' must be a string");

  std::istringstream good(
      "StateMachines: {order: {TestCases: {Happy: {Charge: Ok}}}}\n"
      "MockedResponses: {Ok: {\"0-1\": {Return: {done: true}}}}\n");
  MockConfig::Parsed loaded = LoadMockConfig("-", good);
  REQUIRE(loaded.config);
  MockTestCaseSelect selected = loaded.config->Select("order", "Happy");
  REQUIRE(selected.test_case);
  MockTaskRunner runner(*selected.test_case);
  CHECK(Describe(runner.Run(Request("Charge"))) == R"(ok {"done":true})");
  CHECK(Describe(runner.Run(Request("Charge"))) == R"(ok {"done":true})");
  CHECK_FALSE(runner.Run(Request("Charge")).ok);

  std::istringstream unused;
  MockConfig::Parsed missing = LoadMockConfig("/nonexistent/mock.json", unused);
  CHECK_FALSE(missing.config);
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].code == "SFN001");
}

}  // namespace
}  // namespace sfn::engine
