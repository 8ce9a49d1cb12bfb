// MockConfig: a Step Functions Local mock configuration file (MockConfigFile.json), read for
// `sfn run-local --mock-config`.
//
//   {"StateMachines": {"order": {"TestCases": {"HappyPath": {"ChargeCard": "ChargeOK"}}}},
//    "MockedResponses": {"ChargeOK": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}},
//                        "ShipFails": {"0-1": {"Throw": {"Error": "Ship.Err", "Cause": "down"}}}}}
//
// A test case maps state names to mocked responses. A mocked response maps invocation keys to exactly one
// of `Return` (the Task's whole result, e.g. for lambda:invoke the response with its Payload) or `Throw`
// ({"Error": string, "Cause": string}; Cause may be omitted). A key is "N" or an inclusive range "N-M"
// (N <= M) of 0-based invocation numbers; keys of one response must not overlap. Gaps are allowed: an
// invocation that no key covers fails at run time, as in Step Functions Local (the last response does not
// repeat). Unknown fields, wrong types, bad keys and references to unknown responses are diagnostics with
// their line and column. The file may be JSON or YAML.
#pragma once

#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "diag/diagnostic.h"
#include "loader/document.h"

namespace sfn::engine {

// The diagnostic code of every problem found in a mock configuration ("invalid mock configuration").
inline constexpr std::string_view kMockConfigDiagnosticCode = "SFN011";

struct MockedOutcome {
  int first = 0;  // the first and last invocation numbers this outcome answers (inclusive)
  int last = 0;
  bool ok = true;     // Return (ok) or Throw
  Json result;        // when ok
  std::string error;  // when !ok
  std::string cause;
};

struct MockedResponse {
  std::string name;
  std::vector<MockedOutcome> outcomes;  // ordered by `first`, not overlapping

  // The outcome for a 0-based invocation number, or null when no key covers it.
  const MockedOutcome* Find(int invocation) const;
};

// One test case of one state machine: the mocked states and their responses.
struct MockTestCase {
  std::string state_machine;
  std::string name;
  std::map<std::string, std::shared_ptr<const MockedResponse>, std::less<>> states;
};

struct MockTestCaseSelect {
  std::optional<MockTestCase> test_case;  // set when found
  std::vector<diag::Diagnostic> diagnostics;
};

class MockConfig {
 public:
  struct Parsed;

  // Reads and checks the whole configuration.
  static Parsed Parse(loader::Document document);

  // The test case `test_case` of `state_machine`; a diagnostic (listing the known names) when either is
  // unknown.
  MockTestCaseSelect Select(std::string_view state_machine, std::string_view test_case) const;

  std::vector<std::string> StateMachineNames() const;
  std::vector<std::string> TestCaseNames(std::string_view state_machine) const;

 private:
  struct Machine {
    std::string pointer;  // of its TestCases object
    std::map<std::string, MockTestCase, std::less<>> test_cases;
  };

  std::shared_ptr<const loader::Document> document_;
  std::map<std::string, Machine, std::less<>> machines_;
};

struct MockConfig::Parsed {
  std::optional<MockConfig> config;  // set when there were no errors
  std::vector<diag::Diagnostic> diagnostics;
};

// Loads and parses a mock configuration file ("-" reads `stdin_stream`).
MockConfig::Parsed LoadMockConfig(const std::string& path, std::istream& stdin_stream);

}  // namespace sfn::engine
