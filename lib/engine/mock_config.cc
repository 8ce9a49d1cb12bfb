#include "engine/mock_config.h"

#include <algorithm>

namespace sfn::engine {
namespace {

constexpr size_t kMaxInvocationDigits = 9;  // keeps invocation numbers within int

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string QuoteList(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + Quote(name);
  return out;
}

std::optional<int> ParseInvocation(std::string_view text) {
  if (text.empty() || text.size() > kMaxInvocationDigits) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "N" or "N-M" with N <= M.
std::optional<std::pair<int, int>> ParseInvocationKey(std::string_view key) {
  size_t dash = key.find('-');
  std::optional<int> first = ParseInvocation(key.substr(0, dash));
  if (!first) return std::nullopt;
  if (dash == std::string_view::npos) return std::make_pair(*first, *first);
  std::optional<int> last = ParseInvocation(key.substr(dash + 1));
  if (!last || *last < *first) return std::nullopt;
  return std::make_pair(*first, *last);
}

std::string KeyText(const MockedOutcome& outcome) {
  return outcome.first == outcome.last ? std::to_string(outcome.first)
                                       : std::to_string(outcome.first) + "-" + std::to_string(outcome.last);
}

using ResponseTable = std::map<std::string, std::shared_ptr<const MockedResponse>, std::less<>>;

// Checks a whole document, collecting every problem.
class Parser {
 public:
  explicit Parser(const loader::Document& document) : document_(document) {}

  void Run() {
    const Json& root = document_.Root();
    if (!root.is_object()) {
      Error("", "a mock configuration must be an object with 'StateMachines' and 'MockedResponses'");
      return;
    }
    for (const auto& [field, value] : root.items()) {
      if (field != "StateMachines" && field != "MockedResponses") {
        Error(AppendPointer("", field),
              "unknown field " + Quote(field) + " (expected 'StateMachines' or 'MockedResponses')", true);
      }
    }
    auto responses_field = root.find("MockedResponses");
    if (responses_field != root.end()) ParseResponses(*responses_field, "/MockedResponses");
    auto machines_field = root.find("StateMachines");
    if (machines_field == root.end()) {
      Error("", "the mock configuration has no 'StateMachines'");
    } else {
      ParseMachines(*machines_field, "/StateMachines");
    }
  }

  std::vector<diag::Diagnostic> diagnostics;
  ResponseTable responses;
  struct MachineEntry {
    std::string pointer;
    std::map<std::string, MockTestCase, std::less<>> test_cases;
  };
  std::map<std::string, MachineEntry, std::less<>> machines;

 private:
  void ParseResponses(const Json& value, const std::string& pointer) {
    if (!value.is_object()) {
      Error(pointer, "'MockedResponses' must be an object of mocked responses");
      return;
    }
    for (const auto& [name, response] : value.items()) {
      if (auto parsed = ParseResponse(name, response, AppendPointer(pointer, name))) {
        responses.emplace(name, std::make_shared<const MockedResponse>(std::move(*parsed)));
      }
    }
  }

  std::optional<MockedResponse> ParseResponse(const std::string& name, const Json& value,
                                              const std::string& pointer) {
    if (!value.is_object() || value.empty()) {
      Error(pointer, "mocked response " + Quote(name) + " must be a non-empty object of invocation keys");
      return std::nullopt;
    }
    MockedResponse response;
    response.name = name;
    bool ok = true;
    for (const auto& [key, outcome] : value.items()) {
      std::string at = AppendPointer(pointer, key);
      auto range = ParseInvocationKey(key);
      if (!range) {
        Error(at,
              "invalid invocation key " + Quote(key) + " in mocked response " + Quote(name) +
                  " (expected \"N\" or \"N-M\" with N <= M)",
              true);
        ok = false;
        continue;
      }
      std::optional<MockedOutcome> parsed = ParseOutcome(name, outcome, at);
      if (!parsed) {
        ok = false;
        continue;
      }
      parsed->first = range->first;
      parsed->last = range->second;
      ok = CheckOverlap(response, *parsed, at) && ok;
      response.outcomes.push_back(std::move(*parsed));
    }
    if (!ok) return std::nullopt;
    std::sort(response.outcomes.begin(), response.outcomes.end(),
              [](const MockedOutcome& a, const MockedOutcome& b) { return a.first < b.first; });
    return response;
  }

  bool CheckOverlap(const MockedResponse& response, const MockedOutcome& outcome,
                    const std::string& pointer) {
    for (const MockedOutcome& other : response.outcomes) {
      if (outcome.first <= other.last && other.first <= outcome.last) {
        Error(pointer,
              "invocation key " + Quote(KeyText(outcome)) + " overlaps " + Quote(KeyText(other)) +
                  " in mocked response " + Quote(response.name),
              true);
        return false;
      }
    }
    return true;
  }

  std::optional<MockedOutcome> ParseOutcome(const std::string& name, const Json& value,
                                            const std::string& pointer) {
    std::string where = " of mocked response " + Quote(name);
    if (!value.is_object() || value.size() != 1 || (!value.contains("Return") && !value.contains("Throw"))) {
      if (value.is_object()) {
        for (const auto& [field, member] : value.items()) {
          if (field != "Return" && field != "Throw") {
            Error(AppendPointer(pointer, field),
                  "unknown field " + Quote(field) + where + " (expected 'Return' or 'Throw')", true);
            return std::nullopt;
          }
        }
      }
      Error(pointer, "each invocation" + where + " needs exactly one of 'Return' or 'Throw'");
      return std::nullopt;
    }
    MockedOutcome outcome;
    if (auto it = value.find("Return"); it != value.end()) {
      outcome.result = *it;
      return outcome;
    }
    return ParseThrow(value["Throw"], AppendPointer(pointer, "Throw"), where);
  }

  std::optional<MockedOutcome> ParseThrow(const Json& value, const std::string& pointer,
                                          const std::string& where) {
    if (!value.is_object()) {
      Error(pointer, "'Throw'" + where + " must be an object with 'Error' and 'Cause'");
      return std::nullopt;
    }
    MockedOutcome outcome;
    outcome.ok = false;
    bool ok = true;
    for (const auto& [field, member] : value.items()) {
      std::string at = AppendPointer(pointer, field);
      if (field != "Error" && field != "Cause") {
        Error(at, "unknown field " + Quote(field) + " in 'Throw'" + where + " (expected 'Error' or 'Cause')",
              true);
        ok = false;
      } else if (!member.is_string()) {
        Error(at, Quote(field) + " in 'Throw'" + where + " must be a string");
        ok = false;
      } else {
        (field == "Error" ? outcome.error : outcome.cause) = member.get<std::string>();
      }
    }
    if (ok && outcome.error.empty()) {
      Error(pointer, "'Throw'" + where + " needs a non-empty 'Error'");
      ok = false;
    }
    return ok ? std::optional<MockedOutcome>(std::move(outcome)) : std::nullopt;
  }

  void ParseMachines(const Json& value, const std::string& pointer) {
    if (!value.is_object()) {
      Error(pointer, "'StateMachines' must be an object of state machines");
      return;
    }
    for (const auto& [machine, entry] : value.items()) {
      std::string at = AppendPointer(pointer, machine);
      if (!entry.is_object()) {
        Error(at, "state machine " + Quote(machine) + " must be an object with 'TestCases'");
        continue;
      }
      for (const auto& [field, member] : entry.items()) {
        if (field != "TestCases") {
          Error(AppendPointer(at, field),
                "unknown field " + Quote(field) + " in state machine " + Quote(machine) +
                    " (expected 'TestCases')",
                true);
        }
      }
      auto test_cases = entry.find("TestCases");
      if (test_cases == entry.end() || !test_cases->is_object()) {
        Error(test_cases == entry.end() ? at : AppendPointer(at, "TestCases"),
              "state machine " + Quote(machine) + " needs 'TestCases', an object of test cases");
        continue;
      }
      MachineEntry& parsed = machines[machine];
      parsed.pointer = AppendPointer(at, "TestCases");
      for (const auto& [name, test_case] : test_cases->items()) {
        ParseTestCase(machine, name, test_case, AppendPointer(parsed.pointer, name), parsed);
      }
    }
  }

  void ParseTestCase(const std::string& machine, const std::string& name, const Json& value,
                     const std::string& pointer, MachineEntry& entry) {
    if (!value.is_object()) {
      Error(pointer, "test case " + Quote(name) + " must map state names to mocked response names");
      return;
    }
    MockTestCase test_case;
    test_case.state_machine = machine;
    test_case.name = name;
    for (const auto& [state, response] : value.items()) {
      std::string at = AppendPointer(pointer, state);
      if (!response.is_string()) {
        Error(at, "state " + Quote(state) + " of test case " + Quote(name) + " must name a mocked response");
        continue;
      }
      auto found = responses.find(response.get_ref<const std::string&>());
      if (found == responses.end()) {
        Error(at, "test case " + Quote(name) + " maps state " + Quote(state) +
                      " to unknown mocked response " + Quote(response.get<std::string>()));
        continue;
      }
      test_case.states.emplace(state, found->second);
    }
    entry.test_cases.emplace(name, std::move(test_case));
  }

  void Error(const std::string& pointer, std::string message, bool at_key = false) {
    diagnostics.push_back(document_.At(kMockConfigDiagnosticCode, pointer, std::move(message), at_key));
  }

  const loader::Document& document_;
};

}  // namespace

const MockedOutcome* MockedResponse::Find(int invocation) const {
  for (const MockedOutcome& outcome : outcomes) {
    if (invocation >= outcome.first && invocation <= outcome.last) return &outcome;
  }
  return nullptr;
}

MockConfig::Parsed MockConfig::Parse(loader::Document document) {
  Parsed result;
  Parser parser(document);
  parser.Run();
  result.diagnostics = std::move(parser.diagnostics);
  if (diag::HasErrors(result.diagnostics)) return result;
  MockConfig config;
  for (auto& [name, machine] : parser.machines) {
    config.machines_.emplace(name, Machine{std::move(machine.pointer), std::move(machine.test_cases)});
  }
  config.document_ = std::make_shared<const loader::Document>(std::move(document));
  result.config = std::move(config);
  return result;
}

MockTestCaseSelect MockConfig::Select(std::string_view state_machine, std::string_view test_case) const {
  MockTestCaseSelect result;
  auto machine = machines_.find(state_machine);
  if (machine == machines_.end()) {
    result.diagnostics.push_back(document_->At(kMockConfigDiagnosticCode, "/StateMachines",
                                               "the mock configuration has no state machine " +
                                                   Quote(state_machine) +
                                                   " (known: " + QuoteList(StateMachineNames()) + ")",
                                               true));
    return result;
  }
  auto found = machine->second.test_cases.find(test_case);
  if (found == machine->second.test_cases.end()) {
    result.diagnostics.push_back(
        document_->At(kMockConfigDiagnosticCode, machine->second.pointer,
                      "state machine " + Quote(state_machine) + " has no test case " + Quote(test_case) +
                          " (known: " + QuoteList(TestCaseNames(state_machine)) + ")",
                      true));
    return result;
  }
  result.test_case = found->second;
  return result;
}

std::vector<std::string> MockConfig::StateMachineNames() const {
  std::vector<std::string> names;
  for (const auto& [name, machine] : machines_) names.push_back(name);
  return names;
}

std::vector<std::string> MockConfig::TestCaseNames(std::string_view state_machine) const {
  std::vector<std::string> names;
  auto machine = machines_.find(state_machine);
  if (machine == machines_.end()) return names;
  for (const auto& [name, test_case] : machine->second.test_cases) names.push_back(name);
  return names;
}

MockConfig::Parsed LoadMockConfig(const std::string& path, std::istream& stdin_stream) {
  loader::LoadResult loaded = loader::LoadFile(path, stdin_stream);
  if (!loaded.document) return MockConfig::Parsed{std::nullopt, std::move(loaded.diagnostics)};
  MockConfig::Parsed result = MockConfig::Parse(std::move(*loaded.document));
  result.diagnostics.insert(result.diagnostics.begin(), loaded.diagnostics.begin(), loaded.diagnostics.end());
  if (diag::HasErrors(result.diagnostics)) result.config.reset();
  return result;
}

}  // namespace sfn::engine
