// L0005: a comparison (or threshold(), or ratio()) of an input with a constant that lies
// outside what the input can be, so that its outcome is the same in every row: `rate >= 120`
// with `percent >= 0 <= 100`, `flag > 1` on a bool. Constants are compared as they are in
// the model, after unit conversion.
#include <optional>

#include "absl/strings/str_cat.h"
#include "lint/checks.h"
#include "lint/interval_ops.h"

namespace rubric::lint {
namespace {

struct InputOperand {
  int input = -1;
  bool previous = false;
  double factor = 1;  // a unit conversion of the input, when not 1
};

bool SameSpan(sema::Span a, sema::Span b) { return a.begin == b.begin && a.end == b.end; }

// `x`, `prev(x)`, or either converted to another unit (sema multiplies it by the factor,
// with the span of the name).
std::optional<InputOperand> AsInputOperand(const sema::Model& model, sema::ExprId id) {
  const sema::Expr& e = model.expr(id);
  if ((e.op == sema::Op::kRef || e.op == sema::Op::kPrev) &&
      e.ref.kind == sema::SymbolKind::kInput) {
    return InputOperand{e.ref.index, e.op == sema::Op::kPrev, 1};
  }
  if (e.op == sema::Op::kMul && e.args.size() == 2) {
    const sema::Expr& factor = model.expr(e.args[1]);
    std::optional<InputOperand> inner = AsInputOperand(model, e.args[0]);
    if (inner && inner->factor == 1 && factor.op == sema::Op::kConst &&
        SameSpan(model.expr(e.args[0]).span, e.span)) {
      inner->factor = factor.number;
      return inner;
    }
  }
  return std::nullopt;
}

// The constant an expression folds to, when it reads nothing.
std::optional<double> AsConstant(const Context& context, sema::ExprId id) {
  const Interval& value = context.intervals.of(id);
  if (ReadsInput(context, id) || !value.IsPoint()) return std::nullopt;
  return value.lo;
}

std::string OperandName(const sema::Model& model, const InputOperand& operand) {
  const std::string& id = model.inputs[static_cast<std::size_t>(operand.input)].info.id;
  return operand.previous ? absl::StrCat("prev(", id, ")") : id;
}

std::string Reason(const Context& context, const InputOperand& operand) {
  const InputInfo& input = context.model.inputs[static_cast<std::size_t>(operand.input)].info;
  std::string reason = absl::StrCat("'", input.id, "' ", DescribeBounds(input));
  if (operand.factor != 1) {
    absl::StrAppend(&reason, " (times ", Number(operand.factor), " to the other side's unit)");
  }
  return reason;
}

// The unit the constant is in, when it is the input's own (sema converts the constant to the
// input's unit when the input comes first): " [万元]". Percent goes without.
std::string UnitOf(const Context& context, const InputOperand& operand) {
  const InputInfo& input = context.model.inputs[static_cast<std::size_t>(operand.input)].info;
  if (operand.factor != 1 || input.unit.empty() || input.type == InputType::kPercent) return "";
  return absl::StrCat(" [", input.unit, "]");
}

Interval ValuesOf(const Context& context, const InputOperand& operand) {
  return Mul(context.intervals.OfInput(operand.input, operand.previous),
             Interval::Point(operand.factor));
}

constexpr char kHint[] =
    "the outcome is the same in every row: check the constant against the bounds (a missing "
    "value counts as 0)";

void CheckComparison(const Context& context, const sema::Expr& e, std::vector<Diagnostic>* out) {
  for (int side = 0; side < 2; ++side) {
    const std::optional<InputOperand> operand = AsInputOperand(context.model, e.args[side]);
    const std::optional<double> constant = AsConstant(context, e.args[1 - side]);
    if (!operand || !constant) continue;
    const Interval values = ValuesOf(context, *operand);
    const Interval threshold = Interval::Point(*constant);
    const Interval outcome =
        side == 0 ? Compare(e.op, values, threshold) : Compare(e.op, threshold, values);
    if (!outcome.IsPoint()) return;
    Report(out, "L0005", e.span,
           absl::StrCat("comparing '", OperandName(context.model, *operand), "' with ",
                        Number(*constant), UnitOf(context, *operand), " is ",
                        outcome.lo != 0 ? "always" : "never", " true: ", Reason(context, *operand)),
           kHint);
    return;
  }
}

// ratio(x, t), lowered by sema to clamp(x / t, 0, 1).
void CheckRatio(const Context& context, sema::ExprId id, std::vector<Diagnostic>* out) {
  const sema::Model& model = context.model;
  const sema::Expr& clamp = model.expr(id);
  const sema::Expr& division = model.expr(clamp.args[0]);
  if (division.op != sema::Op::kDiv || AsConstant(context, clamp.args[1]) != 0.0 ||
      AsConstant(context, clamp.args[2]) != 1.0) {
    return;
  }
  const std::optional<InputOperand> operand = AsInputOperand(model, division.args[0]);
  const std::optional<double> target = AsConstant(context, division.args[1]);
  const Interval& outcome = context.intervals.of(id);
  if (!operand || !target || !outcome.IsPoint()) return;
  Report(out, "L0005", clamp.span,
         absl::StrCat("the ratio of '", OperandName(model, *operand), "' to ", Number(*target),
                      " is always ", Number(outcome.lo), ": ", Reason(context, *operand)),
         kHint);
}

}  // namespace

void CheckThresholdBounds(const Context& context, std::vector<Diagnostic>* out) {
  const sema::Model& model = context.model;
  // A comparison that is a whole veto condition is reported once, as the veto's (L0003).
  std::vector<bool> veto_condition(model.exprs.size(), false);
  for (const sema::Veto& veto : model.vetoes) {
    if (veto.condition == sema::kNoExpr) continue;
    veto_condition[static_cast<std::size_t>(veto.condition)] = true;
  }
  for (std::size_t i = 0; i < model.exprs.size(); ++i) {
    const sema::Expr& e = model.exprs[i];
    if (veto_condition[i]) continue;
    switch (e.op) {
      case sema::Op::kEq:
      case sema::Op::kNe:
      case sema::Op::kLt:
      case sema::Op::kLe:
      case sema::Op::kGt:
      case sema::Op::kGe:
        CheckComparison(context, e, out);
        break;
      case sema::Op::kClamp:
        CheckRatio(context, static_cast<sema::ExprId>(i), out);
        break;
      default:
        break;
    }
  }
}

}  // namespace rubric::lint
