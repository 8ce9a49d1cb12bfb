#include "render/overlay.h"

#include <optional>
#include <unordered_map>

#include "render/graph.h"

namespace sfn::render {
namespace {

const StateOverlay* Lookup(const Overlay& overlay, const std::string& id, const std::string& name) {
  auto it = overlay.states.find(id);
  if (it == overlay.states.end()) it = overlay.states.find(name);
  return it == overlay.states.end() ? nullptr : &it->second;
}

StateOverlay OverlayFor(const Overlay& overlay, const std::string& id, const std::string& name) {
  const StateOverlay* found = Lookup(overlay, id, name);
  return found ? *found : StateOverlay{};
}

void NumberTakenEdges(const Overlay& overlay, Graph& graph) {
  // The first edge (in graph order) between each pair of state names; Retry loops are never "taken".
  std::unordered_map<std::string, size_t> first;
  first.reserve(graph.edges.size());
  for (size_t e = graph.edges.size(); e-- > 0;) {
    const Edge& edge = graph.edges[e];
    if (edge.kind == EdgeKind::kRetry) continue;
    std::string key = edge.from_state;
    key += '\0';
    key += edge.to_state;
    first[key] = e;
  }
  int number = 0;
  for (const auto& [from, to] : overlay.taken_edges) {
    std::string key = from;
    key += '\0';
    key += to;
    auto it = first.find(key);
    if (it == first.end()) continue;
    graph.edges[it->second].taken.push_back(++number);
  }
}

bool NotReached(const std::optional<StateOverlay>& overlay) {
  return overlay && overlay->status == StateOverlay::Status::kNotReached;
}

}  // namespace

bool FromUnreached(const Graph& graph, const Edge& edge) {
  if (!graph.has_overlay || !edge.taken.empty()) return false;
  const Node* from = graph.FindNode(edge.from);
  if (from == nullptr) return false;
  switch (from->kind) {
    case NodeKind::kState:
      return NotReached(from->overlay);
    case NodeKind::kClusterIn:
    case NodeKind::kClusterOut:
      return from->cluster && NotReached(graph.clusters[*from->cluster].overlay);
    default:
      return false;
  }
}

std::string_view StatusName(StateOverlay::Status status) {
  switch (status) {
    case StateOverlay::Status::kNotReached:
      return "notReached";
    case StateOverlay::Status::kSucceeded:
      return "succeeded";
    case StateOverlay::Status::kFailed:
      return "failed";
    case StateOverlay::Status::kCaught:
      return "caught";
    case StateOverlay::Status::kRunning:
      return "running";
    case StateOverlay::Status::kCancelled:
      return "cancelled";
  }
  return "notReached";
}

void ApplyOverlay(const Overlay& overlay, Graph& graph) {
  graph.has_overlay = true;
  if (!overlay.title.empty()) graph.title = overlay.title;
  for (Node& node : graph.nodes) {
    if (node.kind == NodeKind::kState) node.overlay = OverlayFor(overlay, node.id, node.name);
  }
  for (Cluster& cluster : graph.clusters) {
    if (cluster.kind != ClusterKind::kBranch) cluster.overlay = OverlayFor(overlay, cluster.id, cluster.name);
  }
  for (Edge& edge : graph.edges) edge.taken.clear();
  NumberTakenEdges(overlay, graph);
}

}  // namespace sfn::render
