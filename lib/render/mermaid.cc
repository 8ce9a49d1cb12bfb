#include "render/mermaid.h"

#include <map>
#include <utility>
#include <vector>

#include "common/json.h"
#include "render/style.h"

namespace sfn::render {
namespace {

using Status = StateOverlay::Status;

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string Quote(std::string_view text) { return "\"" + MermaidText(text) + "\""; }

std::string_view TypeClass(const Node& node) {
  switch (node.kind) {
    case NodeKind::kStart:
    case NodeKind::kEnd:
      return "terminal";
    case NodeKind::kClusterIn:
    case NodeKind::kClusterOut:
      return "anchor";
    case NodeKind::kMissing:
      return "missing";
    case NodeKind::kState:
      break;
  }
  if (node.collapsed) return node.type == model::StateType::kMap ? "map" : "parallel";
  switch (node.type) {
    case model::StateType::kTask:
      return "task";
    case model::StateType::kChoice:
      return "choice";
    case model::StateType::kWait:
      return "wait";
    case model::StateType::kPass:
      return "pass";
    case model::StateType::kSucceed:
      return "succeed";
    case model::StateType::kFail:
      return "fail";
    case model::StateType::kParallel:
      return "parallel";
    case model::StateType::kMap:
      return "map";
    case model::StateType::kUnknown:
      break;
  }
  return "unknown";
}

// The classDef of each class, in the order they are declared (status classes last, so they win).
const std::vector<std::pair<std::string_view, std::string>>& ClassDefinitions() {
  static const std::vector<std::pair<std::string_view, std::string>> kDefinitions = [] {
    std::string border = std::string(style::kBorder);
    std::string plain = "fill:" + std::string(style::kFill) + ",stroke:" + border;
    std::string error = "fill:" + std::string(style::kErrorFill) + ",stroke:" + std::string(style::kError) +
                        ",color:" + std::string(style::kError) + ",stroke-dasharray:4 4";
    std::vector<std::pair<std::string_view, std::string>> defs = {
        {"terminal", "fill:" + std::string(style::kAnchorFill) + ",stroke:" + border},
        {"anchor", "fill:" + border + ",stroke:" + border},
        {"task", plain},
        {"choice", plain},
        {"wait", plain},
        {"pass", plain},
        {"succeed", plain + ",stroke-width:3px"},
        {"fail", plain},
        {"parallel", plain + ",stroke-width:2px"},
        {"map", plain + ",stroke-width:2px"},
        {"unknown", "fill:" + std::string(style::kFill) + ",stroke:" + std::string(style::kError) +
                        ",color:" + std::string(style::kError) + ",stroke-dasharray:4 4"},
        {"missing", error},
    };
    for (Status s :
         {Status::kSucceeded, Status::kFailed, Status::kCaught, Status::kRunning, Status::kCancelled}) {
      defs.emplace_back(StatusName(s), "fill:" + std::string(style::StatusFill(s)));
    }
    defs.emplace_back(StatusName(Status::kNotReached), "fill:" + std::string(style::kFill) +
                                                           ",color:" + std::string(style::kMuted) +
                                                           ",stroke-dasharray:4 4");
    return defs;
  }();
  return kDefinitions;
}

class MermaidWriter {
 public:
  MermaidWriter(const Graph& graph, const MermaidOptions& options) : graph_(graph), options_(options) {
    out_.reserve(256 + graph.nodes.size() * 100 + graph.edges.size() * 80);
  }
  std::string Write();

 private:
  void WriteNode(size_t index, int indent);
  void WriteCluster(size_t index, int indent);
  void WriteEdge(const Edge& edge);
  void WriteClasses();
  void WriteStyles();
  void AddClass(std::string_view name, size_t node);
  std::string NodeRef(const std::string& id) const;

  const Graph& graph_;
  const MermaidOptions& options_;
  std::string out_;
  std::map<std::string_view, std::vector<size_t>> classes_;               // class -> nodes
  std::vector<std::pair<std::string, std::vector<size_t>>> link_styles_;  // style -> edge numbers
  size_t edge_count_ = 0;
};

std::string Direction(const std::string& value) {
  return value == "TB" || value == "BT" || value == "LR" || value == "RL" ? value : "TD";
}

std::string NodeShape(const Node& node, const std::string& label) {
  switch (node.kind) {
    case NodeKind::kStart:
    case NodeKind::kEnd:
      return "((" + label + "))";
    case NodeKind::kClusterIn:
    case NodeKind::kClusterOut:
      return "((\" \"))";
    case NodeKind::kMissing:
      return "[" + label + "]";
    case NodeKind::kState:
      break;
  }
  switch (node.type) {
    case model::StateType::kChoice:
      return "{" + label + "}";
    case model::StateType::kSucceed:
      return "[[" + label + "]]";
    case model::StateType::kFail:
      return "{{" + label + "}}";
    case model::StateType::kUnknown:
      return "[" + label + "]";
    default:
      return "(" + label + ")";
  }
}

std::string MermaidWriter::NodeRef(const std::string& id) const {
  auto it = graph_.node_index.find(id);
  return "n" + std::to_string(it == graph_.node_index.end() ? 0 : it->second);
}

void MermaidWriter::AddClass(std::string_view name, size_t node) { classes_[name].push_back(node); }

void MermaidWriter::WriteNode(size_t index, int indent) {
  const Node& node = graph_.nodes[index];
  out_.append(static_cast<size_t>(indent) * 2, ' ');
  out_ += "n" + std::to_string(index) + NodeShape(node, Quote(JoinLines(NodeLabelLines(node)))) + "\n";
  AddClass(TypeClass(node), index);
  if (node.overlay) AddClass(StatusName(node.overlay->status), index);
}

void MermaidWriter::WriteCluster(size_t index, int indent) {
  const Cluster& cluster = graph_.clusters[index];
  std::string pad(static_cast<size_t>(indent) * 2, ' ');
  out_ += pad + "subgraph c" + std::to_string(index) + " [" + Quote(JoinLines(ClusterLabelLines(cluster))) +
          "]\n";
  for (size_t node : cluster.nodes) WriteNode(node, indent + 1);
  for (size_t child : cluster.clusters) WriteCluster(child, indent + 1);
  out_ += pad + "end\n";
}

std::string LinkStyle(const Graph& graph, const Edge& edge) {
  if (FromUnreached(graph, edge)) {
    return "stroke:" + std::string(style::kFaint) + ",color:" + std::string(style::kMuted) +
           ",stroke-dasharray:4 4";
  }
  bool taken = !edge.taken.empty();
  std::string colour;
  if (edge.kind == EdgeKind::kCatch) {
    colour = std::string(style::kCatch);
  } else if (taken) {
    colour = std::string(style::kTaken);
  } else if (edge.kind == EdgeKind::kDefault) {
    colour = std::string(style::kMuted);
  }
  if (colour.empty()) return "";
  std::string out = "stroke:" + colour + ",color:" + colour;
  if (taken) out += ",stroke-width:" + std::string(style::kTakenWidth) + "px";
  return out;
}

void MermaidWriter::WriteEdge(const Edge& edge) {
  bool dashed =
      edge.kind == EdgeKind::kDefault || edge.kind == EdgeKind::kCatch || edge.kind == EdgeKind::kRetry;
  std::string arrow = !edge.taken.empty() ? "==>" : dashed ? "-.->" : "-->";
  std::string label = EdgeLabel(edge);
  out_ += "  " + NodeRef(edge.from) + " " + arrow;
  if (!label.empty()) out_ += "|" + Quote(label) + "|";
  out_ += " " + NodeRef(edge.to) + "\n";
  std::string link = LinkStyle(graph_, edge);
  if (!link.empty()) {
    auto it = link_styles_.begin();
    while (it != link_styles_.end() && it->first != link) ++it;
    if (it == link_styles_.end()) it = link_styles_.insert(it, {link, {}});
    it->second.push_back(edge_count_);
  }
  ++edge_count_;
}

void MermaidWriter::WriteClasses() {
  for (const auto& [name, definition] : ClassDefinitions()) {
    if (classes_.count(name) > 0) out_ += "  classDef " + std::string(name) + " " + definition + "\n";
  }
  for (const auto& [name, definition] : ClassDefinitions()) {
    auto it = classes_.find(name);
    if (it == classes_.end()) continue;
    out_ += "  class ";
    for (size_t i = 0; i < it->second.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += "n" + std::to_string(it->second[i]);
    }
    out_ += " " + std::string(name) + "\n";
  }
}

void MermaidWriter::WriteStyles() {
  for (size_t i = 0; i < graph_.clusters.size(); ++i) {
    const Cluster& c = graph_.clusters[i];
    std::string s;
    if (c.kind == ClusterKind::kBranch) {
      s = "fill:none,stroke:" + std::string(style::kMuted) + ",stroke-dasharray:4 4";
    } else if (c.overlay && c.overlay->status == Status::kNotReached) {
      s = "fill:" + std::string(style::kFill) + ",stroke:" + std::string(style::kBorder) +
          ",color:" + std::string(style::kMuted) + ",stroke-dasharray:4 4";
    } else {
      std::string_view fill = c.overlay ? style::StatusClusterFill(c.overlay->status) : style::kClusterFill;
      s = "fill:" + std::string(fill) + ",stroke:" + std::string(style::kBorder);
    }
    out_ += "  style c" + std::to_string(i) + " " + s + "\n";
  }
  for (const auto& [link, numbers] : link_styles_) {
    out_ += "  linkStyle ";
    for (size_t i = 0; i < numbers.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += std::to_string(numbers[i]);
    }
    out_ += " " + link + "\n";
  }
}

std::string MermaidWriter::Write() {
  if (options_.title && !graph_.title.empty()) {
    out_ += "---\ntitle: " + DumpCompact(Json(ValidUtf8(graph_.title))) + "\n---\n";
  }
  out_ += "flowchart " + Direction(options_.direction) + "\n";
  for (size_t node : graph_.top_nodes) WriteNode(node, 1);
  for (size_t cluster : graph_.top_clusters) WriteCluster(cluster, 1);
  for (const Edge& edge : graph_.edges) WriteEdge(edge);
  WriteClasses();
  WriteStyles();
  return std::move(out_);
}

}  // namespace

std::string MermaidText(std::string_view text) {
  std::string valid = ValidUtf8(text);
  std::string out;
  out.reserve(valid.size() + 8);
  for (size_t i = 0; i < valid.size(); ++i) {
    char c = valid[i];
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '#':
        out += "#35;";
        break;
      case '&':
        out += "#amp;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '`':
        out += "#96;";
        break;
      case ';':
        out += "#59;";
        break;
      case '%':
        out += "#37;";
        break;
      case '|':
        out += "#124;";
        break;
      case '$':
        out += "#36;";
        break;
      case '\\':
        out += "#92;";
        break;
      case '\n':
        out += "<br/>";
        break;
      case '\r':
        if (i + 1 >= valid.size() || valid[i + 1] != '\n') out += "<br/>";
        break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
        break;
    }
  }
  return out;
}

std::string ToMermaid(const Graph& graph, const MermaidOptions& options) {
  return MermaidWriter(graph, options).Write();
}

}  // namespace sfn::render
