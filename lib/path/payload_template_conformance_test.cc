// Runs the single-state Pass and Fail cases of the shared execution recordings (read at test
// time) through the payload template and intrinsic evaluators and compares with AWS's outcome.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/states_error.h"
#include "path/intrinsic.h"
#include "path/json_equal.h"
#include "path/jsonpath.h"
#include "path/payload_template.h"

namespace sfn::path {
namespace {

namespace fs = std::filesystem;

Json ReadJson(const fs::path& file) {
  std::ifstream in(file);
  return Json::parse(in, nullptr, false);
}

// The single state of a definition, when it has exactly one and nothing this test cannot model.
const Json* SingleState(const Json& definition) {
  if (!definition.is_object() || definition.contains("QueryLanguage") || !definition.contains("States"))
    return nullptr;
  const Json& states = definition["States"];
  if (!states.is_object() || states.size() != 1) return nullptr;
  const Json& state = states.begin().value();
  for (const char* field :
       {"InputPath", "OutputPath", "ResultPath", "ResultSelector", "Result", "Assign", "QueryLanguage"}) {
    if (state.contains(field)) return nullptr;
  }
  return &state;
}

// The part of an AWS cause after "An error occurred while executing the state '...' (...). ".
std::string StripStatePrefix(const std::string& cause) {
  size_t at = cause.find("). ");
  return cause.rfind("An error occurred", 0) == 0 && at != std::string::npos ? cause.substr(at + 3) : cause;
}

// Compares a cause whose input text AWS's recording masked as '<json-input:N>'.
bool SameCause(const std::string& expected, const std::string& actual) {
  size_t masked = expected.find("'<json-input:");
  if (masked == std::string::npos) return expected == actual;
  return actual.compare(0, masked + 1, expected, 0, masked + 1) == 0;
}

Json EvaluatePathOrIntrinsic(const std::string& text, const Env& env) {
  if (LooksLikeIntrinsic(text)) return Intrinsic::Parse(text).Evaluate(env);
  return JsonPath::Parse(text).Evaluate(env);
}

struct Tally {
  size_t run = 0;
  size_t agree = 0;
};

void RunPass(const std::string& id, const Json& state, const Json& input, const Json& expected,
             Tally& tally) {
  Json context = {{"Execution", {{"Input", input}}}};
  Env env;
  env.input = &input;
  env.context = &context;
  std::string status = expected.value("status", "");
  INFO("case " << id);
  ++tally.run;
  try {
    Json output = PayloadTemplate::Compile(state["Parameters"]).Evaluate(env);
    INFO("got " << output.dump() << ", expected " << expected.dump());
    bool same = status == "SUCCEEDED" && JsonEqual(output, expected["output"]);
    tally.agree += same ? 1 : 0;
    CHECK(same);
  } catch (const StatesError& e) {
    INFO("got " << e.error << ": " << e.cause << ", expected " << expected.dump());
    bool same = status == "FAILED" && e.error == expected.value("error", "") &&
                SameCause(StripStatePrefix(expected.value("cause", "")), e.cause);
    tally.agree += same ? 1 : 0;
    CHECK(same);
  }
}

void RunFail(const std::string& id, const Json& state, const Json& input, const Json& expected,
             Tally& tally) {
  Env env;
  env.input = &input;
  INFO("case " << id);
  ++tally.run;
  Json error = state.contains("ErrorPath") ? EvaluatePathOrIntrinsic(state["ErrorPath"], env)
                                           : state.value("Error", Json());
  Json cause = state.contains("CausePath") ? EvaluatePathOrIntrinsic(state["CausePath"], env)
                                           : state.value("Cause", Json());
  bool same = error == expected.value("error", Json()) && cause == expected.value("cause", Json());
  tally.agree += same ? 1 : 0;
  CHECK(same);
}

TEST_CASE("path: single-state executions recorded on AWS") {
  fs::path root = fs::path(SFN_SHARED_DIR) / "conformance" / "executions";
  if (!fs::exists(root)) {
    MESSAGE("skipped: " << root.string() << " is absent");
    return;
  }
  Tally tally;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  for (const fs::path& dir : cases) {
    Json definition = ReadJson(dir / "definition.json");
    Json meta = ReadJson(dir / "meta.json");
    Json expected = ReadJson(dir / "expected.json");
    Json input = fs::exists(dir / "input.json") ? ReadJson(dir / "input.json") : Json::object();
    const Json* state = SingleState(definition);
    if (state == nullptr || (meta.is_object() && meta.value("expected_output_masked", false))) continue;
    std::string text = definition.dump();
    if (text.find("MathRandom") != std::string::npos || text.find("UUID") != std::string::npos) continue;
    std::string type = state->value("Type", "");
    std::string id = dir.filename().string();
    if (type == "Pass" && state->contains("Parameters")) RunPass(id, *state, input, expected, tally);
    if (type == "Fail" && (state->contains("ErrorPath") || state->contains("CausePath"))) {
      RunFail(id, *state, input, expected, tally);
    }
  }
  MESSAGE("execution recordings: " << tally.agree << "/" << tally.run << " single-state cases agree");
  CHECK(tally.run > 0);
}

}  // namespace
}  // namespace sfn::path
