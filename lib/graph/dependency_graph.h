// The dependency graph of a model (Boost.Graph): which values read which, the cycle check
// (with the path named) and a topological order for evaluation.
#ifndef RUBRIC_LIB_GRAPH_DEPENDENCY_GRAPH_H_
#define RUBRIC_LIB_GRAPH_DEPENDENCY_GRAPH_H_

#include <optional>
#include <vector>

#include "rubric/diagnostic.h"
#include "sema/model.h"

namespace rubric::graph {

enum class VertexKind { kInput, kLet, kNode, kVeto, kRoot };

struct Vertex {
  VertexKind kind = VertexKind::kInput;
  int index = 0;  // into the model's inputs, lets, nodes or vetoes (0 for the root)
};

struct DependencyGraph {
  // Inputs first (vertex i = input i), then lets, nodes, vetoes and the root (the total).
  std::vector<Vertex> vertices;
  // For each vertex, the vertices it reads, in the order the rule mentions them (no repeats).
  std::vector<std::vector<int>> reads;
  // The computed vertices (not inputs), every one after all the vertices it reads in the
  // same row, and after all it reads through prev() unless both are in one recurrence.
  std::vector<int> evaluation_order;
  // Per vertex: its recurrence, or -1. A recurrence is a set of values that depend on each
  // other only across periods, through prev() (`let run = prev(run) + a`): they are evaluated
  // period after period. Its members are contiguous in evaluation_order.
  std::vector<int> recurrence_of;
  int recurrence_count = 0;

  int let_vertex(int i) const { return first_let + i; }
  int node_vertex(int i) const { return first_node + i; }
  int veto_vertex(int i) const { return first_veto + i; }
  int root_vertex() const { return static_cast<int>(vertices.size()) - 1; }
  // The vertex of an input, let, node or veto.
  int vertex_of(sema::SymbolRef ref) const;

  int first_let = 0;
  int first_node = 0;
  int first_veto = 0;
};

// Builds the graph. A dependency cycle within a row is error E0301 naming the path
// (`a -> b -> a`); a cycle through prev() is a recurrence, unless a cohort function is on it
// (also E0301). Returns nullopt after an error.
std::optional<DependencyGraph> BuildDependencyGraph(const sema::Model& model,
                                                    std::vector<Diagnostic>* diagnostics);

}  // namespace rubric::graph

#endif  // RUBRIC_LIB_GRAPH_DEPENDENCY_GRAPH_H_
