// Helpers shared by the render tests: graphs from JSON text, sample definitions, and running Graphviz
// when it is installed.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.h"
#include "model/state_machine.h"
#include "render/graph.h"

namespace sfn::render::testing {

inline GraphOptions Named(std::string name) {
  GraphOptions options;
  options.name = std::move(name);
  return options;
}

inline GraphOptions WithMaxDepth(int depth) {
  GraphOptions options;
  options.max_depth = depth;
  return options;
}

inline Graph GraphOf(std::string_view definition, GraphOptions options = {}) {
  auto machine = model::BuildStateMachine(Json::parse(definition));
  return BuildGraph(*machine, options);
}

inline Graph GraphOf(const char* definition, GraphOptions options = {}) {
  auto machine = model::BuildStateMachine(Json::parse(definition));
  return BuildGraph(*machine, options);
}

inline Graph GraphOf(const Json& definition, GraphOptions options = {}) {
  auto machine = model::BuildStateMachine(definition);
  return BuildGraph(*machine, options);
}

// An order pipeline with every kind of edge: Retry, Catch, Choice rules, Default, a Wait loop, and a
// Map inside a Parallel branch.
inline constexpr std::string_view kOrderPipeline = R"({
  "Comment": "Validate an order, check stock, charge and reserve in parallel, then confirm",
  "StartAt": "ValidateOrder",
  "States": {
    "ValidateOrder": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3,
                 "BackoffRate": 2}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "NotifyFailure"}],
      "Next": "CheckStock"
    },
    "CheckStock": {
      "Type": "Choice",
      "Choices": [
        {"And": [{"Variable": "$.valid", "BooleanEquals": true}, {"Variable": "$.inStock", "BooleanEquals": true}],
         "Next": "ProcessInParallel"},
        {"Variable": "$.backorder", "BooleanEquals": true, "Next": "WaitForRestock"}
      ],
      "Default": "RejectOrder"
    },
    "WaitForRestock": {"Type": "Wait", "Seconds": 3600, "Next": "CheckStock"},
    "ProcessInParallel": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "ChargePayment", "States": {
          "ChargePayment": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
        {"StartAt": "ReserveItems", "States": {
          "ReserveItems": {
            "Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "ReserveItem", "States": {
              "ReserveItem": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem", "End": true}}},
            "End": true}}}
      ],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "NotifyFailure"}],
      "Next": "SendConfirmation"
    },
    "SendConfirmation": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Done"},
    "Done": {"Type": "Succeed"},
    "RejectOrder": {"Type": "Fail", "Error": "OutOfStock"},
    "NotifyFailure": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "OrderFailed"},
    "OrderFailed": {"Type": "Fail", "Error": "OrderFailed"}
  }
})";

// A Map inside a Parallel inside a Map, with a Choice, a Catch and a missing target at the bottom.
inline constexpr std::string_view kNested = R"({
  "StartAt": "Outer",
  "States": {
    "Outer": {
      "Type": "Map", "ItemsPath": "$.groups",
      "ItemProcessor": {"StartAt": "Fork", "States": {
        "Fork": {"Type": "Parallel", "Branches": [
          {"StartAt": "Inner", "States": {
            "Inner": {"Type": "Map", "ItemProcessor": {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Decide",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Nowhere"}]},
              "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Ok"}],
                         "Default": "Work"},
              "Ok": {"Type": "Succeed"}}},
              "End": true}}},
          {"StartAt": "Side", "States": {"Side": {"Type": "Pass", "End": true}}}],
          "End": true}}},
      "End": true
    }
  }
})";

// State names that try to break out of dot and Mermaid syntax.
inline std::vector<std::string> HostileNames() {
  std::string emoji;
  for (int i = 0; i < 80; ++i)
    emoji += (i % 2 == 0) ? "\xF0\x9F\x98\x80" : "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB";
  return {
      "say \"hi\"",
      "back\\slash",
      "trailing\\",
      "line1\nline2",
      "cr\r\nlf",
      "<b>bold</b> &amp; <i>",
      "a\" [color=red]; \"b",
      "{ } [ ] ; -> --",
      "x -> y",
      "\" ` [ ] ( ) { } | # ;",
      "end",
      "End",
      "__start",
      "__end",
      "node",
      "subgraph",
      "%%{init: {}}%%",
      "$$x^2$$",
      "click n0 call alert()",
      "a/b~c",
      "tab\there\x01",
      "\\N \\G \\L \\n",
      emoji,
  };
}

// A definition whose states carry the hostile names, with hostile resources, rules and errors, a
// Parallel and a Map named hostilely, and a missing target named hostilely.
inline Json HostileDefinition() {
  std::vector<std::string> names = HostileNames();
  Json states = Json::object();
  for (size_t i = 0; i < names.size(); ++i) {
    std::string next = i + 1 < names.size() ? names[i + 1] : "";
    Json state;
    switch (i % 5) {
      case 0:
        state = {{"Type", "Task"},
                 {"Resource", "arn:aws:states:::lambda:invoke" + names[i]},
                 {"Retry", Json::array({{{"ErrorEquals", Json::array({names[i]})}}})},
                 {"Catch", Json::array({{{"ErrorEquals", Json::array({names[i]})},
                                         {"Next", "missing " + names[i]},
                                         {"ResultPath", "$." + names[i]}}})}};
        break;
      case 1:
        state = {{"Type", "Choice"},
                 {"Choices",
                  Json::array({{{"Variable", "$." + names[i]}, {"StringEquals", names[i]}, {"Next", next}}})},
                 {"Default", names[0]}};
        break;
      case 2:
        state = {{"Type", "Parallel"},
                 {"Branches", Json::array({{{"StartAt", names[i]},
                                            {"States", {{names[i], {{"Type", "Pass"}, {"End", true}}}}}}})}};
        break;
      case 3:
        state = {
            {"Type", "Map"},
            {"ItemsPath", "$." + names[i]},
            {"ItemProcessor",
             {{"StartAt", names[i]}, {"States", {{names[i], {{"Type", "Fail"}, {"Error", names[i]}}}}}}}};
        break;
      default:
        state = {{"Type", "Wait"}, {"TimestampPath", "$." + names[i]}};
        break;
    }
    if (state["Type"] != "Choice") {
      if (next.empty()) {
        state["End"] = true;
      } else {
        state["Next"] = next;
      }
    }
    states[names[i]] = state;
  }
  return {{"StartAt", names[0]}, {"States", states}};
}

// A chain of `count` states of every type, with Choice rules that loop back.
inline Json LargeDefinition(int count) {
  Json states = Json::object();
  auto name = [](int i) { return "State" + std::to_string(i); };
  for (int i = 0; i < count; ++i) {
    std::string next = i + 1 < count ? name(i + 1) : "";
    Json state;
    if (i % 10 == 3 && !next.empty()) {
      state = {
          {"Type", "Choice"},
          {"Choices", Json::array({{{"Variable", "$.n"}, {"NumericLessThan", i}, {"Next", name(i / 2)}}})},
          {"Default", next}};
    } else {
      state = {{"Type", i % 10 == 5 ? "Wait" : "Task"}, {"Resource", "arn:aws:states:::lambda:invoke"}};
      if (i % 10 == 5) state = {{"Type", "Wait"}, {"Seconds", i}};
      state["Retry"] = Json::array({{{"ErrorEquals", Json::array({"States.ALL"})}}});
      if (next.empty()) {
        state["End"] = true;
      } else {
        state["Next"] = next;
      }
    }
    states[name(i)] = state;
  }
  return {{"StartAt", name(0)}, {"States", states}};
}

inline bool HaveDot() { return access("/usr/bin/dot", X_OK) == 0; }

// Runs `dot -T<format>` over the text; returns its exit status and puts its stderr in `errors`.
inline int RunDot(const std::string& text, const std::string& format, std::string& errors,
                  const std::string& output = "/dev/null") {
  char input_path[] = "/tmp/sfn-render-test-XXXXXX";
  int fd = mkstemp(input_path);
  if (fd < 0) return -1;
  {
    std::ofstream input(input_path, std::ios::binary);
    input << text;
  }
  close(fd);
  std::string error_path = std::string(input_path) + ".err";
  std::string command =
      "/usr/bin/dot -T" + format + " -o '" + output + "' '" + input_path + "' 2>'" + error_path + "'";
  int status = std::system(command.c_str());
  std::ifstream error_file(error_path);
  std::stringstream buffer;
  buffer << error_file.rdbuf();
  errors = buffer.str();
  std::remove(input_path);
  std::remove(error_path.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace sfn::render::testing
