// L0001: an input that nothing scored reads. Nodes, vetoes, outputs (`output let`) and the
// standard's value are what a standard reports; another let counts only when one of those
// reads it, perhaps through prev.
#include "absl/strings/str_cat.h"
#include "lint/checks.h"

namespace rubric::lint {
namespace {

// The vertices some node, veto, output or the root depends on.
std::vector<bool> ReachedFromResults(const sema::Model& model,
                                     const graph::DependencyGraph& graph) {
  std::vector<bool> reached(graph.vertices.size(), false);
  std::vector<int> stack;
  for (std::size_t v = 0; v < graph.vertices.size(); ++v) {
    const graph::VertexKind kind = graph.vertices[v].kind;
    if (kind == graph::VertexKind::kInput) continue;
    if (kind == graph::VertexKind::kLet &&
        !model.lets[static_cast<std::size_t>(graph.vertices[v].index)].output) {
      continue;
    }
    reached[v] = true;
    stack.push_back(static_cast<int>(v));
  }
  while (!stack.empty()) {
    const int v = stack.back();
    stack.pop_back();
    for (int read : graph.reads[static_cast<std::size_t>(v)]) {
      if (reached[static_cast<std::size_t>(read)]) continue;
      reached[static_cast<std::size_t>(read)] = true;
      stack.push_back(read);
    }
  }
  return reached;
}

}  // namespace

void CheckUnreadInputs(const Context& context, std::vector<Diagnostic>* out) {
  const sema::Model& model = context.model;
  const graph::DependencyGraph& graph = context.graph;
  const std::vector<bool> reached = ReachedFromResults(model, graph);
  // For the hint: the first let that reads each input (inputs are vertices 0..n-1).
  std::vector<int> reading_let(model.inputs.size(), -1);
  for (std::size_t let = 0; let < model.lets.size(); ++let) {
    for (int read :
         graph.reads[static_cast<std::size_t>(graph.let_vertex(static_cast<int>(let)))]) {
      const auto v = static_cast<std::size_t>(read);
      if (v < model.inputs.size() && reading_let[v] < 0) reading_let[v] = static_cast<int>(let);
    }
  }
  for (std::size_t i = 0; i < model.inputs.size(); ++i) {
    const InputInfo& input = model.inputs[i].info;
    // Text inputs are carried with the data and never scored, by design.
    if (reached[i] || input.type == InputType::kText) continue;
    std::string hint = "use it in a rule or a veto, or remove it";
    if (reading_let[i] >= 0) {
      const std::string& let = model.lets[static_cast<std::size_t>(reading_let[i])].id;
      hint = absl::StrCat("let '", let, "' reads it, but no rule or veto reads '", let, "'");
    }
    Report(out, "L0001", model.inputs[i].span, absl::StrCat("input '", input.id, "' is never read"),
           std::move(hint));
  }
}

}  // namespace rubric::lint
