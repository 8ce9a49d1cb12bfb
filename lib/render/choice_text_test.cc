#include "render/choice_text.h"

#include <doctest/doctest.h>

#include <string>

#include "model/state_machine.h"

using sfn::Json;
using namespace sfn::render;

namespace {

// The text of the first rule of a Choice state built from `rule_json`.
std::string TextOf(const std::string& rule_json) {
  Json def = Json::parse(R"({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [)" + rule_json +
                         R"(], "Default": "C"}}})");
  auto machine = sfn::model::BuildStateMachine(def);
  return ChoiceText(machine->top.states[0]->choices.at(0));
}

}  // namespace

TEST_CASE("render: choice rule texts") {
  struct Case {
    const char* rule;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"Variable": "$.x", "NumericEquals": 1, "Next": "C"})", "$.x == 1"},
      {R"({"Variable": "$.x", "NumericEquals": 1.5, "Next": "C"})", "$.x == 1.5"},
      {R"({"Variable": "$.s", "StringEquals": "a \"q\"", "Next": "C"})", R"($.s == "a \"q\"")"},
      {R"({"Variable": "$.kind", "StringMatches": "*.log", "Next": "C"})", R"($.kind matches "*.log")"},
      {R"({"Variable": "$.a", "NumericLessThanPath": "$.b", "Next": "C"})", "$.a < $.b"},
      {R"({"Variable": "$.a", "StringGreaterThanEqualsPath": "$.b", "Next": "C"})", "$.a >= $.b"},
      {R"({"Variable": "$.n", "NumericGreaterThan": 2, "Next": "C"})", "$.n > 2"},
      {R"({"Variable": "$.n", "NumericLessThanEquals": -3, "Next": "C"})", "$.n <= -3"},
      {R"({"Variable": "$.t", "IsPresent": true, "Next": "C"})", "$.t is present"},
      {R"({"Variable": "$.t", "IsPresent": false, "Next": "C"})", "$.t is not present"},
      {R"({"Variable": "$.t", "IsNull": false, "Next": "C"})", "$.t is not null"},
      {R"({"Variable": "$.t", "IsTimestamp": true, "Next": "C"})", "$.t is timestamp"},
      {R"({"Variable": "$.b", "BooleanEquals": true, "Next": "C"})", "$.b == true"},
      {R"({"Variable": "$.b", "BooleanEqualsPath": "$.c", "Next": "C"})", "$.b == $.c"},
      {R"({"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00Z", "Next": "C"})",
       "$.t < 2024-01-01T00:00:00Z"},
      {R"({"Variable": "$.t", "TimestampEqualsPath": "$.u", "Next": "C"})", "$.t == $.u"},
      {R"({"Not": {"Variable": "$.x", "IsNull": true}, "Next": "C"})", "not ($.x is null)"},
      {R"({"Not": {"Variable": "$.z", "StringEquals": "a"}, "Next": "C"})", R"($.z != "a")"},
      {R"({"Not": {"Variable": "$.z", "NumericLessThan": 3}, "Next": "C"})", "not ($.z < 3)"},
      {R"({"And": [{"Variable": "$.x", "NumericEquals": 1},
                   {"Or": [{"Variable": "$.y", "NumericGreaterThan": 2},
                           {"Not": {"Variable": "$.z", "StringEquals": "a"}}]}], "Next": "C"})",
       R"($.x == 1 and ($.y > 2 or $.z != "a"))"},
      {R"({"Or": [{"Variable": "$.x", "NumericEquals": 1},
                  {"And": [{"Variable": "$.y", "IsPresent": true}, {"Variable": "$.z", "IsString": true}]}],
           "Next": "C"})",
       "$.x == 1 or $.y is present and $.z is string"},
      {R"({"And": [{"And": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.b", "NumericEquals": 2}]},
                   {"Variable": "$.c", "NumericEquals": 3}], "Next": "C"})",
       "$.a == 1 and $.b == 2 and $.c == 3"},
      {R"({"Not": {"And": [{"Variable": "$.a", "IsNull": true}, {"Variable": "$.b", "IsNull": true}]}, "Next": "C"})",
       "not ($.a is null and $.b is null)"},
      {R"({"And": [{"Or": [{"Variable": "$.a", "IsNull": true}]}], "Next": "C"})", "$.a is null"},
      {R"({"Condition": "{% $states.input.x > 1\n  and $y %}", "Next": "C"})", "$states.input.x > 1 and $y"},
      {R"({"Condition": true, "Next": "C"})", "true"},
      {R"({"Variable": "$.x", "FooBar": 1, "Next": "C"})", "$.x FooBar 1"},
      {R"({"NumericEquals": 1, "Next": "C"})", "? == 1"},
      {R"({"And": [], "Next": "C"})", "(empty And)"},
      {R"({"Next": "C"})", "(empty rule)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.rule);
    CHECK(TextOf(c.rule) == c.expected);
  }
}

TEST_CASE("render: choice labels are numbered and truncated") {
  Json def = Json::parse(R"({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
    {"Variable": "$.x", "NumericEquals": 1, "Next": "C"},
    {"Variable": "$.averyveryverylongvariablename.withmore.segments", "StringEquals": "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", "Next": "C"}]}}})");
  auto machine = sfn::model::BuildStateMachine(def);
  const auto& choices = machine->top.states[0]->choices;
  CHECK(ChoiceLabel(choices[0], 0) == "#1 $.x == 1");
  CHECK(ChoiceLabel(choices[1], 1, 40) == "#2 $.averyveryverylongvariablename.with\xE2\x80\xA6");
  std::string full = ChoiceLabel(choices[1], 1, 0);
  CHECK(full ==
        "#2 $.averyveryverylongvariablename.withmore.segments == \"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"");
  // The default width (60) cuts between characters, never inside the two-byte é.
  std::string cut = ChoiceLabel(choices[1], 1);
  CHECK(cut == "#2 $.averyveryverylongvariablename.withmore.segments == \"\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  CHECK(CodePointCount(cut) == 60);
}

TEST_CASE("render: deeply nested rules stop at a depth limit") {
  std::string rule = R"({"Variable": "$.x", "IsNull": true})";
  for (int i = 0; i < 200; ++i) rule = R"({"Not": )" + rule + "}";
  rule.insert(rule.size() - 1, R"(, "Next": "C")");
  std::string text = TextOf(rule);
  CHECK(text.find("\xE2\x80\xA6") != std::string::npos);
  CHECK(text.rfind("not (", 0) == 0);
}
