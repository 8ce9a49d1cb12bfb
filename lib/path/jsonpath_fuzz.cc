// libFuzzer target: parses arbitrary text as a JSONPath and a reference path, then evaluates it on a
// fixed document.
//
// Parsing may only fail with ParseError, at an offset inside the text; Select never throws and
// Evaluate throws only PathNotFoundError. The same text is also read as an intrinsic function
// argument and as a reference path (also applied as a ResultPath).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "common/states_error.h"
#include "path/jsonpath.h"
#include "path/reference_path.h"

namespace {

using sfn::Json;
using sfn::path::Env;
using sfn::path::JsonPath;
using sfn::path::ParseError;

const Json& Document() {
  static const Json kDocument = Json::parse(R"({
    "store": {"book": [
      {"category": "reference", "author": "Rees", "title": "Sayings", "price": 8.95, "tags": ["a", "b"]},
      {"category": "fiction", "author": "Waugh", "title": "Sword", "price": 12.99, "isbn": "0-553"},
      {"category": "fiction", "title": 3, "price": -1e300, "tags": []}
    ], "bicycle": {"color": "red", "price": 19.95}},
    "nums": [1, 2, 3, -4, 5.5, 9007199254740993, 18446744073709551615],
    "mixed": [null, true, false, "x", "", {}, [], [[1, [2, [3]]]], {"a": {"a": {"a": 1}}}],
    "text": "héllo ✓", "key with space": 1, "a.b": {"c": 2}, "": {"": 0}, "'q'": "\"d\""
  })");
  return kDocument;
}

Env MakeEnv() {
  static const Json kContext = Json::parse(R"({"Execution": {"Id": "arn:x", "Input": {"k": [1]}},
                                              "State": {"Name": "S"}, "Map": {"Item": {"Index": 0}}})");
  static const Json kVariable = Json::parse(R"({"list": [1, 2, {"x": "y"}], "n": 4})");
  Env env;
  env.input = &Document();
  env.context = &kContext;
  env.variable = [](std::string_view name) -> const Json* { return name == "v" ? &kVariable : nullptr; };
  return env;
}

void Exercise(const JsonPath& path) {
  Env env = MakeEnv();
  std::string detail;
  std::optional<sfn::path::Selection> found = path.Select(env, &detail);
  if (found) (void)sfn::DumpCompact(found->value());
  (void)path.Normalized();
  (void)path.StepOffsets();
  (void)path.IsSingleNode();
  try {
    (void)path.Evaluate(env);
  } catch (const sfn::path::PathNotFoundError&) {
  }
}

void ExerciseReference(std::string_view text) {
  try {
    sfn::path::ReferencePath rp = sfn::path::ReferencePath::Parse(text);
    Env env = MakeEnv();
    (void)rp.Resolve(env);
    if (rp.root() == sfn::path::PathRoot::kInput) {
      try {
        (void)sfn::path::ApplyResultPath(Document(), rp, Json("result"));
      } catch (const sfn::StatesError&) {
      }
    }
  } catch (const ParseError&) {
  }
}

void CheckOffset(const ParseError& e, std::string_view text) {
  if (e.offset <= text.size()) return;
  std::fprintf(stderr, "jsonpath fuzz: error offset %zu beyond the text (%zu)\n", e.offset, text.size());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ExerciseReference(text);
  try {
    Exercise(JsonPath::Parse(text));
  } catch (const ParseError& e) {
    CheckOffset(e, text);
  }
  try {
    size_t length = 0;
    JsonPath argument = JsonPath::ParseArgument(text, length);
    if (length > text.size()) std::abort();
    Exercise(argument);
  } catch (const ParseError& e) {
    CheckOffset(e, text);
  }
  return 0;
}
