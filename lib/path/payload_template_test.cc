#include "path/payload_template.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/states_error.h"
#include "path/json_equal.h"

namespace sfn::path {
namespace {

const Json kInput =
    Json::parse(R"({"a": 1, "list": [{"v": 1}, {"v": 2}], "name": "x", "nested": {"deep": [true]}})");
const Json kContext =
    Json::parse(R"({"Execution": {"Id": "arn:exec"}, "Map": {"Item": {"Index": 3, "Value": "it"}}})");
const Json kVariable = Json::parse(R"({"total": 10})");

Env MakeEnv() {
  Env env;
  env.input = &kInput;
  env.context = &kContext;
  env.variable = [](std::string_view name) -> const Json* { return name == "acc" ? &kVariable : nullptr; };
  return env;
}

Json Run(const char* tmpl) { return PayloadTemplate::Compile(Json::parse(tmpl)).Evaluate(MakeEnv()); }

TEST_CASE("path: payload templates fill '.$' members") {
  struct Row {
    const char* tmpl;
    const char* expected;
  };
  for (const Row& row : std::vector<Row>{
           {R"({"x.$": "$.a"})", R"({"x": 1})"},
           {R"({"x.$": "$"})",
            R"({"x": {"a": 1, "list": [{"v": 1}, {"v": 2}], "name": "x", "nested": {"deep": [true]}}})"},
           {R"({"x.$": "$.list[*].v"})", R"({"x": [1, 2]})"},
           {R"({"x.$": "$.list[?(@.v > 5)]"})", R"({"x": []})"},
           {R"({"x.$": "$.missing[*]"})", R"({"x": []})"},
           {R"({"x.$": "$$.Execution.Id", "i.$": "$$.Map.Item.Index"})", R"({"x": "arn:exec", "i": 3})"},
           {R"({"t.$": "$acc.total"})", R"({"t": 10})"},
           {R"j({"f.$": "States.Format('{}-{}', $.name, $$.Map.Item.Value)"})j", R"j({"f": "x-it"})j"},
           {R"j({"n.$": "States.MathAdd($acc.total, $.a)"})j", R"j({"n": 11})j"},
           {R"({"outer": {"inner.$": "$.nested.deep[0]", "keep": "$.a"}})",
            R"({"outer": {"inner": true, "keep": "$.a"}})"},
           {R"({"arr": [1, {"y.$": "$.a"}, [{"z.$": "$.name"}]]})",
            R"({"arr": [1, {"y": 1}, [{"z": "x"}]]})"},
           {R"j({"plain": "States.Format('x')", "n": null, "b": [true, 2.5]})j",
            R"j({"plain": "States.Format('x')", "n": null, "b": [true, 2.5]})j"},
           {R"({"x.$": "$.a", "y": 2, "z.$": "$.name"})", R"({"x": 1, "y": 2, "z": "x"})"},
           {R"([{"x.$": "$.a"}, 2])", R"([{"x": 1}, 2])"},
           {R"({})", R"({})"},
           {R"({".$": "kept as is"})", R"({".$": "kept as is"})"},
       }) {
    INFO(std::string(row.tmpl));
    Json actual = Run(row.tmpl);
    INFO("got " << actual.dump());
    CHECK(actual == Json::parse(row.expected));
  }
}

TEST_CASE("path: payload template output keeps the template's member order") {
  CHECK(Run(R"({"b.$": "$.a", "a": 1, "c.$": "$.name"})").dump() == R"({"b":1,"a":1,"c":"x"})");
}

TEST_CASE("path: constant templates are recognised") {
  CHECK(PayloadTemplate::Compile(Json::parse(R"({"a": [1, {"b": "$.x"}]})")).IsConstant());
  CHECK_FALSE(PayloadTemplate::Compile(Json::parse(R"({"a": [1, {"b.$": "$.x"}]})")).IsConstant());
}

TEST_CASE("path: a payload path that finds nothing fails like AWS") {
  struct Row {
    const char* tmpl;
    const char* cause;
  };
  std::string input = DumpCompact(kInput);
  for (const Row& row : std::vector<Row>{
           {R"({"value.$": "$.no_such_jsonpath"})",
            "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$'"},
           {R"({"o": {"value.$": "$.a.b"}})", "The JSONPath '$.a.b' specified for the field 'value.$'"},
           {R"({"v.$": "$$.Execution.Input.nothing"})",
            "The JSONPath '$$.Execution.Input.nothing' specified for the field 'v.$'"},
           {R"({"v.$": "$nope.x"})", "The JSONPath '$nope.x' specified for the field 'v.$'"},
           {R"j({"v.$": "States.Format('{}', $.missing)"})j",
            "The JSONPath '$.missing' specified for the field 'v.$'"},
           {R"({"v.$": "$.list[5]"})", "The JSONPath '$.list[5]' specified for the field 'v.$'"},
       }) {
    INFO(std::string(row.tmpl));
    try {
      Run(row.tmpl);
      FAIL("expected States.Runtime");
    } catch (const StatesError& e) {
      CHECK(e.error == "States.Runtime");
      CHECK(e.cause == std::string(row.cause) + " could not be found in the input '" + input + "'");
    }
  }
}

TEST_CASE("path: a failing intrinsic in a template is States.IntrinsicFailure") {
  try {
    Run(R"j({"v.$": "States.ArrayGetItem($.list, 7)"})j");
    FAIL("expected States.IntrinsicFailure");
  } catch (const StatesError& e) {
    CHECK(e.error == "States.IntrinsicFailure");
  }
}

TEST_CASE("path: templates that do not compile say where") {
  struct Row {
    const char* tmpl;
    const char* pointer;
    size_t offset;
    const char* message;
  };
  for (const Row& row : std::vector<Row>{
           {R"({"a": {"b.$": "$.x["}})", "/a/b.$", 4, "missing ']'"},
           {R"j({"a": [0, {"b.$": "States.Nope()"}]})j", "/a/1/b.$", 0,
            "unknown intrinsic function 'States.Nope'"},
           {R"j({"b.$": "States.Format('{}')"})j", "/b.$", 0,
            "the template of 'States.Format' has 1 placeholder(s) but 0 value(s) follow it"},
           {R"({"b.$": "hello"})", "/b.$", 0,
            "the value of the field 'b.$' must be a valid JSONPath or a valid intrinsic function call"},
           {R"({"b.$": 3})", "/b.$", 0,
            "the value of the field 'b.$' must be a string holding a path or an intrinsic function call"},
           {R"({"a/b": {"c~d.$": ""}})", "/a~1b/c~0d.$", 0,
            "the value of the field 'c~d.$' must be a valid JSONPath or a valid intrinsic function call"},
       }) {
    INFO(std::string(row.tmpl));
    try {
      PayloadTemplate::Compile(Json::parse(row.tmpl));
      FAIL("expected a CompileError");
    } catch (const CompileError& e) {
      CHECK(e.pointer == row.pointer);
      CHECK(e.offset == row.offset);
      CHECK(e.message == row.message);
    }
  }
}

TEST_CASE("path: deeply nested templates are refused, not crashed on") {
  Json deep = Json::object();
  Json* current = &deep;
  for (int i = 0; i < 2000; ++i) {
    (*current)["k"] = Json::object();
    current = &(*current)["k"];
  }
  (*current)["x.$"] = "$.a";
  CHECK_THROWS_AS(PayloadTemplate::Compile(deep), CompileError);
}

}  // namespace
}  // namespace sfn::path
