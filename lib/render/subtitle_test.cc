#include "render/subtitle.h"

#include <doctest/doctest.h>

#include <string>

#include "model/state_machine.h"

using sfn::Json;
using namespace sfn::render;

namespace {

std::string SubtitleOf(const std::string& state_json, size_t width = kDefaultLabelWidth) {
  auto machine =
      sfn::model::BuildStateMachine(Json::parse(R"({"StartAt": "S", "States": {"S": )" + state_json + "}}"));
  return StateSubtitle(*machine->top.states.at(0), width);
}

}  // namespace

TEST_CASE("render: task resource subtitles") {
  struct Case {
    const char* resource;
    const char* expected;
  };
  const Case cases[] = {
      {"arn:aws:states:::lambda:invoke", "lambda:invoke"},
      {"arn:aws:states:::dynamodb:putItem", "dynamodb:putItem"},
      {"arn:aws:states:::aws-sdk:s3:getObject", "s3:getObject"},
      {"arn:aws:states:::ecs:runTask.sync", "ecs:runTask.sync"},
      {"arn:aws:states:::states:startExecution.sync:2", "states:startExecution.sync:2"},
      {"arn:aws:states:::sqs:sendMessage.waitForTaskToken", "sqs:sendMessage.waitForTaskToken"},
      {"arn:aws-us-gov:states:::sns:publish", "sns:publish"},
      {"arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder", "lambda:ProcessOrder"},
      {"arn:aws:lambda:us-east-1:123456789012:function:ProcessOrder:prod", "lambda:ProcessOrder:prod"},
      {"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}", "lambda:${FunctionName}"},
      {"arn:aws:states:us-east-1:123456789012:activity:ApproveOrder", "activity:ApproveOrder"},
      {"${ProcessFunctionArn}", "${ProcessFunctionArn}"},
      {"{% $states.input.arn %}", "{% $states.input.arn %}"},
      {"arn:aws:sqs:us-east-1:123456789012:queue", "arn:aws:sqs:us-east-1:123456789012:queue"},
      {"not an arn", "not an arn"},
      {"arn:aws:states:::aws-sdk:", "aws-sdk:"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.resource);
    CHECK(ResourceSubtitle(c.resource) == c.expected);
  }
  CHECK(ResourceSubtitle(
            "{% $join([$states.input.region, $states.input.account, $states.input.functionName], ':') %}",
            30) == "{% $join([$states.input.regio\xE2\x80\xA6");
}

TEST_CASE("render: state subtitles by type") {
  struct Case {
    const char* state;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true})",
       "Task · lambda:invoke"},
      {R"({"Type": "Task", "End": true})", "Task"},
      {R"({"Type": "Wait", "Seconds": 3600, "End": true})", "Wait 3600 s"},
      {R"({"Type": "Wait", "Seconds": 0.5, "End": true})", "Wait 0.5 s"},
      {R"({"Type": "Wait", "SecondsPath": "$.delay", "End": true})", "Wait $.delay s"},
      {R"({"Type": "Wait", "TimestampPath": "$.ts", "End": true})", "Wait until $.ts"},
      {R"({"Type": "Wait", "Timestamp": "2024-01-01T00:00:00Z", "End": true})",
       "Wait until 2024-01-01T00:00:00Z"},
      {R"({"Type": "Wait", "Seconds": "{%  $states.input.delay %}", "End": true})",
       "Wait {% $states.input.delay %} s"},
      {R"({"Type": "Wait", "End": true})", "Wait"},
      {R"({"Type": "Fail", "Error": "OutOfStock"})", "Fail · OutOfStock"},
      {R"({"Type": "Fail", "ErrorPath": "$.error"})", "Fail · $.error"},
      {R"({"Type": "Fail"})", "Fail"},
      {R"({"Type": "Succeed"})", "Succeed"},
      {R"({"Type": "Pass", "End": true})", "Pass"},
      {R"({"Type": "Choice", "Choices": []})", "Choice"},
      {R"({"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "A", "States": {}}, "End": true})",
       "Map · INLINE · ItemsPath $.items"},
      {R"({"Type": "Map", "Items": "{% $states.input.list %}", "ItemProcessor": {"ProcessorConfig":
           {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "A", "States": {}}, "End": true})",
       "Map · DISTRIBUTED (EXPRESS) · Items {% $states.input.list %}"},
      {R"({"Type": "Map", "Items": [1, 2, 3], "Iterator": {"StartAt": "A", "States": {}}, "End": true})",
       "Map · INLINE · Items [3 items]"},
      {R"({"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject"}, "End": true})",
       "Map · INLINE · ItemReader s3:getObject"},
      {R"({"Type": "Map", "End": true})", "Map · INLINE"},
      {R"({"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {}}], "End": true})",
       "Parallel · 1 branch"},
      {R"({"Type": "Parallel", "Branches": [{}, {}], "End": true})", "Parallel · 2 branches"},
      {R"({"Type": "Lambda", "End": true})", "unknown type 'Lambda'"},
      {R"({"End": true})", "missing Type"},
      {R"({"Type": 7})", "invalid Type"},
      {R"("just a string")", "not an object"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.state);
    CHECK(SubtitleOf(c.state) == c.expected);
  }
  CHECK(SubtitleOf(R"({"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:startSyncExecution"})",
                   20) == "Task · sfn:startSyn\xE2\x80\xA6");
}

TEST_CASE("render: retry and catch labels") {
  auto machine = sfn::model::BuildStateMachine(Json::parse(R"({"StartAt": "T", "States": {"T": {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
    "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException", "States.Timeout"], "IntervalSeconds": 2,
               "MaxAttempts": 3, "BackoffRate": 2},
              {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 1.5,
               "MaxDelaySeconds": 30, "JitterStrategy": "FULL"},
              {"ErrorEquals": []}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "T"},
              {"ErrorEquals": ["A", "B"], "Next": "T"},
              {"ErrorEquals": ["C"], "ResultPath": null, "Next": "T"}]}}})"));
  const auto& task = *machine->top.states[0];
  CHECK(RetryLabel(task.retry[0]) ==
        "Retry Lambda.TooManyRequestsException, States.Timeout\n\xC3\x97"
        "3, 2 s, backoff 2");
  CHECK(RetryLabel(task.retry[1]) ==
        "Retry States.ALL\n\xC3\x97"
        "5, 1 s, backoff 1.5, max 30 s, jitter");
  CHECK(RetryLabel(task.retry[2]) ==
        "Retry (no errors)\n\xC3\x97"
        "3, 1 s, backoff 2");
  CHECK(RetryLabel(task.retry[0], 20) ==
        "Retry Lambda.TooMan\xE2\x80\xA6\n\xC3\x97"
        "3, 2 s, backoff 2");
  CHECK(CatchLabel(task.catches[0]) == "Catch States.ALL\n\xE2\x86\x92 $.error");
  CHECK(CatchLabel(task.catches[1]) == "Catch A, B");
  CHECK(CatchLabel(task.catches[2]) == "Catch C\n\xE2\x86\x92 null");
}

TEST_CASE("render: numbers in labels") {
  CHECK(NumberText(3) == "3");
  CHECK(NumberText(-2) == "-2");
  CHECK(NumberText(1.5) == "1.5");
  CHECK(NumberText(0.125) == "0.125");
  CHECK(NumberText(2.0004) == "2");
  CHECK(NumberText(1e20) == "100000000000000000000");
}
