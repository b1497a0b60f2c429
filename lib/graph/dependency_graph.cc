#include "graph/dependency_graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <iterator>
#include <string>

namespace rubric::graph {
namespace {

// Edges point from a value to the values it reads.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// Records the DFS tree and the first back edge, which closes a cycle.
class CycleFinder : public boost::default_dfs_visitor {
 public:
  CycleFinder(std::vector<int>* parent, std::optional<std::pair<int, int>>* back_edge)
      : parent_(parent), back_edge_(back_edge) {}

  void tree_edge(Edge e, const Graph& g) const {
    (*parent_)[boost::target(e, g)] = static_cast<int>(boost::source(e, g));
  }
  void back_edge(Edge e, const Graph& g) const {
    if (!*back_edge_) {
      *back_edge_ = {static_cast<int>(boost::source(e, g)), static_cast<int>(boost::target(e, g))};
    }
  }

 private:
  std::vector<int>* parent_;
  std::optional<std::pair<int, int>>* back_edge_;
};

void CollectReads(const sema::Model& model, sema::ExprId id, const DependencyGraph& graph,
                  std::vector<int>* out) {
  if (id == sema::kNoExpr) return;
  const sema::Expr& e = model.expr(id);
  if (e.op == sema::Op::kRef || e.op == sema::Op::kPrev) {
    int vertex = e.ref.index;
    switch (e.ref.kind) {
      case sema::SymbolKind::kInput:
        break;
      case sema::SymbolKind::kLet:
        vertex = graph.let_vertex(e.ref.index);
        break;
      case sema::SymbolKind::kNode:
        vertex = graph.node_vertex(e.ref.index);
        break;
      case sema::SymbolKind::kVeto:
        vertex = graph.veto_vertex(e.ref.index);
        break;
    }
    if (std::find(out->begin(), out->end(), vertex) == out->end()) out->push_back(vertex);
  }
  for (sema::ExprId arg : e.args) CollectReads(model, arg, graph, out);
}

std::string VertexName(const sema::Model& model, const Vertex& v) {
  switch (v.kind) {
    case VertexKind::kInput:
      return model.inputs[static_cast<std::size_t>(v.index)].info.id;
    case VertexKind::kLet:
      return model.lets[static_cast<std::size_t>(v.index)].id;
    case VertexKind::kNode:
      return model.nodes[static_cast<std::size_t>(v.index)].info.id;
    case VertexKind::kVeto:
      return model.vetoes[static_cast<std::size_t>(v.index)].info.id;
    case VertexKind::kRoot:
      return model.id;
  }
  return {};
}

sema::Span VertexSpan(const sema::Model& model, const Vertex& v) {
  switch (v.kind) {
    case VertexKind::kInput:
      return model.inputs[static_cast<std::size_t>(v.index)].span;
    case VertexKind::kLet:
      return model.lets[static_cast<std::size_t>(v.index)].span;
    case VertexKind::kNode:
      return model.nodes[static_cast<std::size_t>(v.index)].span;
    case VertexKind::kVeto:
      return model.vetoes[static_cast<std::size_t>(v.index)].span;
    case VertexKind::kRoot:
      return {};
  }
  return {};
}

}  // namespace

std::optional<DependencyGraph> BuildDependencyGraph(const sema::Model& model,
                                                    std::vector<Diagnostic>* diagnostics) {
  DependencyGraph graph;
  const int inputs = static_cast<int>(model.inputs.size());
  graph.first_let = inputs;
  graph.first_node = graph.first_let + static_cast<int>(model.lets.size());
  graph.first_veto = graph.first_node + static_cast<int>(model.nodes.size());
  for (int i = 0; i < inputs; ++i) graph.vertices.push_back({VertexKind::kInput, i});
  for (int i = 0; i < static_cast<int>(model.lets.size()); ++i) {
    graph.vertices.push_back({VertexKind::kLet, i});
  }
  for (int i = 0; i < static_cast<int>(model.nodes.size()); ++i) {
    graph.vertices.push_back({VertexKind::kNode, i});
  }
  for (int i = 0; i < static_cast<int>(model.vetoes.size()); ++i) {
    graph.vertices.push_back({VertexKind::kVeto, i});
  }
  graph.vertices.push_back({VertexKind::kRoot, 0});
  graph.reads.resize(graph.vertices.size());

  for (std::size_t i = 0; i < model.lets.size(); ++i) {
    CollectReads(model, model.lets[i].expr, graph, &graph.reads[graph.let_vertex(int(i))]);
  }
  for (std::size_t i = 0; i < model.nodes.size(); ++i) {
    const sema::Node& node = model.nodes[i];
    std::vector<int>& reads = graph.reads[graph.node_vertex(int(i))];
    if (node.rule == sema::NodeRule::kSumChildren) {
      for (int child : node.info.children) reads.push_back(graph.node_vertex(child));
    } else {
      CollectReads(model, node.expr, graph, &reads);
    }
  }
  for (std::size_t i = 0; i < model.vetoes.size(); ++i) {
    CollectReads(model, model.vetoes[i].condition, graph, &graph.reads[graph.veto_vertex(int(i))]);
  }
  std::vector<int>& root_reads = graph.reads[graph.root_vertex()];
  if (model.root_value != sema::kNoExpr) {
    CollectReads(model, model.root_value, graph, &root_reads);
  } else {
    for (int top : model.top_nodes) root_reads.push_back(graph.node_vertex(top));
  }
  // Every veto decides the grade, so the root's results need them too.
  for (std::size_t i = 0; i < model.vetoes.size(); ++i) {
    root_reads.push_back(graph.veto_vertex(static_cast<int>(i)));
  }

  Graph g(graph.vertices.size());
  for (std::size_t v = 0; v < graph.reads.size(); ++v) {
    for (int dep : graph.reads[v]) boost::add_edge(v, static_cast<std::size_t>(dep), g);
  }

  std::vector<int> parent(graph.vertices.size(), -1);
  std::optional<std::pair<int, int>> back_edge;
  boost::depth_first_search(g, boost::visitor(CycleFinder(&parent, &back_edge)));
  if (back_edge) {
    // The back edge u -> v closes the tree path v -> ... -> u.
    const auto [u, v] = *back_edge;
    std::vector<int> path{u};
    for (int x = u; x != v && parent[x] >= 0; x = parent[x]) path.push_back(parent[x]);
    std::reverse(path.begin(), path.end());
    path.push_back(v);
    std::string text;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (i > 0) text += " -> ";
      text += VertexName(model, graph.vertices[path[i]]);
    }
    Diagnostic d;
    d.code = "E0301";
    d.message = "dependency cycle: " + text;
    d.hint = "a value cannot depend on itself; prev(x) reads the previous period's x";
    const sema::Span span = VertexSpan(model, graph.vertices[v]);
    d.offset = span.begin;
    d.length = span.end - span.begin;
    diagnostics->push_back(std::move(d));
    return std::nullopt;
  }

  std::vector<std::size_t> order;
  boost::topological_sort(g, std::back_inserter(order));  // dependencies first
  for (std::size_t v : order) {
    if (graph.vertices[v].kind != VertexKind::kInput) {
      graph.evaluation_order.push_back(static_cast<int>(v));
    }
  }
  return graph;
}

}  // namespace rubric::graph
