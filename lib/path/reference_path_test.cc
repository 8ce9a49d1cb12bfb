#include "path/reference_path.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/states_error.h"
#include "path/json_equal.h"

namespace sfn::path {
namespace {

TEST_CASE("path: reference paths accept names and indexes") {
  struct Row {
    const char* text;
    PathRoot root;
    size_t steps;
  };
  for (const Row& row : std::vector<Row>{
           {"$", PathRoot::kInput, 0},
           {"$.a", PathRoot::kInput, 1},
           {"$['a b'].c", PathRoot::kInput, 2},
           {"$.a[0].b[-1]", PathRoot::kInput, 4},
           {"$[2]", PathRoot::kInput, 1},
           {"$$.Execution.Id", PathRoot::kContext, 2},
           {"$$", PathRoot::kContext, 0},
           {"$item.field[1]", PathRoot::kVariable, 2},
       }) {
    INFO(std::string(row.text));
    ReferencePath rp = ReferencePath::Parse(row.text);
    CHECK(rp.root() == row.root);
    CHECK(rp.steps().size() == row.steps);
    CHECK(rp.text() == row.text);
  }
  ReferencePath rp = ReferencePath::Parse("$.a[3]['b c']");
  REQUIRE(rp.steps().size() == 3);
  CHECK_FALSE(rp.steps()[0].is_index);
  CHECK(rp.steps()[0].name == "a");
  CHECK(rp.steps()[1].is_index);
  CHECK(rp.steps()[1].index == 3);
  CHECK(rp.steps()[2].name == "b c");
}

TEST_CASE("path: reference paths refuse what can select several nodes") {
  struct Row {
    const char* text;
    size_t offset;
    const char* message;
  };
  for (const Row& row : std::vector<Row>{
           {"$.a[*]", 3,
            "a reference path cannot contain a wildcard; only '.name', '['name']' and '[n]' are allowed"},
           {"$.a.*", 4,
            "a reference path cannot contain a wildcard; only '.name', '['name']' and '[n]' are allowed"},
           {"$..a", 1,
            "a reference path cannot contain a deep scan '..'; only '.name', '['name']' and '[n]' are "
            "allowed"},
           {"$.a[?(@.x)]", 3,
            "a reference path cannot contain a filter; only '.name', '['name']' and '[n]' are allowed"},
           {"$.a[1:2]", 3,
            "a reference path cannot contain a slice; only '.name', '['name']' and '[n]' are allowed"},
           {"$.a[0,1]", 3,
            "a reference path cannot contain a union of indexes; only '.name', '['name']' and '[n]' are "
            "allowed"},
           {"$['a','b']", 1,
            "a reference path cannot contain a union of names; only '.name', '['name']' and '[n]' are "
            "allowed"},
           {"$.a.length()", 4,
            "a reference path cannot contain a function; only '.name', '['name']' and '[n]' are allowed"},
           {"$[(@.length-1)].bar", 1,
            "a reference path cannot contain a script; only '.name', '['name']' and '[n]' are allowed"},
           {"a.b", 0, "a path must start with '$'"},
           {"$.a[", 4, "missing ']'"},
       }) {
    INFO(std::string(row.text));
    try {
      ReferencePath::Parse(row.text);
      FAIL("expected a parse error");
    } catch (const ParseError& e) {
      CHECK(e.offset == row.offset);
      CHECK(e.message == row.message);
    }
  }
}

TEST_CASE("path: reading a reference path") {
  Json input = Json::parse(R"({"a": {"b": [10, 20]}, "s": "x"})");
  Json context = Json::parse(R"({"Execution": {"Id": "id-1"}})");
  Json var = Json::parse(R"({"k": true})");
  Env env;
  env.input = &input;
  env.context = &context;
  env.variable = [&](std::string_view name) -> const Json* { return name == "v" ? &var : nullptr; };
  CHECK(ReferencePath::Parse("$.a.b[1]").Resolve(env) == &input["a"]["b"][1]);
  CHECK(ReferencePath::Parse("$").Resolve(env) == &input);
  CHECK(ReferencePath::Parse("$$.Execution.Id").Evaluate(env) == "id-1");
  CHECK(ReferencePath::Parse("$v.k").Evaluate(env) == true);
  std::string detail;
  CHECK(ReferencePath::Parse("$.a.c").Resolve(env, &detail) == nullptr);
  CHECK(detail == "No results for path: $['a']['c']");
  CHECK(ReferencePath::Parse("$.a.b[2]").Resolve(env, &detail) == nullptr);
  CHECK(detail == "No results for path: $['a']['b'][2]");
  CHECK_THROWS_AS(ReferencePath::Parse("$.s.t").Evaluate(env), PathNotFoundError);
}

TEST_CASE("path: ResultPath places the result") {
  struct Row {
    const char* input;
    const char* path;
    const char* result;
    const char* expected;
  };
  for (const Row& row : std::vector<Row>{
           {R"({"a": 1})", "$", "5", "5"},
           {R"({"a": 1})", "$.b", "5", R"({"a": 1, "b": 5})"},
           {R"({"a": 1, "c": 2})", "$.a", R"({"x": 1})", R"({"a": {"x": 1}, "c": 2})"},
           {R"({"a": 1})", "$.x.y.z", "true", R"({"a": 1, "x": {"y": {"z": true}}})"},
           {R"({"a": {"b": 1}})", "$.a.c", "null", R"({"a": {"b": 1, "c": null}})"},
           {R"({"a": {"b": 1}})", "$['a']['b']", "[1]", R"({"a": {"b": [1]}})"},
           {R"([{"a": 1}, {"id": 7}, 4])", "$[1].payload", R"({"s": 1})",
            R"([{"a": 1}, {"id": 7, "payload": {"s": 1}}, 4])"},
           {R"({"list": [1, 2, 3]})", "$.list[-1]", "9", R"({"list": [1, 2, 9]})"},
           {R"({"list": [1, 2, 3]})", "$.list[0]", "9", R"({"list": [9, 2, 3]})"},
           {R"("text")", "$", R"({"r": 1})", R"({"r": 1})"},
       }) {
    INFO(std::string(row.path) << " on " << std::string(row.input));
    Json out =
        ApplyResultPath(Json::parse(row.input), ReferencePath::Parse(row.path), Json::parse(row.result));
    CHECK(out == Json::parse(row.expected));
  }
}

TEST_CASE("path: ResultPath keeps the order of existing members") {
  Json out = ApplyResultPath(Json::parse(R"({"a": 1, "b": 2, "c": 3})"), ReferencePath::Parse("$.b"), 9);
  CHECK(out.dump() == R"({"a":1,"b":9,"c":3})");
}

TEST_CASE("path: ResultPath through a value that cannot hold it fails") {
  struct Row {
    const char* input;
    const char* path;
    const char* cause;
  };
  for (const Row& row : std::vector<Row>{
           {R"({"a": "s"})", "$.a.b", R"(Unable to apply ReferencePath $.a.b to input {"a":"s"})"},
           {R"("text")", "$.a", R"(Unable to apply ReferencePath $.a to input "text")"},
           {R"({"a": null})", "$.a.b", R"(Unable to apply ReferencePath $.a.b to input {"a":null})"},
           {R"({"a": [1]})", "$.a.b", R"(Unable to apply ReferencePath $.a.b to input {"a":[1]})"},
           {R"({"a": [1]})", "$.a[1]", R"(Unable to apply ReferencePath $.a[1] to input {"a":[1]})"},
           {R"({"a": [1]})", "$.a[-2]", R"(Unable to apply ReferencePath $.a[-2] to input {"a":[1]})"},
           {R"({})", "$.a[0]", R"(Unable to apply ReferencePath $.a[0] to input {})"},
           {R"({"a": {}})", "$[0]", R"(Unable to apply ReferencePath $[0] to input {"a":{}})"},
           {R"({"a": 1})", "$$.x", R"(Unable to apply ReferencePath $$.x to input {"a":1})"},
       }) {
    INFO(std::string(row.path) << " on " << std::string(row.input));
    Json input = Json::parse(row.input);
    Json before = input;
    try {
      ApplyResultPathInPlace(input, ReferencePath::Parse(row.path), 1);
      FAIL("expected States.ResultPathMatchFailure");
    } catch (const StatesError& e) {
      CHECK(e.error == "States.ResultPathMatchFailure");
      CHECK(e.cause == row.cause);
    }
    CHECK(input == before);
  }
}

}  // namespace
}  // namespace sfn::path
