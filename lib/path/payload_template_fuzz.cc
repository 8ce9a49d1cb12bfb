// libFuzzer target: compiles a payload template and evaluates it on an input.
//
// The first line of the fuzz input is the template (JSON), the rest is the effective input (JSON);
// either may be invalid JSON, in which case nothing more happens. Compiling may only throw
// CompileError, evaluating only StatesError.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/states_error.h"
#include "path/payload_template.h"

namespace {

using sfn::Json;

// JSON text with at most this nesting; deeper text is skipped (the parser itself is not under test).
constexpr size_t kMaxNesting = 600;

bool ShallowEnough(std::string_view text) {
  size_t depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

bool ParseJson(std::string_view text, Json& out) {
  if (!ShallowEnough(text)) return false;
  out = Json::parse(text.begin(), text.end(), nullptr, false);
  return !out.is_discarded();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t newline = all.find('\n');
  std::string_view template_text = all.substr(0, newline);
  std::string_view input_text =
      newline == std::string_view::npos ? std::string_view("{}") : all.substr(newline + 1);
  Json tmpl;
  Json input;
  if (!ParseJson(template_text, tmpl) || !ParseJson(input_text, input)) return 0;
  static const Json kContext =
      Json::parse(R"({"Execution": {"Id": "arn:e", "Name": "e"}, "State": {"Name": "S"}})");
  static const Json kVariable = Json::parse(R"({"x": [1, {"y": "z"}]})");
  try {
    sfn::path::PayloadTemplate compiled = sfn::path::PayloadTemplate::Compile(tmpl);
    (void)compiled.IsConstant();
    uint64_t counter = 0;
    sfn::path::Env env;
    env.input = &input;
    env.context = &kContext;
    env.variable = [](std::string_view name) -> const Json* { return name == "var" ? &kVariable : nullptr; };
    env.random = [&counter]() { return ++counter; };
    (void)sfn::DumpCompact(compiled.Evaluate(env));
  } catch (const sfn::path::CompileError&) {
  } catch (const sfn::StatesError&) {
  }
  return 0;
}
