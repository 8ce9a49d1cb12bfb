#include "render/dot.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "render/style.h"

namespace sfn::render {
namespace {

using Status = StateOverlay::Status;
using Attributes = std::vector<std::pair<std::string_view, std::string>>;

std::string HexByte(unsigned char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
  return buffer;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

class DotWriter {
 public:
  DotWriter(const Graph& graph, const DotOptions& options) : graph_(graph), options_(options) {
    out_.reserve(256 + graph.nodes.size() * 160 + graph.edges.size() * 120);
  }
  std::string Write();

 private:
  void Header();
  void WriteNode(size_t index, int indent);
  void WriteCluster(size_t index, int indent);
  void WriteEdge(const Edge& edge);
  void WriteLegend();
  void Statement(int indent, const std::string& head, const Attributes& attributes);
  Attributes NodeAttributes(const Node& node) const;
  Attributes StateAttributes(const Node& node) const;
  Attributes ClusterAttributes(const Cluster& cluster) const;
  Attributes EdgeAttributes(const Edge& edge) const;
  std::string ClusterName(size_t index) const { return DotId("cluster_" + graph_.clusters[index].id); }

  const Graph& graph_;
  const DotOptions& options_;
  std::string out_;
};

std::string Rankdir(const std::string& value) {
  return value == "LR" || value == "BT" || value == "RL" ? value : "TB";
}

std::string DotOptionsHeader(const Graph& graph, const DotOptions& options) {
  return "  graph [rankdir=" + Rankdir(options.rankdir) +
         ", compound=true, newrank=true, fontname=\"Helvetica\", fontsize=11, nodesep=0.45, ranksep=0.45, "
         "label=" +
         DotLabel(graph.title) +
         ", labelloc=t];\n"
         "  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"" +
         std::string(style::kFill) + "\", color=\"" + std::string(style::kBorder) + "\", penwidth=1];\n" +
         "  edge [fontname=\"Helvetica\", fontsize=9, color=\"" + std::string(style::kBorder) +
         "\", arrowsize=0.7];\n";
}

void DotWriter::Header() {
  out_ += "digraph " + DotId(graph_.name) + " {\n";
  out_ += DotOptionsHeader(graph_, options_);
}

void DotWriter::Statement(int indent, const std::string& head, const Attributes& attributes) {
  out_.append(static_cast<size_t>(indent) * 2, ' ');
  out_ += head;
  if (!attributes.empty()) {
    out_ += " [";
    for (size_t i = 0; i < attributes.size(); ++i) {
      if (i > 0) out_ += ", ";
      out_ += attributes[i].first;
      out_ += '=';
      out_ += attributes[i].second;
    }
    out_ += ']';
  }
  out_ += ";\n";
}

std::string Quoted(std::string_view value) { return DotLabel(value); }

Attributes DotWriter::StateAttributes(const Node& node) const {
  Attributes a{{"label", DotLabel(Join(NodeLabelLines(node)))}};
  bool box = true;
  if (node.type == model::StateType::kChoice) {
    a.emplace_back("shape", "diamond");
    box = false;
  } else if (node.type == model::StateType::kFail) {
    a.emplace_back("shape", "octagon");
    box = false;
  } else if (node.type == model::StateType::kSucceed) {
    a.emplace_back("peripheries", "2");
  }
  bool not_reached = node.overlay && node.overlay->status == Status::kNotReached;
  bool unknown = node.type == model::StateType::kUnknown;
  std::string style_list = box ? "rounded,filled" : "filled";
  if (not_reached || unknown) style_list += ",dashed";
  if (node.collapsed) style_list += ",bold";
  if (style_list != "rounded,filled") a.emplace_back("style", Quoted(style_list));
  if (node.overlay && !not_reached)
    a.emplace_back("fillcolor", Quoted(style::StatusFill(node.overlay->status)));
  if (not_reached) a.emplace_back("fontcolor", Quoted(style::kMuted));
  if (unknown) {
    a.emplace_back("color", Quoted(style::kError));
    if (!not_reached) a.emplace_back("fontcolor", Quoted(style::kError));
  }
  if (options_.tooltips && !node.pointer.empty()) a.emplace_back("tooltip", DotLabel(node.pointer));
  return a;
}

Attributes DotWriter::NodeAttributes(const Node& node) const {
  switch (node.kind) {
    case NodeKind::kStart:
    case NodeKind::kEnd:
      return {{"label", DotLabel(Join(NodeLabelLines(node)))},
              {"shape", "circle"},
              {"fillcolor", Quoted(style::kAnchorFill)},
              {"width", "0.6"},
              {"fixedsize", "true"}};
    case NodeKind::kClusterIn:
    case NodeKind::kClusterOut:
      return {{"shape", "point"}, {"width", "0.08"}, {"label", "\"\""}};
    case NodeKind::kMissing:
      return {{"label", DotLabel(Join(NodeLabelLines(node)))},
              {"style", "\"filled,dashed\""},
              {"fillcolor", Quoted(style::kErrorFill)},
              {"color", Quoted(style::kError)},
              {"fontcolor", Quoted(style::kError)}};
    case NodeKind::kState:
      break;
  }
  return StateAttributes(node);
}

void DotWriter::WriteNode(size_t index, int indent) {
  const Node& node = graph_.nodes[index];
  Statement(indent, DotId(node.id), NodeAttributes(node));
}

Attributes DotWriter::ClusterAttributes(const Cluster& cluster) const {
  Attributes a{{"label", DotLabel(Join(ClusterLabelLines(cluster)))}};
  if (cluster.kind == ClusterKind::kBranch) {
    a.emplace_back("style", "\"rounded,dashed\"");
    a.emplace_back("color", Quoted(style::kMuted));
    return a;
  }
  bool not_reached = cluster.overlay && cluster.overlay->status == Status::kNotReached;
  a.emplace_back("style", not_reached ? "\"rounded,dashed\"" : "\"rounded,filled\"");
  if (!not_reached) {
    a.emplace_back("fillcolor", Quoted(cluster.overlay ? style::StatusClusterFill(cluster.overlay->status)
                                                       : style::kClusterFill));
  }
  a.emplace_back("color", Quoted(style::kBorder));
  if (not_reached) a.emplace_back("fontcolor", Quoted(style::kMuted));
  if (options_.tooltips && !cluster.pointer.empty()) a.emplace_back("tooltip", DotLabel(cluster.pointer));
  return a;
}

void DotWriter::WriteCluster(size_t index, int indent) {
  const Cluster& cluster = graph_.clusters[index];
  std::string pad(static_cast<size_t>(indent) * 2, ' ');
  out_ += pad + "subgraph " + ClusterName(index) + " {\n";
  for (const auto& [key, value] : ClusterAttributes(cluster)) {
    out_ += pad + "  " + std::string(key) + "=" + value + ";\n";
  }
  for (size_t node : cluster.nodes) WriteNode(node, indent + 1);
  for (size_t child : cluster.clusters) WriteCluster(child, indent + 1);
  out_ += pad + "}\n";
}

Attributes DotWriter::EdgeAttributes(const Edge& edge) const {
  Attributes a;
  std::string label = EdgeLabel(edge);
  if (!label.empty()) a.emplace_back("label", DotLabel(label));
  bool taken = !edge.taken.empty();
  switch (edge.kind) {
    case EdgeKind::kDefault:
      a.emplace_back("style", "dashed");
      if (!taken) a.emplace_back("color", Quoted(style::kMuted));
      if (!taken) a.emplace_back("fontcolor", Quoted(style::kMuted));
      break;
    case EdgeKind::kCatch:
      a.emplace_back("style", "dashed");
      a.emplace_back("color", Quoted(style::kCatch));
      a.emplace_back("fontcolor", Quoted(style::kCatch));
      break;
    case EdgeKind::kRetry:
      a.emplace_back("style", "dotted");
      break;
    default:
      break;
  }
  if (FromUnreached(graph_, edge)) {
    if (edge.kind != EdgeKind::kRetry && edge.kind != EdgeKind::kDefault && edge.kind != EdgeKind::kCatch) {
      a.emplace_back("style", "dashed");
    }
    std::erase_if(a, [](const auto& attribute) {
      return attribute.first == "color" || attribute.first == "fontcolor";
    });
    a.emplace_back("color", Quoted(style::kFaint));
    a.emplace_back("fontcolor", Quoted(style::kMuted));
  }
  if (taken) {
    if (edge.kind != EdgeKind::kCatch) {
      a.emplace_back("color", Quoted(style::kTaken));
      a.emplace_back("fontcolor", Quoted(style::kTaken));
    }
    a.emplace_back("penwidth", std::string(style::kTakenWidth));
  }
  if (edge.tail_cluster != edge.head_cluster) {
    if (edge.head_cluster) a.emplace_back("lhead", ClusterName(*edge.head_cluster));
    if (edge.tail_cluster) a.emplace_back("ltail", ClusterName(*edge.tail_cluster));
  }
  if (edge.back) a.emplace_back("constraint", "false");
  return a;
}

void DotWriter::WriteEdge(const Edge& edge) {
  Statement(1, DotId(edge.from) + " -> " + DotId(edge.to), EdgeAttributes(edge));
}

void DotWriter::WriteLegend() {
  std::vector<Status> shown{Status::kSucceeded, Status::kFailed, Status::kCaught, Status::kNotReached};
  for (Status extra : {Status::kRunning, Status::kCancelled}) {
    bool used = false;
    for (const Node& node : graph_.nodes) used = used || (node.overlay && node.overlay->status == extra);
    for (const Cluster& c : graph_.clusters) used = used || (c.overlay && c.overlay->status == extra);
    if (used) shown.insert(shown.end() - 1, extra);
  }
  out_ += "  subgraph \"cluster___legend\" {\n";
  out_ +=
      "    label=\"legend\"; style=\"rounded\"; color=\"" + std::string(style::kFaint) + "\"; fontsize=9;\n";
  out_ += "    node [fontsize=9, width=0.3, height=0.25];\n";
  std::string chain;
  for (Status status : shown) {
    std::string id = DotId("__legend/" + std::string(StatusName(status)));
    Attributes a{{"label", DotLabel(style::StatusLegend(status))}};
    if (status == Status::kNotReached) {
      a.emplace_back("style", "\"rounded,dashed\"");
      a.emplace_back("fontcolor", Quoted(style::kMuted));
    } else {
      a.emplace_back("fillcolor", Quoted(style::StatusFill(status)));
    }
    Statement(2, id, a);
    chain += chain.empty() ? id : " -> " + id;
  }
  Statement(2, chain, {{"style", "invis"}});
  out_ += "  }\n";
}

std::string DotWriter::Write() {
  Header();
  for (size_t node : graph_.top_nodes) WriteNode(node, 1);
  for (size_t cluster : graph_.top_clusters) WriteCluster(cluster, 1);
  for (const Edge& edge : graph_.edges) WriteEdge(edge);
  if (graph_.has_overlay && options_.legend) WriteLegend();
  out_ += "}\n";
  return std::move(out_);
}

}  // namespace

std::string DotId(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t n = ValidSequenceLength(text, i);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      out += HexByte(c);
      ++i;
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out.append(text, i, n);
    i += n;
  }
  out += '"';
  return out;
}

std::string DotLabel(std::string_view text) {
  std::string valid = ValidUtf8(text);
  std::string out = "\"";
  out.reserve(valid.size() + 2);
  for (size_t i = 0; i < valid.size(); ++i) {
    char c = valid[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      if (i + 1 >= valid.size() || valid[i + 1] != '\n') out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string ToDot(const Graph& graph, const DotOptions& options) { return DotWriter(graph, options).Write(); }

}  // namespace sfn::render
