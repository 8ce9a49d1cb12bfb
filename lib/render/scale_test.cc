#include <doctest/doctest.h>

#include <ctime>
#include <string>

#include "render/dot.h"
#include "render/json.h"
#include "render/mermaid.h"
#include "render/render_test_support.h"

using sfn::Json;
using namespace sfn::render;
using namespace sfn::render::testing;

TEST_CASE("render: a 1,000-state definition renders quickly") {
  Json def = LargeDefinition(1000);
  auto machine = sfn::model::BuildStateMachine(def);
  std::clock_t start = std::clock();  // processor time: robust on a busy machine
  Graph g = BuildGraph(*machine, Named("large"));
  Overlay overlay;
  for (int i = 0; i < 1000; i += 2)
    overlay.states["State" + std::to_string(i)] = {StateOverlay::Status::kSucceeded, 1, 1, ""};
  for (int i = 0; i + 1 < 1000; ++i)
    overlay.taken_edges.emplace_back("State" + std::to_string(i), "State" + std::to_string(i + 1));
  ApplyOverlay(overlay, g);
  std::string dot = ToDot(g);
  std::string mermaid = ToMermaid(g);
  std::string json = ToJsonText(g);
  double elapsed_ms = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  MESSAGE("1,000 states: graph, overlay and three emitters in " << elapsed_ms << " ms");
  CHECK(elapsed_ms < 1000);
  CHECK(g.nodes.size() == 1002);
  CHECK(dot.size() > 100000);
  int taken = 0;
  for (const Edge& e : g.edges) taken += static_cast<int>(e.taken.size());
  CHECK(taken == 999);
}

TEST_CASE("render: a wide Parallel with many branches renders quickly") {
  Json branches = Json::array();
  for (int i = 0; i < 500; ++i) {
    std::string n = "B" + std::to_string(i);
    branches.push_back(
        {{"StartAt", n},
         {"States", {{n, {{"Type", "Pass"}, {"Next", n + "x"}}}, {n + "x", {{"Type", "Succeed"}}}}}});
  }
  Json def = {{"StartAt", "P"},
              {"States", {{"P", {{"Type", "Parallel"}, {"Branches", branches}, {"End", true}}}}}};
  std::clock_t start = std::clock();  // processor time: robust on a busy machine
  Graph g = GraphOf(def);
  std::string dot = ToDot(g);
  double elapsed_ms = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  CHECK(elapsed_ms < 1000);
  CHECK(g.clusters.size() == 501);
}
