// The compiled schema against valijson, the reference validator: the same verdict on every definition
// the project and the shared conformance data hold, and on mutations of each that break it in typical
// ways (a field removed, a value of the wrong type, an unknown field).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "lint/compiled_schema.h"
#include "lint/schema_check.h"

namespace sfn::lint {
namespace {

namespace fs = std::filesystem;

const SchemaChecker& Checker() {
  static const SchemaChecker kChecker = SchemaChecker::FromFile(SFN_SOURCE_DIR "/schemas/asl.schema.json");
  return kChecker;
}

std::vector<Json> DefinitionsUnder(const fs::path& root) {
  std::vector<Json> out;
  if (!fs::exists(root)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    Json value = Json::parse(text.str(), nullptr, false);
    if (value.is_discarded() || !value.is_object()) continue;
    if (value.contains("StartAt") || value.contains("States")) out.push_back(std::move(value));
  }
  return out;
}

// Variants of a definition that break it in typical ways, applied to its first state.
std::vector<Json> Mutations(const Json& definition) {
  std::vector<Json> out;
  if (!definition.contains("States") || !definition["States"].is_object() || definition["States"].empty()) return out;
  const std::string first = definition["States"].begin().key();
  const Json& state = definition["States"][first];
  if (!state.is_object()) return out;
  for (auto it = state.begin(); it != state.end(); ++it) {
    Json removed = definition;
    removed["States"][first].erase(it.key());
    out.push_back(std::move(removed));
    Json retyped = definition;
    retyped["States"][first][it.key()] = it.value().is_number() ? Json("ten") : Json(42);
    out.push_back(std::move(retyped));
  }
  Json unknown = definition;
  unknown["States"][first]["Nxt"] = "X";
  out.push_back(std::move(unknown));
  Json no_start = definition;
  no_start.erase("StartAt");
  out.push_back(std::move(no_start));
  return out;
}

TEST_CASE("compiled schema and valijson agree on every known definition and its mutations") {
  std::vector<Json> definitions = DefinitionsUnder(fs::path(SFN_SOURCE_DIR) / "testdata");
  std::vector<Json> shared = DefinitionsUnder(fs::path(SFN_SHARED_DIR) / "conformance");
  if (shared.empty()) MESSAGE("shared conformance data absent: checking the project's own definitions only");
  definitions.insert(definitions.end(), shared.begin(), shared.end());
  REQUIRE(definitions.size() > 20);
  size_t checked = 0, rejected = 0;
  for (const Json& original : definitions) {
    std::vector<Json> variants = Mutations(original);
    variants.insert(variants.begin(), original);
    for (const Json& d : variants) {
      bool compiled = Checker().AcceptsCompiled(d);
      bool reference = Checker().AcceptsWithValijson(d);
      if (compiled != reference) {
        std::string shown = d.dump().substr(0, 400);
        CAPTURE(shown);
        CHECK(compiled == reference);
      }
      ++checked;
      if (!reference) ++rejected;
    }
  }
  MESSAGE("compiled schema: " << checked << " definitions, " << rejected << " invalid, same verdicts as valijson");
  CHECK(rejected > checked / 10);  // the mutations do exercise the failing paths
}

TEST_CASE("compiled schema: each keyword") {
  auto accepts = [](const char* schema, const char* value) {
    return CompiledSchema(Json::parse(schema)).Accepts(Json::parse(value));
  };
  CHECK(accepts(R"({"type": "integer"})", "3"));
  CHECK_FALSE(accepts(R"({"type": "integer"})", "3.5"));
  CHECK(accepts(R"({"type": ["string", "null"]})", "null"));
  CHECK(accepts(R"({"enum": ["A", 2]})", "2"));
  CHECK_FALSE(accepts(R"({"const": "A"})", "\"B\""));
  CHECK_FALSE(accepts(R"({"minimum": 1})", "0"));
  CHECK_FALSE(accepts(R"({"exclusiveMaximum": 1})", "1"));
  CHECK(accepts(R"({"maxLength": 2})", "\"\u00e9\u00e9\""));  // counted in characters
  CHECK_FALSE(accepts(R"({"minLength": 3})", "\"ab\""));
  CHECK(accepts(R"({"pattern": "^\\$\\{[^}]+\\}$"})", "\"${X}\""));
  CHECK_FALSE(accepts(R"({"pattern": "%\\}$"})", "\"{% x\""));
  CHECK_FALSE(accepts(R"({"items": {"type": "string"}, "minItems": 1})", "[]"));
  CHECK_FALSE(accepts(R"({"items": {"type": "string"}})", "[\"a\", 1]"));
  CHECK_FALSE(accepts(R"({"required": ["a"]})", "{}"));
  CHECK_FALSE(accepts(R"({"properties": {"a": {"type": "string"}}, "additionalProperties": false})", R"({"b": 1})"));
  CHECK(accepts(R"({"properties": {"a": {"type": "string"}}, "additionalProperties": false})", R"({"a": "x"})"));
  CHECK_FALSE(accepts(R"({"propertyNames": {"maxLength": 1}})", R"({"ab": 1})"));
  CHECK_FALSE(accepts(R"({"dependencies": {"a": ["b"]}})", R"({"a": 1})"));
  CHECK_FALSE(accepts(R"({"dependencies": {"a": {"required": ["c"]}}})", R"({"a": 1})"));
  CHECK_FALSE(accepts(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "1"));
  CHECK(accepts(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "-1"));
  CHECK_FALSE(accepts(R"({"anyOf": [{"type": "integer"}, {"type": "string"}]})", "true"));
  CHECK_FALSE(accepts(R"({"not": {"type": "string"}})", "\"x\""));
  CHECK_FALSE(accepts(R"({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": false})", R"({"a": 1})"));
  CHECK_FALSE(accepts(R"({"if": {"required": ["a"]}, "then": true, "else": false})", R"({})"));
  CHECK(accepts(R"({"definitions": {"s": {"type": "string"}}, "items": {"$ref": "#/definitions/s"}})", R"(["x"])"));
  CHECK_FALSE(accepts(R"({"minProperties": 1})", "{}"));
  CHECK_THROWS(CompiledSchema(Json::parse(R"({"$ref": "#/definitions/missing"})")));
  CHECK_THROWS(CompiledSchema(Json::parse(R"({"pattern": "("})")));
  CHECK_THROWS(CompiledSchema(Json::parse(
      R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"})")));
}

}  // namespace
}  // namespace sfn::lint
