#include "lint/schema_check.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sfn::lint {
namespace {

const SchemaChecker& AslChecker() {
  static const SchemaChecker kChecker = SchemaChecker::FromFile(SFN_SOURCE_DIR "/schemas/asl.schema.json");
  return kChecker;
}

std::vector<SchemaFinding> CheckText(const std::string& text) {
  return AslChecker().Check(Json::parse(text));
}

// Wraps one state (a JSON object text) as the only state "S" of a machine.
std::string OneState(const std::string& state) {
  return R"({"StartAt": "S", "States": {"S": )" + state + "}}";
}

struct Case {
  const char* name;
  std::string definition;
  std::vector<SchemaFinding> expected;
};

void RunTable(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    std::string name = c.name;
    CAPTURE(name);
    std::vector<SchemaFinding> got = CheckText(c.definition);
    REQUIRE(got.size() == c.expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].pointer == c.expected[i].pointer);
      CHECK(got[i].message == c.expected[i].message);
    }
  }
}

const char* const kEveryStateJsonPath = R"json({
  "Comment": "every state type, JSONPath",
  "StartAt": "Pass",
  "Version": "1.0",
  "TimeoutSeconds": 3600,
  "QueryLanguage": "JSONPath",
  "States": {
    "Pass": {"Type": "Pass", "Comment": "c", "InputPath": "$.in", "OutputPath": null,
             "Parameters": {"a.$": "$.x"},
             "Result": [1, 2], "ResultPath": "$.r", "Assign": {"v": 1}, "Next": "Task"},
    "Task": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Parameters": {"FunctionName": "f"},
             "ResultSelector": {"p.$": "$.Payload"}, "ResultPath": null, "TimeoutSeconds": 30,
             "HeartbeatSeconds": 10, "Credentials": {"RoleArn": "arn:aws:iam::1:role/r"},
             "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 0,
                        "BackoffRate": 1.5, "MaxDelaySeconds": 60, "JitterStrategy": "FULL", "Comment": "r"}],
             "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fail", "ResultPath": "$.error",
                        "Comment": "c"}],
             "Next": "Choice"},
    "Choice": {"Type": "Choice", "InputPath": "$", "OutputPath": "$",
               "Choices": [
                 {"Variable": "$.a", "StringEquals": "x", "Next": "Wait", "Comment": "c"},
                 {"And": [{"Variable": "$.b", "NumericGreaterThanEqualsPath": "$.c"},
                          {"Or": [{"Variable": "$.d", "IsNull": true},
                                  {"Not": {"Variable": "$.e",
                                           "TimestampLessThan": "2020-01-01T00:00:00Z"}}]}],
                  "Next": "Wait"},
                 {"Variable": "$.f", "StringMatches": "a*", "Next": "Succeed"}],
               "Default": "Parallel"},
    "Wait": {"Type": "Wait", "TimestampPath": "$.when", "Next": "Parallel"},
    "Parallel": {"Type": "Parallel",
                 "Branches": [{"Comment": "b", "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}],
                 "ResultSelector": {"r.$": "$[0]"}, "Retry": [], "Catch": [], "Next": "Map"},
    "Map": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"},
            "MaxConcurrency": 0,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "M",
                              "States": {"M": {"Type": "Pass", "End": true}}},
            "ResultPath": "$.mapped", "Next": "Legacy"},
    "Legacy": {"Type": "Map", "Parameters": {"x.$": "$$.Map.Item.Value"},
               "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true},
    "Succeed": {"Type": "Succeed", "Comment": "done"},
    "Fail": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('{}', $.error.Cause)"}
  }
})json";

const char* const kEveryStateJsonata = R"json({
  "QueryLanguage": "JSONata",
  "StartAt": "Pass",
  "States": {
    "Pass": {"Type": "Pass", "Output": "{% $states.input %}", "Assign": {"n": "{% 1 %}"}, "Next": "Task"},
    "Task": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
             "TimeoutSeconds": "{% $timeout %}", "HeartbeatSeconds": "{% 5 %}",
             "Credentials": {"RoleArn": "{% $role %}"}, "Output": {"r": "{% $states.result %}"},
             "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fail", "Output": "{% $states.errorOutput %}",
                        "Assign": {"failed": true}}],
             "Next": "Choice"},
    "Choice": {"Type": "Choice", "Output": "{% $states.input %}", "Assign": {"c": 1},
               "Choices": [{"Condition": "{% $n > 1 %}", "Next": "Wait", "Assign": {"big": true},
                            "Output": 1},
                           {"Condition": true, "Next": "Wait"}],
               "Default": "Wait"},
    "Wait": {"Type": "Wait", "Seconds": "{% $n %}", "Output": {}, "Next": "Parallel"},
    "Parallel": {"Type": "Parallel", "Arguments": "{% $states.input %}",
                 "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
                 "Next": "Map"},
    "Map": {"Type": "Map", "Items": "{% $states.input.items %}",
            "ItemSelector": "{% $states.context.Map.Item %}",
            "MaxConcurrency": "{% 2 %}", "ToleratedFailureCount": "{% 0 %}",
            "ItemProcessor": {"StartAt": "M", "States": {"M": {"Type": "Succeed", "Output": [1]}}},
            "Next": "Fail"},
    "Fail": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "{% 'C' %}", "QueryLanguage": "JSONata"}
  }
})json";

// Deployment-time ${Name} substitutions in every field that is not a string.
const char* const kPlaceholders = R"json({
  "StartAt": "Wait",
  "TimeoutSeconds": "${MachineTimeout}",
  "States": {
    "Wait": {"Type": "Wait", "Seconds": "${ReminderTimeout}", "Next": "Task"},
    "Task": {"Type": "Task", "Resource": "${FunctionArn}", "Parameters": "${TaskParameters}",
             "ResultSelector": "${Selector}", "Assign": "${Variables}", "Credentials": "${Credentials}",
             "TimeoutSeconds": "${TaskTimeout}", "HeartbeatSeconds": "${Heartbeat}",
             "Retry": [{"ErrorEquals": "${RetryErrors}", "IntervalSeconds": "${Interval}",
                        "MaxAttempts": "${Attempts}", "BackoffRate": "${Backoff}",
                        "MaxDelaySeconds": "${MaxDelay}", "JitterStrategy": "${Jitter}"}],
             "Next": "Choice"},
    "Choice": {"Type": "Choice", "Choices": [
                 {"Variable": "$.n", "NumericEquals": "${Threshold}", "Next": "Map"},
                 {"Variable": "$.b", "BooleanEquals": "${Flag}", "Next": "Map"},
                 {"Variable": "$.p", "IsPresent": "${Check}", "Next": "Map"}]},
    "Map": {"Type": "Map", "MaxConcurrency": "${Concurrency}", "ToleratedFailurePercentage": "${Tolerance}",
            "ToleratedFailureCount": "${Failures}", "ItemReader": "${Reader}", "ItemBatcher": "${Batcher}",
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "WriterConfig": "${Writer}"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "${MapMode}", "ExecutionType": "${MapType}"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "End": true}
  }
})json";

const char* const kDistributedMap = R"json({
  "StartAt": "Map",
  "States": {
    "Map": {
      "Type": "Map",
      "Label": "Ratings",
      "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                     "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                                      "CSVHeaders": ["a", "b"],
                                      "CSVDelimiter": "SEMICOLON", "MaxItems": 100},
                     "Parameters": {"Bucket": "b", "Key": "k.csv"}},
      "ItemBatcher": {"MaxItemsPerBatch": 10, "MaxInputBytesPerBatch": 262144, "BatchInput": {"run": "x"}},
      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                       "Parameters": {"Bucket": "out", "Prefix": "p"},
                       "WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}},
      "MaxConcurrencyPath": "$.concurrency",
      "ToleratedFailurePercentage": 12.5,
      "ToleratedFailureCountPath": "$.failures",
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                        "StartAt": "Work",
                        "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                            "End": true}}},
      "End": true
    }
  }
})json";

TEST_CASE("schema check: valid definitions give no findings") {
  std::vector<Case> cases = {
      {"minimal", OneState(R"({"Type": "Succeed"})"), {}},
      {"every state type, JSONPath", kEveryStateJsonPath, {}},
      {"every state type, JSONata", kEveryStateJsonata, {}},
      {"placeholders in non-string fields", kPlaceholders, {}},
      {"distributed Map with reader, batcher and writer", kDistributedMap, {}},
      {"CloudFormation function as Resource",
       OneState(R"({"Type": "Task", "Resource": {"Fn::GetAtt": ["Fn", "Arn"]}, "End": true})"),
       {}},
      {"Parameters that is not an object",
       OneState(R"({"Type": "Pass", "Parameters": [1], "End": true})"),
       {}},
      {"Wait with a timestamp",
       OneState(R"({"Type": "Wait", "Timestamp": "2030-01-01T00:00:00Z", "End": true})"),
       {}},
      {"Map iterating over a literal array",
       OneState(R"({"Type": "Map", "Items": [1, 2], "End": true,
                    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}})"),
       {}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: top level") {
  std::vector<Case> cases = {
      {"not an object", "[1]", {{"", "definition must be an object (got an array)"}}},
      {"missing StartAt",
       R"({"States": {"A": {"Type": "Succeed"}}})",
       {{"", "missing required field 'StartAt'"}}},
      {"missing States", R"({"StartAt": "A"})", {{"", "missing required field 'States'"}}},
      {"unknown field",
       R"({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}, "Timeout": 5})",
       {{"/Timeout", "unknown field 'Timeout' in state machine"}}},
      {"misspelled query language",
       R"({"StartAt": "A", "QueryLanguage": "JSONPATH", "States": {"A": {"Type": "Succeed"}}})",
       {{"/QueryLanguage",
         "'QueryLanguage' must be one of 'JSONPath', 'JSONata' (got 'JSONPATH'; did you mean 'JSONPath'?)"}}},
      {"States is an array",
       R"({"StartAt": "A", "States": []})",
       {{"/States", "'States' must be an object (got an array)"}}},
      {"negative TimeoutSeconds",
       R"({"StartAt": "A", "TimeoutSeconds": -5, "States": {"A": {"Type": "Succeed"}}})",
       {{"/TimeoutSeconds", "'TimeoutSeconds' must be a positive integer (got -5)"}}},
      {"state name longer than 80 characters",
       R"({"StartAt": "A", "States": {"A": {"Type": "Succeed"}, ")" + std::string(81, 'n') +
           R"(": {"Type": "Succeed"}}})",
       {{"/States/" + std::string(81, 'n'),
         "state name '" + std::string(48, 'n') + "...' must be at most 80 characters long (got 81)"}}},
      {"empty state name",
       R"({"StartAt": "", "States": {"": {"Type": "Succeed"}}})",
       {{"/States/", "state name '' must not be empty"}}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: state type and fields") {
  std::vector<Case> cases = {
      {"state is not an object",
       OneState(R"("x")"),
       {{"/States/S", "state 'S' must be an object (got 'x')"}}},
      {"missing Type", OneState(R"({"Next": "X"})"), {{"/States/S", "missing required field 'Type'"}}},
      {"unknown Type",
       OneState(R"({"Type": "Tsk", "Resource": "r", "End": true})"),
       {{"/States/S/Type",
         "'Type' must be one of 'Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map' (got "
         "'Tsk'; "
         "did you mean 'Task'?)"}}},
      {"Type is not a string",
       OneState(R"({"Type": 5})"),
       {{"/States/S/Type",
         "'Type' must be one of 'Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map' (got "
         "5)"}}},
      {"misspelled field",
       OneState(R"({"Type": "Task", "Resource": "r", "Nxt": "B", "End": true})"),
       {{"/States/S/Nxt", "unknown field 'Nxt' in Task state (did you mean 'Next'?)"}}},
      {"unknown field, suggestion from the shared edit distance",
       OneState(R"({"Type": "Pass", "bugInputPath": "$", "End": true})"),
       {{"/States/S/bugInputPath", "unknown field 'bugInputPath' in Pass state (did you mean 'InputPath'?)"}}},
      {"field of another state type",
       OneState(R"({"Type": "Pass", "ResultSelector": {}, "End": true})"),
       {{"/States/S/ResultSelector", "field 'ResultSelector' is not allowed in Pass state"}}},
      {"Next on a Choice state",
       OneState(
           R"({"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "S"}],
               "Next": "S"})"),
       {{"/States/S/Next", "field 'Next' is not allowed in Choice state"}}},
      {"Fail has no InputPath",
       OneState(R"({"Type": "Fail", "InputPath": "$"})"),
       {{"/States/S/InputPath", "field 'InputPath' is not allowed in Fail state"}}},
      {"missing Resource",
       OneState(R"({"Type": "Task", "End": true})"),
       {{"/States/S", "missing required field 'Resource'"}}},
      {"misspelled required field is reported once",
       OneState(R"({"Type": "Task", "Resorce": "r", "End": true})"),
       {{"/States/S/Resorce", "unknown field 'Resorce' in Task state (did you mean 'Resource'?)"}}},
      {"empty Resource",
       OneState(R"({"Type": "Task", "Resource": "", "End": true})"),
       {{"/States/S/Resource", "'Resource' must not be empty"}}},
      {"numeric Resource",
       OneState(R"({"Type": "Task", "Resource": 5, "End": true})"),
       {{"/States/S/Resource", "'Resource' must be a non-empty string (got 5)"}}},
      {"End is a string",
       OneState(R"({"Type": "Pass", "End": "true"})"),
       {{"/States/S/End", "'End' must be a boolean (got 'true')"}}},
      {"Next and End",
       OneState(R"({"Type": "Pass", "Next": "S", "End": true})"),
       {{"/States/S/End", "'End' cannot be used together with 'Next'"}}},
      {"neither Next nor End",
       OneState(
           R"({"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]})"),
       {{"/States/S", "missing 'Next' or 'End' in Parallel state"}}},
      {"InputPath is a number",
       OneState(R"({"Type": "Pass", "InputPath": 5, "End": true})"),
       {{"/States/S/InputPath", "'InputPath' must be a string or null (got 5)"}}},
      {"Assign is an array",
       OneState(R"({"Type": "Pass", "Assign": [1], "End": true})"),
       {{"/States/S/Assign", "'Assign' must be an object (got an array)"}}},
      {"Fail fields are strings",
       OneState(R"({"Type": "Fail", "Error": 5, "Cause": {"a": 1}})"),
       {{"/States/S/Error", "'Error' must be a string (got 5)"},
        {"/States/S/Cause", "'Cause' must be a string (got an object)"}}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: numbers, placeholders and expressions") {
  std::vector<Case> cases = {
      {"TimeoutSeconds zero",
       OneState(R"({"Type": "Task", "Resource": "r", "TimeoutSeconds": 0, "End": true})"),
       {{"/States/S/TimeoutSeconds", "'TimeoutSeconds' must be a positive integer (got 0)"}}},
      {"TimeoutSeconds text",
       OneState(R"({"Type": "Task", "Resource": "r", "TimeoutSeconds": "abc", "End": true})"),
       {{"/States/S/TimeoutSeconds",
         "'TimeoutSeconds' must be a positive integer or a JSONata expression (got 'abc')"}}},
      {"TimeoutSeconds fraction",
       OneState(R"({"Type": "Task", "Resource": "r", "TimeoutSeconds": 1.5, "End": true})"),
       {{"/States/S/TimeoutSeconds",
         "'TimeoutSeconds' must be a positive integer or a JSONata expression (got 1.5)"}}},
      {"unterminated placeholder",
       OneState(R"({"Type": "Wait", "Seconds": "${Delay", "End": true})"),
       {{"/States/S/Seconds",
         "'Seconds' must be a non-negative integer or a JSONata expression (got '${Delay')"}}},
      {"unterminated expression",
       OneState(R"({"Type": "Wait", "Seconds": "{% $x", "End": true})"),
       {{"/States/S/Seconds",
         "'Seconds' must be a non-negative integer or a JSONata expression (got '{% $x')"}}},
      {"Wait without duration",
       OneState(R"({"Type": "Wait", "End": true})"),
       {{"/States/S", "missing 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' in Wait state"}}},
      {"Wait with two durations is left to the semantic rules",
       OneState(R"({"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true})"),
       {}},
      {"Credentials is a string",
       OneState(R"({"Type": "Task", "Resource": "r", "Credentials": "role", "End": true})"),
       {{"/States/S/Credentials", "'Credentials' must be an object or a JSONata expression (got 'role')"}}},
      {"bad CloudFormation function",
       OneState(R"({"Type": "Task", "Resource": {"Ref": "a", "Fn::Sub": "b"}, "End": true})"),
       {{"/States/S/Resource", "'Resource' must be a non-empty string (got an object)"}}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: Retry and Catch") {
  auto task = [](const std::string& extra) {
    return OneState(R"({"Type": "Task", "Resource": "r", "End": true, )" + extra + "}");
  };
  std::vector<Case> cases = {
      {"Retry is an object",
       task(R"("Retry": {"ErrorEquals": ["States.ALL"]})"),
       {{"/States/S/Retry", "'Retry' must be an array (got an object)"}}},
      {"ErrorEquals empty",
       task(R"("Retry": [{"ErrorEquals": []}])"),
       {{"/States/S/Retry/0/ErrorEquals", "'ErrorEquals' must not be empty"}}},
      {"ErrorEquals a string",
       task(R"("Retry": [{"ErrorEquals": "States.ALL"}])"),
       {{"/States/S/Retry/0/ErrorEquals",
         "'ErrorEquals' must be a non-empty array of strings (got 'States.ALL')"}}},
      {"ErrorEquals entry not a string",
       task(R"("Catch": [{"ErrorEquals": [true], "Next": "S"}])"),
       {{"/States/S/Catch/0/ErrorEquals/0", "'ErrorEquals[0]' must be a string (got true)"}}},
      {"retrier ranges",
       task(R"("Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0, "MaxAttempts": -1, "BackoffRate": 0.5,
                         "MaxDelaySeconds": -1}])"),
       {{"/States/S/Retry/0/IntervalSeconds", "'IntervalSeconds' must be a positive integer (got 0)"},
        {"/States/S/Retry/0/MaxAttempts", "'MaxAttempts' must be a non-negative integer (got -1)"},
        {"/States/S/Retry/0/BackoffRate", "'BackoffRate' must be a number of at least 1 (got 0.5)"},
        {"/States/S/Retry/0/MaxDelaySeconds", "'MaxDelaySeconds' must be a positive integer (got -1)"}}},
      {"JitterStrategy",
       task(R"("Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "PARTIAL"}])"),
       {{"/States/S/Retry/0/JitterStrategy",
         "'JitterStrategy' must be one of 'FULL', 'NONE' (got 'PARTIAL')"}}},
      {"catcher without Next",
       task(R"("Catch": [{"ErrorEquals": ["E"], "ResultPath": 5}])"),
       {{"/States/S/Catch/0", "missing required field 'Next'"},
        {"/States/S/Catch/0/ResultPath", "'ResultPath' must be a string or null (got 5)"}}},
      {"catcher field from a retrier",
       task(R"("Catch": [{"ErrorEquals": ["E"], "Next": "S", "MaxAttempts": 1}])"),
       {{"/States/S/Catch/0/MaxAttempts", "field 'MaxAttempts' is not allowed in Catch entry"}}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: Choice rules") {
  auto choice = [](const std::string& rule) {
    return OneState(R"({"Type": "Choice", "Default": "S", "Choices": [)" + rule + "]}");
  };
  std::vector<Case> cases = {
      {"no rules",
       OneState(R"({"Type": "Choice", "Choices": []})"),
       {{"/States/S/Choices", "'Choices' must not be empty"}}},
      {"no operator",
       choice(R"({"Variable": "$.x", "Next": "S"})"),
       {{"/States/S/Choices/0",
         "missing a comparison operator, 'And', 'Or', 'Not' or 'Condition' in choice rule"}}},
      {"two operators",
       choice(R"({"Variable": "$.x", "StringEquals": "a", "NumericEquals": 1, "Next": "S"})"),
       {{"/States/S/Choices/0/NumericEquals",
         "'NumericEquals' cannot be used together with 'StringEquals'"}}},
      {"operator without Variable",
       choice(R"({"StringEquals": "a", "Next": "S"})"),
       {{"/States/S/Choices/0", "missing required field 'Variable' (needed by 'StringEquals')"}}},
      {"misspelled operator",
       choice(R"({"Variable": "$.x", "StringEqual": "a", "Next": "S"})"),
       {{"/States/S/Choices/0/StringEqual",
         "unknown field 'StringEqual' in choice rule (did you mean 'StringEquals'?)"}}},
      {"missing Next",
       choice(R"({"Variable": "$.x", "IsPresent": true, "End": true})"),
       {{"/States/S/Choices/0", "missing required field 'Next'"},
        {"/States/S/Choices/0/End", "field 'End' is not allowed in choice rule"}}},
      {"Next in a nested rule",
       choice(R"({"And": [{"Variable": "$.x", "IsPresent": true, "Next": "S"}], "Next": "S"})"),
       {{"/States/S/Choices/0/And/0/Next", "field 'Next' is not allowed in nested choice rule"}}},
      {"Not holds an array",
       choice(R"({"Not": [{"Variable": "$.x", "IsPresent": true}], "Next": "S"})"),
       {{"/States/S/Choices/0/Not", "'Not' must be an object (got an array)"}}},
      {"empty And",
       choice(R"({"And": [], "Next": "S"})"),
       {{"/States/S/Choices/0/And", "'And' must not be empty"}}},
      {"BooleanEquals text",
       choice(R"({"Variable": "$.x", "BooleanEquals": "true", "Next": "S"})"),
       {{"/States/S/Choices/0/BooleanEquals", "'BooleanEquals' must be a boolean (got 'true')"}}},
      {"NumericEquals text",
       choice(R"({"Variable": "$.x", "NumericEquals": "1", "Next": "S"})"),
       {{"/States/S/Choices/0/NumericEquals", "'NumericEquals' must be a number (got '1')"}}},
      {"Condition is a number",
       choice(R"({"Condition": 5, "Next": "S"})"),
       {{"/States/S/Choices/0/Condition", "'Condition' must be a boolean or a string (got 5)"}}},
      {"Condition in a nested rule",
       choice(R"({"Not": {"Condition": true}, "Next": "S"})"),
       {{"/States/S/Choices/0/Not/Condition", "field 'Condition' is not allowed in nested choice rule"},
        {"/States/S/Choices/0/Not",
         "missing a comparison operator, 'And', 'Or' or 'Not' in nested choice rule"}}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: Parallel and Map") {
  const std::string processor = R"("ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}})";
  auto map = [&](const std::string& extra) {
    return OneState(R"({"Type": "Map", "End": true, )" + extra + "}");
  };
  std::vector<Case> cases = {
      {"missing Branches",
       OneState(R"({"Type": "Parallel", "End": true})"),
       {{"/States/S", "missing required field 'Branches'"}}},
      {"empty Branches",
       OneState(R"({"Type": "Parallel", "End": true, "Branches": []})"),
       {{"/States/S/Branches", "'Branches' must not be empty"}}},
      {"branch is an array",
       OneState(R"({"Type": "Parallel", "End": true, "Branches": [[]]})"),
       {{"/States/S/Branches/0", "'Branches[0]' must be an object (got an array)"}}},
      {"QueryLanguage on a branch",
       OneState(
           R"({"Type": "Parallel", "End": true, "Branches": [
                 {"StartAt": "B", "QueryLanguage": "JSONata", "States": {"B": {"Type": "Succeed"}}}]})"),
       {{"/States/S/Branches/0/QueryLanguage", "field 'QueryLanguage' is not allowed in branch"}}},
      {"problem inside a branch",
       OneState(
           R"({"Type": "Parallel", "End": true,
               "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass"}}}]})"),
       {{"/States/S/Branches/0/States/B", "missing 'Next' or 'End' in Pass state"}}},
      {"no processor",
       map(R"("ItemsPath": "$.items")"),
       {{"/States/S", "missing 'ItemProcessor' (or the legacy 'Iterator') in Map state"}}},
      {"processor and iterator",
       map(processor + R"(, "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}})"),
       {{"/States/S/Iterator", "'Iterator' cannot be used together with 'ItemProcessor'"}}},
      {"processor mode",
       map(R"("ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTE", "ExecutionType": "express"},
                                "StartAt": "P", "States": {"P": {"Type": "Succeed"}}})"),
       {{"/States/S/ItemProcessor/ProcessorConfig/Mode",
         "'Mode' must be one of 'INLINE', 'DISTRIBUTED' (got 'DISTRIBUTE'; did you mean 'DISTRIBUTED'?)"},
        {"/States/S/ItemProcessor/ProcessorConfig/ExecutionType",
         "'ExecutionType' must be one of 'STANDARD', 'EXPRESS' (got 'express'; did you mean 'EXPRESS'?)"}}},
      {"reader, batcher and writer",
       map(processor + R"(, "ItemReader": {"ReaderConfig": {"InputType": "XML", "MaxItems": -1}},
                          "ItemBatcher": {"MaxItemsPerBatch": 0},
                          "ResultWriter": {"WriterConfig": {"OutputType": "CSV"}})"),
       {{"/States/S/ItemReader", "missing required field 'Resource'"},
        {"/States/S/ItemReader/ReaderConfig/InputType",
         "'InputType' must be one of 'CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET' (got 'XML')"},
        {"/States/S/ItemReader/ReaderConfig/MaxItems", "'MaxItems' must be a non-negative integer (got -1)"},
        {"/States/S/ItemBatcher/MaxItemsPerBatch", "'MaxItemsPerBatch' must be a positive integer (got 0)"},
        {"/States/S/ResultWriter/WriterConfig/OutputType",
         "'OutputType' must be one of 'JSON', 'JSONL' (got 'CSV')"}}},
      {"tolerated percentage",
       map(processor + R"(, "ToleratedFailurePercentage": 105)"),
       {{"/States/S/ToleratedFailurePercentage",
         "'ToleratedFailurePercentage' must be a number from 0 to 100 (got 105)"}}},
      {"label and concurrency",
       map(processor + R"(, "Label": ")" + std::string(41, 'x') + R"(", "MaxConcurrency": -1)"),
       {{"/States/S/Label", "'Label' must be at most 40 characters long (got 41)"},
        {"/States/S/MaxConcurrency", "'MaxConcurrency' must be a non-negative integer (got -1)"}}},
      {"ItemsPath null",
       map(processor + R"(, "ItemsPath": null)"),
       {{"/States/S/ItemsPath", "'ItemsPath' must be a string (got null)"}}},
      {"Items is a number",
       map(processor + R"(, "Items": 5)"),
       {{"/States/S/Items", "'Items' must be an array or a JSONata expression (got 5)"}}},
      {"Arguments on a Map",
       map(processor + R"(, "Arguments": {})"),
       {{"/States/S/Arguments", "field 'Arguments' is not allowed in Map state"}}},
  };
  RunTable(cases);
}

TEST_CASE("schema check: findings come in document order, one per problem") {
  std::string definition = R"({"StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "r", "TimeoutSeconds": 0, "Next": "B"},
      "B": {"Type": "Wait", "Seconds": -1, "Next": "C"},
      "C": {"Type": "Succeed", "Nxt": "A"}}})";
  RunTable({{"three states",
             definition,
             {{"/States/A/TimeoutSeconds", "'TimeoutSeconds' must be a positive integer (got 0)"},
              {"/States/B/Seconds", "'Seconds' must be a non-negative integer (got -1)"},
              {"/States/C/Nxt", "unknown field 'Nxt' in Succeed state"}}}});
}

TEST_CASE("schema check: escapes pointer tokens and shortens long values") {
  std::string long_value(100, 'v');
  RunTable({{"slash and tilde in a state name",
             R"({"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Pass", "End": 1}}})",
             {{"/States/a~1b~0c/End", "'End' must be a boolean (got 1)"}}},
            {"long value",
             OneState(R"({"Type": "Pass", "End": ")" + long_value + R"("})"),
             {{"/States/S/End", "'End' must be a boolean (got '" + std::string(48, 'v') + "...')"}}}});
}

TEST_CASE("schema check: deep nesting gives one finding and no crash") {
  Json deep = Json::object();
  Json* cursor = &deep;
  for (int i = 0; i < 5000; ++i) cursor = &((*cursor)["a"] = Json::object());
  Json definition = Json::parse(OneState(R"({"Type": "Pass", "End": true})"));
  definition["States"]["S"]["Parameters"] = std::move(deep);
  std::vector<SchemaFinding> expected = {{"", "definition nests more than 200 levels deep"}};
  CHECK(AslChecker().Check(definition) == expected);

  Json nested = Json::parse(R"({"Variable": "$.x", "IsPresent": true})");
  for (int i = 0; i < 190; ++i) nested = Json{{"Not", nested}};
  nested["Next"] = "S";
  Json choice = Json::parse(OneState(R"({"Type": "Choice", "Choices": []})"));
  choice["States"]["S"]["Choices"].push_back(nested);
  CHECK(AslChecker().Check(choice).empty());
  choice["States"]["S"]["Choices"][0]["Bad"] = 1;
  CHECK(AslChecker().Check(choice).size() == 1);
}

TEST_CASE("schema check: a checker is reusable and copyable") {
  SchemaChecker copy = AslChecker();
  std::string bad = OneState(R"({"Type": "Pass"})");
  CHECK(copy.Check(Json::parse(bad)) == CheckText(bad));
  CHECK(copy.Check(Json::parse(kEveryStateJsonPath)).empty());
}

TEST_CASE("schema check: custom schemas use the same keywords") {
  Json schema = Json::parse(R"json({
    "definitions": {"hidden": {"title": "", "type": "string", "pattern": "^x$"}},
    "type": "object",
    "properties": {
      "kind": {"const": "k"},
      "size": {"oneOf": [{"type": "integer", "maximum": 9}, {"type": "string", "minLength": 3}]},
      "tag": {"not": {"type": "null"}},
      "list": {"type": "array", "minItems": 2, "maxItems": 3},
      "opt": {"anyOf": [{"type": "boolean"}, {"$ref": "#/definitions/hidden"}]}
    },
    "dependencies": {"a": {"required": ["b"]}},
    "minProperties": 2,
    "maxProperties": 5
  })json");
  SchemaChecker checker = SchemaChecker::FromJson(schema);
  CHECK(checker.Check(Json::parse(R"({"kind": "k", "size": 3, "opt": "x"})")).empty());
  auto findings =
      checker.Check(Json::parse(R"({"kind": "z", "size": 12, "tag": null, "list": [1], "opt": "y"})"));
  std::vector<SchemaFinding> expected = {
      {"/kind", "'kind' must be 'k' (got 'z')"},
      {"/size", "'size' must be an integer of at most 9 (got 12)"},
      {"/tag", "'tag' is not allowed here"},
      {"/list", "'list' must have at least 2 entries"},
      {"/opt", "'opt' must be a boolean (got 'y')"},
  };
  CHECK(findings == expected);
  CHECK(checker.Check(Json::parse(R"({"a": 1, "kind": "k"})")) ==
        std::vector<SchemaFinding>{{"", "missing required field 'b'"}});
  CHECK(checker.Check(Json::parse(R"({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6})")) ==
        std::vector<SchemaFinding>{{"", "definition must have at most 5 fields"}});
}

TEST_CASE("schema check: loading errors are clear") {
  auto message_of = [](auto&& load) -> std::string {
    try {
      load();
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  };
  std::string missing = message_of([] { SchemaChecker::FromFile("/nonexistent/asl.schema.json"); });
  CHECK(missing.rfind("cannot read schema file '/nonexistent/asl.schema.json'", 0) == 0);

  std::string path =
      (std::filesystem::temp_directory_path() / "sfn-schema-check-test-not-json.json").string();
  std::ofstream(path) << "{not json";
  std::string not_json = message_of([&] { SchemaChecker::FromFile(path); });
  std::remove(path.c_str());
  CHECK(not_json.rfind("schema file '" + path + "' is not valid JSON: ", 0) == 0);

  CHECK(message_of([] { SchemaChecker::FromJson(Json::parse(R"({"patternProperties": {}})")); }) ==
        "unsupported schema at '/': keyword 'patternProperties' is not supported");
  CHECK(message_of([] {
          SchemaChecker::FromJson(Json::parse(R"({"properties": {"a": {"$ref": "#/definitions/x"}}})"));
        }) == "unsupported schema at '/properties/a': reference '#/definitions/x' does not resolve");
  CHECK(message_of([] { SchemaChecker::FromJson(Json::parse(R"({"items": [{}]})")); }) ==
        "unsupported schema at '/': tuple 'items' is not supported");
}

}  // namespace
}  // namespace sfn::lint

namespace sfn::lint {
namespace {

TEST_CASE("the embedded schema judges and explains exactly as the schema file does") {
  const SchemaChecker& embedded = SchemaChecker::Embedded();
  CHECK(&embedded == &SchemaChecker::Embedded());  // compiled once per process
  const std::vector<std::string> definitions = {
      OneState(R"({"Type": "Pass", "End": true})"),
      OneState(R"({"Type": "Pass", "Nxt": "X", "End": true})"),
      OneState(R"({"Type": "Wait", "Seconds": "ten", "End": true})"),
      OneState(R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": -1})"),
      R"({"StartAt": 5, "States": []})",
  };
  for (const std::string& text : definitions) {
    CAPTURE(text);
    CHECK(embedded.Check(Json::parse(text)) == CheckText(text));
  }
  CHECK_FALSE(embedded.Check(Json::parse(definitions[1])).empty());
}

}  // namespace
}  // namespace sfn::lint
