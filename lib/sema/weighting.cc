#include "sema/weighting.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rubric/missing.h"
#include "sema/ahp.h"
#include "sema/syntax_access.h"

namespace rubric::sema {
namespace {

// A divergence (entropy) below this is a criterion that is constant up to rounding: weight 0.
constexpr double kNearConstant = 1e-12;

// A vector of weights, one per child, adding up to 1: known numbers, or expressions over the
// data (references to lets).
struct WeightVector {
  std::vector<double> constants;  // when known
  std::vector<ExprId> exprs;      // otherwise
  bool known() const { return exprs.empty(); }
};
WeightVector Known(std::vector<double> constants) {
  WeightVector v;
  v.constants = std::move(constants);
  return v;
}

std::string ClauseText(const CohortSpec& cohort, const Model& model) {
  std::string text;
  if (cohort.key_input >= 0) {
    text += " by " + model.inputs[static_cast<std::size_t>(cohort.key_input)].info.id;
  }
  if (cohort.across_periods) text += " across periods";
  return text;
}

// "entropy", "ahp and critic": the methods of a `weights` statement, for messages.
std::string MethodNames(const ast::WeightsDecl& weights) {
  static constexpr const char* kNames[] = {"given", "ahp", "entropy", "critic"};
  std::string text;
  for (std::size_t i = 0; i < weights.terms.size(); ++i) {
    if (i > 0) text += i + 1 == weights.terms.size() ? " and " : ", ";
    text += kNames[static_cast<int>(weights.terms[i].method)];
  }
  return text;
}

std::vector<double> Normalised(std::vector<double> weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  for (double& w : weights) w = sum > 0 ? w / sum : 1.0 / static_cast<double>(weights.size());
  return weights;
}

// Builds one weighted group's expressions into the model's arena.
class GroupBuilder {
 public:
  GroupBuilder(const WeightedGroupDecl& decl, const std::vector<const ast::NodeDecl*>& node_decls,
               const KeyResolver& resolve_key, Model* model, DiagnosticSink* sink)
      : decl_(decl),
        node_decls_(node_decls),
        resolve_key_(resolve_key),
        model_(model),
        sink_(sink),
        node_(model->nodes[static_cast<std::size_t>(decl.node)]),
        span_(node_.span),
        children_(node_.info.children) {}

  void Build() {
    GroupWeights info;
    info.node = decl_.node;
    info.children = children_;
    if (children_.empty()) {
      sink_->Error("E0235", ToSpan(FirstDecl()),
                   absl::StrCat("group '", node_.info.id, "' weighs its children but has none"),
                   "add the groups or indicators it combines");
      return;
    }
    const bool topsis =
        decl_.aggregate != nullptr && decl_.aggregate->kind == ast::AggregateKind::kTopsis;
    CheckChildAttributes(topsis);
    std::optional<WeightVector> weights = Weights(&info);
    if (!weights) return;
    ExprId value = kNoExpr;
    if (topsis) {
      if (decl_.coverage != nullptr) {
        sink_->Error("E0235", ToSpan(*decl_.coverage),
                     "a TOPSIS group has no coverage: a row needs every child",
                     "drop the coverage, or aggregate with `mean`");
      }
      CohortSpec cohort = CohortOf(decl_.aggregate->by, decl_.aggregate->across_periods);
      info.aggregate = "topsis" + ClauseText(cohort, *model_);
      value = Topsis(*weights, cohort);
    } else {
      value = WeightedMean(*weights, &info);
    }
    if (weights->known()) {
      info.constant_weights = weights->constants;
      info.weight_lets.assign(children_.size(), -1);
    } else {
      for (ExprId e : weights->exprs) info.weight_lets.push_back(model_->expr(e).ref.index);
    }
    if (!rows_.empty()) info.rows_let = model_->expr(rows_.begin()->second).ref.index;
    node_.rule = NodeRule::kValue;
    node_.expr = value;
    model_->weighted_groups.push_back(std::move(info));
  }

 private:
  const ast::Located& FirstDecl() const {
    if (decl_.aggregate != nullptr) return *decl_.aggregate;
    return *decl_.weights;
  }

  const ast::NodeDecl& ChildDecl(std::size_t j) const {
    return *node_decls_[static_cast<std::size_t>(children_[j])];
  }
  const std::string& ChildId(std::size_t j) const {
    return model_->nodes[static_cast<std::size_t>(children_[j])].info.id;
  }

  // `weight` is read only by `given` weights (the default), `cost` only by TOPSIS.
  void CheckChildAttributes(bool topsis) {
    bool uses_given = decl_.weights == nullptr;
    if (decl_.weights != nullptr) {
      for (const ast::WeightTerm& term : decl_.weights->terms) {
        uses_given = uses_given || term.method == ast::WeightMethod::kGiven;
      }
    }
    for (std::size_t j = 0; j < children_.size(); ++j) {
      const ast::NodeDecl& child = ChildDecl(j);
      if (child.weight && !uses_given) {
        sink_->Error(
            "E0236", ToSpan(*child.weight),
            absl::StrCat("the weight of '", ChildId(j), "' is not used: group '", node_.info.id,
                         "' takes its weights from ", MethodNames(*decl_.weights)),
            "drop `weight`, or combine it: `weights product(given, entropy)`");
      }
      if (child.cost && !topsis) {
        sink_->Error("E0236", ToSpan(child.name),
                     absl::StrCat("'", ChildId(j), "' is marked `cost`, but group '", node_.info.id,
                                  "' does not aggregate with TOPSIS"),
                     "`cost` says that less is better for TOPSIS; other aggregations take "
                     "values as they are (normalise a cost criterion as max - x)");
      }
    }
  }

  CohortSpec CohortOf(const std::optional<ast::Identifier>& by, bool across_periods) {
    CohortSpec cohort;
    if (by) cohort.key_input = resolve_key_(*by);
    cohort.across_periods = across_periods;
    return cohort;
  }

  // ---- Expressions ----
  ExprId Add(Expr e) {
    e.span = span_;
    for (ExprId arg : e.args) e.depth = std::max(e.depth, model_->expr(arg).depth + 1);
    model_->exprs.push_back(std::move(e));
    return static_cast<ExprId>(model_->exprs.size() - 1);
  }
  static Expr Make(Op op, std::vector<ExprId> args = {}) {
    Expr e;
    e.op = op;
    e.args.assign(args.begin(), args.end());
    return e;
  }
  ExprId Const(double value) {
    Expr e = Make(Op::kConst);
    e.number = value;
    return Add(std::move(e));
  }
  ExprId Call(Op op, std::vector<ExprId> args) { return Add(Make(op, std::move(args))); }
  ExprId If(ExprId condition, ExprId then_value, ExprId else_value) {
    return Call(Op::kIf, {condition, then_value, else_value});
  }
  ExprId Cohort(Op op, ExprId argument, const CohortSpec& cohort) {
    Expr e = Make(op, {argument});
    e.cohort = cohort;
    return Add(std::move(e));
  }
  ExprId Child(std::size_t j) {
    Expr e = Make(Op::kRef);
    e.ref = {SymbolKind::kNode, children_[j]};
    return Add(std::move(e));
  }
  // A let of the model holding `value`; returns a reference to it.
  ExprId Let(std::string id, std::string label, ExprId value) {
    const int index = static_cast<int>(model_->lets.size());
    sema::Let let;
    let.id = std::move(id);
    let.label = std::move(label);
    let.expr = value;
    let.span = span_;
    model_->lets.push_back(std::move(let));
    Expr e = Make(Op::kRef);
    e.ref = {SymbolKind::kLet, index};
    return Add(std::move(e));
  }
  ExprId Copy(ExprId ref) { return Add(model_->expr(ref)); }

  // 1 when every child has a value in the row: the rows the weights are derived from.
  ExprId Complete() {
    if (complete_ == kNoExpr) {
      std::vector<ExprId> missing;
      for (std::size_t j = 0; j < children_.size(); ++j) {
        missing.push_back(Call(Op::kIsMissing, {Child(j)}));
      }
      ExprId any = missing.front();
      for (std::size_t j = 1; j < missing.size(); ++j) any = Call(Op::kOr, {any, missing[j]});
      complete_ = Let(absl::StrCat("complete(", node_.info.id, ")"),
                      "1 when every child has a value", Call(Op::kNot, {any}));
    }
    return Copy(complete_);
  }
  ExprId CompleteOr(ExprId value, double otherwise) {
    return If(Complete(), value, Const(otherwise));
  }
  // The rows of the cohort the weights are derived from.
  ExprId Rows(const CohortSpec& cohort) {
    const std::string clause = ClauseText(cohort, *model_);
    auto [it, inserted] = rows_.try_emplace(clause, kNoExpr);
    if (inserted) {
      it->second = Let(absl::StrCat("rows(", node_.info.id, clause, ")"),
                       "rows of the cohort with every child present",
                       Cohort(Op::kCohortSum, CompleteOr(Const(1), 0), cohort));
    }
    return Copy(it->second);
  }

  // Weights adding up to 1 from per-child scores that are >= 0: score / sum, or equal
  // weights when every score is 0.
  WeightVector NormaliseScores(const std::vector<ExprId>& scores, const std::string& name,
                               const std::string& label) {
    std::vector<ExprId> copies;
    for (ExprId s : scores) copies.push_back(Copy(s));
    const ExprId sum = Let(absl::StrCat(name, " sum(", node_.info.id, ")"),
                           "the scores added up, to normalise them", Call(Op::kSum, copies));
    WeightVector weights;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      const ExprId equal = Const(1.0 / static_cast<double>(scores.size()));
      const ExprId share = Call(Op::kDiv, {Copy(scores[j]), Copy(sum)});
      weights.exprs.push_back(Let(absl::StrCat(name, "(", ChildId(j), ")"), label,
                                  If(Call(Op::kEq, {Copy(sum), Const(0)}), equal, share)));
    }
    return weights;
  }

  // ---- Weighting methods ----
  std::optional<WeightVector> Weights(GroupWeights* info) {
    if (decl_.weights == nullptr) {
      info->method = "given";
      return Given();
    }
    const ast::WeightsDecl& weights = *decl_.weights;
    const bool single = weights.combination == ast::WeightCombination::kSingle;
    std::vector<WeightVector> vectors;
    std::string methods;
    for (const ast::WeightTerm& term : weights.terms) {
      std::optional<WeightVector> vector = Term(term, single, info, &methods);
      if (!vector) return std::nullopt;
      vectors.push_back(std::move(*vector));
    }
    if (single) {
      info->method = methods;
      return std::move(vectors.front());
    }
    const bool product = weights.combination == ast::WeightCombination::kProduct;
    info->method = absl::StrCat(product ? "product(" : "mean(", methods, ")");
    return Combine(vectors, product);
  }

  WeightVector Given() {
    std::vector<double> weights;
    for (std::size_t j = 0; j < children_.size(); ++j) {
      const ast::NodeDecl& child = ChildDecl(j);
      weights.push_back(child.weight ? child.weight->value : 1.0);
    }
    return Known(Normalised(std::move(weights)));
  }

  std::optional<WeightVector> Term(const ast::WeightTerm& term, bool single, GroupWeights* info,
                                   std::string* methods) {
    if (!methods->empty()) *methods += ", ";
    const std::string name = single ? "weight" : "";
    switch (term.method) {
      case ast::WeightMethod::kGiven:
        *methods += "given";
        return Given();
      case ast::WeightMethod::kAhp:
        return Ahp(term, info, methods);
      case ast::WeightMethod::kEntropy: {
        const CohortSpec cohort = CohortOf(term.by, term.across_periods);
        *methods += "entropy" + ClauseText(cohort, *model_);
        return Entropy(cohort, single ? "weight" : "entropy");
      }
      case ast::WeightMethod::kCritic: {
        const CohortSpec cohort = CohortOf(term.by, term.across_periods);
        *methods += "critic" + ClauseText(cohort, *model_);
        return Critic(cohort, single ? "weight" : "critic");
      }
    }
    return std::nullopt;
  }

  // The entropy method (熵权法) on the children's values as shares of their cohort sums:
  // e_j = -(1 / ln n) Σ p ln p with p = x / S, computed as -(T / S - ln S) / ln n where
  // T = Σ x ln x, so that every sum is a cohort sum of the row's own values (an edit
  // changes two sums, not every share).
  WeightVector Entropy(const CohortSpec& cohort, const std::string& name) {
    const std::string clause = ClauseText(cohort, *model_);
    std::vector<ExprId> divergences;
    for (std::size_t j = 0; j < children_.size(); ++j) {
      const ExprId sum = Let(absl::StrCat("sum(", ChildId(j), ")"), "the sum over the cohort",
                             Cohort(Op::kCohortSum, CompleteOr(Child(j), 0), cohort));
      const ExprId x_ln_x = If(Call(Op::kAnd, {Complete(), Call(Op::kNe, {Child(j), Const(0)})}),
                               Call(Op::kMul, {Child(j), Call(Op::kLn, {Child(j)})}), Const(0));
      const ExprId t = Let(absl::StrCat("x ln x sum(", ChildId(j), ")"),
                           "Σ x ln x over the cohort (NaN when a value is negative)",
                           Cohort(Op::kCohortSum, x_ln_x, cohort));
      const ExprId n = Rows(cohort);
      const ExprId undefined =
          Call(Op::kOr, {Call(Op::kLt, {Copy(n), Const(2)}), Call(Op::kLe, {Copy(sum), Const(0)})});
      const ExprId inner =
          Call(Op::kSub, {Call(Op::kDiv, {t, Copy(sum)}), Call(Op::kLn, {Copy(sum)})});
      // 1, or NaN when a value is negative (T is NaN then, and 0 x NaN is NaN).
      const ExprId no_information = Call(Op::kAdd, {Const(1), Call(Op::kMul, {Const(0), Copy(t)})});
      const ExprId entropy =
          Let(absl::StrCat("entropy(", ChildId(j), ")"),
              absl::StrCat("-(1 / ln n) Σ p ln p over the cohort", clause),
              If(undefined, no_information,
                 Call(Op::kDiv, {Call(Op::kNeg, {inner}), Call(Op::kLn, {Copy(n)})})));
      auto divergence = [&] { return Call(Op::kSub, {Const(1), Copy(entropy)}); };
      divergences.push_back(
          Let(absl::StrCat("divergence(", ChildId(j), ")"),
              "1 - entropy (0 for a criterion constant up to rounding)",
              If(Call(Op::kLt, {divergence(), Const(kNearConstant)}), Const(0), divergence())));
    }
    return NormaliseScores(divergences, name, absl::StrCat("entropy weight", clause));
  }

  // CRITIC (Diakoulaki et al. 1995): C_j = σ_j Σ_k (1 - r_jk), σ the sample standard
  // deviation and r Pearson's correlation, both from deviations from the cohort's means
  // (two passes, so that large values with small spreads lose nothing). A criterion with
  // no spread has C = 0, and its correlations are taken as 0.
  WeightVector Critic(const CohortSpec& cohort, const std::string& name) {
    const std::string clause = ClauseText(cohort, *model_);
    const std::size_t m = children_.size();
    std::vector<ExprId> deviations, spreads;
    for (std::size_t j = 0; j < m; ++j) {
      const ExprId mean =
          Call(Op::kDiv, {Cohort(Op::kCohortSum, CompleteOr(Child(j), 0), cohort), Rows(cohort)});
      deviations.push_back(Let(absl::StrCat("deviation(", ChildId(j), ")"),
                               "the value less the cohort's mean",
                               CompleteOr(Call(Op::kSub, {Child(j), mean}), 0)));
      const ExprId d = deviations.back();
      spreads.push_back(Let(absl::StrCat("spread(", ChildId(j), ")"),
                            "the sum of squared deviations over the cohort",
                            Cohort(Op::kCohortSum, Call(Op::kMul, {Copy(d), Copy(d)}), cohort)));
    }
    std::vector<std::vector<ExprId>> correlation(m, std::vector<ExprId>(m, kNoExpr));
    for (std::size_t j = 0; j < m; ++j) {
      for (std::size_t k = j + 1; k < m; ++k) {
        const ExprId products = Cohort(
            Op::kCohortSum, Call(Op::kMul, {Copy(deviations[j]), Copy(deviations[k])}), cohort);
        const ExprId no_spread = Call(Op::kOr, {Call(Op::kEq, {Copy(spreads[j]), Const(0)}),
                                                Call(Op::kEq, {Copy(spreads[k]), Const(0)})});
        const ExprId r = Call(
            Op::kDiv,
            {products, Call(Op::kSqrt, {Call(Op::kMul, {Copy(spreads[j]), Copy(spreads[k])})})});
        // Rounding can put r a hair outside [-1, 1]: clamped, so that 1 - r >= 0.
        correlation[j][k] =
            Let(absl::StrCat("correlation(", ChildId(j), ", ", ChildId(k), ")"),
                "Pearson's correlation over the cohort",
                If(no_spread, Const(0), Call(Op::kClamp, {r, Const(-1), Const(1)})));
        correlation[k][j] = correlation[j][k];
      }
    }
    std::vector<ExprId> information;
    for (std::size_t j = 0; j < m; ++j) {
      const ExprId n = Rows(cohort);
      const ExprId sd =
          If(Call(Op::kLt, {n, Const(2)}), Const(0),
             Call(Op::kSqrt,
                  {Call(Op::kDiv, {Copy(spreads[j]), Call(Op::kSub, {Rows(cohort), Const(1)})})}));
      // Perfectly correlated with every other criterion (up to rounding): no conflict.
      auto conflict_sum = [&] {
        std::vector<ExprId> copies;
        for (std::size_t k = 0; k < m; ++k) {
          if (k != j) copies.push_back(Call(Op::kSub, {Const(1), Copy(correlation[j][k])}));
        }
        return Call(Op::kSum, copies);
      };
      const ExprId conflict = m < 2 ? Const(0)
                                    : If(Call(Op::kLt, {conflict_sum(), Const(kNearConstant)}),
                                         Const(0), conflict_sum());
      information.push_back(Let(absl::StrCat("information(", ChildId(j), ")"),
                                "standard deviation × Σ (1 - correlation)",
                                Call(Op::kMul, {sd, conflict})));
    }
    return NormaliseScores(information, name, absl::StrCat("CRITIC weight", clause));
  }

  std::optional<WeightVector> Ahp(const ast::WeightTerm& term, GroupWeights* info,
                                  std::string* methods) {
    ahp::Priority priority = ahp::Priority::kEigenvector;
    ahp::RandomIndex table = ahp::RandomIndex::kSaaty;
    for (const ast::Identifier& option : term.options) {
      if (option.name == "eigenvector") {
        priority = ahp::Priority::kEigenvector;
      } else if (option.name == "approximate") {
        priority = ahp::Priority::kApproximate;
      } else if (option.name == "geometric") {
        priority = ahp::Priority::kGeometric;
      } else if (option.name == "saaty") {
        table = ahp::RandomIndex::kSaaty;
      } else if (option.name == "alonso") {
        table = ahp::RandomIndex::kAlonso;
      } else {
        sink_->Error("E0231", ToSpan(option),
                     absl::StrCat("'", option.name, "' is not an AHP option"),
                     "priorities: eigenvector (the default), approximate or geometric; random "
                     "index: saaty (the default) or alonso");
        return std::nullopt;
      }
    }
    *methods += absl::StrCat(
        "ahp (",
        priority == ahp::Priority::kEigenvector
            ? "eigenvector"
            : (priority == ahp::Priority::kApproximate ? "approximate" : "geometric"),
        table == ahp::RandomIndex::kSaaty ? ", Saaty 1980" : ", Alonso-Lamata 2006", ")");
    std::optional<std::vector<std::vector<double>>> matrix = AhpMatrix(term);
    if (!matrix) return std::nullopt;
    const std::size_t n = matrix->size();
    if (ahp::RandomIndexOf(table, static_cast<int>(n)) < 0) {
      sink_->Error(
          "E0233", ToSpan(term),
          absl::StrCat("AHP compares at most 15 criteria; group '", node_.info.id, "' has ", n),
          "group the children into sub-groups and compare those");
      return std::nullopt;
    }
    const ahp::Result result = ahp::Priorities(*matrix, priority, table);
    info->consistency.push_back(
        {.lambda_max = result.lambda_max, .ci = result.ci, .ri = result.ri, .cr = result.cr});
    if (result.cr > 0.1) {
      sink_->Error(
          "E0234", ToSpan(term),
          absl::StrFormat("the comparisons of group '%s' are inconsistent: CR = %.3f > 0.1",
                          node_.info.id, result.cr),
          absl::StrFormat("λmax = %.4f, CI = %.4f, RI = %.2f for n = %d; revise the judgements "
                          "that contradict each other (if a > b and b > c, then a > c)",
                          result.lambda_max, result.ci, result.ri, static_cast<int>(n)));
      return std::nullopt;
    }
    return Known(result.weights);
  }

  // The comparison matrix in the order of the children, or nullopt after an error.
  std::optional<std::vector<std::vector<double>>> AhpMatrix(const ast::WeightTerm& term) {
    const std::size_t m = children_.size();
    std::vector<int> row_of(m, -1);  // per child, its row
    std::vector<std::size_t> child_of;
    for (std::size_t r = 0; r < term.rows.size(); ++r) {
      const ast::AhpRow& row = term.rows[r];
      std::size_t j = 0;
      while (j < m && ChildId(j) != row.name.name) ++j;
      if (j == m) {
        sink_->Error(
            "E0231", ToSpan(row.name),
            absl::StrCat("'", row.name.name, "' is not a child of group '", node_.info.id, "'"),
            "the matrix compares the group's children, one row each");
        return std::nullopt;
      }
      if (row_of[j] >= 0) {
        sink_->Error("E0231", ToSpan(row.name),
                     absl::StrCat("'", row.name.name, "' has two rows in the matrix"));
        return std::nullopt;
      }
      row_of[j] = static_cast<int>(r);
      child_of.push_back(j);
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (row_of[j] >= 0) continue;
      sink_->Error("E0231", ToSpan(term),
                   absl::StrCat("the AHP matrix of group '", node_.info.id, "' has no row for '",
                                ChildId(j), "'"),
                   "compare every child: one row per child, columns in the order of the rows");
      return std::nullopt;
    }
    // Entries in the order of the rows; child_of maps them back to the children.
    std::vector<std::vector<std::optional<double>>> cells(m, std::vector<std::optional<double>>(m));
    for (std::size_t r = 0; r < m; ++r) {
      const ast::AhpRow& row = term.rows[r];
      const std::size_t count = row.entries.size();
      if (count != m && count != m - r) {
        sink_->Error("E0231", ToSpan(row),
                     absl::StrCat("row '", row.name.name, "' has ", count, " entries, not ", m,
                                  " (a full row) or ", m - r, " (from the diagonal on)"),
                     "write every row in full, or the upper triangle: each row from its "
                     "diagonal 1 on");
        return std::nullopt;
      }
      const std::size_t first = m - count;
      for (std::size_t e = 0; e < count; ++e) {
        const ast::AhpEntry& entry = row.entries[e];
        const double value =
            entry.denominator
                ? (*entry.denominator == 0 ? -1 : entry.numerator / *entry.denominator)
                : entry.numerator;
        const std::size_t column = first + e;
        if (!ahp::OnSaatyScale(value) || (column == r && value != 1)) {
          sink_->Error("E0231", ToSpan(entry),
                       column == r ? absl::StrCat("the diagonal entry of '", row.name.name,
                                                  "' must be 1 (a criterion against itself)")
                                   : "a comparison is on Saaty's scale, from 1/9 to 9",
                       "1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely "
                       "more important; 1/3 ... 1/9 the other way");
          return std::nullopt;
        }
        cells[r][column] = value;
      }
    }
    std::vector<std::vector<double>> matrix(m, std::vector<double>(m, 1.0));
    for (std::size_t r = 0; r < m; ++r) {
      for (std::size_t c = 0; c < m; ++c) {
        double value = 1;
        if (cells[r][c]) {
          value = *cells[r][c];
        } else if (cells[c][r]) {
          value = 1 / *cells[c][r];
        }
        matrix[child_of[r]][child_of[c]] = value;
      }
    }
    if (std::optional<std::pair<int, int>> pair = ahp::FirstNonReciprocalPair(matrix)) {
      const auto [a, b] = *pair;
      const std::size_t row = static_cast<std::size_t>(row_of[static_cast<std::size_t>(a)]);
      const std::size_t column = static_cast<std::size_t>(row_of[static_cast<std::size_t>(b)]);
      const std::size_t late = std::max(row, column);
      const std::size_t early = std::min(row, column);
      const ast::AhpRow& where = term.rows[late];
      const std::size_t first = m - where.entries.size();
      sink_->Error(
          "E0232", ToSpan(where.entries[early - first]),
          absl::StrFormat("the comparisons of '%s' and '%s' are not reciprocal: %g and %g",
                          ChildId(static_cast<std::size_t>(a)),
                          ChildId(static_cast<std::size_t>(b)),
                          matrix[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)],
                          matrix[static_cast<std::size_t>(b)][static_cast<std::size_t>(a)]),
          "below the diagonal, write 1 / the entry above it (3 and 1/3), or leave the lower "
          "triangle out and it is derived");
      return std::nullopt;
    }
    return matrix;
  }

  // A mean or product of weight vectors, renormalised to add up to 1.
  WeightVector Combine(const std::vector<WeightVector>& vectors, bool product) {
    const std::size_t m = children_.size();
    bool known = true;
    for (const WeightVector& v : vectors) known = known && v.known();
    if (known) {
      std::vector<double> combined(m, product ? 1.0 : 0.0);
      for (const WeightVector& v : vectors) {
        for (std::size_t j = 0; j < m; ++j) {
          if (product) {
            combined[j] *= v.constants[j];
          } else {
            combined[j] += v.constants[j];
          }
        }
      }
      return Known(Normalised(std::move(combined)));
    }
    std::vector<ExprId> scores;
    for (std::size_t j = 0; j < m; ++j) {
      std::vector<ExprId> parts;
      for (const WeightVector& v : vectors) {
        parts.push_back(v.known() ? Const(v.constants[j]) : Copy(v.exprs[j]));
      }
      ExprId score = parts.front();
      for (std::size_t t = 1; t < parts.size(); ++t) {
        score = Call(product ? Op::kMul : Op::kAdd, {score, parts[t]});
      }
      scores.push_back(Let(absl::StrCat(product ? "product(" : "sum(", ChildId(j), ")"),
                           "the methods' weights combined", score));
    }
    return NormaliseScores(
        scores, "weight",
        product ? "weight: product of methods, renormalised" : "weight: mean of methods");
  }

  // ---- Aggregations ----
  ExprId WeightedMean(const WeightVector& weights, GroupWeights* info) {
    Op op = Op::kWmean;
    info->aggregate = "mean";
    if (decl_.aggregate != nullptr && decl_.aggregate->kind == ast::AggregateKind::kGeomean) {
      op = Op::kWgeomean;
      info->aggregate = "geomean";
    } else if (decl_.aggregate != nullptr && decl_.aggregate->kind == ast::AggregateKind::kHmean) {
      op = Op::kWhmean;
      info->aggregate = "hmean";
    }
    Expr mean = Make(op);
    for (std::size_t j = 0; j < children_.size(); ++j) {
      mean.args.push_back(Child(j));
      if (weights.known()) {
        mean.table.push_back(weights.constants[j]);
      } else {
        mean.args.push_back(Copy(weights.exprs[j]));
      }
    }
    if (node_.children_coverage) {
      // "fewer than P% of the children present": the least count that is not fewer.
      const double needed = *node_.children_coverage * static_cast<double>(children_.size());
      mean.number = std::ceil(needed - 1e-9);
    }
    return Add(std::move(mean));
  }

  // TOPSIS: the closeness D- / (D+ + D-) of the row to the cohort's ideal and anti-ideal
  // points, over the vector-normalised, weighted children (the rows with every child).
  ExprId Topsis(const WeightVector& weights, const CohortSpec& cohort) {
    std::vector<ExprId> to_ideal, to_anti;
    for (std::size_t j = 0; j < children_.size(); ++j) {
      const ExprId norm = Let(
          absl::StrCat("norm(", ChildId(j), ")"), "√(Σ x²) over the cohort",
          Call(Op::kSqrt, {Cohort(Op::kCohortSum,
                                  CompleteOr(Call(Op::kMul, {Child(j), Child(j)}), 0), cohort)}));
      const ExprId highest =
          Let(absl::StrCat("highest(", ChildId(j), ")"), "the cohort's largest value",
              Cohort(Op::kCohortMax, CompleteOr(Child(j), MissingValue()), cohort));
      const ExprId lowest =
          Let(absl::StrCat("lowest(", ChildId(j), ")"), "the cohort's smallest value",
              Cohort(Op::kCohortMin, CompleteOr(Child(j), MissingValue()), cohort));
      const bool cost = ChildDecl(j).cost;
      auto weighted = [&](ExprId x) {
        const ExprId w = weights.known() ? Const(weights.constants[j]) : Copy(weights.exprs[j]);
        return Call(Op::kMul, {w, Call(Op::kDiv, {x, Copy(norm)})});
      };
      auto squared_gap = [&](ExprId point) {
        auto gap = [&] { return Call(Op::kSub, {weighted(Child(j)), weighted(Copy(point))}); };
        return Call(Op::kMul, {gap(), gap()});
      };
      to_ideal.push_back(squared_gap(cost ? lowest : highest));
      to_anti.push_back(squared_gap(cost ? highest : lowest));
    }
    const ExprId ideal =
        Let(absl::StrCat("distance to ideal(", node_.info.id, ")"),
            "D+, from the cohort's best values", Call(Op::kSqrt, {Call(Op::kSum, to_ideal)}));
    const ExprId anti =
        Let(absl::StrCat("distance to anti-ideal(", node_.info.id, ")"),
            "D-, from the cohort's worst values", Call(Op::kSqrt, {Call(Op::kSum, to_anti)}));
    const ExprId closeness =
        If(Call(Op::kEq, {Call(Op::kAdd, {ideal, anti}), Const(0)}), Const(std::nan("")),
           Call(Op::kDiv, {Copy(anti), Call(Op::kAdd, {Copy(ideal), Copy(anti)})}));
    return CompleteOr(closeness, MissingValue());
  }

  const WeightedGroupDecl& decl_;
  const std::vector<const ast::NodeDecl*>& node_decls_;
  const KeyResolver& resolve_key_;
  Model* model_;
  DiagnosticSink* sink_;
  Node& node_;
  Span span_;
  std::vector<int> children_;
  ExprId complete_ = kNoExpr;
  absl::flat_hash_map<std::string, ExprId> rows_;
};

}  // namespace

void BuildWeightedGroups(const std::vector<WeightedGroupDecl>& groups,
                         const std::vector<const ast::NodeDecl*>& node_decls,
                         const KeyResolver& resolve_key, Model* model, DiagnosticSink* sink) {
  std::vector<bool> weighted(model->nodes.size(), false);
  for (const WeightedGroupDecl& group : groups) {
    weighted[static_cast<std::size_t>(group.node)] = true;
    GroupBuilder(group, node_decls, resolve_key, model, sink).Build();
  }
  // `weight` and `cost` on the children of a group that does not weigh them.
  for (std::size_t i = 0; i < model->nodes.size(); ++i) {
    const ast::NodeDecl& decl = *node_decls[i];
    if (decl.weight &&
        (decl.weight->unit || !(decl.weight->value > 0) || !std::isfinite(decl.weight->value))) {
      sink->Error("E0230", ToSpan(*decl.weight),
                  absl::StrCat("the weight of '", decl.name.name, "' must be a positive number"),
                  "a weight is a number without a unit, above 0: `weight 2`");
    }
    const int parent = model->nodes[i].info.parent;
    if (parent >= 0 && weighted[static_cast<std::size_t>(parent)]) continue;
    if (!decl.weight && !decl.cost) continue;
    const std::string whose =
        parent < 0
            ? std::string("the standard")
            : absl::StrCat("group '", model->nodes[static_cast<std::size_t>(parent)].info.id, "'");
    sink->Error(
        "E0236", decl.weight ? ToSpan(*decl.weight) : ToSpan(decl.name),
        absl::StrCat("'", decl.name.name, "' has a ", decl.weight ? "weight" : "`cost` mark",
                     ", but ", whose, " adds up its children's points"),
        "weights and `cost` are read by a group with `aggregate` or `weights`; in a sum, "
        "a child's points are its weight");
  }
}

}  // namespace rubric::sema
