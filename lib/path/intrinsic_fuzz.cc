// libFuzzer target: parses arbitrary text as an intrinsic function call and evaluates it.
//
// CheckIntrinsic and Intrinsic::Parse must agree: both accept the text, or both refuse it with the
// same offset (inside the text) and message. Evaluation may only throw StatesError (the intrinsic
// failures) or PathNotFoundError.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "common/states_error.h"
#include "path/intrinsic.h"
#include "path/jsonpath.h"

namespace {

using sfn::Json;
using sfn::path::Env;
using sfn::path::Intrinsic;
using sfn::path::ParseError;

[[noreturn]] void Die(const char* what, std::string_view text) {
  std::fprintf(stderr, "intrinsic fuzz: %s for: %.*s\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

const Json& Input() {
  static const Json kInput = Json::parse(R"({
    "s": "input data", "n": 5, "f": 1.5, "t": true, "z": null, "big": 1e300, "neg": -3,
    "arr": [1, 2, 3, "x", {"a": 1}, [1]], "obj": {"a": {"b": 1}, "c": "d"}, "obj2": {"a": 2},
    "json": "{\"k\": [1, {\"x\": null}]}", "deep": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "tmpl": "{} and {}", "b64": "RGF0YSB0byBlbmNvZGU=", "csv": "a,b,,c", "algo": "SHA-256"
  })");
  return kInput;
}

Json Evaluate(const Intrinsic& call) {
  static const Json kContext = Json::parse(R"({"Execution": {"Name": "e1", "Input": {"list": [1, 2]}}})");
  static const Json kVariable = Json::parse(R"({"list": ["p", "q"], "n": 2})");
  uint64_t counter = 0;
  Env env;
  env.input = &Input();
  env.context = &kContext;
  env.variable = [](std::string_view name) -> const Json* { return name == "v" ? &kVariable : nullptr; };
  env.random = [&counter]() { return counter++ * 0x9E3779B97F4A7C15ULL; };
  return call.Evaluate(env);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<ParseError> checked = sfn::path::CheckIntrinsic(text);
  std::optional<Intrinsic> call;
  try {
    call = Intrinsic::Parse(text);
  } catch (const ParseError& e) {
    if (!checked) Die("Parse refused what CheckIntrinsic accepted", text);
    if (checked->offset != e.offset || checked->message != e.message)
      Die("the two parse errors differ", text);
    if (e.offset > text.size()) Die("the error offset is beyond the text", text);
    return 0;
  }
  if (checked) Die("CheckIntrinsic refused what Parse accepted", text);
  (void)sfn::path::LooksLikeIntrinsic(text);
  try {
    (void)sfn::DumpCompact(Evaluate(*call));
  } catch (const sfn::StatesError&) {
  } catch (const sfn::path::PathNotFoundError&) {
  }
  return 0;
}
