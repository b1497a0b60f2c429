#include "io/generator_plan.h"

#include <algorithm>
#include <optional>

#include "rubric/session.h"
#include "rubric/standard.h"
#include "sema/model.h"

namespace rubric::io {
namespace {

using sema::Expr;
using sema::ExprId;
using sema::Model;
using sema::Op;

bool IsNumeric(const InputInfo& info) {
  return info.type == InputType::kNumber || info.type == InputType::kInteger ||
         info.type == InputType::kPercent;
}

bool InPercent(const InputInfo& info) {
  return info.type == InputType::kPercent || info.unit == "%";
}

// The inputs whose sum `id` is (an input, `a + b`, `sum(a, b)`), or nullopt.
std::optional<std::vector<std::size_t>> SumOfInputs(const Model& model, ExprId id) {
  const Expr& e = model.expr(id);
  if (e.op == Op::kRef && e.ref.kind == sema::SymbolKind::kInput) {
    return std::vector<std::size_t>{static_cast<std::size_t>(e.ref.index)};
  }
  if (e.op != Op::kAdd && e.op != Op::kSum) return std::nullopt;
  std::vector<std::size_t> inputs;
  for (ExprId arg : e.args) {
    std::optional<std::vector<std::size_t>> part = SumOfInputs(model, arg);
    if (!part) return std::nullopt;
    inputs.insert(inputs.end(), part->begin(), part->end());
  }
  return inputs;
}

// A denominator: a sum of inputs, or max(constant, sum) guarding against 0.
std::optional<std::vector<std::size_t>> Whole(const Model& model, ExprId id) {
  const Expr& e = model.expr(id);
  if (e.op == Op::kMax && e.args.size() == 2) {
    for (int k = 0; k < 2; ++k) {
      if (model.expr(e.args[static_cast<std::size_t>(k)]).op == Op::kConst) {
        return SumOfInputs(model, e.args[static_cast<std::size_t>(1 - k)]);
      }
    }
    return std::nullopt;
  }
  return SumOfInputs(model, id);
}

// A part of a whole: numeric inputs of one unit, the part not among the whole.
void AddPart(const Model& model, std::size_t part, const std::vector<std::size_t>& whole,
             std::vector<PartOfWhole>* out) {
  const InputInfo& info = model.inputs[part].info;
  if (!IsNumeric(info)) return;
  for (std::size_t w : whole) {
    const InputInfo& other = model.inputs[w].info;
    if (w == part || !IsNumeric(other) || other.unit != info.unit) return;
  }
  for (const PartOfWhole& known : *out) {
    if (known.part == part && known.whole == whole) return;
  }
  out->push_back({part, whole});
}

// Shares `a / b` anywhere in the rules.
void FindShares(const Model& model, std::vector<PartOfWhole>* out) {
  for (std::size_t id = 0; id < model.exprs.size(); ++id) {
    const Expr& e = model.exprs[id];
    if (e.op != Op::kDiv || e.args.size() != 2) continue;
    const std::optional<std::vector<std::size_t>> part = SumOfInputs(model, e.args[0]);
    const std::optional<std::vector<std::size_t>> whole = Whole(model, e.args[1]);
    if (part && whole && part->size() == 1) AddPart(model, part->front(), *whole, out);
  }
}

// `a > b` (or `b < a`) in a veto condition, outside any `not`: a <= b where no veto fires.
void FindVetoComparisons(const Model& model, ExprId id, std::vector<PartOfWhole>* out) {
  const Expr& e = model.expr(id);
  if (e.op == Op::kNot) return;
  if ((e.op == Op::kGt || e.op == Op::kGe || e.op == Op::kLt || e.op == Op::kLe) &&
      e.args.size() == 2) {
    const bool greater = e.op == Op::kGt || e.op == Op::kGe;
    const std::optional<std::vector<std::size_t>> big = SumOfInputs(model, e.args[greater ? 0 : 1]);
    const std::optional<std::vector<std::size_t>> small =
        SumOfInputs(model, e.args[greater ? 1 : 0]);
    if (big && small && big->size() == 1) AddPart(model, big->front(), *small, out);
    return;
  }
  for (ExprId arg : e.args) FindVetoComparisons(model, arg, out);
}

// The inputs an expression reads, through lets, into `out`.
void Reads(const Model& model, ExprId id, std::vector<bool>* out, std::vector<bool>* lets_seen) {
  const Expr& e = model.expr(id);
  if ((e.op == Op::kRef || e.op == Op::kPrev) && e.ref.kind == sema::SymbolKind::kInput) {
    (*out)[static_cast<std::size_t>(e.ref.index)] = true;
  } else if ((e.op == Op::kRef || e.op == Op::kPrev) && e.ref.kind == sema::SymbolKind::kLet) {
    const auto let = static_cast<std::size_t>(e.ref.index);
    if (!(*lets_seen)[let]) {
      (*lets_seen)[let] = true;
      Reads(model, model.lets[let].expr, out, lets_seen);
    }
  }
  for (ExprId arg : e.args) Reads(model, arg, out, lets_seen);
}

// How many vetoes fire in the second of two periods of one entity when `input` is `value`
// in both (or only in the second) and every other input is missing.
std::size_t VetoesFired(const Standard& standard, std::size_t input, double value,
                        bool both_periods) {
  Session session(standard);
  const std::size_t first = *session.AddRow("probe", 1);
  const std::size_t second = *session.AddRow("probe", 2);
  for (std::size_t row : {first, second}) {
    if (row == first && !both_periods) continue;
    const bool set = standard.inputs()[input].type == InputType::kEnum
                         ? session.SetOption(row, input, static_cast<std::size_t>(value)).ok()
                         : session.SetNumber(row, input, value).ok();
    if (!set) return 0;
  }
  return session.fired_vetoes(second).size();
}

// The inputs only vetoes read, with a value that fires none and one that fires some.
std::vector<VetoInput> FindVetoInputs(const Standard& standard, const GeneratorPlan& plan) {
  const Model& model = internal::ModelOf(standard);
  std::vector<bool> by_vetoes(model.inputs.size()), by_rest(model.inputs.size());
  std::vector<bool> lets_seen(model.lets.size());
  for (const sema::Veto& veto : model.vetoes) {
    if (veto.condition != sema::kNoExpr) Reads(model, veto.condition, &by_vetoes, &lets_seen);
  }
  std::fill(lets_seen.begin(), lets_seen.end(), false);
  for (const sema::Node& node : model.nodes) {
    if (node.expr != sema::kNoExpr) Reads(model, node.expr, &by_rest, &lets_seen);
  }
  if (model.root_value != sema::kNoExpr) Reads(model, model.root_value, &by_rest, &lets_seen);
  std::vector<VetoInput> out;
  for (std::size_t i = 0; i < model.inputs.size(); ++i) {
    if (!by_vetoes[i] || by_rest[i]) continue;
    const InputInfo& info = model.inputs[i].info;
    std::vector<double> candidates;
    if (info.type == InputType::kBool) {
      candidates = {0, 1};
    } else if (info.type == InputType::kEnum) {
      for (std::size_t k = 0; k < info.options.size(); ++k) {
        candidates.push_back(static_cast<double>(k));
      }
    } else if (info.type != InputType::kText) {
      candidates = {plan.lo[i], (plan.lo[i] + plan.hi[i]) / 2, plan.hi[i]};
    }
    if (candidates.empty()) continue;
    VetoInput veto_input{i, candidates.front(), candidates.front()};
    std::size_t fewest = SIZE_MAX, most = 0;
    for (double value : candidates) {
      const std::size_t fired = VetoesFired(standard, i, value, true);
      if (fired < fewest) {
        fewest = fired;
        veto_input.safe = value;
      }
      if (fired > most) {
        most = fired;
        veto_input.firing = value;
      }
    }
    veto_input.alone = VetoesFired(standard, i, veto_input.firing, false) > fewest;
    if (most > fewest) out.push_back(veto_input);
  }
  return out;
}

}  // namespace

GeneratorPlan PlanGeneration(const Standard& standard) {
  GeneratorPlan plan;
  for (const InputInfo& info : standard.inputs()) {
    plan.lo.push_back(info.min.value_or(0));
    plan.hi.push_back(info.max.value_or(InPercent(info) ? 100 : 1000));
    if (plan.hi.back() < plan.lo.back()) plan.hi.back() = plan.lo.back();
  }
  const Model& model = internal::ModelOf(standard);
  FindShares(model, &plan.parts);
  for (const sema::Veto& veto : model.vetoes) {
    if (veto.condition != sema::kNoExpr) FindVetoComparisons(model, veto.condition, &plan.parts);
  }
  plan.veto_inputs = FindVetoInputs(standard, plan);
  for (const VetoInput& v : plan.veto_inputs) plan.alone_vetoes += v.alone ? 1 : 0;
  return plan;
}

}  // namespace rubric::io
