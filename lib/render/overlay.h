// The overlay: what one execution did, drawn over the diagram. Each state gets a status (coloured:
// green succeeded, red failed, orange caught error, grey dashed not reached, blue running, yellow
// cancelled) with its visit and attempt counts, and the transitions taken are drawn bold with their
// order numbers. A history reader fills an Overlay; ApplyOverlay puts it on a Graph.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sfn::render {

struct StateOverlay {
  enum class Status { kNotReached, kSucceeded, kFailed, kCaught, kRunning, kCancelled };
  Status status = Status::kNotReached;
  int visits = 0;
  int attempts = 0;
  std::string detail;  // an optional extra line, e.g. "1.4 s" or "3 items: 1 ok, 1 failed"
};

struct Overlay {
  // Keyed by node id ("Parallel/0/ChargePayment") or by state name; the id wins when both match.
  std::map<std::string, StateOverlay> states;
  // The transitions taken, in order, as {from state name, to state name}. An empty `from` is the start
  // of a scope (the execution, a branch or an iteration); an empty `to` is its end.
  std::vector<std::pair<std::string, std::string>> taken_edges;
  std::string title;  // replaces the graph's title when not empty
};

std::string_view StatusName(StateOverlay::Status status);  // "succeeded", "notReached", ...

struct Graph;

// Sets the overlay of every state node and Parallel or Map cluster (states the overlay does not name
// are not reached), numbers the taken edges, and sets the title. A taken pair marks the first edge that
// joins those two states; pairs that match no edge are skipped without using up a number.
void ApplyOverlay(const Overlay& overlay, Graph& graph);

struct Edge;

// Whether an edge leaves a state (or the entry or exit point of a Parallel or Map) that the overlay
// marks not reached; such edges are drawn faint. False without an overlay.
bool FromUnreached(const Graph& graph, const Edge& edge);

}  // namespace sfn::render
