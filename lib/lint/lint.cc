#include "lint/lint.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "lint/checks.h"
#include "lint/interval.h"
#include "util/number_format.h"

namespace rubric::lint {
namespace {

constexpr Check kChecks[] = {
    {"L0001", "unread-input", "an input that no rule, veto or value reads"},
    {"L0002", "constant-rule", "a score, value or veto condition that reads no input"},
    {"L0003", "fixed-veto",
     "a veto that can never fire, or always fires, given the inputs' bounds"},
    {"L0004", "normalized-points", "a group whose children's points add up only by normalize"},
    {"L0005", "threshold-out-of-bounds",
     "a comparison of an input with a constant outside its bounds: the outcome never varies"},
    {"L0006", "repeated-label", "two nodes, or two inputs, with the same label"},
    {"L0007", "unguarded-growth",
     "a rule reading x - prev(x) that never tests missing(prev(x)): the first period's growth"},
};

std::vector<bool> VerticesReadingInputs(const graph::DependencyGraph& graph) {
  std::vector<bool> reads_input(graph.vertices.size(), false);
  for (std::size_t v = 0; v < graph.vertices.size(); ++v) {
    reads_input[v] = graph.vertices[v].kind == graph::VertexKind::kInput;
  }
  // Dependencies first; a recurrence (values reading each other through prev) may need
  // another pass.
  for (bool changed = true; changed;) {
    changed = false;
    for (int v : graph.evaluation_order) {
      const auto self = static_cast<std::size_t>(v);
      for (int read : graph.reads[self]) {
        if (reads_input[static_cast<std::size_t>(read)] && !reads_input[self]) {
          reads_input[self] = true;
          changed = true;
        }
      }
    }
  }
  return reads_input;
}

}  // namespace

std::span<const Check> Checks() { return kChecks; }

bool ReadsInput(const Context& context, sema::ExprId expr) {
  if (expr == sema::kNoExpr) return false;
  const sema::Expr& e = context.model.expr(expr);
  if (e.op == sema::Op::kRef || e.op == sema::Op::kPrev || e.op == sema::Op::kMissing ||
      e.op == sema::Op::kMissingPrev) {
    return context.reads_input[static_cast<std::size_t>(context.graph.vertex_of(e.ref))];
  }
  for (sema::ExprId arg : e.args) {
    if (ReadsInput(context, arg)) return true;
  }
  return false;
}

void Report(std::vector<Diagnostic>* out, const char* code, sema::Span span, std::string message,
            std::string hint) {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.code = code;
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.offset = span.begin;
  d.length = span.end > span.begin ? span.end - span.begin : 0;
  out->push_back(std::move(d));
}

std::string Number(double value) { return util::FormatShortest(value); }

std::string DescribeBounds(const InputInfo& input) {
  if (input.type == InputType::kBool) return "is a bool (0 or 1)";
  if (input.type == InputType::kRank) return "is a rank (a whole number, never negative)";
  std::string bounds;
  if (input.min) absl::StrAppend(&bounds, " >= ", Number(*input.min));
  if (input.max) absl::StrAppend(&bounds, " <= ", Number(*input.max));
  if (input.type == InputType::kInteger) {
    return bounds.empty() ? "is a whole number"
                          : absl::StrCat("is a whole number declared", bounds);
  }
  return bounds.empty() ? "has no bounds" : absl::StrCat("is declared", bounds);
}

std::vector<Diagnostic> Run(const sema::Model& model, const graph::DependencyGraph& graph) {
  const IntervalAnalysis intervals(model, graph);
  const Context context{model, graph, intervals, VerticesReadingInputs(graph)};
  std::vector<Diagnostic> out;
  CheckUnreadInputs(context, &out);
  CheckConstantRules(context, &out);
  CheckFixedVetoes(context, &out);
  CheckNormalization(context, &out);
  CheckThresholdBounds(context, &out);
  CheckRepeatedLabels(context, &out);
  CheckUnguardedGrowth(context, &out);
  return out;
}

}  // namespace rubric::lint
