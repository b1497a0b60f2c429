// Session::Explain: points earned and possible, children's contributions, the inputs and
// cohort context a rule used, and vetoes, for one row and node.
#include "rubric/explain.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "api/session_state.h"
#include "eval/evaluator.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "sema/expr_text.h"
#include "util/number_format.h"

namespace rubric {
namespace {

// Inputs and cohort expressions an expression uses, looking through lets (not nodes).
struct Uses {
  std::vector<std::pair<std::size_t, bool>> inputs;  // (input, through prev)
  std::vector<sema::ExprId> cohorts;
};

// Whether the plan computes `e` with a kernel of its own (plan_builder.cc, CohortKind).
bool IsCohortFunction(const sema::Expr& e) {
  return sema::IsCohortExpr(e) || e.op == sema::Op::kImpute;
}

void CollectUses(const sema::Model& model, sema::ExprId id, Uses* uses,
                 std::vector<bool>* lets_seen) {
  if (id == sema::kNoExpr) return;
  const sema::Expr& e = model.expr(id);
  if ((e.op == sema::Op::kRef || e.op == sema::Op::kPrev)) {
    const auto index = static_cast<std::size_t>(e.ref.index);
    if (e.ref.kind == sema::SymbolKind::kInput) {
      const std::pair<std::size_t, bool> use{index, e.op == sema::Op::kPrev};
      if (std::find(uses->inputs.begin(), uses->inputs.end(), use) == uses->inputs.end()) {
        uses->inputs.push_back(use);
      }
    } else if (e.ref.kind == sema::SymbolKind::kLet && e.op == sema::Op::kRef &&
               !(*lets_seen)[index]) {
      (*lets_seen)[index] = true;
      CollectUses(model, model.lets[index].expr, uses, lets_seen);
    }
  }
  if (IsCohortFunction(e)) uses->cohorts.push_back(id);
  for (sema::ExprId arg : e.args) CollectUses(model, arg, uses, lets_seen);
}

Uses UsesOf(const sema::Model& model, sema::ExprId id) {
  Uses uses;
  std::vector<bool> lets_seen(model.lets.size(), false);
  CollectUses(model, id, &uses, &lets_seen);
  return uses;
}

std::string Shown(const InputInfo& info, double value) {
  switch (info.type) {
    case InputType::kBool:
      return value != 0 ? "true" : "false";
    case InputType::kEnum: {
      const auto index = static_cast<std::size_t>(value);
      return index < info.options.size() ? info.options[index] : util::FormatShortest(value);
    }
    default:
      return util::FormatShortest(value);
  }
}

InputUse DescribeInput(const internal::SessionState& s, std::size_t row, std::size_t input,
                       bool previous) {
  const InputInfo& info = s.compiled.inputs[input];
  InputUse use;
  use.input = input;
  use.id = info.id;
  use.label = info.label;
  use.previous_period = previous;
  std::int64_t at = static_cast<std::int64_t>(row);
  if (previous) at = s.links.prev_row[row];
  if (at < 0) {
    use.missing = true;  // no row in the previous period
  } else {
    const auto r = static_cast<std::size_t>(at);
    use.value = s.columns[input][r];
    use.missing = s.missing[input][r] != 0;
  }
  use.defaulted = use.missing && (previous || info.missing == MissingPolicy::kDefault);
  use.shown = info.type == InputType::kText && at >= 0
                  ? s.texts[input][static_cast<std::size_t>(at)]
                  : Shown(info, use.value);
  if (use.defaulted) {
    use.shown += " (missing, default)";
  } else if (use.missing && info.missing == MissingPolicy::kExclude) {
    // The value flows as missing: what is computed from it is missing too.
    use.shown = "missing (excluded: what is computed from it is missing)";
  } else if (use.missing && info.missing == MissingPolicy::kImpute) {
    use.shown = "missing (imputed: the impute line says how)";
  } else if (use.missing) {
    use.shown = "missing (the row cannot be scored)";
  }
  return use;
}

// The value of a `by` key in `row`, as the data give it (an option, a text).
std::string KeyText(const internal::SessionState& s, std::size_t input, std::size_t row) {
  const InputInfo& info = s.compiled.inputs[input];
  if (info.type == InputType::kText) return s.texts[input][row];
  return Shown(info, s.columns[input][row]);
}

// Which rows form the cohort of `row`.
std::string CohortText(const internal::SessionState& s, const plan::Kernel& kernel,
                       std::size_t row) {
  std::string text =
      kernel.across_periods ? std::string("every period") : absl::StrCat("period ", s.periods[row]);
  if (kernel.key_slot != plan::kNone) {
    const std::size_t key = kernel.key_input;
    const bool has_key = !IsMissing(s.columns[kernel.key_slot][row]);
    absl::StrAppend(&text, ", ", s.compiled.inputs[key].id, " = ",
                    has_key ? KeyText(s, key, row) : std::string("(missing)"));
  }
  return text;
}

// The cohort an estimate came from, in the words of an explanation: "by region = east"
// (the period is the row's own), or "period 2024" without a key.
std::string ImputeScope(const internal::SessionState& s, const plan::Kernel& kernel,
                        std::size_t row) {
  if (kernel.key_slot == plan::kNone) return absl::StrCat("period ", s.periods[row]);
  return absl::StrCat("by ", s.compiled.inputs[kernel.key_input].id, " = ",
                      KeyText(s, kernel.key_input, row));
}

// What winsorize did to the value `argument` of a member.
std::string WinsorizeText(const eval::CohortSummary& summary, double argument, double result) {
  switch (summary.outcome) {
    case eval::TreatOutcome::kNotAssessed:
      return "unchanged (skewness and kurtosis are undefined for this cohort)";
    case eval::TreatOutcome::kPassed:
      return absl::StrCat("unchanged (skew ", util::FormatShortest(summary.skew), ", kurtosis ",
                          util::FormatShortest(summary.kurt), ": no outliers to treat)");
    case eval::TreatOutcome::kWinsorized:
      if (std::memcmp(&argument, &result, sizeof result) == 0) {
        return absl::StrCat("unchanged (the cohort was winsorised: ", summary.winsorized_count,
                            summary.winsorized_count == 1 ? " point)" : " points)");
      }
      return absl::StrCat("winsorised: ", util::FormatShortest(argument), " -> ",
                          util::FormatShortest(result), " (", summary.winsorized_count,
                          summary.winsorized_count == 1 ? " point" : " points", " in the cohort)");
    case eval::TreatOutcome::kLogTransformed:
      return absl::StrCat(
          "log-transformed: ln(x - min + 0.01 (max - min)) = ", util::FormatShortest(result),
          " (winsorising ", summary.winsorized_count,
          summary.winsorized_count == 1 ? " point" : " points", " did not remove the outliers)");
  }
  return std::string();
}

// Where impute(e, previous) or impute(e, NUMBER) took the estimate of `row` from.
std::string ImputedFrom(const internal::SessionState& s, const plan::Kernel& kernel,
                        std::size_t row) {
  if (kernel.kind == plan::KernelKind::kImputeConstant) {
    return absl::StrCat("the constant ", util::FormatShortest(kernel.parameter));
  }
  const double* src = s.columns[kernel.src_slot].data();
  for (std::int64_t at = s.links.prev_row[row]; at >= 0;
       at = s.links.prev_row[static_cast<std::size_t>(at)]) {
    const auto r = static_cast<std::size_t>(at);
    if (!IsMissing(src[r])) {
      return absl::StrCat("the latest present value (period ", s.periods[r], ")");
    }
  }
  return "the latest present value";
}

CohortUse DescribeCohort(internal::SessionState& s, std::size_t row, std::uint32_t kernel_index) {
  const plan::Kernel& kernel = s.compiled.plan.kernels[kernel_index];
  CohortUse use;
  use.function = eval::CohortFunctionName(kernel.kind);
  use.cohort = CohortText(s, kernel, row);
  use.argument = s.columns[kernel.src_slot][row];
  use.result = s.columns[kernel.dst_slot][row];
  if (kernel.kind == plan::KernelKind::kImputePrevious ||
      kernel.kind == plan::KernelKind::kImputeConstant) {
    const bool previous = kernel.kind == plan::KernelKind::kImputePrevious;
    use.cohort = previous ? "the entity's previous periods" : "the row";
    use.takes_part = s.links.scorable[row] != 0;
    use.imputed = IsMissing(use.argument) && !IsMissing(use.result) && use.takes_part;
    use.treatment = !IsMissing(use.argument) ? std::string("present")
                    : !use.imputed
                        ? std::string("missing: no present value in the periods looked at")
                        : absl::StrCat("imputed: ", ImputedFrom(s, kernel, row));
    return use;
  }
  const eval::Engine::CohortView cohort = s.engine.Summarize(
      kernel_index, static_cast<std::uint32_t>(row), s.links, s.ColumnPointers(), s.rows());
  use.cohort_size = cohort.size;
  use.takes_part = cohort.takes_part;
  use.has_key = cohort.has_key;
  use.below = cohort.below;
  use.rank = cohort.greater + 1;
  if (cohort.summary.has_extremes) {
    use.min = cohort.summary.min;
    use.max = cohort.summary.max;
  }
  use.statistic = kernel.kind == plan::KernelKind::kCohortZscore ? cohort.summary.mean
                                                                 : cohort.summary.statistic;
  use.sd = cohort.summary.sd;
  use.present = cohort.summary.present;
  if (kernel.kind == plan::KernelKind::kImputeMean ||
      kernel.kind == plan::KernelKind::kImputeMedian) {
    use.imputed = use.takes_part && IsMissing(use.argument) && !IsMissing(use.result);
    const char* what = kernel.kind == plan::KernelKind::kImputeMean ? "mean" : "median";
    if (!IsMissing(use.argument)) {
      use.treatment = "present";
    } else if (use.imputed) {
      use.treatment =
          absl::StrCat("imputed: ", what, " of ", use.present, " present value",
                       use.present == 1 ? "" : "s", " (", ImputeScope(s, kernel, row), ")");
    } else {
      use.treatment = use.takes_part ? absl::StrCat("missing: no present value to take the ", what,
                                                    " of (", use.cohort, ")")
                                     : std::string("missing: the row takes no part");
    }
  } else if (kernel.kind == plan::KernelKind::kWinsorize && use.takes_part) {
    use.treatment = WinsorizeText(cohort.summary, use.argument, use.result);
  }
  return use;
}

const sema::GroupWeights* WeightsOf(const sema::Model& model, int node) {
  for (const sema::GroupWeights& group : model.weighted_groups) {
    if (group.node == node) return &group;
  }
  return nullptr;
}

// What became of dropped node `index` in its parent (or the standard's total), as the plan
// computes it (plan_builder.cc, SumOfPresentNodes): a value rule reads it as missing; a sum
// redistributes its points over the present siblings when every sibling has points (else
// counts it 0), and is missing itself when no sibling is present.
template <typename Dropped>
std::string DroppedEffect(const sema::Model& model, std::size_t index, const Dropped& dropped) {
  const int parent = model.nodes[index].info.parent;
  const std::string owner =
      parent < 0 ? std::string("the standard")
                 : absl::StrCat("'", model.nodes[static_cast<std::size_t>(parent)].info.id, "'");
  if (const sema::GroupWeights* group = parent < 0 ? nullptr : WeightsOf(model, parent)) {
    if (group->aggregate.rfind("topsis", 0) == 0) {
      return absl::StrCat("missing data; TOPSIS needs every child, so ", owner, " is missing");
    }
    return absl::StrCat("missing data; ", owner,
                        " averages its present children, their weights renormalised");
  }
  const bool value_rule =
      parent < 0 ? model.root_value != sema::kNoExpr
                 : model.nodes[static_cast<std::size_t>(parent)].rule == sema::NodeRule::kValue;
  if (value_rule) {
    return absl::StrCat("missing data; the value rule of ", owner,
                        " reads it as missing and does not redistribute points");
  }
  const std::vector<int>& siblings =
      parent < 0 ? model.top_nodes : model.nodes[static_cast<std::size_t>(parent)].info.children;
  bool points_known = true;
  std::size_t present = 0;
  for (int sibling : siblings) {
    const auto i = static_cast<std::size_t>(sibling);
    points_known = points_known && model.nodes[i].info.points.has_value();
    present += dropped(i) ? 0 : 1;
  }
  if (!points_known) {
    return absl::StrCat("missing data; it counts 0 in the sum of ", owner,
                        ", which cannot redistribute points: not every part of it has points");
  }
  if (present == 0) {
    return parent < 0 ? std::string("missing data, like every top-level node: the total is missing")
                      : absl::StrCat("missing data, like every child of ", owner, ": ", owner,
                                     " is missing too");
  }
  return present + 1 < siblings.size() ? "missing data; its points go to its present siblings"
                                       : "missing data; its points go to its siblings";
}

std::string WeightedRuleText(const sema::GroupWeights& group) {
  if (group.aggregate.rfind("topsis", 0) == 0) {
    return "TOPSIS: closeness to the cohort's ideal point, D- / (D+ + D-)" +
           group.aggregate.substr(6);
  }
  if (group.aggregate == "geomean") return "weighted geometric mean of the present children";
  if (group.aggregate == "hmean") return "weighted harmonic mean of the present children";
  return "weighted mean of the present children";
}

const char* RuleText(const sema::Node& node) {
  switch (node.rule) {
    case sema::NodeRule::kNone:
      return "no rule: 0";
    case sema::NodeRule::kScore:
      return "points x clamp(score, 0, 1)";
    case sema::NodeRule::kValue:
      return "value rule";
    case sema::NodeRule::kSumChildren:
      return node.normalize ? "sum of the children, scaled to the group's points"
                            : "sum of the children";
  }
  return "";
}

nlohmann::ordered_json InputJson(const InputUse& use) {
  nlohmann::ordered_json j;
  j["id"] = use.id;
  j["label"] = use.label;
  if (use.previous_period) j["previous_period"] = true;
  // A value no rule sees (missing, not defaulted) is null, like every missing value in JSON.
  j["value"] = use.missing && !use.defaulted ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(use.value);
  j["shown"] = use.shown;
  j["missing"] = use.missing;
  j["defaulted"] = use.defaulted;
  return j;
}

}  // namespace

std::vector<Imputation> Session::imputations(std::size_t row) const {
  std::vector<Imputation> out;
  auto& s = *state_;
  if (row >= s.rows() || !s.alive[row]) return out;
  s.Update();
  if (!s.links.scorable[row]) return out;
  const sema::Model& model = s.compiled.model;
  const plan::Plan& plan = s.compiled.plan;
  for (std::uint32_t k = 0; k < plan.kernels.size(); ++k) {
    const plan::Kernel& kernel = plan.kernels[k];
    const sema::ExprId id = plan.kernel_expr[k];
    if (id == sema::kNoExpr || model.expr(id).op != sema::Op::kImpute) continue;
    if (!IsMissing(s.columns[kernel.src_slot][row])) continue;
    const CohortUse use = DescribeCohort(s, row, k);
    if (!use.imputed) continue;
    Imputation imputation;
    const sema::ExprId argument_id = model.expr(id).args.front();
    const sema::Expr& argument = model.expr(argument_id);
    imputation.expression = sema::ExprText(model, argument_id);
    if (argument.op == sema::Op::kRef && argument.ref.kind == sema::SymbolKind::kInput &&
        model.inputs[static_cast<std::size_t>(argument.ref.index)].info.missing ==
            MissingPolicy::kImpute) {
      imputation.input = model.inputs[static_cast<std::size_t>(argument.ref.index)].info.id;
    }
    imputation.value = use.result;
    constexpr std::string_view kPrefix = "imputed: ";
    imputation.how = use.treatment.substr(
        use.treatment.compare(0, kPrefix.size(), kPrefix) == 0 ? kPrefix.size() : 0);
    out.push_back(std::move(imputation));
  }
  return out;
}

StatusOr<Explanation> Session::Explain(std::size_t row, std::optional<std::size_t> node) const {
  auto& s = *state_;
  if (row >= s.rows() || !s.alive[row]) {
    return Status(StatusCode::kNotFound, absl::StrCat("row ", row, " is not a live row"));
  }
  const sema::Model& model = s.compiled.model;
  const plan::Plan& plan = s.compiled.plan;
  if (node && *node >= model.nodes.size()) {
    return Status(StatusCode::kOutOfRange, absl::StrCat("node ", *node, " is out of range (",
                                                        model.nodes.size(), " nodes)"));
  }
  s.Update();
  Explanation out;
  out.entity = s.entities[row];
  out.period = s.periods[row];
  out.scorable = s.links.scorable[row] != 0;
  if (!out.scorable) out.reason = s.Reason(row);
  out.node = node;

  // A row that is not scorable has no results: it earns nothing anywhere.
  auto earned = [&](std::uint32_t slot) { return out.scorable ? s.columns[slot][row] : 0.0; };
  // A node's weight in its parent's aggregation, when the parent is a weighted group.
  auto weight_of = [&](std::size_t index) -> std::optional<double> {
    const int parent = model.nodes[index].info.parent;
    const sema::GroupWeights* group = parent < 0 ? nullptr : WeightsOf(model, parent);
    if (group == nullptr) return std::nullopt;
    const auto at =
        std::find(group->children.begin(), group->children.end(), static_cast<int>(index));
    const auto j = static_cast<std::size_t>(at - group->children.begin());
    if (!group->constant_weights.empty()) return group->constant_weights[j];
    const auto let = static_cast<std::size_t>(group->weight_lets[j]);
    return out.scorable ? s.columns[plan.let_slots[let]][row] : MissingValue();
  };
  auto dropped = [&](std::size_t index) {
    return out.scorable && IsMissing(s.columns[plan.node_slots[index]][row]);
  };
  auto child = [&](int index) {
    const auto i = static_cast<std::size_t>(index);
    const sema::Node& n = model.nodes[i];
    return ChildContribution{
        i,          n.info.id,   n.info.label, earned(plan.node_slots[i]), n.info.points,
        dropped(i), weight_of(i)};
  };
  auto add_uses = [&](sema::ExprId expr) {
    const Uses uses = UsesOf(model, expr);
    for (const auto& [input, previous] : uses.inputs) {
      out.inputs.push_back(DescribeInput(s, row, input, previous));
    }
    for (sema::ExprId cohort : uses.cohorts) {
      out.cohorts.push_back(DescribeCohort(s, row, plan.expr_cohort_kernel[cohort]));
    }
  };
  auto add_veto = [&](std::size_t v) {
    VetoUse use;
    use.veto = v;
    use.id = model.vetoes[v].info.id;
    use.label = model.vetoes[v].info.label;
    use.fired = out.scorable && s.columns[plan.veto_slots[v]][row] != 0;
    for (const auto& [input, previous] : UsesOf(model, model.vetoes[v].condition).inputs) {
      use.inputs.push_back(DescribeInput(s, row, input, previous));
    }
    out.vetoes.push_back(std::move(use));
  };

  if (!node) {
    out.id = model.id;
    out.label = model.title;
    out.rule = model.root_value != sema::kNoExpr ? "value rule" : "sum of the top-level nodes";
    out.earned = earned(plan.total_slot);
    out.possible = model.total_points;
    for (int top : model.top_nodes) out.children.push_back(child(top));
    add_uses(model.root_value);
    for (std::size_t v = 0; v < model.vetoes.size(); ++v) add_veto(v);
    out.grade = grade(row);
    out.vetoed = vetoed(row);
    out.missing_reason = missing_reason(row);
    return out;
  }
  const sema::Node& n = model.nodes[*node];
  out.id = n.info.id;
  out.label = n.info.label;
  out.rule = RuleText(n);
  out.weight = weight_of(*node);
  const sema::GroupWeights* weighted = WeightsOf(model, static_cast<int>(*node));
  if (weighted != nullptr) {
    out.rule = WeightedRuleText(*weighted);
    out.weights = weighted->method;
    for (const sema::GroupWeights::Consistency& c : weighted->consistency) {
      absl::StrAppend(&out.weights, absl::StrFormat(", CR %.3f", std::max(0.0, c.cr)));
    }
    if (weighted->rows_let >= 0 && out.scorable) {
      const double rows =
          s.columns[plan.let_slots[static_cast<std::size_t>(weighted->rows_let)]][row];
      absl::StrAppend(&out.weights, ", from ", util::FormatShortest(rows),
                      " rows of the cohort with every child");
    }
  }
  out.earned = earned(plan.node_slots[*node]);
  out.possible = n.info.points;
  out.dropped = dropped(*node);
  if (out.dropped) out.dropped_effect = DroppedEffect(model, *node, dropped);
  double all_points = 0;
  double present_points = 0;
  for (int c : n.info.children) {
    out.children.push_back(child(c));
    const double points = out.children.back().possible.value_or(0);
    all_points += points;
    if (!out.children.back().dropped) present_points += points;
  }
  if (n.rule == sema::NodeRule::kSumChildren && present_points > 0 && present_points < all_points) {
    absl::StrAppend(&out.rule, "; the present children's sum is scaled by ",
                    util::FormatShortest(all_points), " / ", util::FormatShortest(present_points),
                    " for the dropped ones");
  }
  // A weighted group's rule is built from its children and weights: its cohort sums are
  // described by `weights`, not one by one.
  if (n.expr != sema::kNoExpr && weighted == nullptr) add_uses(n.expr);
  if (n.rule == sema::NodeRule::kScore && out.scorable) {
    const std::uint32_t kernel = plan.kernel_of_slot[plan.node_slots[*node]];
    out.score = eval::ComputeRegister(plan, plan.kernels[kernel], s.links, s.ColumnPointers(), row,
                                      plan.node_score_register[*node]);
  }
  for (std::size_t v = 0; v < model.vetoes.size(); ++v) {
    if (model.vetoes[v].info.node == static_cast<int>(*node)) add_veto(v);
  }
  return out;
}

// A number, or null for a missing or non-finite one (JSON has neither).
nlohmann::ordered_json NumberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json();
}

std::string ExplanationToJson(const Explanation& e) {
  nlohmann::ordered_json j;
  j["entity"] = e.entity;
  j["period"] = e.period;
  j["scorable"] = e.scorable;
  if (!e.scorable) j["reason"] = e.reason;
  if (!e.missing_reason.empty()) j["missing_reason"] = e.missing_reason;
  j["node"] = e.id;
  j["label"] = e.label;
  j["rule"] = e.rule;
  if (!e.weights.empty()) j["weights"] = e.weights;
  if (e.weight) j["weight"] = NumberOrNull(*e.weight);
  j["earned"] = e.earned;
  j["possible"] = e.possible ? nlohmann::ordered_json(*e.possible) : nlohmann::ordered_json();
  if (e.score) j["score"] = *e.score;
  if (e.dropped) {
    j["dropped"] = true;
    j["dropped_effect"] = e.dropped_effect;
  }
  if (!e.node) {
    j["grade"] = e.grade ? nlohmann::ordered_json(*e.grade) : nlohmann::ordered_json();
    j["vetoed"] = e.vetoed;
  }
  auto& children = j["children"] = nlohmann::ordered_json::array();
  for (const ChildContribution& c : e.children) {
    nlohmann::ordered_json cj = {
        {"id", c.id},
        {"label", c.label},
        {"earned", c.earned},
        {"possible", c.possible ? nlohmann::ordered_json(*c.possible) : nlohmann::ordered_json()}};
    if (c.dropped) cj["dropped"] = true;
    if (c.weight) cj["weight"] = NumberOrNull(*c.weight);
    children.push_back(std::move(cj));
  }
  auto& inputs = j["inputs"] = nlohmann::ordered_json::array();
  for (const InputUse& use : e.inputs) inputs.push_back(InputJson(use));
  auto& cohorts = j["cohorts"] = nlohmann::ordered_json::array();
  for (const CohortUse& c : e.cohorts) {
    auto number = [](double value) {
      return IsMissing(value) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
    };
    nlohmann::ordered_json cj = {{"function", c.function},
                                 {"cohort", c.cohort},
                                 {"argument", number(c.argument)},
                                 {"result", number(c.result)},
                                 {"cohort_size", c.cohort_size}};
    if (!c.takes_part) cj["takes_part"] = false;
    if (!c.has_key) cj["has_key"] = false;
    if (c.function == "cohort_minmax") {
      cj["min"] = c.min;
      cj["max"] = c.max;
    } else if (c.function == "cohort_rank") {
      cj["rank"] = c.rank;
    } else if (c.function == "cohort_percentile") {
      cj["below"] = c.below;
    } else if (c.function == "cohort_zscore") {
      cj["mean"] = c.statistic;
      cj["sd"] = c.sd;
    } else if (c.function != "winsorize" && c.function != "impute") {
      cj["statistic"] = number(c.statistic);
    }
    if (!c.treatment.empty()) cj["treatment"] = c.treatment;
    if (c.imputed) cj["imputed"] = true;
    cohorts.push_back(std::move(cj));
  }
  auto& vetoes = j["vetoes"] = nlohmann::ordered_json::array();
  for (const VetoUse& v : e.vetoes) {
    nlohmann::ordered_json vj = {{"id", v.id}, {"label", v.label}, {"fired", v.fired}};
    auto& vi = vj["inputs"] = nlohmann::ordered_json::array();
    for (const InputUse& use : v.inputs) vi.push_back(InputJson(use));
    vetoes.push_back(std::move(vj));
  }
  return j.dump(2);
}

}  // namespace rubric
