#include <doctest/doctest.h>

#include "model/state_machine.h"
#include "model/template_source.h"
#include "model/transitions.h"

using sfn::Json;
using namespace sfn::model;

TEST_CASE("model: states, scopes and fields") {
  Json def = Json::parse(R"({
    "Comment": "demo", "StartAt": "A", "TimeoutSeconds": 30,
    "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5,
            "InputPath": null, "ResultPath": "$.r", "Next": "C",
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "BackoffRate": 1.5, "JitterStrategy": "FULL"}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "ResultPath": "$.err"}]},
      "C": {"Type": "Choice", "Choices": [
              {"Variable": "$.x", "NumericEquals": 1, "Next": "P"},
              {"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.b", "StringEquals": "z"}}],
               "Next": "M"}],
            "Default": "F"},
      "P": {"Type": "Parallel", "Branches": [{"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}],
            "Next": "M"},
      "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                              "StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
            "End": true},
      "F": {"Type": "Fail", "Error": "Oops", "Cause": "bad"}
    }})");
  auto m = BuildStateMachine(def);
  CHECK(m->comment == "demo");
  CHECK(m->top.start_at == "A");
  REQUIRE(m->top.states.size() == 5);
  const State* a = m->top.Find("A");
  REQUIRE(a);
  CHECK(a->type == StateType::kTask);
  CHECK(a->pointer == "/States/A");
  CHECK(a->input_path.present);
  CHECK(a->input_path.is_null);
  CHECK(a->result_path.path == "$.r");
  CHECK_FALSE(a->output_path.present);
  REQUIRE(a->retry.size() == 1);
  CHECK(a->retry[0].max_attempts == 2);
  CHECK(a->retry[0].backoff_rate == 1.5);
  CHECK(a->retry[0].jitter == JitterStrategy::kFull);
  CHECK(a->retry[0].pointer == "/States/A/Retry/0");
  REQUIRE(a->catches.size() == 1);
  CHECK(a->catches[0].next == "F");

  const State* c = m->top.Find("C");
  REQUIRE(c->choices.size() == 2);
  CHECK(c->choices[0].kind == ChoiceRule::Kind::kComparison);
  CHECK(c->choices[0].op == "NumericEquals");
  CHECK(c->choices[0].operand == 1);
  CHECK(c->choices[1].kind == ChoiceRule::Kind::kAnd);
  REQUIRE(c->choices[1].children.size() == 2);
  CHECK(c->choices[1].children[1].kind == ChoiceRule::Kind::kNot);
  CHECK(c->choices[1].children[1].children[0].pointer == "/States/C/Choices/1/And/1/Not");

  const State* p = m->top.Find("P");
  REQUIRE(p->branches.size() == 1);
  CHECK(p->branches[0]->pointer == "/States/P/Branches/0");
  CHECK(p->branches[0]->owner == p);
  const State* map = m->top.Find("M");
  REQUIRE(map->processor);
  CHECK(map->processor_mode == "DISTRIBUTED");
  CHECK(map->execution_type == "EXPRESS");
  CHECK(map->items_path.path == "$.items");
  CHECK(map->processor->Find("I")->IsTerminal());

  auto all = m->AllStates();
  std::vector<std::string> names;
  for (auto* s : all) names.push_back(s->name);
  CHECK(names == std::vector<std::string>{"A", "C", "P", "B1", "M", "I", "F"});
}

TEST_CASE("model: transitions in order") {
  auto m = BuildStateMachine(Json::parse(R"({"StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "A"}], "Default": "B"},
    "A": {"Type": "Task", "Resource": "x", "Next": "B", "Catch": [{"ErrorEquals": ["E"], "Next": "C"}]},
    "B": {"Type": "Succeed"}}})"));
  auto tc = TransitionsOf(*m->top.Find("C"));
  REQUIRE(tc.size() == 2);
  CHECK(tc[0].kind == Transition::Kind::kChoice);
  CHECK(tc[0].target == "A");
  CHECK(tc[0].Pointer() == "/States/C/Choices/0/Next");
  CHECK(tc[1].Pointer() == "/States/C/Default");
  CHECK(tc[1].kind == Transition::Kind::kDefault);
  auto ta = TransitionsOf(*m->top.Find("A"));
  REQUIRE(ta.size() == 2);
  CHECK(ta[1].kind == Transition::Kind::kCatch);
  CHECK(ta[1].target == "C");
}

TEST_CASE("model: wrong types never throw") {
  auto m = BuildStateMachine(Json::parse(R"({"StartAt": 5, "States": {"A": 3, "B": {"Type": 7, "Next": []},
    "C": {"Type": "Choice", "Choices": {"x": 1}}, "D": {"Type": "Map", "Iterator": "no"}}})"));
  CHECK(m->top.states.size() == 4);
  CHECK(m->top.Find("A")->type == StateType::kUnknown);
  CHECK_FALSE(m->top.Find("B")->next.has_value());
  CHECK(m->top.Find("D")->uses_iterator);
  auto none = BuildStateMachine(Json::array());
  CHECK(none->top.states.empty());
}

TEST_CASE("model: query language per state") {
  auto m = BuildStateMachine(Json::parse(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}})"));
  CHECK(m->top.Find("A")->IsJsonata());
  CHECK_FALSE(m->top.Find("B")->IsJsonata());
  CHECK(m->top.Find("B")->explicit_query_language);
}

TEST_CASE("model: placeholders and JSONata strings") {
  struct Row {
    Json value;
    bool placeholder;
    bool jsonata;
  };
  std::vector<Row> rows = {
      {"${Timeout}", true, false}, {"${a}${b}", false, false}, {"${}", false, false}, {5, false, false},
      {"{% $x %}", false, true},   {" {% $x %}", false, false}, {"{%%}", false, true},
  };
  for (const auto& r : rows) {
    CAPTURE(r.value.dump());
    CHECK(IsPlaceholder(r.value) == r.placeholder);
    CHECK(IsJsonataExpression(r.value) == r.jsonata);
  }
  CHECK(JsonataBody("{% $x + 1 %}") == " $x + 1 ");
}

TEST_CASE("model: definitions inside templates") {
  Json cfn = Json::parse(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
    "Fn": {"Type": "AWS::Lambda::Function"},
    "M1": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": {"StartAt": "A", "States": {}}}},
    "M2": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString":
       {"Fn::Join": ["\n", ["{\"StartAt\": \"A\",", {"Ref": "X"}, "}"]]}}},
    "M3": {"Type": "AWS::Serverless::StateMachine", "Properties": {"DefinitionUri": "sm.asl.json"}}}})");
  CHECK(IsTemplate(cfn));
  auto defs = FindDefinitions(cfn);
  REQUIRE(defs.size() == 3);
  CHECK(defs[0].kind == DefinitionSource::Kind::kTemplateObject);
  CHECK(defs[0].pointer == "/Resources/M1/Properties/Definition");
  CHECK(defs[1].kind == DefinitionSource::Kind::kTemplateString);
  CHECK(defs[1].text == "{\"StartAt\": \"A\",\n${X}\n}");
  CHECK(defs[2].kind == DefinitionSource::Kind::kTemplateUri);
  CHECK(defs[2].text == "sm.asl.json");
  auto plain = FindDefinitions(Json::parse(R"({"StartAt": "A", "States": {}})"));
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].kind == DefinitionSource::Kind::kFile);
}
