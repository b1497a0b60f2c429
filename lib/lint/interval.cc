#include "lint/interval.h"

#include <algorithm>
#include <cmath>

#include "lint/interval_ops.h"
#include "util/number_format.h"

namespace rubric::lint {

IntervalAnalysis::IntervalAnalysis(const sema::Model& model, const graph::DependencyGraph& graph)
    : model_(model),
      graph_(graph),
      exprs_(model.exprs.size()),
      done_(model.exprs.size(), false),
      vertices_(graph.vertices.size()) {
  any_excluded_input_ = std::any_of(model.inputs.begin(), model.inputs.end(), [](const auto& i) {
    return i.info.missing == MissingPolicy::kExclude;
  });
  for (std::size_t i = 0; i < model.inputs.size(); ++i) {
    vertices_[i] = OfInput(static_cast<int>(i), false);
  }
  // Dependencies first, so a name's interval is known where it is read. A value of a
  // recurrence may be read through prev() before it is computed: it is anything then, NaN too.
  for (std::size_t v = 0; v < graph.recurrence_of.size(); ++v) {
    if (graph.recurrence_of[v] >= 0) vertices_[v].may_be_nan = true;
  }
  for (int vertex : graph.evaluation_order) ComputeVertex(vertex);
}

Interval IntervalAnalysis::OfInput(int input, bool previous) const {
  const InputInfo& info = model_.inputs[static_cast<std::size_t>(input)].info;
  Interval values;
  switch (info.type) {
    case InputType::kBool:
      values = Interval::Between(0, 1, true);
      break;
    case InputType::kRank:
      values = Interval::Between(0, kInfinity, true);
      break;
    case InputType::kEnum:  // the option's index
      values = Interval::Between(0, static_cast<double>(info.options.size()) - 1, true);
      break;
    case InputType::kText:
      return Interval::Point(0);
    case InputType::kNumber:
    case InputType::kPercent:
    case InputType::kInteger:
      values = Interval::Between(info.min.value_or(-kInfinity), info.max.value_or(kInfinity),
                                 info.type == InputType::kInteger);
      break;
  }
  // A missing value reads as the type's default (0, the first option), whatever the bounds:
  // always for the previous period, and in this row unless missing makes it unscorable.
  if (previous || info.missing != MissingPolicy::kUnscorable) {
    values = values.Hull(Interval::Point(0));
  }
  return values;
}

void IntervalAnalysis::ComputeVertex(int vertex) {
  const graph::Vertex& v = graph_.vertices[static_cast<std::size_t>(vertex)];
  const auto i = static_cast<std::size_t>(v.index);
  Interval& out = vertices_[static_cast<std::size_t>(vertex)];
  switch (v.kind) {
    case graph::VertexKind::kInput:
      return;
    case graph::VertexKind::kLet:
      out = Compute(model_.lets[i].expr);
      return;
    case graph::VertexKind::kVeto:
      out = ToBool(Compute(model_.vetoes[i].condition));
      return;
    case graph::VertexKind::kRoot:
      if (model_.root_value != sema::kNoExpr) out = Compute(model_.root_value);
      return;
    case graph::VertexKind::kNode:
      break;
  }
  const sema::Node& node = model_.nodes[i];
  switch (node.rule) {
    case sema::NodeRule::kNone:
      out = Interval::Point(0);
      return;
    case sema::NodeRule::kScore:
      out = Mul(Interval::Point(node.declared_points.value_or(0)),
                Clamp(Compute(node.expr), Interval::Point(0), Interval::Point(1)));
      return;
    case sema::NodeRule::kValue:
      out = Compute(node.expr);
      return;
    case sema::NodeRule::kSumChildren:
      out = SumOfChildren(node);
      return;
  }
}

Interval IntervalAnalysis::SumOfChildren(const sema::Node& node) const {
  Interval sum = Interval::Point(0);
  bool within_points = true;  // every child earns between 0 and its points
  double all_points = 0;
  for (std::size_t k = 0; k < node.info.children.size(); ++k) {
    const int child = node.info.children[k];
    const Interval& value = vertices_[static_cast<std::size_t>(graph_.node_vertex(child))];
    sum = k == 0 ? value : Add(sum, value);
    const auto& points = model_.nodes[static_cast<std::size_t>(child)].info.points;
    within_points = within_points && points && value.HasNumbers() && !value.may_be_nan &&
                    value.lo >= 0 && value.hi <= *points;
    all_points += points.value_or(0);
  }
  const bool scaled = node.normalize && node.declared_points;
  if (scaled) {
    sum = Div(Mul(sum, Interval::Point(*node.declared_points)), Interval::Point(all_points));
  }
  if (!any_excluded_input_) return sum;
  // Children may be dropped for missing values and the others scaled up to keep the group's
  // points: still between 0 and those points when every child is within its own.
  if (!within_points) return Interval::Everything();
  return sum.Hull(Interval::Between(0, scaled ? *node.declared_points : all_points));
}

Interval IntervalAnalysis::OfRef(const sema::SymbolRef& ref, bool previous) const {
  int vertex = ref.index;
  switch (ref.kind) {
    case sema::SymbolKind::kInput:
      return OfInput(ref.index, previous);
    case sema::SymbolKind::kLet:
      vertex = graph_.let_vertex(ref.index);
      break;
    case sema::SymbolKind::kNode:
      vertex = graph_.node_vertex(ref.index);
      break;
    case sema::SymbolKind::kVeto:
      vertex = graph_.veto_vertex(ref.index);
      break;
    case sema::SymbolKind::kRoot:
      vertex = graph_.root_vertex();
      break;
  }
  const Interval& value = vertices_[static_cast<std::size_t>(vertex)];
  // The previous period's value, or 0 when that row is absent or not scorable.
  return previous ? value.Hull(Interval::Point(0)) : value;
}

Interval IntervalAnalysis::Compute(sema::ExprId id) {
  if (id == sema::kNoExpr) return Interval::Point(0);
  const auto i = static_cast<std::size_t>(id);
  if (!done_[i]) {
    exprs_[i] = ComputeOp(model_.expr(id));
    done_[i] = true;
  }
  return exprs_[i];
}

Interval IntervalAnalysis::ComputeOp(const sema::Expr& e) {
  std::vector<Interval> args;
  args.reserve(e.args.size());
  for (sema::ExprId arg : e.args) args.push_back(Compute(arg));
  // Folds a function of one or more arguments left to right, as the plan does.
  auto fold = [&](Interval (*op)(const Interval&, const Interval&)) {
    Interval r = args.front();
    for (std::size_t k = 1; k < args.size(); ++k) r = op(r, args[k]);
    return r;
  };
  const auto count = static_cast<double>(e.args.size());
  switch (e.op) {
    case sema::Op::kConst:
      return Interval::Point(e.number);
    case sema::Op::kRef:
      return OfRef(e.ref, false);
    case sema::Op::kPrev:
      return OfRef(e.ref, true);
    case sema::Op::kMissing:
    case sema::Op::kMissingPrev:
      return Interval::Between(0, 1, true);
    case sema::Op::kNeg:
      return Negate(args[0]);
    case sema::Op::kNot:
      return Not(args[0]);
    case sema::Op::kBool:
      return ToBool(args[0]);
    case sema::Op::kAbs:
      return Abs(args[0]);
    case sema::Op::kSqrt:
      return Sqrt(args[0]);
    case sema::Op::kLn:
      return Ln(args[0]);
    case sema::Op::kExp:
      return Exp(args[0]);
    case sema::Op::kFloor:
      return Monotone(args[0], [](double x) { return std::floor(x); });
    case sema::Op::kCeil:
      return Monotone(args[0], [](double x) { return std::ceil(x); });
    case sema::Op::kTrunc:
      return Monotone(args[0], [](double x) { return std::trunc(x); });
    case sema::Op::kRound:
      return Monotone(
          args[0], [&e](double x) { return util::RoundDecimal(x, static_cast<int>(e.number)); },
          e.number <= 0);
    case sema::Op::kAdd:
      return Add(args[0], args[1]);
    case sema::Op::kSub:
      return Sub(args[0], args[1]);
    case sema::Op::kMul:
      return Mul(args[0], args[1]);
    case sema::Op::kDiv:
      return Div(args[0], args[1]);
    case sema::Op::kPow:
      return Pow(args[0], args[1]);
    case sema::Op::kEq:
    case sema::Op::kNe:
    case sema::Op::kLt:
    case sema::Op::kLe:
    case sema::Op::kGt:
    case sema::Op::kGe:
      return Compare(e.op, args[0], args[1]);
    case sema::Op::kAnd:
      return And(args[0], args[1]);
    case sema::Op::kOr:
      return Or(args[0], args[1]);
    case sema::Op::kMin:
      return fold(Min);
    case sema::Op::kMax:
      return fold(Max);
    case sema::Op::kSum:
      return fold(Add);
    case sema::Op::kMean:
      return Div(fold(Add), Interval::Point(count));
    case sema::Op::kGeomean:
      return Pow(fold(Mul), Interval::Point(1.0 / count));
    case sema::Op::kWmean:
    case sema::Op::kWhmean: {
      // A weighted mean lies among its values (a harmonic mean of a zero is 0).
      Interval r = args[0];
      for (std::size_t i = 1; i < args.size(); ++i) r = r.Hull(args[i]);
      if (e.op == sema::Op::kWhmean) r = r.Hull(Interval::Point(0));
      r.integral = false;
      return r;
    }
    case sema::Op::kWgeomean:
      return Interval::Everything();
    case sema::Op::kIf:
      return Select(args[0], args[1], args[2]);
    case sema::Op::kClamp:
      return Clamp(args[0], args[1], args[2]);
    case sema::Op::kLookup:
      return Lookup(args[0], e.table);
    case sema::Op::kPiecewise:
      return Piecewise(args[0], e.table);
    case sema::Op::kCohortMinMax: {
      // A NaN argument gives NaN, and so does an infinite one ((inf - min) / (inf - min)).
      Interval r = Interval::Between(0, 1);
      r.may_be_nan = args[0].may_be_nan || !args[0].HasNumbers() || std::isinf(args[0].lo) ||
                     std::isinf(args[0].hi);
      return r;
    }
    case sema::Op::kCohortRank:
    case sema::Op::kCohortPercentile:
      return Interval::Between(0, 1);
    case sema::Op::kCohortMin:
    case sema::Op::kCohortMax:
    case sema::Op::kCohortMean:
    case sema::Op::kCohortMedian:
    case sema::Op::kCohortQuantile: {
      // A statistic of the cohort's values of the argument lies among them.
      Interval r = args[0];
      r.integral = r.integral && e.op != sema::Op::kCohortMean && e.op != sema::Op::kCohortMedian &&
                   e.op != sema::Op::kCohortQuantile;
      return r;
    }
    case sema::Op::kCohortCount:
      return Interval::Between(0, kInfinity, true);
    case sema::Op::kCohortSd:
      return Interval::Between(0, kInfinity);
    case sema::Op::kCohortSum:
    case sema::Op::kCohortZscore:
    case sema::Op::kCohortSkew:
    case sema::Op::kCohortKurt:
    case sema::Op::kWinsorize:  // a log transform may apply: no bound holds
      return Interval::Everything();
    case sema::Op::kImpute:
      // The value, or the estimate: a constant, or values the argument takes elsewhere.
      return e.impute.method == sema::ImputeMethod::kConstant
                 ? args[0].Hull(Interval::Point(e.impute.constant))
                 : args[0];
    case sema::Op::kIsMissing:
      return Interval::Between(0, 1, true);
  }
  return Interval::Everything();
}

}  // namespace rubric::lint
