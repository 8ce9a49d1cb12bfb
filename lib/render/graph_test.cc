#include "render/graph.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "render/render_test_support.h"

using sfn::Json;
using namespace sfn::render;
using namespace sfn::render::testing;

namespace {

std::vector<std::string> NodeIds(const Graph& g) {
  std::vector<std::string> ids;
  for (const Node& n : g.nodes) ids.push_back(n.id);
  return ids;
}

// "from -> to [kind] label" for each edge, for compact assertions.
std::vector<std::string> EdgeLines(const Graph& g) {
  std::vector<std::string> lines;
  for (const Edge& e : g.edges) {
    std::string line = e.from + " -> " + e.to + " [" + std::string(EdgeKindName(e.kind)) + "]";
    if (!e.label.empty()) line += " " + e.label;
    if (e.head_cluster) line += " lhead=" + g.clusters[*e.head_cluster].id;
    if (e.tail_cluster) line += " ltail=" + g.clusters[*e.tail_cluster].id;
    if (e.back) line += " back";
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("render: id segments escape separators and reserved prefixes") {
  struct Case {
    const char* name;
    const char* expected;
  };
  const Case cases[] = {
      {"Plain", "Plain"},           {"a/b", "a~1b"}, {"a~b", "a~0b"}, {"~/", "~0~1"},
      {"__start", "~__start"},      {"_x", "_x"},    {"__", "~__"},   {"", ""},
      {"with space", "with space"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(IdSegment(c.name) == c.expected);
  }
}

TEST_CASE("render: graph of the order pipeline") {
  Graph g = GraphOf(testing::kOrderPipeline, Named("order"));
  CHECK(NodeIds(g) == std::vector<std::string>{"__start", "ValidateOrder", "CheckStock", "WaitForRestock",
                                               "ProcessInParallel/__in", "ProcessInParallel/__out",
                                               "SendConfirmation", "Done", "RejectOrder", "NotifyFailure",
                                               "OrderFailed", "__end", "ProcessInParallel/0/ChargePayment",
                                               "ProcessInParallel/1/ReserveItems/__in",
                                               "ProcessInParallel/1/ReserveItems/__out",
                                               "ProcessInParallel/1/ReserveItems/ReserveItem"});
  CHECK(EdgeLines(g) ==
        std::vector<std::string>{
            "__start -> ValidateOrder [start]",
            "ValidateOrder -> ValidateOrder [retry] Retry Lambda.TooManyRequestsException\n\xC3\x97"
            "3, 2 s, backoff 2",
            "ValidateOrder -> CheckStock [next]",
            "ValidateOrder -> NotifyFailure [catch] Catch States.ALL\n\xE2\x86\x92 $.error",
            "CheckStock -> ProcessInParallel/__in [choice] #1 $.valid == true and $.inStock == true "
            "lhead=ProcessInParallel",
            "CheckStock -> WaitForRestock [choice] #2 $.backorder == true",
            "CheckStock -> RejectOrder [default] Default",
            "WaitForRestock -> CheckStock [next] back",
            "ProcessInParallel/__out -> SendConfirmation [next] ltail=ProcessInParallel",
            "ProcessInParallel/__out -> NotifyFailure [catch] Catch States.ALL\n\xE2\x86\x92 $.error "
            "ltail=ProcessInParallel",
            "SendConfirmation -> Done [next]",
            "Done -> __end [end]",
            "RejectOrder -> __end [end]",
            "NotifyFailure -> OrderFailed [next]",
            "OrderFailed -> __end [end]",
            "ProcessInParallel/__in -> ProcessInParallel/0/ChargePayment [start]",
            "ProcessInParallel/0/ChargePayment -> ProcessInParallel/__out [end]",
            "ProcessInParallel/__in -> ProcessInParallel/1/ReserveItems/__in [start] "
            "lhead=ProcessInParallel/1/ReserveItems",
            "ProcessInParallel/1/ReserveItems/__out -> ProcessInParallel/__out [end] "
            "ltail=ProcessInParallel/1/ReserveItems",
            "ProcessInParallel/1/ReserveItems/__in -> ProcessInParallel/1/ReserveItems/ReserveItem [start]",
            "ProcessInParallel/1/ReserveItems/ReserveItem -> ProcessInParallel/1/ReserveItems/__out [end]",
        });
  const Node* validate = g.FindNode("ValidateOrder");
  REQUIRE(validate);
  CHECK(validate->subtitle == "Task \xC2\xB7 lambda:invoke");
  CHECK(validate->pointer == "/States/ValidateOrder");
  CHECK_FALSE(validate->cluster.has_value());
  CHECK(g.FindNode("WaitForRestock")->subtitle == "Wait 3600 s");
  CHECK(g.FindNode("RejectOrder")->subtitle == "Fail \xC2\xB7 OutOfStock");
}

TEST_CASE("render: clusters nest Map in Parallel in Map") {
  Graph g = GraphOf(testing::kNested);
  std::vector<std::string> clusters;
  for (const Cluster& c : g.clusters) {
    clusters.push_back(c.id + " (" + std::string(ClusterKindName(c.kind)) + ") in " +
                       (c.parent ? g.clusters[*c.parent].id : std::string("top")));
  }
  CHECK(clusters == std::vector<std::string>{
                        "Outer (map) in top",
                        "Outer/Fork (parallel) in Outer",
                        "Outer/Fork/0 (branch) in Outer/Fork",
                        "Outer/Fork/0/Inner (map) in Outer/Fork/0",
                        "Outer/Fork/1 (branch) in Outer/Fork",
                    });
  const Cluster* inner = g.FindCluster("Outer/Fork/0/Inner");
  REQUIRE(inner);
  std::vector<std::string> inside;
  for (size_t n : inner->nodes) inside.push_back(g.nodes[n].id);
  CHECK(inside == std::vector<std::string>{"Outer/Fork/0/Inner/__in", "Outer/Fork/0/Inner/__out",
                                           "Outer/Fork/0/Inner/Work", "Outer/Fork/0/Inner/Decide",
                                           "Outer/Fork/0/Inner/Ok", "Outer/Fork/0/Inner/__missing/Nowhere"});
  const Node* missing = g.FindNode("Outer/Fork/0/Inner/__missing/Nowhere");
  REQUIRE(missing);
  CHECK(missing->kind == NodeKind::kMissing);
  CHECK(NodeLabelLines(*missing) == std::vector<std::string>{"missing: Nowhere"});
  CHECK(g.top_clusters == std::vector<size_t>{0});
  CHECK(g.clusters[0].clusters == std::vector<size_t>{1});
  CHECK(g.clusters[1].clusters == std::vector<size_t>{2, 4});
  // The Default loop back to Work closes a cycle.
  bool found_back = false;
  for (const Edge& e : g.edges) {
    if (e.from == "Outer/Fork/0/Inner/Decide" && e.to == "Outer/Fork/0/Inner/Work") found_back = e.back;
  }
  CHECK(found_back);
}

TEST_CASE("render: invalid definitions still draw what they can") {
  Graph g = GraphOf(R"({"StartAt": "Nope", "States": {
    "A": {"Type": "Lambda", "Next": "B"},
    "B": {"Type": "Pass", "Next": "Ghost"},
    "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "Ghost"}], "Default": "Ghost"},
    "D": 42
  }})");
  CHECK(NodeIds(g) ==
        std::vector<std::string>{"__start", "A", "B", "C", "D", "__missing/Nope", "__missing/Ghost"});
  CHECK(EdgeLines(g) == std::vector<std::string>{
                            "__start -> __missing/Nope [start]",
                            "A -> B [next]",
                            "B -> __missing/Ghost [next]",
                            "C -> __missing/Ghost [choice] #1 $.x is null",
                            "C -> __missing/Ghost [default] Default",
                        });
  CHECK(g.FindNode("A")->subtitle == "unknown type 'Lambda'");
  CHECK(g.FindNode("D")->subtitle == "not an object");
  // Not even an object: only the Start anchor.
  Graph empty = GraphOf(R"([1, 2])");
  CHECK(NodeIds(empty) == std::vector<std::string>{"__start"});
  CHECK(empty.edges.empty());
}

TEST_CASE("render: names that look like generated ids stay apart") {
  Graph g = GraphOf(R"({"StartAt": "__start", "States": {
    "__start": {"Type": "Pass", "Next": "__end"},
    "__end": {"Type": "Pass", "Next": "P"},
    "P": {"Type": "Parallel", "Branches": [{"StartAt": "__in", "States": {"__in": {"Type": "Pass", "End": true}}}],
          "End": true},
    "P/__in": {"Type": "Pass", "End": true}
  }})");
  CHECK(NodeIds(g) == std::vector<std::string>{"__start", "~__start", "~__end", "P/__in", "P/__out",
                                               "P~1__in", "__end", "P/0/~__in"});
}

TEST_CASE("render: Parallel and Map retries annotate the cluster") {
  Graph g = GraphOf(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [],
    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}], "End": true}}})");
  REQUIRE(g.clusters.size() == 1);
  CHECK(g.clusters[0].notes == std::vector<std::string>{"Retry States.ALL \xC3\x97"
                                                        "2, 1 s, backoff 2"});
  CHECK(ClusterLabelLines(g.clusters[0]) == std::vector<std::string>{"P  (Parallel \xC2\xB7 0 branches)",
                                                                     "Retry States.ALL \xC3\x97"
                                                                     "2, 1 s, backoff 2"});
  for (const Edge& e : g.edges) CHECK(e.kind != EdgeKind::kRetry);
}

TEST_CASE("render: nesting beyond the depth limit collapses into a node") {
  // 200 nested Parallel states: the graph stops drawing clusters at max_depth.
  Json scope = {{"StartAt", "Leaf"}, {"States", {{"Leaf", {{"Type", "Pass"}, {"End", true}}}}}};
  for (int i = 0; i < 200; ++i) {
    scope = {{"StartAt", "P"},
             {"States", {{"P", {{"Type", "Parallel"}, {"Branches", Json::array({scope})}, {"End", true}}}}}};
  }
  Graph g = GraphOf(scope, WithMaxDepth(5));
  size_t parallels = 0;
  for (const Cluster& c : g.clusters) parallels += c.kind == ClusterKind::kParallel ? 1 : 0;
  CHECK(parallels == 5);
  const Node* collapsed = g.FindNode("P/0/P/0/P/0/P/0/P/0/P");
  REQUIRE(collapsed);
  CHECK(collapsed->collapsed);
  CHECK(collapsed->subtitle == "Parallel \xC2\xB7 1 branch (nested too deep to draw)");
}

TEST_CASE("render: labels of nodes and edges") {
  Node node;
  node.name = "Charge";
  node.subtitle = "Task \xC2\xB7 lambda:invoke";
  CHECK(NodeLabelLines(node) == std::vector<std::string>{"Charge", "Task \xC2\xB7 lambda:invoke"});
  node.overlay = StateOverlay{StateOverlay::Status::kSucceeded, 3, 4, "1.4 s"};
  CHECK(NodeLabelLines(node) == std::vector<std::string>{"Charge", "Task \xC2\xB7 lambda:invoke",
                                                         "4 attempts \xC2\xB7 3 visits \xC2\xB7 1.4 s"});
  node.overlay = StateOverlay{StateOverlay::Status::kSucceeded, 1, 1, ""};
  CHECK(NodeLabelLines(node).size() == 2);

  Edge edge;
  CHECK(EdgeLabel(edge) == "");
  edge.taken = {2};
  CHECK(EdgeLabel(edge) == " 2");
  edge.label = "#1 $.x == 1";
  edge.taken = {3, 7, 9, 12};
  CHECK(EdgeLabel(edge) == "#1 $.x == 1   3, 7, 9, \xE2\x80\xA6");
}
