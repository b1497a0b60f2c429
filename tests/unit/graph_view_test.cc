// DescribeDependencies: vertices, clusters and the kind of every edge of a small standard,
// and the escaping of the DOT writer.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/graph.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

const char* kSource = R"(
standard g "图" {
  total 10
  let both = a + b
  veto V "两年" when bad and prev(bad)
  group G "外" points 10 {
    input a : number
    input b : number
    group H "内" points 6 {
      indicator T1 points 3 { score cohort_minmax(both) }
      indicator T2 points 3 { score a > prev(a) }
    }
    indicator T3 points 4 {
      input bad : bool
      score not bad
      veto "否决" when bad
    }
  }
}
)";

Standard Compile(const std::string& source) {
  CompileResult result = Standard::Compile(source, "g.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return *result.standard;
}

int Vertex(const DependencyGraphView& graph, const std::string& id) {
  for (std::size_t i = 0; i < graph.vertices.size(); ++i) {
    if (graph.vertices[i].id == id) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no vertex " << id;
  return -1;
}

// Every edge as (from id, to id, kind).
std::vector<std::tuple<std::string, std::string, GraphEdgeKind>> Edges(
    const DependencyGraphView& graph) {
  std::vector<std::tuple<std::string, std::string, GraphEdgeKind>> edges;
  for (const GraphEdge& e : graph.edges) {
    edges.emplace_back(graph.vertices[static_cast<std::size_t>(e.from)].id,
                       graph.vertices[static_cast<std::size_t>(e.to)].id, e.kind);
  }
  return edges;
}

TEST(GraphViewTest, VerticesInDeclarationOrderWithKindsAndClusters) {
  const DependencyGraphView graph = DescribeDependencies(Compile(kSource));
  std::vector<std::string> ids;
  std::vector<GraphVertexKind> kinds;
  for (const GraphVertex& v : graph.vertices) {
    ids.push_back(v.id);
    kinds.push_back(v.kind);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "bad", "both", "G", "H", "T1", "T2", "T3", "V",
                                           "T3.veto", "total"}));
  using K = GraphVertexKind;
  EXPECT_EQ(kinds, (std::vector<K>{K::kInput, K::kInput, K::kInput, K::kLet, K::kGroup, K::kGroup,
                                   K::kIndicator, K::kIndicator, K::kIndicator, K::kVeto, K::kVeto,
                                   K::kTotal}));
  const int g = Vertex(graph, "G");
  const int h = Vertex(graph, "H");
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(g)].cluster, -1);
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(h)].cluster, g);
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(Vertex(graph, "T1"))].cluster, h);
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(Vertex(graph, "T3"))].cluster, g);
  // An indicator's veto sits beside it, in its group; the standalone veto at top level.
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(Vertex(graph, "T3.veto"))].cluster, g);
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(Vertex(graph, "T3.veto"))].label, "否决");
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(Vertex(graph, "V"))].cluster, -1);
  EXPECT_EQ(graph.vertices[static_cast<std::size_t>(Vertex(graph, "a"))].cluster, -1);
  EXPECT_EQ(graph.vertices.back().label, "图");
}

TEST(GraphViewTest, EdgeKinds) {
  const DependencyGraphView graph = DescribeDependencies(Compile(kSource));
  using K = GraphEdgeKind;
  using E = std::tuple<std::string, std::string, GraphEdgeKind>;
  const std::vector<E> expected = {
      {"a", "T2", K::kReads},          {"a", "T2", K::kPrev},     // a > prev(a)
      {"a", "both", K::kReads},        {"b", "both", K::kReads},  // let both = a + b
      {"bad", "T3", K::kReads},        {"bad", "V", K::kReads},    {"bad", "V", K::kPrev},
      {"bad", "T3.veto", K::kReads},   {"both", "T1", K::kCohort},  // cohort_minmax(both)
      {"G", "total", K::kChild},       {"H", "G", K::kChild},      {"T1", "H", K::kChild},
      {"T2", "H", K::kChild},          {"T3", "G", K::kChild},     {"V", "total", K::kReads},
      {"T3.veto", "total", K::kReads},
  };
  std::vector<E> edges = Edges(graph);
  std::vector<E> sorted_expected = expected;
  std::sort(sorted_expected.begin(), sorted_expected.end());
  std::sort(edges.begin(), edges.end());
  EXPECT_EQ(edges, sorted_expected);
  // Sorted by from, then to, then kind, without repeats.
  for (std::size_t i = 1; i < graph.edges.size(); ++i) {
    const GraphEdge& x = graph.edges[i - 1];
    const GraphEdge& y = graph.edges[i];
    EXPECT_LT(std::tie(x.from, x.to, x.kind), std::tie(y.from, y.to, y.kind));
  }
}

TEST(GraphViewTest, PrevInsideACohortFunctionIsBothKinds) {
  const DependencyGraphView graph = DescribeDependencies(Compile(R"(
standard p {
  input x : number
  indicator T points 1 { score cohort_rank(x - prev(x)) + x }
}
)"));
  using K = GraphEdgeKind;
  using E = std::tuple<std::string, std::string, GraphEdgeKind>;
  EXPECT_EQ(Edges(graph), (std::vector<E>{{"x", "T", K::kReads},
                                          {"x", "T", K::kPrev},
                                          {"x", "T", K::kCohort},
                                          {"T", "total", K::kChild}}));
}

TEST(GraphViewTest, AValueRuleReadsInsteadOfSummingChildren) {
  const DependencyGraphView graph = DescribeDependencies(Compile(R"(
standard v {
  value geomean(A, B)
  group G { value max(A, B)
    indicator A points 1 { input x : number  score x }
    indicator B points 1 { score 1 }
  }
}
)"));
  using K = GraphEdgeKind;
  using E = std::tuple<std::string, std::string, GraphEdgeKind>;
  EXPECT_EQ(Edges(graph), (std::vector<E>{{"x", "A", K::kReads},
                                          {"A", "G", K::kReads},
                                          {"A", "total", K::kReads},
                                          {"B", "G", K::kReads},
                                          {"B", "total", K::kReads}}));
}

TEST(GraphViewTest, DotQuotesAndEscapes) {
  DependencyGraphView graph;
  graph.vertices.push_back({"a", "say \"hi\" \\ 你好", GraphVertexKind::kInput, -1});
  graph.vertices.push_back({"G", "", GraphVertexKind::kGroup, -1});
  graph.vertices.push_back({"T", "t", GraphVertexKind::kIndicator, 1});
  graph.edges.push_back({0, 2, GraphEdgeKind::kCohort});
  graph.edges.push_back({2, 1, GraphEdgeKind::kChild});
  const std::string dot = GraphToDot(graph, "x\"y");
  EXPECT_NE(dot.find("digraph \"x\\\"y\" {"), std::string::npos) << dot;
  EXPECT_NE(dot.find("rankdir=LR;"), std::string::npos);
  EXPECT_NE(dot.find("\"a\" [shape=box, label=\"a\\nsay \\\"hi\\\" \\\\ 你好\"];"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("subgraph \"cluster_G\" {"), std::string::npos);
  // The indicator is drawn inside its group's cluster, after the group's own vertex.
  EXPECT_LT(dot.find("\"G\" [shape=box"), dot.find("\"T\" [shape=ellipse, label=\"T\\nt\"];"));
  EXPECT_LT(dot.find("subgraph \"cluster_G\""), dot.find("\"T\" [shape=ellipse"));
  EXPECT_NE(dot.find("\"a\" -> \"T\" [style=bold, label=\"cohort\"];"), std::string::npos);
  EXPECT_NE(dot.find("\"T\" -> \"G\" [color=grey];"), std::string::npos);
}

TEST(GraphViewTest, JsonNamesVerticesById) {
  DependencyGraphView graph;
  graph.vertices.push_back({"a", "", GraphVertexKind::kInput, -1});
  graph.vertices.push_back({"G", "组", GraphVertexKind::kGroup, -1});
  graph.vertices.push_back({"T", "", GraphVertexKind::kIndicator, 1});
  graph.edges.push_back({0, 2, GraphEdgeKind::kPrev});
  const std::string json = GraphToJson(graph);
  EXPECT_NE(json.find("\"cluster\": \"G\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"label\": \"组\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"from\": \"a\",\n      \"to\": \"T\",\n      \"kind\": \"prev\""),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace rubric
