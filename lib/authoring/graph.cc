// DescribeDependencies and its DOT and JSON writers. The edges come from the model's
// expressions rather than from graph::DependencyGraph, which knows that a value reads
// another but not how (same row, previous period, cohort).
#include "rubric/graph.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "api/compiled_standard.h"
#include "sema/model.h"

namespace rubric {
namespace {

class GraphBuilder {
 public:
  explicit GraphBuilder(const sema::Model& model)
      : model_(model),
        first_let_(static_cast<int>(model.inputs.size())),
        first_node_(first_let_ + static_cast<int>(model.lets.size())),
        first_veto_(first_node_ + static_cast<int>(model.nodes.size())),
        total_(first_veto_ + static_cast<int>(model.vetoes.size())) {}

  DependencyGraphView Build() {
    AddVertices();
    for (std::size_t i = 0; i < model_.lets.size(); ++i) {
      Collect(model_.lets[i].expr, first_let_ + static_cast<int>(i), false);
    }
    for (std::size_t i = 0; i < model_.nodes.size(); ++i) {
      const sema::Node& node = model_.nodes[i];
      const int to = first_node_ + static_cast<int>(i);
      if (node.rule == sema::NodeRule::kSumChildren) {
        for (int child : node.info.children)
          AddEdge(first_node_ + child, to, GraphEdgeKind::kChild);
      } else {
        Collect(node.expr, to, false);
      }
    }
    for (std::size_t i = 0; i < model_.vetoes.size(); ++i) {
      const int veto = first_veto_ + static_cast<int>(i);
      Collect(model_.vetoes[i].condition, veto, false);
      AddEdge(veto, total_, GraphEdgeKind::kReads);
    }
    if (model_.root_value != sema::kNoExpr) {
      Collect(model_.root_value, total_, false);
    } else {
      for (int top : model_.top_nodes) AddEdge(first_node_ + top, total_, GraphEdgeKind::kChild);
    }
    auto key = [](const GraphEdge& e) { return std::tuple(e.from, e.to, e.kind); };
    std::sort(view_.edges.begin(), view_.edges.end(),
              [&](const GraphEdge& a, const GraphEdge& b) { return key(a) < key(b); });
    view_.edges.erase(
        std::unique(view_.edges.begin(), view_.edges.end(),
                    [&](const GraphEdge& a, const GraphEdge& b) { return key(a) == key(b); }),
        view_.edges.end());
    return std::move(view_);
  }

 private:
  void AddVertices() {
    for (const sema::Input& input : model_.inputs) {
      view_.vertices.push_back({input.info.id, input.info.label, GraphVertexKind::kInput, -1});
    }
    for (const sema::Let& let : model_.lets) {
      view_.vertices.push_back({let.id, let.label, GraphVertexKind::kLet, -1});
    }
    for (const sema::Node& node : model_.nodes) {
      const bool group = node.info.kind == NodeKind::kGroup;
      view_.vertices.push_back({node.info.id, node.info.label,
                                group ? GraphVertexKind::kGroup : GraphVertexKind::kIndicator,
                                GroupVertex(node.info.parent)});
    }
    for (const sema::Veto& veto : model_.vetoes) {
      const int owner = veto.info.node;
      if (owner < 0) {
        view_.vertices.push_back({veto.info.id, veto.info.label, GraphVertexKind::kVeto, -1});
        continue;
      }
      const NodeInfo& indicator = model_.nodes[static_cast<std::size_t>(owner)].info;
      view_.vertices.push_back({indicator.id + ".veto", veto.info.label, GraphVertexKind::kVeto,
                                GroupVertex(indicator.parent)});
    }
    view_.vertices.push_back({"total", model_.title, GraphVertexKind::kTotal, -1});
  }

  int GroupVertex(int node) const { return node < 0 ? -1 : first_node_ + node; }

  int SymbolVertex(sema::SymbolRef ref) const {
    switch (ref.kind) {
      case sema::SymbolKind::kInput:
        return ref.index;
      case sema::SymbolKind::kLet:
        return first_let_ + ref.index;
      case sema::SymbolKind::kNode:
        return first_node_ + ref.index;
      case sema::SymbolKind::kVeto:
        return first_veto_ + ref.index;
      case sema::SymbolKind::kRoot:
        return total_;
    }
    return ref.index;
  }

  void Collect(sema::ExprId id, int to, bool in_cohort) {
    if (id == sema::kNoExpr) return;
    const sema::Expr& e = model_.expr(id);
    if (e.op == sema::Op::kRef || e.op == sema::Op::kMissing) {
      AddEdge(SymbolVertex(e.ref), to, in_cohort ? GraphEdgeKind::kCohort : GraphEdgeKind::kReads);
    } else if (e.op == sema::Op::kPrev || e.op == sema::Op::kMissingPrev) {
      AddEdge(SymbolVertex(e.ref), to, GraphEdgeKind::kPrev);
      if (in_cohort) AddEdge(SymbolVertex(e.ref), to, GraphEdgeKind::kCohort);
    }
    const bool cohort = in_cohort || sema::IsCohortExpr(e);
    if (sema::IsCohortExpr(e) && e.cohort.key_input >= 0) {  // `by KEY`
      AddEdge(SymbolVertex({sema::SymbolKind::kInput, e.cohort.key_input}), to,
              GraphEdgeKind::kCohort);
    }
    for (sema::ExprId arg : e.args) Collect(arg, to, cohort);
  }

  void AddEdge(int from, int to, GraphEdgeKind kind) { view_.edges.push_back({from, to, kind}); }

  const sema::Model& model_;
  const int first_let_;
  const int first_node_;
  const int first_veto_;
  const int total_;
  DependencyGraphView view_;
};

// A DOT string literal. Backslashes are doubled so that only the writer's own `\n` breaks
// lines in labels.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out + "\"";
}

// `ID\nLABEL`: Graphviz breaks the line at the escape.
std::string VertexLabel(const GraphVertex& v) {
  return Quoted(v.label.empty() ? v.id : v.id + "\n" + v.label);
}

const char* VertexStyle(GraphVertexKind kind) {
  switch (kind) {
    case GraphVertexKind::kInput:
      return "shape=box";
    case GraphVertexKind::kLet:
      return "shape=ellipse, style=dashed";
    case GraphVertexKind::kGroup:
      return "shape=box, style=\"rounded,bold\"";
    case GraphVertexKind::kIndicator:
      return "shape=ellipse";
    case GraphVertexKind::kVeto:
      return "shape=octagon, color=red, fontcolor=red";
    case GraphVertexKind::kTotal:
      return "shape=box, peripheries=2, style=bold";
  }
  return "";
}

const char* EdgeStyle(GraphEdgeKind kind) {
  switch (kind) {
    case GraphEdgeKind::kReads:
      return "";
    case GraphEdgeKind::kPrev:
      return " [style=dashed, label=\"prev\"]";
    case GraphEdgeKind::kCohort:
      return " [style=bold, label=\"cohort\"]";
    case GraphEdgeKind::kChild:
      return " [color=grey]";
  }
  return "";
}

class DotWriter {
 public:
  explicit DotWriter(const DependencyGraphView& graph) : graph_(graph) {
    members_.resize(graph.vertices.size());
    for (std::size_t v = 0; v < graph.vertices.size(); ++v) {
      const int cluster = graph.vertices[v].cluster;
      if (cluster >= 0 && static_cast<std::size_t>(cluster) < members_.size()) {
        members_[static_cast<std::size_t>(cluster)].push_back(static_cast<int>(v));
      } else {
        top_.push_back(static_cast<int>(v));
      }
    }
  }

  std::string Write(std::string_view title) {
    out_ = "digraph " + Quoted(title.empty() ? "rubric" : title) + " {\n";
    out_ += "  rankdir=LR;\n";
    if (!title.empty()) out_ += "  label=" + Quoted(title) + ";\n  labelloc=t;\n";
    for (int v : top_) WriteVertexOrCluster(v, 1);
    for (const GraphEdge& e : graph_.edges) {
      out_ += "  " + Quoted(graph_.vertices[static_cast<std::size_t>(e.from)].id) + " -> " +
              Quoted(graph_.vertices[static_cast<std::size_t>(e.to)].id) + EdgeStyle(e.kind) +
              ";\n";
    }
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  void WriteVertexOrCluster(int v, int depth) {
    const GraphVertex& vertex = graph_.vertices[static_cast<std::size_t>(v)];
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    if (vertex.kind != GraphVertexKind::kGroup) {
      WriteVertex(vertex, indent);
      return;
    }
    out_ += indent + "subgraph " + Quoted("cluster_" + vertex.id) + " {\n";
    // The group's own vertex names the cluster; an empty label also keeps the graph's title
    // from being inherited.
    out_ += indent + "  label=\"\";\n" + indent + "  style=rounded;\n" + indent + "  color=grey;\n";
    WriteVertex(vertex, indent + "  ");
    for (int member : members_[static_cast<std::size_t>(v)]) {
      WriteVertexOrCluster(member, depth + 1);
    }
    out_ += indent + "}\n";
  }

  void WriteVertex(const GraphVertex& vertex, const std::string& indent) {
    out_ += indent + Quoted(vertex.id) + " [" + VertexStyle(vertex.kind) +
            ", label=" + VertexLabel(vertex) + "];\n";
  }

  const DependencyGraphView& graph_;
  std::vector<std::vector<int>> members_;  // per group vertex, the vertices it encloses
  std::vector<int> top_;
  std::string out_;
};

}  // namespace

DependencyGraphView DescribeDependencies(const Standard& standard) {
  return GraphBuilder(standard.compiled().model).Build();
}

const char* GraphVertexKindName(GraphVertexKind kind) {
  switch (kind) {
    case GraphVertexKind::kInput:
      return "input";
    case GraphVertexKind::kLet:
      return "let";
    case GraphVertexKind::kGroup:
      return "group";
    case GraphVertexKind::kIndicator:
      return "indicator";
    case GraphVertexKind::kVeto:
      return "veto";
    case GraphVertexKind::kTotal:
      return "total";
  }
  return "";
}

const char* GraphEdgeKindName(GraphEdgeKind kind) {
  switch (kind) {
    case GraphEdgeKind::kReads:
      return "reads";
    case GraphEdgeKind::kPrev:
      return "prev";
    case GraphEdgeKind::kCohort:
      return "cohort";
    case GraphEdgeKind::kChild:
      return "child";
  }
  return "";
}

std::string GraphToDot(const DependencyGraphView& graph, std::string_view title) {
  return DotWriter(graph).Write(title);
}

std::string GraphToJson(const DependencyGraphView& graph) {
  using Json = nlohmann::ordered_json;
  auto id_of = [&](int v) -> Json {
    if (v < 0 || static_cast<std::size_t>(v) >= graph.vertices.size()) return nullptr;
    return graph.vertices[static_cast<std::size_t>(v)].id;
  };
  Json vertices = Json::array();
  for (const GraphVertex& v : graph.vertices) {
    vertices.push_back({{"id", v.id},
                        {"label", v.label},
                        {"kind", GraphVertexKindName(v.kind)},
                        {"cluster", id_of(v.cluster)}});
  }
  Json edges = Json::array();
  for (const GraphEdge& e : graph.edges) {
    edges.push_back(
        {{"from", id_of(e.from)}, {"to", id_of(e.to)}, {"kind", GraphEdgeKindName(e.kind)}});
  }
  const Json doc = {{"vertices", std::move(vertices)}, {"edges", std::move(edges)}};
  // Labels are valid UTF-8 (sources are checked); `replace` keeps dump() from ever throwing.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace rubric
