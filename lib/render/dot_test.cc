#include "render/dot.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "render/render_test_support.h"

using sfn::Json;
using namespace sfn::render;
using namespace sfn::render::testing;

TEST_CASE("render: dot escaping of ids") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"Plain", R"("Plain")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"back\\slash", R"("back\\slash")"},
      {"trailing\\", R"("trailing\\")"},
      {"a\" [color=red]; \"b", R"("a\" [color=red]; \"b")"},
      {"line1\nline2", R"("line1\x0Aline2")"},
      {"tab\there\x01", R"("tab\x09here\x01")"},
      {"bad \xFF byte", R"("bad \xFF byte")"},
      {"<b>x</b>", R"("<b>x</b>")"},
      {"\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(DotId(c.input) == c.expected);
  }
}

TEST_CASE("render: dot escaping of labels") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"say \"hi\"", R"("say \"hi\"")"},           {"back\\slash", R"("back\\slash")"},
      {"trailing\\", R"("trailing\\")"},           {"line1\nline2", R"("line1\nline2")"},
      {"cr\r\nlf\rcr", R"("cr\nlf\ncr")"},         {"<b>bold</b> &amp;", R"("<b>bold</b> &amp;")"},
      {"{ } [ ] ; -> --", R"("{ } [ ] ; -> --")"}, {"a\" [color=red]; \"b", R"("a\" [color=red]; \"b")"},
      {"\\N \\G \\L", R"("\\N \\G \\L")"},         {"tab\there\x01", R"("tab here ")"},
      {"bad \xFF", "\"bad \xEF\xBF\xBD\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(DotLabel(c.input) == c.expected);
  }
}

TEST_CASE("render: dot output of a small definition") {
  Graph g = GraphOf(R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B",
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]},
    "B": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "S"}], "Default": "F"},
    "S": {"Type": "Succeed"},
    "F": {"Type": "Fail", "Error": "Oops"}}})",
                    Named("tiny"));
  const char* expected = R"dot(digraph "tiny" {
  graph [rankdir=TB, compound=true, newrank=true, fontname="Helvetica", fontsize=11, nodesep=0.45, ranksep=0.45, label="tiny", labelloc=t];
  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555", penwidth=1];
  edge [fontname="Helvetica", fontsize=9, color="#555555", arrowsize=0.7];
  "__start" [label="Start", shape=circle, fillcolor="#ffda75", width=0.6, fixedsize=true];
  "A" [label="A\nTask · lambda:invoke", tooltip="/States/A"];
  "B" [label="B\nChoice", shape=diamond, style="filled", tooltip="/States/B"];
  "S" [label="S\nSucceed", peripheries=2, tooltip="/States/S"];
  "F" [label="F\nFail · Oops", shape=octagon, style="filled", tooltip="/States/F"];
  "__end" [label="End", shape=circle, fillcolor="#ffda75", width=0.6, fixedsize=true];
  "__start" -> "A";
  "A" -> "B";
  "A" -> "F" [label="Catch States.ALL", style=dashed, color="#e08a00", fontcolor="#e08a00"];
  "B" -> "S" [label="#1 $.ok == true"];
  "B" -> "F" [label="Default", style=dashed, color="#888888", fontcolor="#888888"];
  "S" -> "__end";
  "F" -> "__end";
}
)dot";
  CHECK(ToDot(g) == expected);
}

TEST_CASE("render: dot clusters, compound edges and options") {
  Graph g = GraphOf(R"({"StartAt": "M", "States": {
    "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "W", "States": {
      "W": {"Type": "Wait", "Seconds": 5, "End": true}}}, "Next": "M"}}})",
                    Named("loop"));
  DotOptions options;
  options.rankdir = "LR\"]; injected";
  options.tooltips = false;
  const char* expected = R"dot(digraph "loop" {
  graph [rankdir=TB, compound=true, newrank=true, fontname="Helvetica", fontsize=11, nodesep=0.45, ranksep=0.45, label="loop", labelloc=t];
  node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555", penwidth=1];
  edge [fontname="Helvetica", fontsize=9, color="#555555", arrowsize=0.7];
  "__start" [label="Start", shape=circle, fillcolor="#ffda75", width=0.6, fixedsize=true];
  subgraph "cluster_M" {
    label="M  (Map · INLINE · ItemsPath $.items)";
    style="rounded,filled";
    fillcolor="#f5f5f5";
    color="#555555";
    "M/__in" [shape=point, width=0.08, label=""];
    "M/__out" [shape=point, width=0.08, label=""];
    "M/W" [label="W\nWait 5 s"];
  }
  "__start" -> "M/__in" [lhead="cluster_M"];
  "M/__out" -> "M/__in" [constraint=false];
  "M/__in" -> "M/W";
  "M/W" -> "M/__out";
}
)dot";
  CHECK(ToDot(g, options) == expected);
  options.rankdir = "LR";
  CHECK(ToDot(g, options).find("graph [rankdir=LR,") != std::string::npos);
}

TEST_CASE("render: hostile names never escape their strings") {
  Graph g = GraphOf(HostileDefinition(), Named("hostile \"name\" ]; x"));
  std::string dot = ToDot(g);
  CHECK(dot.rfind("digraph \"hostile \\\"name\\\" ]; x\" {\n", 0) == 0);
  // Every line is a statement of the shapes ToDot writes: no raw newline ever comes from a name.
  size_t start = 0;
  int lines = 0;
  while (start < dot.size()) {
    size_t end = dot.find('\n', start);
    std::string line = dot.substr(start, end - start);
    bool ok = line == "}" || line.rfind("digraph ", 0) == 0 || line.back() == ';' || line.back() == '{' ||
              line.find_first_not_of(' ') == line.size() - 1;
    CAPTURE(line);
    CHECK(ok);
    start = end + 1;
    ++lines;
  }
  CHECK(lines > 50);
  CHECK(dot.find("\"say \\\"hi\\\"\" [label=\"say \\\"hi\\\"\\n") != std::string::npos);
  CHECK(dot.find("label=<") == std::string::npos);
}

TEST_CASE("render: Graphviz accepts the dot output") {
  if (!HaveDot()) {
    MESSAGE("dot is not installed: skipping the Graphviz check");
    return;
  }
  struct Case {
    const char* name;
    Json definition;
  };
  const Case cases[] = {
      {"order pipeline", Json::parse(kOrderPipeline)},
      {"nested", Json::parse(kNested)},
      {"hostile", HostileDefinition()},
      {"invalid", Json::parse(R"({"StartAt": "X", "States": {"A": {"Type": "Nope", "Next": "Y"}, "B": 1}})")},
      {"self loops", Json::parse(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "P",
         "Branches": [{"StartAt": "Q", "States": {"Q": {"Type": "Map", "Next": "Q"}}}]}}})")},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Graph g = GraphOf(c.definition, Named(c.name));
    std::string errors;
    CHECK(RunDot(ToDot(g), "svg", errors) == 0);
    CHECK(errors.find("syntax error") == std::string::npos);
    Overlay overlay;
    overlay.title = "with \"overlay\"";
    for (const Node& n : g.nodes) overlay.states[n.id] = {StateOverlay::Status::kFailed, 2, 3, "x\\y\"z"};
    ApplyOverlay(overlay, g);
    CHECK(RunDot(ToDot(g), "svg", errors) == 0);
    CHECK(errors.find("syntax error") == std::string::npos);
  }
}
