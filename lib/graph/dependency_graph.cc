#include "graph/dependency_graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <iterator>
#include <string>
#include <utility>

namespace rubric::graph {
namespace {

// Edges point from a value to the values it reads.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// Records the DFS tree, the first back edge, which closes a cycle, and the order in which
// vertices finish: without a back edge, a topological order with dependencies first (what
// boost::topological_sort would give, from the same search).
class CycleFinder : public boost::default_dfs_visitor {
 public:
  CycleFinder(std::vector<int>* parent, std::optional<std::pair<int, int>>* back_edge,
              std::vector<std::size_t>* finished)
      : parent_(parent), back_edge_(back_edge), finished_(finished) {}

  void tree_edge(Edge e, const Graph& g) const {
    (*parent_)[boost::target(e, g)] = static_cast<int>(boost::source(e, g));
  }
  void back_edge(Edge e, const Graph& g) const {
    if (!*back_edge_) {
      *back_edge_ = {static_cast<int>(boost::source(e, g)), static_cast<int>(boost::target(e, g))};
    }
  }
  void finish_vertex(std::size_t v, const Graph&) const { finished_->push_back(v); }

 private:
  std::vector<int>* parent_;
  std::optional<std::pair<int, int>>* back_edge_;
  std::vector<std::size_t>* finished_;
};

// How an expression reads a vertex: in the same row, through prev(), inside a cohort
// function's argument (any of them may hold at once for one vertex).
struct Reads {
  std::vector<int> all;  // in the order the rule mentions them, no repeats
  std::vector<int> same_row;
  std::vector<int> prev;
  std::vector<int> cohort;
};

void AddOnce(std::vector<int>* list, int vertex) {
  if (std::find(list->begin(), list->end(), vertex) == list->end()) list->push_back(vertex);
}

void CollectReads(const sema::Model& model, sema::ExprId id, const DependencyGraph& graph,
                  bool in_cohort, Reads* out) {
  if (id == sema::kNoExpr) return;
  const sema::Expr& e = model.expr(id);
  // missing(prev(x)) reads x's previous value (a let's or node's may be missing).
  const bool reads = e.op == sema::Op::kRef || e.op == sema::Op::kPrev ||
                     e.op == sema::Op::kMissing || e.op == sema::Op::kMissingPrev;
  if (reads) {
    const int vertex = graph.vertex_of(e.ref);
    AddOnce(&out->all, vertex);
    const bool previous = e.op == sema::Op::kPrev || e.op == sema::Op::kMissingPrev;
    AddOnce(previous ? &out->prev : &out->same_row, vertex);
    if (in_cohort) AddOnce(&out->cohort, vertex);
  }
  const bool cohort = in_cohort || sema::IsCohortExpr(e);
  if (sema::IsCohortExpr(e) && e.cohort.key_input >= 0) {  // `by KEY`: the key of every row
    const int key = graph.vertex_of({sema::SymbolKind::kInput, e.cohort.key_input});
    AddOnce(&out->all, key);
    AddOnce(&out->same_row, key);
    AddOnce(&out->cohort, key);
  }
  for (sema::ExprId arg : e.args) CollectReads(model, arg, graph, cohort, out);
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
      return "total";  // as an expression names it
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

// The E0301 diagnostic for a cycle, at the first vertex of `path`.
Diagnostic CycleError(const sema::Model& model, const DependencyGraph& graph,
                      const std::vector<int>& path, const std::string& what, std::string hint) {
  std::string text;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) text += " -> ";
    text += VertexName(model, graph.vertices[static_cast<std::size_t>(path[i])]);
  }
  Diagnostic d;
  d.code = "E0301";
  d.message = what + text;
  d.hint = std::move(hint);
  const sema::Span span = VertexSpan(model, graph.vertices[static_cast<std::size_t>(path.back())]);
  d.offset = span.begin;
  d.length = span.end - span.begin;
  return d;
}

// A shortest path of reads from `from` to `to` within one strong component (both included).
std::vector<int> PathWithin(const std::vector<Reads>& reads, const std::vector<int>& component,
                            int from, int to) {
  std::vector<int> parent(reads.size(), -1);
  std::vector<int> queue{from};
  parent[static_cast<std::size_t>(from)] = from;
  for (std::size_t i = 0; i < queue.size() && parent[static_cast<std::size_t>(to)] < 0; ++i) {
    const int v = queue[i];
    for (int dep : reads[static_cast<std::size_t>(v)].all) {
      if (parent[static_cast<std::size_t>(dep)] >= 0 ||
          component[static_cast<std::size_t>(dep)] != component[static_cast<std::size_t>(v)]) {
        continue;
      }
      parent[static_cast<std::size_t>(dep)] = v;
      queue.push_back(dep);
    }
  }
  std::vector<int> path{to};
  for (int x = to; x != from; x = parent[static_cast<std::size_t>(x)]) {
    path.push_back(parent[static_cast<std::size_t>(x)]);
  }
  std::reverse(path.begin(), path.end());
  return path;
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

  std::vector<Reads> reads(graph.vertices.size());
  for (std::size_t i = 0; i < model.lets.size(); ++i) {
    CollectReads(model, model.lets[i].expr, graph, false, &reads[graph.let_vertex(int(i))]);
  }
  for (std::size_t i = 0; i < model.nodes.size(); ++i) {
    const sema::Node& node = model.nodes[i];
    Reads& node_reads = reads[graph.node_vertex(int(i))];
    if (node.rule == sema::NodeRule::kSumChildren) {
      for (int child : node.info.children) {
        node_reads.all.push_back(graph.node_vertex(child));
        node_reads.same_row.push_back(graph.node_vertex(child));
      }
    } else {
      CollectReads(model, node.expr, graph, false, &node_reads);
    }
  }
  for (std::size_t i = 0; i < model.vetoes.size(); ++i) {
    CollectReads(model, model.vetoes[i].condition, graph, false, &reads[graph.veto_vertex(int(i))]);
  }
  Reads& root_reads = reads[graph.root_vertex()];
  if (model.root_value != sema::kNoExpr) {
    CollectReads(model, model.root_value, graph, false, &root_reads);
  } else {
    for (int top : model.top_nodes) {
      root_reads.all.push_back(graph.node_vertex(top));
      root_reads.same_row.push_back(graph.node_vertex(top));
    }
  }
  // Every veto decides the grade, so the root's results need them too.
  for (std::size_t i = 0; i < model.vetoes.size(); ++i) {
    root_reads.all.push_back(graph.veto_vertex(static_cast<int>(i)));
    root_reads.same_row.push_back(graph.veto_vertex(static_cast<int>(i)));
  }
  for (std::size_t v = 0; v < reads.size(); ++v) graph.reads[v] = reads[v].all;

  // Within a row, values must not depend on themselves.
  const std::size_t n = graph.vertices.size();
  Graph same_row(n);
  for (std::size_t v = 0; v < n; ++v) {
    for (int dep : reads[v].same_row) boost::add_edge(v, static_cast<std::size_t>(dep), same_row);
  }
  std::vector<int> parent(n, -1);
  std::optional<std::pair<int, int>> back_edge;
  std::vector<std::size_t> row_order;  // dependencies first, when there is no cycle
  row_order.reserve(n);
  boost::depth_first_search(same_row, boost::visitor(CycleFinder(&parent, &back_edge, &row_order)));
  if (back_edge) {
    // The back edge u -> v closes the tree path v -> ... -> u.
    const auto [u, v] = *back_edge;
    std::vector<int> path{u};
    for (int x = u; x != v && parent[x] >= 0; x = parent[x]) path.push_back(parent[x]);
    std::reverse(path.begin(), path.end());
    path.push_back(v);
    diagnostics->push_back(CycleError(
        model, graph, path, "dependency cycle: ",
        "a value cannot depend on itself in the same row; only prev(x), x's value in the "
        "previous period, breaks a cycle"));
    return std::nullopt;
  }

  graph.recurrence_of.assign(n, -1);
  // Without prev() the reads across periods are the reads within a row: the same acyclic
  // graph, each vertex a component of its own, and the order just found.
  if (std::all_of(reads.begin(), reads.end(), [](const Reads& r) { return r.prev.empty(); })) {
    for (std::size_t v : row_order) {
      if (graph.vertices[v].kind != VertexKind::kInput) {
        graph.evaluation_order.push_back(static_cast<int>(v));
      }
    }
    return graph;
  }

  // Across periods, cycles through prev() are recurrences, evaluated period by period.
  Graph all(n);
  for (std::size_t v = 0; v < n; ++v) {
    for (int dep : reads[v].all) boost::add_edge(v, static_cast<std::size_t>(dep), all);
  }
  std::vector<int> component(n);
  const int components = boost::strong_components(
      all,
      boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, all)));
  std::vector<int> size(static_cast<std::size_t>(components), 0);
  for (int c : component) ++size[static_cast<std::size_t>(c)];
  std::vector<int> recurrence(static_cast<std::size_t>(components), -1);
  for (std::size_t v = 0; v < n; ++v) {
    const int c = component[v];
    const bool self =
        std::find(reads[v].prev.begin(), reads[v].prev.end(), int(v)) != reads[v].prev.end();
    if ((size[static_cast<std::size_t>(c)] > 1 || self) &&
        recurrence[static_cast<std::size_t>(c)] < 0) {
      recurrence[static_cast<std::size_t>(c)] = graph.recurrence_count++;
    }
  }
  // A cohort function reads the whole period: it cannot be on a cycle evaluated row by row.
  for (std::size_t v = 0; v < n; ++v) {
    if (recurrence[static_cast<std::size_t>(component[v])] < 0) continue;
    for (int dep : reads[v].cohort) {
      if (component[static_cast<std::size_t>(dep)] != component[v]) continue;
      std::vector<int> path = PathWithin(reads, component, dep, static_cast<int>(v));
      path.insert(path.begin(), static_cast<int>(v));
      diagnostics->push_back(CycleError(
          model, graph, path, "dependency cycle through a cohort function: ",
          "prev(x) breaks a cycle, but not one through a cohort function, which reads every "
          "row of the period"));
      return std::nullopt;
    }
  }

  if (graph.recurrence_count == 0) {  // the usual case: the whole graph is acyclic
    std::vector<std::size_t> order;
    boost::topological_sort(all, std::back_inserter(order));  // dependencies first
    for (std::size_t v : order) {
      if (graph.vertices[v].kind != VertexKind::kInput) {
        graph.evaluation_order.push_back(static_cast<int>(v));
      }
    }
    return graph;
  }
  // Components in dependency order (Kahn), each one's members in same-row order.
  std::vector<std::vector<int>> members(static_cast<std::size_t>(components));
  for (std::size_t v : row_order) members[static_cast<std::size_t>(component[v])].push_back(int(v));
  std::vector<std::vector<int>> readers(static_cast<std::size_t>(components));
  std::vector<int> waiting(static_cast<std::size_t>(components), 0);
  for (std::size_t v = 0; v < n; ++v) {
    for (int dep : reads[v].all) {
      const int from = component[static_cast<std::size_t>(dep)];
      if (from == component[v]) continue;
      readers[static_cast<std::size_t>(from)].push_back(component[v]);
      ++waiting[static_cast<std::size_t>(component[v])];
    }
  }
  std::vector<int> ready;
  for (std::size_t v : row_order) {  // ties in a stable, same-row order
    const int c = component[v];
    if (waiting[static_cast<std::size_t>(c)] == 0 &&
        members[static_cast<std::size_t>(c)].front() == int(v)) {
      ready.push_back(c);
    }
  }
  for (std::size_t next = 0; next < ready.size(); ++next) {
    const int c = ready[next];
    for (int v : members[static_cast<std::size_t>(c)]) {
      graph.recurrence_of[static_cast<std::size_t>(v)] = recurrence[static_cast<std::size_t>(c)];
      if (graph.vertices[static_cast<std::size_t>(v)].kind != VertexKind::kInput) {
        graph.evaluation_order.push_back(v);
      }
    }
    for (int reader : readers[static_cast<std::size_t>(c)]) {
      if (--waiting[static_cast<std::size_t>(reader)] == 0) ready.push_back(reader);
    }
  }
  return graph;
}

int DependencyGraph::vertex_of(sema::SymbolRef ref) const {
  switch (ref.kind) {
    case sema::SymbolKind::kInput:
      return ref.index;
    case sema::SymbolKind::kLet:
      return let_vertex(ref.index);
    case sema::SymbolKind::kNode:
      return node_vertex(ref.index);
    case sema::SymbolKind::kVeto:
      return veto_vertex(ref.index);
    case sema::SymbolKind::kRoot:
      return root_vertex();
  }
  return ref.index;
}

}  // namespace rubric::graph
