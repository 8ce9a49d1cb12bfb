#include "render/json.h"

#include <doctest/doctest.h>

#include <string>

#include "render/render_test_support.h"

using sfn::Json;
using namespace sfn::render;
using namespace sfn::render::testing;

TEST_CASE("render: json output of a small definition") {
  Graph g = GraphOf(R"({"StartAt": "P", "States": {
    "P": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Z"}}}],
          "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}}})",
                    Named("json"));
  Overlay overlay;
  overlay.states["A"] = {StateOverlay::Status::kSucceeded, 1, 0, "5 ms"};
  overlay.taken_edges = {{"", "P"}};
  ApplyOverlay(overlay, g);
  Json expected = Json::parse(R"({
    "name": "json", "title": "json", "overlay": true,
    "nodes": [
      {"id": "__start", "kind": "start", "name": "Start", "cluster": null},
      {"id": "P/__in", "kind": "in", "cluster": "P"},
      {"id": "P/__out", "kind": "out", "cluster": "P"},
      {"id": "__end", "kind": "end", "name": "End", "cluster": null},
      {"id": "P/0/A", "kind": "state", "type": "Pass", "name": "A", "subtitle": "Pass",
       "pointer": "/States/P/Branches/0/States/A", "cluster": "P/0", "status": "succeeded", "visits": 1,
       "attempts": 0, "detail": "5 ms"},
      {"id": "P/0/__missing/Z", "kind": "missing", "name": "Z", "cluster": "P/0"}
    ],
    "clusters": [
      {"id": "P", "kind": "parallel", "name": "P", "subtitle": "Parallel · 1 branch",
       "notes": ["Retry States.ALL ×3, 1 s, backoff 2"], "pointer": "/States/P", "parent": null,
       "in": "P/__in", "out": "P/__out", "status": "notReached", "visits": 0, "attempts": 0},
      {"id": "P/0", "kind": "branch", "name": "Branch 1", "pointer": "/States/P/Branches/0", "parent": "P"}
    ],
    "edges": [
      {"from": "__start", "to": "P/__in", "kind": "start", "toState": "P", "lhead": "P", "taken": [1]},
      {"from": "P/__out", "to": "__end", "kind": "end", "fromState": "P", "ltail": "P"},
      {"from": "P/__in", "to": "P/0/A", "kind": "start", "toState": "A"},
      {"from": "P/0/A", "to": "P/0/__missing/Z", "kind": "next", "fromState": "A", "toState": "Z"}
    ]
  })");
  CHECK(ToJson(g) == expected);
  std::string text = ToJsonText(g, -1);
  CHECK(text.back() == '\n');
  CHECK(Json::parse(text) == expected);
}

TEST_CASE("render: json output survives invalid UTF-8 in names") {
  Json def = {{"StartAt", "A"}, {"States", {{"A", {{"Type", "Pass"}, {"End", true}}}}}};
  auto machine = sfn::model::BuildStateMachine(def);
  machine->top.states[0]->name = "bad \xFF name";
  Graph g = BuildGraph(*machine);
  std::string text = ToJsonText(g);
  CHECK(text.find("bad \xEF\xBF\xBD name") != std::string::npos);
}
