#include "render/overlay.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "render/dot.h"
#include "render/render_test_support.h"
#include "render/style.h"

using namespace sfn::render;
using namespace sfn::render::testing;
using Status = StateOverlay::Status;

namespace {

// The dot statement of one node (the line that starts with its quoted id and an attribute list).
std::string DotLineOf(const std::string& dot, const std::string& id) {
  size_t at = dot.find("  " + DotId(id) + " [");
  if (at == std::string::npos) return "";
  size_t end = dot.find('\n', at);
  return dot.substr(at + 2, end - at - 2);
}

Overlay SampleOverlay() {
  Overlay overlay;
  overlay.title = "order (FAILED)";
  overlay.states["ValidateOrder"] = {Status::kSucceeded, 1, 2, "1.4 s"};
  overlay.states["CheckStock"] = {Status::kSucceeded, 1, 0, ""};
  overlay.states["ProcessInParallel"] = {Status::kCaught, 1, 1, ""};
  overlay.states["ProcessInParallel/0/ChargePayment"] = {Status::kSucceeded, 1, 1, ""};
  overlay.states["ReserveItems"] = {Status::kFailed, 1, 1, "3 items: 1 ok, 1 failed, 1 aborted"};
  overlay.states["ReserveItem"] = {Status::kFailed, 3, 3, ""};
  overlay.states["NotifyFailure"] = {Status::kRunning, 1, 1, ""};
  overlay.states["OrderFailed"] = {Status::kCancelled, 1, 0, ""};
  overlay.taken_edges = {{"", "ValidateOrder"},
                         {"ValidateOrder", "CheckStock"},
                         {"CheckStock", "ProcessInParallel"},
                         {"", "ChargePayment"},
                         {"Nowhere", "Else"},  // matches no edge: skipped
                         {"ProcessInParallel", "NotifyFailure"},
                         {"NotifyFailure", "OrderFailed"},
                         {"OrderFailed", ""}};
  return overlay;
}

}  // namespace

TEST_CASE("render: overlay statuses, counts and taken edges") {
  Graph g = GraphOf(kOrderPipeline, Named("order"));
  ApplyOverlay(SampleOverlay(), g);
  CHECK(g.has_overlay);
  CHECK(g.title == "order (FAILED)");
  struct Case {
    const char* id;
    Status status;
  };
  const Case nodes[] = {
      {"ValidateOrder", Status::kSucceeded},
      {"WaitForRestock", Status::kNotReached},
      {"ProcessInParallel/0/ChargePayment", Status::kSucceeded},
      {"ProcessInParallel/1/ReserveItems/ReserveItem", Status::kFailed},
      {"NotifyFailure", Status::kRunning},
      {"OrderFailed", Status::kCancelled},
  };
  for (const Case& c : nodes) {
    CAPTURE(c.id);
    const Node* node = g.FindNode(c.id);
    REQUIRE(node);
    REQUIRE(node->overlay);
    CHECK(node->overlay->status == c.status);
  }
  CHECK_FALSE(g.FindNode("__start")->overlay.has_value());
  CHECK(g.FindCluster("ProcessInParallel")->overlay->status == Status::kCaught);
  CHECK(g.FindCluster("ProcessInParallel/1/ReserveItems")->overlay->status == Status::kFailed);
  CHECK_FALSE(g.FindCluster("ProcessInParallel/0")->overlay.has_value());

  std::vector<std::string> taken;
  for (const Edge& e : g.edges) {
    for (int n : e.taken) taken.push_back(std::to_string(n) + " " + e.from + " -> " + e.to);
  }
  CHECK(taken == std::vector<std::string>{
                     "1 __start -> ValidateOrder",
                     "2 ValidateOrder -> CheckStock",
                     "3 CheckStock -> ProcessInParallel/__in",
                     "5 ProcessInParallel/__out -> NotifyFailure",
                     "6 NotifyFailure -> OrderFailed",
                     "7 OrderFailed -> __end",
                     "4 ProcessInParallel/__in -> ProcessInParallel/0/ChargePayment",
                 });
  // Applying again replaces the numbers instead of adding to them.
  ApplyOverlay(SampleOverlay(), g);
  size_t count = 0;
  for (const Edge& e : g.edges) count += e.taken.size();
  CHECK(count == 7);
}

TEST_CASE("render: overlay colours in dot") {
  Graph g = GraphOf(kOrderPipeline, Named("order"));
  ApplyOverlay(SampleOverlay(), g);
  std::string dot = ToDot(g);
  struct Case {
    const char* id;
    const char* line;
  };
  const Case cases[] = {
      {"ValidateOrder",
       R"("ValidateOrder" [label="ValidateOrder\nTask · lambda:invoke\n2 attempts · 1.4 s", fillcolor="#c8f2c9", tooltip="/States/ValidateOrder"];)"},
      {"WaitForRestock",
       R"("WaitForRestock" [label="WaitForRestock\nWait 3600 s", style="rounded,filled,dashed", fontcolor="#888888", tooltip="/States/WaitForRestock"];)"},
      {"RejectOrder",
       R"("RejectOrder" [label="RejectOrder\nFail · OutOfStock", shape=octagon, style="filled,dashed", fontcolor="#888888", tooltip="/States/RejectOrder"];)"},
      {"ProcessInParallel/1/ReserveItems/ReserveItem",
       R"("ProcessInParallel/1/ReserveItems/ReserveItem" [label="ReserveItem\nTask · dynamodb:updateItem\n3 attempts · 3 visits", fillcolor="#f4a09e", tooltip="/States/ProcessInParallel/Branches/1/States/ReserveItems/ItemProcessor/States/ReserveItem"];)"},
      {"NotifyFailure",
       R"("NotifyFailure" [label="NotifyFailure\nTask · sns:publish", fillcolor="#bcd7f7", tooltip="/States/NotifyFailure"];)"},
      {"OrderFailed",
       R"("OrderFailed" [label="OrderFailed\nFail · OrderFailed", shape=octagon, style="filled", fillcolor="#fff0a0", tooltip="/States/OrderFailed"];)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.id);
    CHECK(DotLineOf(dot, c.id) == c.line);
  }
  CHECK(
      dot.find(
          R"(  "__start" -> "ValidateOrder" [label=" 1", color="#1f6fd1", fontcolor="#1f6fd1", penwidth=2.2];)") !=
      std::string::npos);
  CHECK(
      dot.find(
          R"(  "ProcessInParallel/__out" -> "NotifyFailure" [label="Catch States.ALL\n→ $.error   5", style=dashed, color="#e08a00", fontcolor="#e08a00", penwidth=2.2, ltail="cluster_ProcessInParallel"];)") !=
      std::string::npos);
  // Edges that leave states the execution never reached are faint.
  CHECK(dot.find(R"(  "RejectOrder" -> "__end" [style=dashed, color="#bbbbbb", fontcolor="#888888"];)") !=
        std::string::npos);
  CHECK(
      dot.find(
          R"(  "WaitForRestock" -> "CheckStock" [style=dashed, color="#bbbbbb", fontcolor="#888888", constraint=false];)") !=
      std::string::npos);
  CHECK(
      dot.find(
          R"(  "CheckStock" -> "RejectOrder" [label="Default", style=dashed, color="#888888", fontcolor="#888888"];)") !=
      std::string::npos);
  CHECK(
      dot.find(
          R"x(label="ReserveItems  (Map · INLINE · ItemsPath $.items · 3 items: 1 ok, 1 failed, 1 aborted)";)x") !=
      std::string::npos);
  CHECK(dot.find("fillcolor=\"#ffe3b3\";") != std::string::npos);  // the caught Parallel
  CHECK(dot.find("label=\"order (FAILED)\"") != std::string::npos);
  // The legend lists the four usual statuses and the two extra ones in use.
  CHECK(dot.find("subgraph \"cluster___legend\"") != std::string::npos);
  for (const char* word : {"succeeded", "failed", "caught error", "not reached", "running", "cancelled"}) {
    CAPTURE(word);
    CHECK(dot.find(std::string("[label=\"") + word + "\"") != std::string::npos);
  }
  DotOptions no_legend;
  no_legend.legend = false;
  CHECK(ToDot(g, no_legend).find("legend") == std::string::npos);
}

TEST_CASE("render: edges from unreached states") {
  Graph g = GraphOf(kOrderPipeline);
  auto edge = [&](const std::string& from, const std::string& to) -> const Edge& {
    for (const Edge& e : g.edges) {
      if (e.from == from && e.to == to) return e;
    }
    FAIL("no edge " << from << " -> " << to);
    return g.edges.front();
  };
  CHECK_FALSE(FromUnreached(g, edge("RejectOrder", "__end")));  // no overlay: nothing is unreached
  Overlay overlay;
  overlay.states["ValidateOrder"] = {Status::kSucceeded, 1, 1, ""};
  overlay.taken_edges = {{"", "ValidateOrder"}};
  ApplyOverlay(overlay, g);
  CHECK(FromUnreached(g, edge("RejectOrder", "__end")));
  CHECK(FromUnreached(g, edge("ProcessInParallel/__out", "SendConfirmation")));
  CHECK(FromUnreached(g, edge("ProcessInParallel/__in", "ProcessInParallel/0/ChargePayment")));
  CHECK_FALSE(FromUnreached(g, edge("ValidateOrder", "CheckStock")));
  CHECK_FALSE(FromUnreached(g, edge("__start", "ValidateOrder")));
}

TEST_CASE("render: overlay keys by id win over names") {
  Graph g = GraphOf(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
    {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
    {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}]}}})");
  Overlay overlay;
  overlay.states["X"] = {Status::kSucceeded, 1, 0, ""};
  overlay.states["P/1/X"] = {Status::kFailed, 1, 0, ""};
  ApplyOverlay(overlay, g);
  CHECK(g.FindNode("P/0/X")->overlay->status == Status::kSucceeded);
  CHECK(g.FindNode("P/1/X")->overlay->status == Status::kFailed);
  CHECK(g.FindCluster("P")->overlay->status == Status::kNotReached);
}

TEST_CASE("render: status names and palette") {
  struct Case {
    Status status;
    const char* name;
    const char* fill;
    const char* legend;
  };
  const Case cases[] = {
      {Status::kNotReached, "notReached", "#ffffff", "not reached"},
      {Status::kSucceeded, "succeeded", "#c8f2c9", "succeeded"},
      {Status::kFailed, "failed", "#f4a09e", "failed"},
      {Status::kCaught, "caught", "#ffe3b3", "caught error"},
      {Status::kRunning, "running", "#bcd7f7", "running"},
      {Status::kCancelled, "cancelled", "#fff0a0", "cancelled"},
  };
  for (const Case& c : cases) {
    CHECK(StatusName(c.status) == c.name);
    CHECK(style::StatusFill(c.status) == c.fill);
    CHECK(style::StatusLegend(c.status) == c.legend);
  }
}
