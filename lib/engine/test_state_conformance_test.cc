// Runs the TestState requests recorded on AWS (SFN_SHARED_DIR/conformance/teststate) and compares the
// responses: status, output, error, cause, nextState and the inspection data.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/engine_test_support.h"
#include "engine/test_state.h"

namespace sfn::engine {
namespace {

namespace fs = std::filesystem;

std::optional<Json> Read(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream b;
  b << in.rdbuf();
  Json v = Json::parse(b.str(), nullptr, false);
  if (v.is_discarded()) return std::nullopt;
  return v;
}

// A recorded value that was kept as JSON text compares with its parsed form.
Json Normalise(const Json& v) {
  if (v.is_string()) {
    Json parsed = Json::parse(v.get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array())) return parsed;
  }
  return v;
}

bool Matches(const Json& expected, const Json& actual, std::string& where, const std::string& at);

bool StringMatches(const std::string& expected, const std::string& actual) {
  static const char* kWords[] = {"date", "timestamp", "start-time", "entered-time"};
  if (expected == actual) return true;
  for (const char* w : kWords) {
    if (expected == w) return true;
  }
  // "<placeholder>" and 111111111111 match anything: compare the literal pieces in order.
  std::vector<std::string> pieces;
  std::string current;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] == '<') {
      size_t end = expected.find('>', i);
      if (end != std::string::npos) {
        pieces.push_back(current);
        current.clear();
        i = end;
        continue;
      }
    }
    if (expected.compare(i, 12, "111111111111") == 0) {
      pieces.push_back(current);
      current.clear();
      i += 11;
      continue;
    }
    current += expected[i];
  }
  if (pieces.empty()) return false;
  pieces.push_back(current);
  if (actual.compare(0, pieces.front().size(), pieces.front()) != 0) return false;
  size_t at = pieces.front().size();
  for (size_t i = 1; i + 1 < pieces.size(); ++i) {
    size_t found = actual.find(pieces[i], at);
    if (found == std::string::npos) return false;
    at = found + pieces[i].size();
  }
  const std::string& last = pieces.back();
  return actual.size() >= at + last.size() &&
         actual.compare(actual.size() - last.size(), last.size(), last) == 0;
}

bool Matches(const Json& expected_raw, const Json& actual, std::string& where, const std::string& at) {
  Json expected = actual.is_string() ? expected_raw : Normalise(expected_raw);
  if (expected.is_string() && actual.is_string()) {
    if (StringMatches(expected.get<std::string>(), actual.get<std::string>())) return true;
  } else if (expected.is_number() && actual.is_number()) {
    if (expected.get<double>() == actual.get<double>()) return true;
  } else if (expected.is_object() && actual.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) {
        where = at + ": missing '" + it.key() + "'";
        return false;
      }
      if (!Matches(it.value(), actual[it.key()], where, at + "." + it.key())) return false;
    }
    for (auto it = actual.begin(); it != actual.end(); ++it) {
      if (!expected.contains(it.key()) && it.key() != "RedriveCount") {
        where = at + ": unexpected '" + it.key() + "'";
        return false;
      }
    }
    return true;
  } else if (expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
    for (size_t i = 0; i < expected.size(); ++i) {
      if (!Matches(expected[i], actual[i], where, at + "[" + std::to_string(i) + "]")) return false;
    }
    return true;
  } else if (expected == actual) {
    return true;
  }
  where = at + ": expected " + DumpCompact(expected_raw).substr(0, 200) + ", got " +
          DumpCompact(actual).substr(0, 200);
  return false;
}

std::string RunTestStateCase(const fs::path& dir) {
  auto definition = Read(dir / "definition.json");
  auto expected = Read(dir / "expected.json");
  Json args = Read(dir / "test_state_args.json").value_or(Json::object());
  if (!definition || !expected) return "unreadable case";
  TestStateOptions options;
  options.definition = *definition;
  options.input = Read(dir / "input.json").value_or(Json::object());
  options.state_name = args.value("stateName", std::string());
  std::string level = args.value("inspectionLevel", std::string("INFO"));
  if (level.find("DEBUG") != std::string::npos) options.inspection_level = InspectionLevel::kDebug;
  if (level.find("TRACE") != std::string::npos) options.inspection_level = InspectionLevel::kTrace;
  if (args.contains("context")) options.context = Json::parse(args["context"].get<std::string>());
  if (args.contains("variables")) options.variables = Json::parse(args["variables"].get<std::string>());
  if (args.contains("mock")) {
    const Json& mock = args["mock"];
    if (mock.contains("result")) options.mock_result = Json::parse(mock["result"].get<std::string>());
    if (mock.contains("errorOutput")) {
      options.mock_error = mock["errorOutput"].value("error", std::string());
      options.mock_cause = mock["errorOutput"].value("cause", std::string());
    }
  }
  if (!args.contains("mock") && DumpCompact(*definition).find("\"Task\"") != std::string::npos) {
    return "skip";  // the recording called a real service
  }
  testing::ScriptedRunner runner;
  VirtualClock clock(1700000000000);
  options.execution.tasks = &runner;
  options.execution.clock = &clock;
  options.execution.random_seed = 3;
  Json actual = TestState(options).ToJson();
  std::string where;
  for (const char* key : {"status", "output", "error", "cause", "nextState", "inspectionData"}) {
    if (!expected->contains(key)) {
      if (actual.contains(key))
        return std::string("unexpected '") + key + "': " + DumpCompact(actual[key]).substr(0, 200);
      continue;
    }
    if (!actual.contains(key)) return std::string("missing '") + key + "'";
    if (!Matches((*expected)[key], actual[key], where, key)) return where;
  }
  return "";
}

TEST_CASE("engine: TestState conformance with requests recorded on AWS") {
  fs::path root = fs::path(SFN_SHARED_DIR) / "conformance" / "teststate";
  if (!fs::exists(root)) {
    MESSAGE("skipped: no conformance data at " << root.string());
    return;
  }
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  int passed = 0, skipped = 0;
  std::vector<std::string> failures;
  for (const auto& dir : cases) {
    std::string reason = RunTestStateCase(dir);
    if (reason == "skip") {
      ++skipped;
    } else if (reason.empty()) {
      ++passed;
    } else {
      failures.push_back(dir.filename().string() + ": " + reason);
    }
  }
  std::printf("TestState conformance failures:\n");
  for (const auto& f : failures) std::printf("  %s\n", f.c_str());
  size_t total = cases.size() - static_cast<size_t>(skipped);
  double rate = 100.0 * passed / std::max<size_t>(1, total);
  std::printf("TestState conformance: %d / %zu passed (%.1f%%), %d skipped (real service calls)\n", passed,
              total, rate, skipped);
  CHECK(rate >= 95.0);
}

}  // namespace
}  // namespace sfn::engine
