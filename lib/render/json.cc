#include "render/json.h"

namespace sfn::render {
namespace {

Json ClusterRef(const Graph& graph, const std::optional<size_t>& cluster) {
  return cluster ? Json(graph.clusters[*cluster].id) : Json(nullptr);
}

void AddOverlay(Json& object, const std::optional<StateOverlay>& overlay) {
  if (!overlay) return;
  object["status"] = std::string(StatusName(overlay->status));
  object["visits"] = overlay->visits;
  object["attempts"] = overlay->attempts;
  if (!overlay->detail.empty()) object["detail"] = overlay->detail;
}

Json NodeJson(const Graph& graph, const Node& node) {
  Json j = Json::object();
  j["id"] = node.id;
  j["kind"] = std::string(NodeKindName(node.kind));
  if (node.kind == NodeKind::kState) j["type"] = std::string(model::StateTypeName(node.type));
  if (!node.name.empty()) j["name"] = node.name;
  if (!node.subtitle.empty()) j["subtitle"] = node.subtitle;
  if (!node.pointer.empty()) j["pointer"] = node.pointer;
  j["cluster"] = ClusterRef(graph, node.cluster);
  if (node.collapsed) j["collapsed"] = true;
  AddOverlay(j, node.overlay);
  return j;
}

Json ClusterJson(const Graph& graph, const Cluster& cluster) {
  Json j = Json::object();
  j["id"] = cluster.id;
  j["kind"] = std::string(ClusterKindName(cluster.kind));
  j["name"] = cluster.name;
  if (!cluster.subtitle.empty()) j["subtitle"] = cluster.subtitle;
  if (!cluster.notes.empty()) j["notes"] = cluster.notes;
  if (!cluster.pointer.empty()) j["pointer"] = cluster.pointer;
  j["parent"] = ClusterRef(graph, cluster.parent);
  if (!cluster.in.empty()) j["in"] = cluster.in;
  if (!cluster.out.empty()) j["out"] = cluster.out;
  AddOverlay(j, cluster.overlay);
  return j;
}

Json EdgeJson(const Graph& graph, const Edge& edge) {
  Json j = Json::object();
  j["from"] = edge.from;
  j["to"] = edge.to;
  j["kind"] = std::string(EdgeKindName(edge.kind));
  if (!edge.label.empty()) j["label"] = edge.label;
  if (!edge.from_state.empty()) j["fromState"] = edge.from_state;
  if (!edge.to_state.empty()) j["toState"] = edge.to_state;
  if (edge.tail_cluster) j["ltail"] = graph.clusters[*edge.tail_cluster].id;
  if (edge.head_cluster) j["lhead"] = graph.clusters[*edge.head_cluster].id;
  if (edge.back) j["back"] = true;
  if (!edge.taken.empty()) j["taken"] = edge.taken;
  return j;
}

}  // namespace

Json ToJson(const Graph& graph) {
  Json j = Json::object();
  j["name"] = graph.name;
  j["title"] = graph.title;
  j["overlay"] = graph.has_overlay;
  Json nodes = Json::array();
  for (const Node& node : graph.nodes) nodes.push_back(NodeJson(graph, node));
  Json clusters = Json::array();
  for (const Cluster& cluster : graph.clusters) clusters.push_back(ClusterJson(graph, cluster));
  Json edges = Json::array();
  for (const Edge& edge : graph.edges) edges.push_back(EdgeJson(graph, edge));
  j["nodes"] = std::move(nodes);
  j["clusters"] = std::move(clusters);
  j["edges"] = std::move(edges);
  return j;
}

std::string ToJsonText(const Graph& graph, int indent) {
  return ToJson(graph).dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sfn::render
