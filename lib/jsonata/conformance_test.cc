// Runs the JSONata reference test suite (shared conformance data) against the engine.
//
// Each case gives an expression, an input, bindings and either a result, an undefined result or an error
// code. Cases newer than JSONata 2.0.6 are excluded, and the known exceptions (with reasons) are listed in
// conformance_exceptions.txt beside this file. The test fails when the pass count drops below the bar.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {
namespace {

namespace fs = std::filesystem;

constexpr int kMinPassed = 1625;  // all 1,625 cases of 2.0.6 pass; the bar keeps it so

// Reads a JSON file. A lone UTF-16 surrogate escape (which JavaScript accepts but nlohmann::json rejects)
// is turned into the same escape inside the JSONata string literal, so the case still tests it.
std::optional<Json> ReadJson(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  try {
    return Json::parse(text);
  } catch (const std::exception&) {
  }
  static const std::regex kLoneSurrogate(R"(\\u(D[89AB][0-9A-Fa-f]{2})(?!\\uD[C-Fc-f]))", std::regex::icase);
  text = std::regex_replace(text, kLoneSurrogate, R"(\\u$1)");
  try {
    return Json::parse(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool NumbersClose(double a, double b) {
  if (a == b) return true;
  double scale = std::max(std::fabs(a), std::fabs(b));
  return std::fabs(a - b) <= scale * 1e-13;
}

bool SameJson(const Json& a, const Json& b, bool unordered = false) {
  if (a.is_number() && b.is_number()) return NumbersClose(a.get<double>(), b.get<double>());
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    if (unordered) {
      std::vector<bool> used(b.size(), false);
      for (const Json& x : a) {
        bool found = false;
        for (size_t i = 0; i < b.size() && !found; ++i) {
          if (!used[i] && SameJson(x, b[i])) {
            used[i] = true;
            found = true;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !SameJson(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

struct Suite {
  fs::path root;
  std::map<std::string, Json> datasets;
  Json expr_files;
  std::set<std::string> excluded;
};

struct Outcome {
  bool passed = false;
  std::string detail;
};

Outcome RunCase(const Suite& suite, const std::string& group, const Json& c) {
  std::string expr;
  if (c.contains("expr")) {
    expr = c["expr"].get<std::string>();
  } else if (c.contains("expr-file")) {
    std::string key = group + "/" + c["expr-file"].get<std::string>();
    if (!suite.expr_files.contains(key)) return {false, "missing expr-file " + key};
    expr = suite.expr_files[key].get<std::string>();
  }
  std::optional<Json> input;
  if (c.contains("data")) {
    input = c["data"];
  } else if (c.contains("dataset") && c["dataset"].is_string()) {
    auto it = suite.datasets.find(c["dataset"].get<std::string>());
    if (it == suite.datasets.end()) return {false, "missing dataset"};
    input = it->second;
  }
  Bindings bindings;
  if (c.contains("bindings") && c["bindings"].is_object()) {
    for (auto it = c["bindings"].begin(); it != c["bindings"].end(); ++it) bindings.Set(it.key(), it.value());
  }
  std::string expected_code;
  if (c.contains("code")) expected_code = c["code"].get<std::string>();
  if (c.contains("error") && c["error"].contains("code")) expected_code = c["error"]["code"].get<std::string>();
  // Every case gets a time limit. Cases that must time out keep theirs; the others get ten times as much,
  // so that slow (e.g. sanitizer) builds do not fail them.
  Options options;
  int64_t limit_ms = c.value("timelimit", 5000);
  if (expected_code != "U1001") limit_ms *= 10;
  options.time_limit = std::chrono::milliseconds(limit_ms);
  if (c.contains("depth")) options.max_depth = c["depth"].get<size_t>();
  try {
    auto compiled = Expression::Compile(expr);
    std::optional<Json> result = compiled->Evaluate(input ? &*input : nullptr, bindings, options);
    if (!expected_code.empty()) {
      return {false, "expected error " + expected_code + ", got " + (result ? result->dump() : "undefined")};
    }
    if (c.value("undefinedResult", false)) {
      if (!result) return {true, ""};
      return {false, "expected undefined, got " + result->dump()};
    }
    if (c.contains("result")) {
      if (result && SameJson(*result, c["result"], c.value("unordered", false))) return {true, ""};
      return {false, "expected " + c["result"].dump() + ", got " + (result ? result->dump() : "undefined")};
    }
    return {!result.has_value(), "no expectation; got " + (result ? result->dump() : "undefined")};
  } catch (const Error& e) {
    if (!expected_code.empty() && e.code == expected_code) return {true, ""};
    return {false, "error " + e.code + ": " + e.what() +
                       (expected_code.empty() ? "" : " (expected " + expected_code + ")")};
  } catch (const std::exception& e) {
    return {false, std::string("exception: ") + e.what()};
  }
}

std::map<std::string, std::string> ReadExceptions() {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(SFN_SOURCE_DIR) + "/lib/jsonata/conformance_exceptions.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string id;
    ss >> id;
    std::string reason;
    std::getline(ss, reason);
    out[id] = reason;
  }
  return out;
}

TEST_CASE("conformance: JSONata reference suite") {
  Suite suite;
  suite.root = fs::path(SFN_SHARED_DIR) / "conformance" / "jsonata";
  if (!fs::exists(suite.root / "groups")) {
    MESSAGE("JSONata conformance data not found; skipping");
    return;
  }
  for (const auto& entry : fs::directory_iterator(suite.root / "datasets")) {
    if (auto j = ReadJson(entry.path())) suite.datasets[entry.path().stem().string()] = *j;
  }
  suite.expr_files = ReadJson(suite.root / "expr-files.json").value_or(Json::object());
  if (auto excluded = ReadJson(suite.root / "cases-not-in-v2.0.6.json")) {
    for (const auto& id : (*excluded)["added"]) suite.excluded.insert(id.get<std::string>());
  }
  std::map<std::string, std::string> exceptions = ReadExceptions();

  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(suite.root / "groups")) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  int passed = 0;
  int failed = 0;
  int unexpected = 0;
  auto start = std::chrono::steady_clock::now();
  for (const fs::path& file : files) {
    std::string group = file.parent_path().filename().string();
    std::string base_id = group + "/" + file.filename().string();
    std::optional<Json> doc = ReadJson(file);
    std::vector<std::pair<std::string, Json>> cases;
    if (!doc) {
      cases.emplace_back(base_id, Json());
    } else if (doc->is_array()) {
      for (size_t i = 0; i < doc->size(); ++i) cases.emplace_back(base_id + "#" + std::to_string(i), (*doc)[i]);
    } else {
      cases.emplace_back(base_id, *doc);
    }
    for (const auto& [id, c] : cases) {
      if (suite.excluded.count(id) || suite.excluded.count(base_id)) continue;
      Outcome outcome = c.is_null() ? Outcome{false, "case file is not valid JSON for this parser"}
                                    : RunCase(suite, group, c);
      if (outcome.passed) {
        ++passed;
        continue;
      }
      ++failed;
      if (!exceptions.count(id)) {
        ++unexpected;
        std::string expr = c.is_object() ? c.value("expr", "") : "";
        std::cout << "FAIL " << id << " | " << expr.substr(0, 160) << " | " << outcome.detail.substr(0, 300)
                  << "\n";
      }
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "jsonata conformance: " << passed << " passed, " << failed << " failed (" << unexpected
            << " not in the exceptions list) in " << seconds << " s\n";
  CHECK(passed >= kMinPassed);
}

}  // namespace
}  // namespace sfn::jsonata
