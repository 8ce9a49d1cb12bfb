#include "render/graph.h"

#include <utility>

#include "model/transitions.h"
#include "render/choice_text.h"
#include "render/subtitle.h"

namespace sfn::render {
namespace {

constexpr std::string_view kStartId = "__start";
constexpr std::string_view kEndId = "__end";
constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "

// Where a state's incoming edges end and its outgoing edges begin: the state's node, or the entry and
// exit anchors of its cluster.
struct StateRef {
  std::string entry;
  std::string exit;
  std::optional<size_t> cluster;
};

// The scope being built: the id prefix of its states, the cluster that holds them, and the anchors its
// StartAt edge leaves from and its terminal states lead to.
struct ScopeContext {
  std::string prefix;
  std::optional<size_t> cluster;
  std::string entry;
  std::string exit;
  int depth = 0;
};

using Refs = std::unordered_map<std::string, StateRef>;

Node MakeNode(std::string id, NodeKind kind, std::string name) {
  Node node;
  node.id = std::move(id);
  node.kind = kind;
  node.name = std::move(name);
  return node;
}

Cluster MakeCluster(std::string id, ClusterKind kind, std::string name, std::string pointer) {
  Cluster cluster;
  cluster.id = std::move(id);
  cluster.kind = kind;
  cluster.name = std::move(name);
  cluster.pointer = std::move(pointer);
  return cluster;
}

Edge MakeEdge(std::string from, std::string to, EdgeKind kind) {
  Edge edge;
  edge.from = std::move(from);
  edge.to = std::move(to);
  edge.kind = kind;
  return edge;
}

class Builder {
 public:
  Builder(const GraphOptions& options, Graph& graph) : options_(options), graph_(graph) {}

  void Build(const model::StateMachine& machine) {
    AddNode(MakeNode(std::string(kStartId), NodeKind::kStart, "Start"), std::nullopt);
    BuildScope(machine.top, {"", std::nullopt, std::string(kStartId), std::string(kEndId), 0});
    MarkBackEdges();
  }

 private:
  void BuildScope(const model::Scope& scope, const ScopeContext& context);
  StateRef AddState(const model::State& state, const ScopeContext& context);
  void BuildChildren(const model::State& state, const StateRef& ref, const ScopeContext& context);
  size_t AddContainerCluster(const model::State& state, const ScopeContext& context, const std::string& id,
                             ClusterKind kind);
  void AddStartEdge(const model::Scope& scope, const ScopeContext& context, const Refs& refs);
  void AddTransitions(const model::State& state, const StateRef& from, const ScopeContext& context,
                      const Refs& refs);
  void AddRetries(const model::State& state, const StateRef& from);
  Edge EdgeTo(const std::string& target, const ScopeContext& context, const Refs& refs);
  size_t AddNode(Node node, std::optional<size_t> cluster);
  size_t AddCluster(Cluster cluster, std::optional<size_t> parent);
  void EnsureEnd();
  void MarkBackEdges();

  const GraphOptions& options_;
  Graph& graph_;
};

size_t Builder::AddNode(Node node, std::optional<size_t> cluster) {
  // Ids are unique by construction; the suffix only guards against a model that breaks that.
  std::string base = node.id;
  for (int n = 2; graph_.node_index.count(node.id) > 0; ++n) node.id = base + "~" + std::to_string(n);
  size_t index = graph_.nodes.size();
  node.cluster = cluster;
  graph_.node_index.emplace(node.id, index);
  if (cluster) {
    graph_.clusters[*cluster].nodes.push_back(index);
  } else {
    graph_.top_nodes.push_back(index);
  }
  graph_.nodes.push_back(std::move(node));
  return index;
}

size_t Builder::AddCluster(Cluster cluster, std::optional<size_t> parent) {
  std::string base = cluster.id;
  for (int n = 2; graph_.cluster_index.count(cluster.id) > 0; ++n)
    cluster.id = base + "~" + std::to_string(n);
  size_t index = graph_.clusters.size();
  cluster.parent = parent;
  graph_.cluster_index.emplace(cluster.id, index);
  if (parent) {
    graph_.clusters[*parent].clusters.push_back(index);
  } else {
    graph_.top_clusters.push_back(index);
  }
  graph_.clusters.push_back(std::move(cluster));
  return index;
}

void Builder::EnsureEnd() {
  if (graph_.node_index.count(std::string(kEndId)) == 0) {
    AddNode(MakeNode(std::string(kEndId), NodeKind::kEnd, "End"), std::nullopt);
  }
}

void Builder::BuildScope(const model::Scope& scope, const ScopeContext& context) {
  Refs refs;
  refs.reserve(scope.states.size());
  std::vector<const StateRef*> order;
  order.reserve(scope.states.size());
  for (const auto& state : scope.states) {
    auto [it, inserted] = refs.emplace(state->name, AddState(*state, context));
    order.push_back(inserted ? &it->second : nullptr);
  }
  AddStartEdge(scope, context, refs);
  for (size_t i = 0; i < scope.states.size(); ++i) {
    if (order[i] == nullptr) continue;
    AddRetries(*scope.states[i], *order[i]);
    AddTransitions(*scope.states[i], *order[i], context, refs);
  }
  // Nested scopes last, so that every scope lists its own edges before those of its children.
  for (size_t i = 0; i < scope.states.size(); ++i) {
    if (order[i] != nullptr && order[i]->cluster) BuildChildren(*scope.states[i], *order[i], context);
  }
}

StateRef Builder::AddState(const model::State& state, const ScopeContext& context) {
  std::string id = context.prefix + IdSegment(state.name);
  bool container = state.type == model::StateType::kParallel || state.type == model::StateType::kMap;
  if (container && context.depth < options_.max_depth) {
    ClusterKind kind = state.type == model::StateType::kParallel ? ClusterKind::kParallel : ClusterKind::kMap;
    size_t index = AddContainerCluster(state, context, id, kind);
    return {graph_.clusters[index].in, graph_.clusters[index].out, index};
  }
  Node node = MakeNode(id, NodeKind::kState, state.name);
  node.type = state.type;
  node.subtitle = StateSubtitle(state, options_.label_width);
  node.pointer = state.pointer;
  node.collapsed = container;
  if (container) node.subtitle += " (nested too deep to draw)";
  size_t index = AddNode(std::move(node), context.cluster);
  const std::string& node_id = graph_.nodes[index].id;
  return {node_id, node_id, std::nullopt};
}

size_t Builder::AddContainerCluster(const model::State& state, const ScopeContext& context,
                                    const std::string& id, ClusterKind kind) {
  Cluster cluster = MakeCluster(id, kind, state.name, state.pointer);
  cluster.subtitle = StateSubtitle(state, options_.label_width);
  for (const model::Retrier& retrier : state.retry) {
    std::string note = RetryLabel(retrier, options_.label_width);
    for (char& c : note) {
      if (c == '\n') c = ' ';
    }
    cluster.notes.push_back(std::move(note));
  }
  size_t index = AddCluster(std::move(cluster), context.cluster);
  std::string cluster_id = graph_.clusters[index].id;
  size_t in = AddNode(MakeNode(cluster_id + "/__in", NodeKind::kClusterIn, ""), index);
  size_t out = AddNode(MakeNode(cluster_id + "/__out", NodeKind::kClusterOut, ""), index);
  graph_.clusters[index].in = graph_.nodes[in].id;
  graph_.clusters[index].out = graph_.nodes[out].id;
  return index;
}

void Builder::BuildChildren(const model::State& state, const StateRef& ref, const ScopeContext& context) {
  size_t index = *ref.cluster;
  const std::string cluster_id = graph_.clusters[index].id;
  if (state.processor) {
    BuildScope(*state.processor, {cluster_id + "/", index, ref.entry, ref.exit, context.depth + 1});
  }
  for (size_t b = 0; b < state.branches.size(); ++b) {
    std::string branch_id = cluster_id + "/" + std::to_string(b);
    size_t branch = AddCluster(MakeCluster(branch_id, ClusterKind::kBranch, "Branch " + std::to_string(b + 1),
                                           state.branches[b]->pointer),
                               index);
    BuildScope(*state.branches[b], {branch_id + "/", branch, ref.entry, ref.exit, context.depth + 1});
  }
}

Edge Builder::EdgeTo(const std::string& target, const ScopeContext& context, const Refs& refs) {
  Edge edge;
  edge.to_state = target;
  auto it = refs.find(target);
  if (it != refs.end()) {
    edge.to = it->second.entry;
    edge.head_cluster = it->second.cluster;
    return edge;
  }
  std::string id = context.prefix + "__missing/" + IdSegment(target);
  if (graph_.node_index.count(id) == 0) {
    AddNode(MakeNode(id, NodeKind::kMissing, target), context.cluster);
  }
  edge.to = id;
  return edge;
}

void Builder::AddStartEdge(const model::Scope& scope, const ScopeContext& context, const Refs& refs) {
  if (scope.start_at.empty()) return;
  Edge edge = EdgeTo(scope.start_at, context, refs);
  edge.from = context.entry;
  edge.kind = EdgeKind::kStart;
  graph_.edges.push_back(std::move(edge));
}

void Builder::AddTransitions(const model::State& state, const StateRef& from, const ScopeContext& context,
                             const Refs& refs) {
  for (const model::Transition& t : model::TransitionsOf(state)) {
    Edge edge = EdgeTo(std::string(t.target), context, refs);
    edge.from = from.exit;
    edge.tail_cluster = from.cluster;
    edge.from_state = state.name;
    switch (t.kind) {
      case model::Transition::Kind::kNext:
        edge.kind = EdgeKind::kNext;
        break;
      case model::Transition::Kind::kChoice:
        edge.kind = EdgeKind::kChoice;
        edge.label = ChoiceLabel(state.choices[t.index], t.index, options_.label_width);
        break;
      case model::Transition::Kind::kDefault:
        edge.kind = EdgeKind::kDefault;
        edge.label = "Default";
        break;
      case model::Transition::Kind::kCatch:
        edge.kind = EdgeKind::kCatch;
        edge.label = CatchLabel(state.catches[t.index], options_.label_width);
        break;
    }
    graph_.edges.push_back(std::move(edge));
  }
  if (state.IsTerminal()) {
    if (context.exit == kEndId) EnsureEnd();
    Edge edge = MakeEdge(from.exit, context.exit, EdgeKind::kEnd);
    edge.tail_cluster = from.cluster;
    edge.from_state = state.name;
    graph_.edges.push_back(std::move(edge));
  }
}

void Builder::AddRetries(const model::State& state, const StateRef& from) {
  if (from.cluster) return;  // a Parallel or Map shows its Retry policies in the cluster's title
  for (const model::Retrier& retrier : state.retry) {
    Edge edge = MakeEdge(from.exit, from.exit, EdgeKind::kRetry);
    edge.label = RetryLabel(retrier, options_.label_width);
    edge.from_state = state.name;
    edge.to_state = state.name;
    graph_.edges.push_back(std::move(edge));
  }
}

// Depth-first from Start (then from any node not yet seen), iteratively: an edge to a node still on
// the stack closes a cycle.
void Builder::MarkBackEdges() {
  const size_t n = graph_.nodes.size();
  std::vector<std::vector<size_t>> out(n);
  std::vector<size_t> head(graph_.edges.size(), n);
  for (size_t e = 0; e < graph_.edges.size(); ++e) {
    const Edge& edge = graph_.edges[e];
    if (edge.kind == EdgeKind::kRetry) continue;
    auto from = graph_.node_index.find(edge.from);
    auto to = graph_.node_index.find(edge.to);
    if (from == graph_.node_index.end() || to == graph_.node_index.end()) continue;
    out[from->second].push_back(e);
    head[e] = to->second;
  }
  enum : char { kWhite, kGrey, kBlack };
  std::vector<char> colour(n, kWhite);
  std::vector<std::pair<size_t, size_t>> stack;  // node, next position in out[node]
  for (size_t root = 0; root < n; ++root) {
    if (colour[root] != kWhite) continue;
    colour[root] = kGrey;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto [v, pos] = stack.back();
      if (pos == out[v].size()) {
        colour[v] = kBlack;
        stack.pop_back();
        continue;
      }
      ++stack.back().second;
      size_t e = out[v][pos];
      size_t w = head[e];
      if (colour[w] == kGrey) {
        graph_.edges[e].back = true;
      } else if (colour[w] == kWhite) {
        colour[w] = kGrey;
        stack.emplace_back(w, 0);
      }
    }
  }
}

std::string CountsText(const StateOverlay& overlay) {
  std::string out;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += kDot;
    out += part;
  };
  if (overlay.attempts > 1) add(std::to_string(overlay.attempts) + " attempts");
  if (overlay.visits > 1) add(std::to_string(overlay.visits) + " visits");
  add(overlay.detail);
  return out;
}

}  // namespace

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kState:
      return "state";
    case NodeKind::kStart:
      return "start";
    case NodeKind::kEnd:
      return "end";
    case NodeKind::kClusterIn:
      return "in";
    case NodeKind::kClusterOut:
      return "out";
    case NodeKind::kMissing:
      return "missing";
  }
  return "state";
}

std::string_view ClusterKindName(ClusterKind kind) {
  switch (kind) {
    case ClusterKind::kParallel:
      return "parallel";
    case ClusterKind::kBranch:
      return "branch";
    case ClusterKind::kMap:
      return "map";
  }
  return "parallel";
}

std::string_view EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kNext:
      return "next";
    case EdgeKind::kChoice:
      return "choice";
    case EdgeKind::kDefault:
      return "default";
    case EdgeKind::kCatch:
      return "catch";
    case EdgeKind::kRetry:
      return "retry";
    case EdgeKind::kStart:
      return "start";
    case EdgeKind::kEnd:
      return "end";
  }
  return "next";
}

const Node* Graph::FindNode(std::string_view id) const {
  auto it = node_index.find(std::string(id));
  return it == node_index.end() ? nullptr : &nodes[it->second];
}

const Cluster* Graph::FindCluster(std::string_view id) const {
  auto it = cluster_index.find(std::string(id));
  return it == cluster_index.end() ? nullptr : &clusters[it->second];
}

std::string IdSegment(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  if (name.substr(0, 2) == "__") out += '~';
  for (char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Graph BuildGraph(const model::StateMachine& machine, const GraphOptions& options) {
  Graph graph;
  graph.name = options.name;
  graph.title = options.title.empty() ? options.name : options.title;
  graph.nodes.reserve(machine.top.states.size() + 2);
  Builder(options, graph).Build(machine);
  return graph;
}

std::vector<std::string> NodeLabelLines(const Node& node) {
  switch (node.kind) {
    case NodeKind::kStart:
      return {"Start"};
    case NodeKind::kEnd:
      return {"End"};
    case NodeKind::kClusterIn:
    case NodeKind::kClusterOut:
      return {};
    case NodeKind::kMissing:
      return {"missing: " + node.name};
    case NodeKind::kState:
      break;
  }
  std::vector<std::string> lines{node.name, node.subtitle};
  if (node.overlay) {
    std::string counts = CountsText(*node.overlay);
    if (!counts.empty()) lines.push_back(std::move(counts));
  }
  return lines;
}

std::vector<std::string> ClusterLabelLines(const Cluster& cluster) {
  if (cluster.kind == ClusterKind::kBranch) return {cluster.name};
  std::string title = cluster.name + "  (" + cluster.subtitle;
  if (cluster.overlay) {
    std::string counts = CountsText(*cluster.overlay);
    if (!counts.empty()) title += std::string(kDot) + counts;
  }
  title += ")";
  std::vector<std::string> lines{std::move(title)};
  lines.insert(lines.end(), cluster.notes.begin(), cluster.notes.end());
  return lines;
}

std::string EdgeLabel(const Edge& edge) {
  if (edge.taken.empty()) return edge.label;
  constexpr size_t kShown = 3;
  std::string numbers;
  for (size_t i = 0; i < edge.taken.size() && i < kShown; ++i) {
    if (i > 0) numbers += ", ";
    numbers += std::to_string(edge.taken[i]);
  }
  if (edge.taken.size() > kShown) numbers += ", \xE2\x80\xA6";
  return edge.label.empty() ? " " + numbers : edge.label + "   " + numbers;
}

}  // namespace sfn::render
