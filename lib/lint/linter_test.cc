// The linter on two threads gives exactly what it gives on one: the same findings, in the same order.
#include "lint/linter.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lint/schema_check.h"
#include "loader/document.h"
#include "model/state_machine.h"

namespace sfn::lint {
namespace {

// A chain of `count` states with a mistake of every family every few states: a schema error, a bad
// transition, an unreachable state, a bad JSONPath, a Choice without Default, a misplaced States.ALL.
std::string LargeDefinitionWithMistakes(int count) {
  std::string s = R"({"StartAt": "S0", "States": {)";
  for (int i = 0; i < count; ++i) {
    std::string name = "S" + std::to_string(i);
    std::string next = i + 1 < count ? R"("Next": "S)" + std::to_string(i + 1) + R"(")" : R"("End": true)";
    if (i > 0) s += ",";
    switch (i % 7) {
      case 0:
        s += "\"" + name + R"(": {"Type": "Pass", "InputPath": "$.a[", )" + next + "}";
        break;
      case 1:
        s += "\"" + name + R"(": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
              "Retry": [{"ErrorEquals": ["States.ALL", "X"]}], )" + next + "}";
        break;
      case 2:
        s += "\"" + name + R"(": {"Type": "Wait", "Seconds": "ten", )" + next + "}";
        break;
      case 3:
        s += "\"" + name + R"(": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, )" + next +
             "}]}";
        break;
      case 4:
        s += "\"" + name + R"(": {"Type": "Pass", "Next": "Nowhere"})";
        break;
      default:
        s += "\"" + name + R"(": {"Type": "Pass", )" + next + "}";
        break;
    }
  }
  s += R"(, "Orphan": {"Type": "Succeed"}}})";
  return s;
}

std::vector<std::string> Describe(const std::vector<diag::Diagnostic>& findings) {
  std::vector<std::string> out;
  for (const auto& d : findings) {
    out.push_back(d.code + " " + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " +
                  d.message);
  }
  return out;
}

TEST_CASE("linter: two threads find exactly what one finds, in the same order") {
  loader::LoadResult loaded = loader::LoadText("big.asl.json", LargeDefinitionWithMistakes(700));
  REQUIRE(loaded.document.has_value());
  const loader::Document& doc = *loaded.document;
  LintOptions serial;
  serial.schema = &SchemaChecker::Embedded();
  LintOptions parallel = serial;
  parallel.parallel = true;

  auto one = Describe(BuildAndLint(doc, doc.Root(), "", serial).findings);
  auto two = Describe(BuildAndLint(doc, doc.Root(), "", parallel).findings);
  auto machine = model::BuildStateMachine(doc.Root());
  auto built_first = Describe(Lint(doc, *machine, parallel));
  CHECK(one.size() > 300);
  CHECK(two == one);
  CHECK(built_first == one);
  // Every family is represented.
  for (std::string code : {"SFN101", "SFN201", "SFN203", "SFN401", "SFN601", "SFN801", "SFN802"}) {
    bool found = false;
    for (const auto& line : one) found |= line.rfind(code, 0) == 0;
    CHECK_MESSAGE(found, code);
  }
}

TEST_CASE("linter: a small definition gives the same findings with parallel asked for") {
  std::string text = R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}})";
  loader::LoadResult loaded = loader::LoadText("small.asl.json", text);
  REQUIRE(loaded.document.has_value());
  LintOptions serial;
  serial.schema = &SchemaChecker::Embedded();
  LintOptions parallel = serial;
  parallel.parallel = true;
  auto one = Describe(BuildAndLint(*loaded.document, loaded.document->Root(), "", serial).findings);
  CHECK_FALSE(one.empty());
  CHECK(Describe(BuildAndLint(*loaded.document, loaded.document->Root(), "", parallel).findings) == one);
}

}  // namespace
}  // namespace sfn::lint
