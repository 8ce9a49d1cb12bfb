// The diagram of a state machine, independent of any output format: nodes (one per state, plus Start
// and End anchors, cluster entry and exit points, and "missing" nodes for undefined targets), clusters
// (each Parallel state, each of its branches, each Map processor, nested to any depth) and edges (Next,
// Choice rules, Default, Catch, Retry, and the edges from a scope's entry to its StartAt state and from
// its terminal states to its exit).
//
// Node ids come from the scope path and the state name: "Charge" at the top level,
// "Fork/0/Charge" in branch 0 of Parallel "Fork", "Items/Reserve" in Map "Items". Each name is escaped
// ('~' -> "~0", '/' -> "~1", and a leading "__" gets a "~" prefix) so that the generated ids ("__start",
// "__end", "Fork/__in", "Fork/__out", "Fork/0/__missing/X") can never collide with a state's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/state_machine.h"
#include "render/overlay.h"
#include "render/text.h"

namespace sfn::render {

enum class NodeKind { kState, kStart, kEnd, kClusterIn, kClusterOut, kMissing };
enum class ClusterKind { kParallel, kBranch, kMap };
enum class EdgeKind { kNext, kChoice, kDefault, kCatch, kRetry, kStart, kEnd };

std::string_view NodeKindName(NodeKind kind);        // "state", "start", "end", "in", "out", "missing"
std::string_view ClusterKindName(ClusterKind kind);  // "parallel", "branch", "map"
std::string_view EdgeKindName(EdgeKind kind);        // "next", "choice", "default", "catch", "retry", ...

struct Node {
  std::string id;
  NodeKind kind = NodeKind::kState;
  model::StateType type = model::StateType::kUnknown;  // kState only
  std::string name;                                    // the state name; for kMissing, the undefined target
  std::string subtitle;                                // "Task · lambda:invoke"
  std::string pointer;                                 // JSON Pointer of the state in the definition
  std::optional<size_t> cluster;                       // the innermost cluster that holds the node
  bool collapsed = false;                              // a Parallel or Map nested too deep to draw its inside
  std::optional<StateOverlay> overlay;
};

struct Cluster {
  std::string id;  // the state's id for Parallel and Map; "<parallel id>/<index>" for a branch
  ClusterKind kind = ClusterKind::kParallel;
  std::string name;                // the state name, or "Branch 1"
  std::string subtitle;            // "Parallel · 2 branches"; empty for a branch
  std::vector<std::string> notes;  // the Retry policies of the state, one line each
  std::string pointer;
  std::optional<size_t> parent;
  std::vector<size_t> nodes;     // directly inside, in definition order
  std::vector<size_t> clusters;  // directly inside
  std::string in, out;           // the entry and exit anchor nodes (Parallel and Map)
  std::optional<StateOverlay> overlay;
};

struct Edge {
  std::string from, to;  // node ids
  EdgeKind kind = EdgeKind::kNext;
  std::string label;                   // may hold '\n' line breaks
  std::optional<size_t> tail_cluster;  // a compound edge leaves this cluster (from its exit anchor)
  std::optional<size_t> head_cluster;  // a compound edge enters this cluster (at its entry anchor)
  std::string from_state, to_state;    // state names; empty for a scope's entry or exit
  bool back = false;                   // closes a cycle: drawn without constraining the layout
  std::vector<int> taken;              // overlay order numbers (1-based) of the path through this edge
};

struct Graph {
  std::string name;
  std::string title;
  std::vector<Node> nodes;
  std::vector<Cluster> clusters;
  std::vector<Edge> edges;
  std::vector<size_t> top_nodes;     // nodes outside every cluster
  std::vector<size_t> top_clusters;  // outermost clusters
  bool has_overlay = false;
  std::unordered_map<std::string, size_t> node_index;
  std::unordered_map<std::string, size_t> cluster_index;

  const Node* FindNode(std::string_view id) const;
  const Cluster* FindCluster(std::string_view id) const;
};

struct GraphOptions {
  std::string name = "state-machine";
  std::string title;  // defaults to the name
  size_t label_width = kDefaultLabelWidth;
  int max_depth = 24;  // clusters nested deeper are drawn as one collapsed node
};

Graph BuildGraph(const model::StateMachine& machine, const GraphOptions& options = {});

// One path segment of a node id: a state name, escaped as described above.
std::string IdSegment(std::string_view name);

// The lines of a node's label: the name (or "Start", "End", "missing: X"), the subtitle, and the
// overlay's counts and detail ("2 attempts · 3 visits · 1.4 s"). Empty for anchors.
std::vector<std::string> NodeLabelLines(const Node& node);
// A cluster's title: "Fork  (Parallel · 2 branches)", with the overlay's detail and the Retry notes
// on further lines.
std::vector<std::string> ClusterLabelLines(const Cluster& cluster);
// An edge's label with its overlay order numbers ("#1 $.x == 1   3"; at most three numbers, then "…").
std::string EdgeLabel(const Edge& edge);

}  // namespace sfn::render
