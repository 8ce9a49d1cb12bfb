// Runs the JSONPath comparison queries (shared conformance data, read at test time) and compares
// the answers with Jayway's, the implementation AWS's JSONPath follows.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "path/json_equal.h"
#include "path/jsonpath.h"

namespace sfn::path {
namespace {

// Queries where sfn deliberately answers differently from Jayway, with the reason.
const std::map<std::string, std::string>& Exceptions() {
  static const std::map<std::string, std::string> kExceptions = {
      {"current_with_dot_notation", "ASL paths start with '$'; '@' is only valid inside filters"},
      {"dot_notation_without_root", "ASL paths start with '$'; Jayway silently prepends it"},
      {"dot_notation_without_root_and_dot", "ASL paths start with '$'; Jayway silently prepends it"},
      {"dot_notation_without_dot", "'$a' is an ASL variable reference, not a Jayway syntax error"},
      {"function_sum", "AWS does not evaluate path functions (sum() fails in Step Functions)"},
      {"filter_expression_with_length_function", "AWS does not evaluate path functions such as length()"},
      {"array_slice_on_object",
       "an indefinite path that fails answers [] in AWS (see the executions case "
       "base__test_json_path_array_wildcard_or_slice_with_no_input); Jayway's default throws"},
      {"filter_expression_with_parent_axis_operator", "Jayway ignores the trailing '^^^'; sfn rejects it"},
      {"script_expression",
       "AWS accepts the script index '[(@.length-1)]' of Jayway's older grammar; sfn reads it as the last "
       "item"},
  };
  return kExceptions;
}

constexpr const char* kNotSupported = "NOT_SUPPORTED";
constexpr const char* kNotFound = "NOT_FOUND";

Json Expected(const Json& q) {
  const Json& jayway = q["jayway"];
  std::string status = jayway["status"].get<std::string>();
  if (status != "matches-consensus") {
    if (!jayway.contains("result") || jayway["result"].is_null()) return kNotSupported;
    return jayway["result"];
  }
  if (q.contains("scalar-not-found-consensus")) return q["scalar-not-found-consensus"];
  if (q.contains("scalar-consensus")) return q["scalar-consensus"];
  return q["consensus"];
}

Json Actual(const Json& q) {
  JsonPath path = [&]() {
    try {
      return JsonPath::Parse(q["selector"].get<std::string>());
    } catch (const ParseError&) {
      throw std::string(kNotSupported);
    }
  }();
  Env env;
  env.input = &q["document"];
  std::optional<Selection> found = path.Select(env);
  if (!found) return kNotFound;
  return found->value();
}

bool SameAnswer(const Json& expected, const Json& actual, bool ordered) {
  if (!ordered && expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
    std::vector<bool> used(actual.size(), false);
    for (const Json& e : expected) {
      bool matched = false;
      for (size_t i = 0; i < actual.size() && !matched; ++i) {
        if (!used[i] && JsonEqual(e, actual[i])) used[i] = matched = true;
      }
      if (!matched) return false;
    }
    return true;
  }
  return JsonEqual(expected, actual);
}

TEST_CASE("path: jsonpath comparison queries agree with Jayway") {
  std::filesystem::path file = std::filesystem::path(SFN_SHARED_DIR) / "conformance" / "jsonpath-comparison" /
                               "jsonpath-comparison.json";
  if (!std::filesystem::exists(file)) {
    MESSAGE("skipped: " << file.string() << " is absent");
    return;
  }
  std::ifstream in(file);
  Json data = Json::parse(in);
  size_t total = 0;
  size_t agree = 0;
  std::set<std::string> excepted_but_agreeing;
  for (const Json& q : data["queries"]) {
    std::string id = q["id"].get<std::string>();
    Json expected = Expected(q);
    Json actual;
    try {
      actual = Actual(q);
    } catch (const std::string& marker) {
      actual = marker;
    }
    bool same = SameAnswer(expected, actual, q.value("ordered", true));
    ++total;
    agree += same ? 1 : 0;
    bool excepted = Exceptions().count(id) > 0;
    if (excepted && same) excepted_but_agreeing.insert(id);
    if (!excepted) {
      INFO("query " << id << ": " << q["selector"].get<std::string>());
      INFO("expected " << expected.dump() << ", got " << actual.dump());
      CHECK(same);
    }
  }
  MESSAGE("jsonpath comparison: " << agree << "/" << total << " queries agree with Jayway ("
                                  << Exceptions().size() << " listed exceptions)");
  CHECK(excepted_but_agreeing.empty());
}

}  // namespace
}  // namespace sfn::path
