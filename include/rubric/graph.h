// The dependency graph of a compiled standard as plain data, and as Graphviz DOT or JSON
// text: which values each input, let, node, veto and the total read, and how.
#ifndef RUBRIC_GRAPH_H_
#define RUBRIC_GRAPH_H_

#include <string>
#include <string_view>
#include <vector>

#include "rubric/standard.h"

namespace rubric {

enum class GraphVertexKind { kInput, kLet, kGroup, kIndicator, kVeto, kTotal };

struct GraphVertex {
  // Unique within the graph: the declared id; an indicator's own veto (`veto when ...`
  // inside it) is `ID.veto`, and the standard's total is `total` (neither can be a name).
  std::string id;
  std::string label;  // the declared label (the title for the total); may be empty
  GraphVertexKind kind = GraphVertexKind::kInput;
  // Index of the enclosing group's vertex, -1 at top level. Nodes sit in their parent group,
  // an indicator's veto in the indicator's group; inputs, lets, standalone vetoes and the
  // total are at top level.
  int cluster = -1;
};

enum class GraphEdgeKind {
  kReads,   // an expression reads the value in the same row
  kPrev,    // an expression reads it in period - 1, through prev()
  kCohort,  // read inside a cohort function: depends on every row of the period
  kChild,   // a group (or the total) sums its children
};

// `from` is the dependency, `to` the dependent (indices into vertices). prev(x) inside a
// cohort function gives both a kPrev and a kCohort edge. Every veto is read by the total
// (kReads): it decides the grade.
struct GraphEdge {
  int from = 0;
  int to = 0;
  GraphEdgeKind kind = GraphEdgeKind::kReads;
};

struct DependencyGraphView {
  // Inputs, lets, nodes (pre-order), vetoes, in declaration order, then the total.
  std::vector<GraphVertex> vertices;
  // Without repeats, sorted by from, then to, then kind.
  std::vector<GraphEdge> edges;
};

DependencyGraphView DescribeDependencies(const Standard& standard);

const char* GraphVertexKindName(GraphVertexKind kind);  // "input", "let", "group", ...
const char* GraphEdgeKindName(GraphEdgeKind kind);      // "reads", "prev", "cohort", "child"

// Graphviz DOT, left to right: each group is a cluster holding the group's own vertex and
// its members (nested); inputs are boxes, lets dashed ellipses, indicators ellipses, vetoes
// red octagons, the total a double box. prev edges are dashed and labelled `prev`, cohort
// edges bold and labelled `cohort`, child edges grey. Vertices show `ID\nLABEL`. `title`,
// when given, names and labels the graph.
std::string GraphToDot(const DependencyGraphView& graph, std::string_view title = {});

// JSON: {"vertices": [{"id", "label", "kind", "cluster"}], "edges": [{"from", "to", "kind"}]}
// where cluster, from and to are vertex ids (cluster is null at top level) and kinds are
// the names above. Indented, with a final newline.
std::string GraphToJson(const DependencyGraphView& graph);

}  // namespace rubric

#endif  // RUBRIC_GRAPH_H_
