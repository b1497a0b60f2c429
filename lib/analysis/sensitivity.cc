// AnalyzeSensitivity: samples the points of sum groups' children and recomputes, per run,
// only the sums above the leaves, with the arithmetic of plan::PlanBuilder's
// SumOfPresentNodes in the same order, so that every run's totals equal, bit for bit, a
// full evaluation of a standard declaring the sampled points (checked by the tests against
// SensitivityVariantSource standards). docs/analysis.md "Sensitivity" documents the method.
#include "rubric/sensitivity.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "analysis/sensitivity_internal.h"
#include "api/session_state.h"
#include "eval/evaluator.h"
#include "rubric/missing.h"
#include "sema/model.h"
#include "util/number_format.h"

namespace rubric {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// ---- Random numbers: std::mt19937_64, turned into numbers by formulas of our own so that
// the draws do not depend on the standard library's distributions. ----

// U[0, 1) with 53 random bits.
double Uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Standard normal (Box-Muller, the cosine half).
double Normal(std::mt19937_64& rng) {
  const double u1 = 1.0 - Uniform(rng);  // (0, 1]
  const double u2 = Uniform(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

// Gamma(shape, 1): Marsaglia and Tsang (2000); shape < 1 by Gamma(shape + 1) x U^(1/shape).
double Gamma(std::mt19937_64& rng, double shape) {
  if (!(shape > 0)) return 0;
  if (shape < 1) {
    const double g = Gamma(rng, shape + 1.0);
    const double u = 1.0 - Uniform(rng);
    return g * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x = 0, v = 0;
    do {
      x = Normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = 1.0 - Uniform(rng);
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

// R's quantile type 7 of the values in [first, last) (reordered): the two order statistics it
// needs found by selection, not by sorting. `first` and `last` narrow the search to where
// the order statistic lies (after an earlier selection): values[first, last) must hold the
// elements of ranks first..last - 1.
double SelectQuantile7(std::vector<double>& values, double p, std::size_t first, std::size_t last) {
  if (values.empty()) return kNaN;
  const double h = (static_cast<double>(values.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto begin = values.begin();
  const auto at = begin + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(begin + static_cast<std::ptrdiff_t>(first), at,
                   begin + static_cast<std::ptrdiff_t>(last));
  if (lo + 1 >= values.size()) return *at;
  const double next = *std::min_element(at + 1, begin + static_cast<std::ptrdiff_t>(last));
  return *at + (h - static_cast<double>(lo)) * (next - *at);
}

// The median, 5% and 95% quantiles (type 7) of `values` (reordered).
void Quantiles(std::vector<double>& values, double* median, double* p05, double* p95) {
  const std::size_t n = values.size();
  *median = SelectQuantile7(values, 0.5, 0, n);
  // After the median's selection the lower half holds the smaller values, the upper half
  // the larger ones.
  const auto mid = static_cast<std::size_t>(std::floor((static_cast<double>(n) - 1.0) * 0.5));
  const bool split = n >= 4;  // the 5% and 95% pairs of order statistics then lie apart
  *p05 = SelectQuantile7(values, 0.05, 0, split ? mid + 1 : n);
  *p95 = SelectQuantile7(values, 0.95, split ? mid + 1 : 0, n);
}

// Runs f(first, last) over [0, count) in `threads` contiguous chunks.
template <typename F>
void InChunks(std::size_t count, unsigned threads, const F& f) {
  const std::size_t t = std::max<std::size_t>(1, std::min<std::size_t>(threads, count));
  if (t == 1) {
    f(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> pool;
  const std::size_t chunk = (count + t - 1) / t;
  for (std::size_t i = 0; i < t; ++i) {
    const std::size_t first = i * chunk;
    const std::size_t last = std::min(count, first + chunk);
    if (first >= last) break;
    pool.emplace_back([&f, first, last] { f(first, last); });
  }
  for (std::thread& thread : pool) thread.join();
}

std::string PercentText(double fraction) {
  return absl::StrCat(util::FormatShortest(std::round(fraction * 1e10) / 1e8), "%");
}

// ---- The structure: what is recomputed, and which groups may vary. ----

// A sum recomputed in each run: a group, or the top level (node -1).
struct Sum {
  int node = -1;
  std::vector<int> children;
  std::vector<std::uint8_t> may_be_missing;  // per child: its slot may be missing
  bool any_missing = false;
  bool points_known = true;
  bool normalize = false;  // scaled to `scale_to`
  bool has_scale = false;  // scale_to given (normalize with points; the declared total)
  double total_scale = 0;  // the top level's scale_to
  double needed = -1;      // coverage: the least count of present children; -1 none
};

struct Factor {
  int group = -1;  // -1: the top level
  SensitivityFactor spec;
  std::vector<int> children;
  std::vector<double> shares;  // kDirichlet: each child's share of the points
  std::size_t offset = 0;      // first draw of the factor in a run's draws
};

class Analysis {
 public:
  Analysis(const Session& session, const SensitivityOptions& options)
      : session_(session),
        options_(options),
        state_(internal::StateOf(session)),
        model_(state_.compiled.model),
        plan_(state_.compiled.plan) {}

  // All runs as one block, then their summary.
  StatusOr<SensitivityResult> Run(const internal::SensitivityEvaluator* evaluator,
                                  internal::SensitivityTrace* trace);
  StatusOr<SensitivityRuns> Block(std::size_t first, std::size_t count);
  StatusOr<SensitivityResult> Merge(const std::vector<SensitivityRuns>& blocks);

 private:
  Status CheckOptions() const;
  Status CheckBlockOptions() const;
  Status Prepare(SensitivityResult* result);
  std::vector<std::vector<double>> Draws(std::size_t first, std::size_t count) const;
  StatusOr<std::vector<double>> Score(const std::vector<std::vector<double>>& draws,
                                      const internal::SensitivityEvaluator* evaluator,
                                      internal::SensitivityTrace* trace);
  SensitivityResult Summarize(SensitivityResult result, const double* totals);
  std::uint64_t Check() const;
  void CollectReaders();
  void ScanExpr(sema::ExprId id, const std::string& who, std::vector<int>* lets_to_visit,
                std::vector<std::uint8_t>* let_seen);
  std::string Eligibility(int group, bool* silent) const;
  std::string Exactness(int group) const;
  Status ChooseFactors(std::vector<std::string>* warnings);
  void BuildSums();
  void Draw(std::mt19937_64& rng, double* draws) const;
  void PointsOf(const double* draws, double* points) const;
  Status LoadRows();
  void ScoreRuns(const std::vector<std::vector<double>>& points, std::vector<double>* totals);
  double SumOf(const Sum& sum, const double* points, double all_points, double scale_to,
               const double* values) const;

  std::string NodeId(int node) const {
    return node < 0 ? std::string("total") : model_.nodes[static_cast<std::size_t>(node)].info.id;
  }
  const std::vector<int>& ChildrenOf(int node) const {
    return node < 0 ? model_.top_nodes : model_.nodes[static_cast<std::size_t>(node)].info.children;
  }
  int GradeIndex(double total, bool vetoed) const;

  const Session& session_;
  const SensitivityOptions& options_;
  internal::SessionState& state_;
  const sema::Model& model_;
  const plan::Plan& plan_;

  std::vector<std::vector<std::string>> node_readers_;
  std::vector<std::string> total_readers_;

  std::vector<Factor> factors_;
  std::vector<int> factor_of_node_;  // per node: its factor, or -1
  int root_factor_ = -1;
  std::size_t draw_count_ = 0;
  std::vector<Sum> sums_;  // children before parents; the top level last (when it sums)
  double root_target_ = 0;

  // Per scored row: each node's value for the run (score indicators: clamp(score, 0, 1)).
  std::vector<std::size_t> rows_;
  std::vector<std::size_t> score_nodes_;  // the indicators with `score`
  std::vector<double> leaves_;            // rows_.size() x nodes
  std::vector<double> nominal_;
  std::vector<std::uint8_t> vetoed_;
  std::vector<int> grade_of_index_;  // per model grade: its distinct name
};

Status Analysis::CheckOptions() const {
  if (options_.samples == 0) {
    return Status(StatusCode::kInvalidArgument, "sensitivity: --samples must be at least 1");
  }
  if (options_.sobol && options_.samples < 2) {
    return Status(StatusCode::kInvalidArgument, "sensitivity: --sobol needs --samples 2 or more");
  }
  if (!(options_.vary >= 0 && options_.vary < 1)) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("sensitivity: --vary must be at least 0% and below 100%, not ",
                               PercentText(options_.vary)));
  }
  for (const SensitivityFactor& f : options_.factors) {
    if (f.distribution == FactorDistribution::kUniform && !(f.spread >= 0 && f.spread < 1)) {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("sensitivity: factor '", f.group,
                                 "': the spread must be at least 0% and below 100%"));
    }
    if (f.distribution == FactorDistribution::kDirichlet &&
        !(f.alpha > 0 && std::isfinite(f.alpha))) {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("sensitivity: factor '", f.group,
                                 "': the Dirichlet concentration must be a positive number"));
    }
  }
  return Status::Ok();
}

void Analysis::ScanExpr(sema::ExprId id, const std::string& who, std::vector<int>* lets_to_visit,
                        std::vector<std::uint8_t>* let_seen) {
  if (id == sema::kNoExpr) return;
  const sema::Expr& e = model_.expr(id);
  if (e.op == sema::Op::kRef || e.op == sema::Op::kPrev || e.op == sema::Op::kMissing ||
      e.op == sema::Op::kMissingPrev) {
    switch (e.ref.kind) {
      case sema::SymbolKind::kNode:
        node_readers_[static_cast<std::size_t>(e.ref.index)].push_back(who);
        break;
      case sema::SymbolKind::kRoot:
        total_readers_.push_back(who);
        break;
      case sema::SymbolKind::kLet: {
        const auto let = static_cast<std::size_t>(e.ref.index);
        if (!(*let_seen)[let]) {
          (*let_seen)[let] = 1;
          lets_to_visit->push_back(e.ref.index);
        }
        break;
      }
      default:
        break;
    }
  }
  for (sema::ExprId arg : e.args) ScanExpr(arg, who, lets_to_visit, let_seen);
}

// Who reads each node's value (and the total) in what makes the total or a veto: the
// nodes' rules, the vetoes, the standard's value rule and the lets they read.
void Analysis::CollectReaders() {
  node_readers_.assign(model_.nodes.size(), {});
  total_readers_.clear();
  std::vector<int> lets;
  std::vector<std::uint8_t> seen(model_.lets.size(), 0);
  for (const sema::Node& node : model_.nodes) {
    ScanExpr(node.expr, absl::StrCat("the rule of '", node.info.id, "'"), &lets, &seen);
  }
  for (const sema::Veto& veto : model_.vetoes) {
    ScanExpr(veto.condition, absl::StrCat("veto '", veto.info.id, "'"), &lets, &seen);
  }
  ScanExpr(model_.root_value, "the standard's value rule", &lets, &seen);
  while (!lets.empty()) {
    const auto let = static_cast<std::size_t>(lets.back());
    lets.pop_back();
    ScanExpr(model_.lets[let].expr, absl::StrCat("let '", model_.lets[let].id, "'"), &lets, &seen);
  }
}

// Why `group` cannot be a factor at all ("" when it can); *silent: a reason not worth a
// warning when every group is tried (too few children to share points).
std::string Analysis::Eligibility(int group, bool* silent) const {
  *silent = false;
  if (group < 0) {
    if (model_.root_value != sema::kNoExpr) {
      return "the standard has a value rule: its top level does not add up points";
    }
  } else {
    const sema::Node& node = model_.nodes[static_cast<std::size_t>(group)];
    if (node.info.kind != NodeKind::kGroup) {
      return absl::StrCat("'", node.info.id, "' is an indicator, not a group");
    }
    if (node.rule != sema::NodeRule::kSumChildren) {
      return absl::StrCat("group '", node.info.id,
                          "' does not add up its children's points (it has a value rule or "
                          "weighs its children)");
    }
  }
  int positive = 0;
  for (int child : ChildrenOf(group)) {
    const sema::Node& c = model_.nodes[static_cast<std::size_t>(child)];
    if (!c.info.points) {
      return absl::StrCat("child '", c.info.id, "' of '", NodeId(group), "' has no points");
    }
    if (*c.info.points > 0) ++positive;
  }
  if (positive < 2) {
    *silent = true;
    return absl::StrCat("'", NodeId(group), "' has fewer than two children with points");
  }
  return "";
}

// Why varying `group` cannot be scored exactly by recomputing sums ("" when it can): a
// node whose value it changes is read by an expression, or a group with a value rule would
// need new points.
std::string Analysis::Exactness(int group) const {
  if (!total_readers_.empty()) {
    return absl::StrCat("the total is read by ", total_readers_.front());
  }
  // The group and its ancestors change value ...
  for (int n = group; n >= 0; n = model_.nodes[static_cast<std::size_t>(n)].info.parent) {
    const auto& readers = node_readers_[static_cast<std::size_t>(n)];
    if (!readers.empty()) {
      return absl::StrCat("'", NodeId(n), "' is read by ", readers.front());
    }
  }
  // ... and so do its children and, below groups that scale their children, theirs.
  std::vector<int> stack(ChildrenOf(group).begin(), ChildrenOf(group).end());
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    const sema::Node& node = model_.nodes[static_cast<std::size_t>(n)];
    if (!node.info.points) continue;  // no points: its value does not change
    if (node.rule == sema::NodeRule::kValue) {
      return absl::StrCat("group '", node.info.id,
                          "' would get new points, but its value rule cannot follow them");
    }
    const auto& readers = node_readers_[static_cast<std::size_t>(n)];
    if (!readers.empty()) {
      return absl::StrCat("'", node.info.id, "' is read by ", readers.front());
    }
    if (node.rule == sema::NodeRule::kSumChildren && !node.normalize) {
      stack.insert(stack.end(), node.info.children.begin(), node.info.children.end());
    }
  }
  return "";
}

Status Analysis::ChooseFactors(std::vector<std::string>* warnings) {
  factor_of_node_.assign(model_.nodes.size(), -1);
  auto add = [&](int group, const SensitivityFactor& spec) {
    Factor f;
    f.group = group;
    f.spec = spec;
    f.children = ChildrenOf(group);
    double all = 0;
    for (int c : f.children) all += *model_.nodes[static_cast<std::size_t>(c)].info.points;
    for (int c : f.children) {
      f.shares.push_back(*model_.nodes[static_cast<std::size_t>(c)].info.points / all);
    }
    f.offset = draw_count_;
    draw_count_ += f.children.size();
    if (group < 0) {
      root_factor_ = static_cast<int>(factors_.size());
    } else {
      factor_of_node_[static_cast<std::size_t>(group)] = static_cast<int>(factors_.size());
    }
    factors_.push_back(std::move(f));
  };
  if (options_.factors.empty()) {
    SensitivityFactor spec;
    spec.spread = options_.vary;
    std::vector<int> groups = {-1};
    for (std::size_t n = 0; n < model_.nodes.size(); ++n) groups.push_back(static_cast<int>(n));
    for (int group : groups) {
      if (group >= 0 &&
          (model_.nodes[static_cast<std::size_t>(group)].info.kind != NodeKind::kGroup ||
           model_.nodes[static_cast<std::size_t>(group)].rule != sema::NodeRule::kSumChildren)) {
        continue;
      }
      bool silent = false;
      std::string why = Eligibility(group, &silent);
      if (why.empty()) why = Exactness(group);
      if (!why.empty()) {
        if (!silent) {
          warnings->push_back(absl::StrCat("'", NodeId(group), "' is left out: ", why));
        }
        continue;
      }
      if (options_.vary > 0) add(group, spec);
    }
  } else {
    std::vector<std::pair<int, const SensitivityFactor*>> chosen;
    for (const SensitivityFactor& spec : options_.factors) {
      int group = -1;
      if (spec.group != "total") {
        std::optional<std::size_t> n = session_.standard().FindNode(spec.group);
        if (!n) {
          return Status(StatusCode::kInvalidArgument,
                        absl::StrCat("sensitivity: unknown group '", spec.group, "'"));
        }
        group = static_cast<int>(*n);
      }
      for (const auto& [g, s] : chosen) {
        if (g == group) {
          return Status(StatusCode::kInvalidArgument,
                        absl::StrCat("sensitivity: factor '", spec.group, "' is given twice"));
        }
      }
      chosen.emplace_back(group, &spec);
    }
    // In the standard's order (the top level first), whatever the order of the file.
    std::sort(chosen.begin(), chosen.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [group, spec] : chosen) {
      if (spec->distribution == FactorDistribution::kFixed) continue;
      bool silent = false;
      std::string why = Eligibility(group, &silent);
      if (why.empty()) why = Exactness(group);
      if (!why.empty()) {
        return Status(StatusCode::kInvalidArgument,
                      absl::StrCat("sensitivity: '", NodeId(group), "' cannot vary: ", why));
      }
      add(group, *spec);
    }
  }
  if (factors_.empty()) {
    return Status(StatusCode::kFailedPrecondition,
                  warnings->empty() ? std::string("sensitivity: no group's points can vary")
                                    : absl::StrCat("sensitivity: no group's points can vary: ",
                                                   warnings->front()));
  }
  return Status::Ok();
}

void Analysis::BuildSums() {
  auto make = [&](int node, const std::vector<int>& children) {
    Sum sum;
    sum.node = node;
    sum.children = children;
    for (int c : children) {
      const std::uint32_t slot = plan_.node_slots[static_cast<std::size_t>(c)];
      const bool may = plan_.slot_may_be_missing[slot] != 0;
      sum.may_be_missing.push_back(may ? 1 : 0);
      sum.any_missing = sum.any_missing || may;
      sum.points_known =
          sum.points_known && model_.nodes[static_cast<std::size_t>(c)].info.points.has_value();
    }
    return sum;
  };
  for (std::size_t i = model_.nodes.size(); i-- > 0;) {
    const sema::Node& node = model_.nodes[i];
    if (node.rule != sema::NodeRule::kSumChildren) continue;
    Sum sum = make(static_cast<int>(i), node.info.children);
    sum.normalize = node.normalize;
    sum.has_scale = node.normalize && node.declared_points.has_value();
    if (node.children_coverage) {
      sum.needed =
          std::ceil(*node.children_coverage * static_cast<double>(sum.children.size()) - 1e-9);
    }
    sums_.push_back(std::move(sum));
  }
  if (model_.root_value == sema::kNoExpr) {
    Sum sum = make(-1, model_.top_nodes);
    sum.has_scale = model_.total_points.has_value();
    sum.total_scale = model_.total_points.value_or(0);
    sums_.push_back(std::move(sum));
  }
  double top = 0;
  for (int n : model_.top_nodes) {
    top += model_.nodes[static_cast<std::size_t>(n)].info.points.value_or(0);
  }
  root_target_ = model_.total_points.value_or(top);
}

// One run's draws, factor after factor, child after child.
void Analysis::Draw(std::mt19937_64& rng, double* draws) const {
  for (const Factor& f : factors_) {
    for (std::size_t i = 0; i < f.children.size(); ++i) {
      double& d = draws[f.offset + i];
      if (f.spec.distribution == FactorDistribution::kDirichlet) {
        d = Gamma(rng, f.spec.alpha * f.shares[i]);
      } else {
        d = 1.0 + f.spec.spread * (2.0 * Uniform(rng) - 1.0);
      }
    }
  }
}

// Every node's points for a run (draws == nullptr: the declared ones), top down: a
// factor's children share the group's points (for the top level, the total or the sum of
// the declared top-level points; for a group that normalizes, its children's declared sum)
// in proportion to the drawn weights; a group whose points changed otherwise scales its
// children's points with it (unless it normalizes: its children keep theirs).
void Analysis::PointsOf(const double* draws, double* points) const {
  for (std::size_t n = 0; n < model_.nodes.size(); ++n) {
    points[n] = model_.nodes[n].info.points.value_or(kNaN);
  }
  if (draws == nullptr) return;
  auto share = [&](const Factor& f, double target) {
    double sum = 0;
    std::vector<double> x(f.children.size());
    for (std::size_t i = 0; i < f.children.size(); ++i) {
      const double declared = *model_.nodes[static_cast<std::size_t>(f.children[i])].info.points;
      x[i] = f.spec.distribution == FactorDistribution::kDirichlet ? draws[f.offset + i]
                                                                   : declared * draws[f.offset + i];
      sum += x[i];
    }
    if (!(sum > 0)) return;
    for (std::size_t i = 0; i < f.children.size(); ++i) {
      points[static_cast<std::size_t>(f.children[i])] = x[i] / sum * target;
    }
  };
  if (root_factor_ >= 0) share(factors_[static_cast<std::size_t>(root_factor_)], root_target_);
  for (std::size_t n = 0; n < model_.nodes.size(); ++n) {
    const sema::Node& node = model_.nodes[n];
    if (node.rule != sema::NodeRule::kSumChildren || !node.info.points) continue;
    const int factor = factor_of_node_[n];
    if (factor >= 0) {
      share(factors_[static_cast<std::size_t>(factor)],
            node.normalize ? node.children_points : points[n]);
      continue;
    }
    const double declared = *node.info.points;
    if (node.normalize || SameBits(points[n], declared) || !(declared > 0)) continue;
    const double scale = points[n] / declared;
    for (int c : node.info.children) {
      double& p = points[static_cast<std::size_t>(c)];
      if (!std::isnan(p)) p = p * scale;
    }
  }
}

Status Analysis::LoadRows() {
  state_.Update();
  const std::size_t nodes = model_.nodes.size();
  double* const* columns = state_.ColumnPointers();
  for (std::size_t n = 0; n < nodes; ++n) {
    if (model_.nodes[n].rule == sema::NodeRule::kScore) score_nodes_.push_back(n);
  }
  for (std::size_t row = 0; row < state_.rows(); ++row) {
    if (!state_.alive[row] || !state_.links.scorable[row]) continue;
    rows_.push_back(row);
    for (std::size_t n = 0; n < nodes; ++n) {
      const sema::Node& node = model_.nodes[n];
      double value = columns[plan_.node_slots[n]][row];
      if (node.rule == sema::NodeRule::kScore) {
        const std::uint32_t kernel = plan_.kernel_of_slot[plan_.node_slots[n]];
        const double score = eval::ComputeRegister(plan_, plan_.kernels[kernel], state_.links,
                                                   columns, row, plan_.node_score_register[n]);
        // clamp(score, 0, 1) as plan::Code::kClamp computes it; missing stays missing.
        const double low = 0.0 > score ? 0.0 : score;
        value = 1.0 < low ? 1.0 : low;
        if (IsMissing(score)) value = MissingValue();
      }
      leaves_.push_back(value);
    }
    nominal_.push_back(columns[plan_.total_slot][row]);
    vetoed_.push_back(state_.Vetoed(row) ? 1 : 0);
  }
  return Status::Ok();
}

// plan::PlanBuilder::SumOfPresentNodes, operation for operation, for one row of a sum
// with a child that may be missing; values[j]: the j-th child's value.
double Analysis::SumOf(const Sum& sum, const double* points, double all_points, double scale_to,
                       const double* values) const {
  auto div = [](double a, double b) { return b == 0 ? 0.0 : a / b; };
  const std::size_t k = sum.children.size();
  const bool only_points_count = sum.points_known && all_points > 0;
  bool everyone = true;
  bool anyone = false;
  double count = 0;
  double plain = 0;
  double numerator = 0;
  double present_points = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const auto c = static_cast<std::size_t>(sum.children[i]);
    const bool counts = !only_points_count || points[c] > 0;
    double value = values[i];
    double present = 1;
    if (sum.may_be_missing[i]) {
      present = IsMissing(value) ? 0.0 : 1.0;
      if (present == 0) value = 0;
      everyone = everyone && present != 0;
    }
    if (counts && present != 0) anyone = true;
    count = count + present;
    plain = i == 0 ? value : plain + value;
    numerator = numerator + value;
    if (sum.points_known) {
      present_points = present_points + (sum.may_be_missing[i] ? present * points[c] : points[c]);
    }
  }
  if (sum.needed >= 0) anyone = anyone && count >= sum.needed;
  if (sum.normalize && sum.has_scale) plain = div(plain * scale_to, all_points);
  double result = plain;
  if (sum.points_known) {
    const double target = sum.has_scale ? scale_to : all_points;
    const double scaled = div(numerator * target, present_points);
    result = everyone ? plain : scaled;
  }
  return anyone ? result : MissingValue();
}

// Every run's totals, column by column: per run, each score indicator's column of
// points x clamp(score), then each sum's column from its children's (value indicators and
// other leaves read from the evaluation), children before parents.
void Analysis::ScoreRuns(const std::vector<std::vector<double>>& points,
                         std::vector<double>* totals) {
  const std::size_t runs = points.size();
  const std::size_t rows = rows_.size();
  const std::size_t nodes = model_.nodes.size();
  totals->assign(runs * rows, 0.0);
  std::vector<double> leaves(nodes * rows);  // node-major
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t n = 0; n < nodes; ++n) leaves[n * rows + i] = leaves_[i * nodes + n];
  }
  std::size_t widest = 0;
  for (const Sum& sum : sums_) widest = std::max(widest, sum.children.size());
  auto div = [](double a, double b) { return b == 0 ? 0.0 : a / b; };
  auto work = [&](std::size_t first, std::size_t last) {
    std::vector<double> scratch(nodes * rows);
    std::vector<const double*> column(nodes);
    std::vector<double> values(widest);
    for (std::size_t run = first; run < last; ++run) {
      const double* p = points[run].data();
      double* total = totals->data() + run * rows;
      std::copy(nominal_.begin(), nominal_.end(), total);
      for (std::size_t n = 0; n < nodes; ++n) column[n] = leaves.data() + n * rows;
      for (std::size_t n : score_nodes_) {
        // points x clamp(score, 0, 1); missing when the score is
        const double* c = leaves.data() + n * rows;
        double* out = scratch.data() + n * rows;
        const double weight = p[n];
        for (std::size_t i = 0; i < rows; ++i) {
          out[i] = IsMissing(c[i]) ? MissingValue() : weight * c[i];
        }
        column[n] = out;
      }
      for (const Sum& sum : sums_) {
        double all_points = 0;
        for (int c : sum.children) {
          const double cp = p[static_cast<std::size_t>(c)];
          all_points += std::isnan(cp) ? 0.0 : cp;
        }
        const double scale_to =
            sum.node < 0 ? sum.total_scale : (sum.has_scale ? p[sum.node] : 0.0);
        double* out =
            sum.node < 0 ? total : scratch.data() + static_cast<std::size_t>(sum.node) * rows;
        const std::size_t k = sum.children.size();
        if (!sum.any_missing) {
          // v_1 + v_2 + ... left to right, then scaled when the group normalizes.
          if (k == 0) {
            std::fill(out, out + rows, 0.0);
          } else {
            const double* c0 = column[static_cast<std::size_t>(sum.children[0])];
            std::copy(c0, c0 + rows, out);
            for (std::size_t j = 1; j < k; ++j) {
              const double* cj = column[static_cast<std::size_t>(sum.children[j])];
              for (std::size_t i = 0; i < rows; ++i) out[i] = out[i] + cj[i];
            }
          }
          if (sum.normalize && sum.has_scale) {
            for (std::size_t i = 0; i < rows; ++i) out[i] = div(out[i] * scale_to, all_points);
          }
        } else {
          for (std::size_t i = 0; i < rows; ++i) {
            for (std::size_t j = 0; j < k; ++j) {
              values[j] = column[static_cast<std::size_t>(sum.children[j])][i];
            }
            out[i] = SumOf(sum, p, all_points, scale_to, values.data());
          }
        }
        if (sum.node >= 0) column[static_cast<std::size_t>(sum.node)] = out;
      }
    }
  };
  InChunks(runs, options_.threads, work);
}

int Analysis::GradeIndex(double total, bool vetoed) const {
  const std::vector<GradeInfo>& grades = model_.grades;
  if (grades.empty()) return -1;
  if (vetoed) {
    for (std::size_t i = 0; i < grades.size(); ++i) {
      if (grades[i].rule == GradeRule::kVetoed) return grade_of_index_[i];
    }
  }
  if (IsMissing(total)) return -1;
  const double tolerance = model_.grade_tolerance;
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].rule == GradeRule::kAtLeast && total >= grades[i].min - tolerance) {
      return grade_of_index_[i];
    }
  }
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].rule == GradeRule::kOtherwise) return grade_of_index_[i];
  }
  return -1;
}

// Ranks within each group of `members` (rows_ indices, in the nominal order, best first):
// 1 + the number of strictly greater totals. An insertion sort from the nominal order: a
// sample moves few rows far.
void RankWithin(const std::vector<std::vector<std::size_t>>& groups, const double* totals,
                int* ranks, std::vector<std::pair<double, std::size_t>>* buffer) {
  for (const auto& members : groups) {
    std::vector<std::pair<double, std::size_t>>& b = *buffer;
    b.clear();
    for (std::size_t i : members) b.emplace_back(totals[i], i);
    for (std::size_t x = 1; x < b.size(); ++x) {
      const std::pair<double, std::size_t> item = b[x];
      std::size_t y = x;
      while (y > 0 && b[y - 1].first < item.first) {
        b[y] = b[y - 1];
        --y;
      }
      b[y] = item;
    }
    for (std::size_t x = 0; x < b.size(); ++x) {
      ranks[b[x].second] =
          x > 0 && b[x].first == b[x - 1].first ? ranks[b[x - 1].second] : static_cast<int>(x) + 1;
    }
  }
}

Status Analysis::Prepare(SensitivityResult* result) {
  if (Status s = CheckOptions(); !s.ok()) return s;
  CollectReaders();
  if (Status s = ChooseFactors(&result->warnings); !s.ok()) return s;
  BuildSums();
  if (Status s = LoadRows(); !s.ok()) return s;
  // Distinct grade names.
  for (const GradeInfo& g : model_.grades) {
    auto it = std::find(result->grades.begin(), result->grades.end(), g.name);
    grade_of_index_.push_back(static_cast<int>(it - result->grades.begin()));
    if (it == result->grades.end()) result->grades.push_back(g.name);
  }
  return Status::Ok();
}

// The draws of runs [first, first + count), run after run from one generator: those of
// the runs before `first` are drawn and dropped (a Dirichlet factor takes a varying count
// of random numbers). With sobol, every run: A then B, then the A_B^i built from them.
std::vector<std::vector<double>> Analysis::Draws(std::size_t first, std::size_t count) const {
  std::mt19937_64 rng(options_.seed);
  std::vector<double> skipped(draw_count_);
  for (std::size_t r = 0; r < first; ++r) Draw(rng, skipped.data());
  std::vector<std::vector<double>> draws(count, std::vector<double>(draw_count_));
  for (auto& run : draws) Draw(rng, run.data());
  if (options_.sobol) {
    const std::size_t n = options_.samples;
    for (std::size_t i = 0; i < factors_.size(); ++i) {
      const Factor& f = factors_[i];
      for (std::size_t j = 0; j < n; ++j) {
        std::vector<double> mixed = draws[j];
        std::copy(draws[n + j].begin() + static_cast<std::ptrdiff_t>(f.offset),
                  draws[n + j].begin() + static_cast<std::ptrdiff_t>(f.offset + f.children.size()),
                  mixed.begin() + static_cast<std::ptrdiff_t>(f.offset));
        draws.push_back(std::move(mixed));
      }
    }
  }
  return draws;
}

// The totals of the nominal run (the declared points, checked against the session) and
// of the runs of `draws`, run-major.
StatusOr<std::vector<double>> Analysis::Score(const std::vector<std::vector<double>>& draws,
                                              const internal::SensitivityEvaluator* evaluator,
                                              internal::SensitivityTrace* trace) {
  const std::size_t runs = draws.size();
  std::vector<std::vector<double>> points(runs + 1, std::vector<double>(model_.nodes.size()));
  PointsOf(nullptr, points[0].data());
  for (std::size_t r = 0; r < runs; ++r) PointsOf(draws[r].data(), points[r + 1].data());

  std::vector<double> all_totals;
  if (evaluator != nullptr) {
    if (Status s = (*evaluator)(points, rows_, &all_totals); !s.ok()) return s;
  } else {
    ScoreRuns(points, &all_totals);
  }
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (!SameBits(all_totals[i], nominal_[i])) {
      return Status(StatusCode::kInternal,
                    absl::StrCat("sensitivity: the recomputed total of '",
                                 state_.entities[rows_[i]], "', period ", state_.periods[rows_[i]],
                                 " is ", util::FormatShortest(all_totals[i]), ", not ",
                                 util::FormatShortest(nominal_[i])));
    }
  }
  if (trace != nullptr) {
    trace->rows = rows_;
    trace->points = std::move(points);
    trace->totals = all_totals;
  }
  return all_totals;
}

StatusOr<SensitivityResult> Analysis::Run(const internal::SensitivityEvaluator* evaluator,
                                          internal::SensitivityTrace* trace) {
  SensitivityResult result;
  if (Status s = Prepare(&result); !s.ok()) return s;
  const std::size_t base_runs = options_.sobol ? 2 * options_.samples : options_.samples;
  StatusOr<std::vector<double>> totals = Score(Draws(0, base_runs), evaluator, trace);
  if (!totals.ok()) return totals.status();
  return Summarize(std::move(result), totals->data() + rows_.size());  // without the nominal
}

// A fingerprint of what a block's totals depend on besides the seed and samples: the
// factors and the rows scored (their session rows, nominal totals and vetoes).
std::uint64_t Analysis::Check() const {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto add = [&h](std::uint64_t v) {
    for (int b = 0; b < 8; ++b) {
      h ^= (v >> (8 * b)) & 0xff;
      h *= 1099511628211ull;
    }
  };
  add(model_.nodes.size());
  add(factors_.size());
  for (const Factor& f : factors_) {
    add(static_cast<std::uint64_t>(static_cast<std::int64_t>(f.group)));
    add(static_cast<std::uint64_t>(f.spec.distribution));
    add(std::bit_cast<std::uint64_t>(f.spec.spread));
    add(std::bit_cast<std::uint64_t>(f.spec.alpha));
  }
  add(rows_.size());
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    add(rows_[i]);
    add(std::bit_cast<std::uint64_t>(nominal_[i]));
    add(vetoed_[i]);
  }
  return h;
}

Status Analysis::CheckBlockOptions() const {
  if (Status s = CheckOptions(); !s.ok()) return s;
  if (options_.sobol) {
    return Status(StatusCode::kInvalidArgument,
                  "sensitivity: a sweep with --sobol cannot be split into blocks of runs (its "
                  "runs come in structured sets); run it whole");
  }
  return Status::Ok();
}

StatusOr<SensitivityRuns> Analysis::Block(std::size_t first, std::size_t count) {
  if (Status s = CheckBlockOptions(); !s.ok()) return s;
  if (count == 0) {
    return Status(StatusCode::kInvalidArgument, "sensitivity: a block needs at least one run");
  }
  if (first >= options_.samples || count > options_.samples - first) {
    return Status(StatusCode::kInvalidArgument,
                  absl::StrCat("sensitivity: a block of ", count, " runs from run ", first,
                               " goes beyond the sweep's ", options_.samples, " samples"));
  }
  SensitivityResult unused;
  if (Status s = Prepare(&unused); !s.ok()) return s;
  StatusOr<std::vector<double>> totals = Score(Draws(first, count), nullptr, nullptr);
  if (!totals.ok()) return totals.status();
  SensitivityRuns block;
  block.seed = options_.seed;
  block.samples = options_.samples;
  block.first_run = first;
  block.run_count = count;
  block.rows = rows_.size();
  block.check = Check();
  block.totals.assign(totals->begin() + static_cast<std::ptrdiff_t>(rows_.size()), totals->end());
  return block;
}

StatusOr<SensitivityResult> Analysis::Merge(const std::vector<SensitivityRuns>& blocks) {
  if (Status s = CheckBlockOptions(); !s.ok()) return s;
  SensitivityResult result;
  if (Status s = Prepare(&result); !s.ok()) return s;
  const std::uint64_t check = Check();
  const std::size_t rows = rows_.size();
  auto bad = [](const std::string& why) {
    return Status(StatusCode::kInvalidArgument, absl::StrCat("sensitivity: ", why));
  };
  std::vector<const SensitivityRuns*> order;
  for (const SensitivityRuns& b : blocks) {
    const std::string which = absl::StrCat("the block of runs from ", b.first_run);
    if (b.seed != options_.seed) {
      return bad(absl::StrCat(which, " was made with seed ", b.seed, ", not ", options_.seed));
    }
    if (b.samples != options_.samples) {
      return bad(absl::StrCat(which, " belongs to a sweep of ", b.samples, " samples, not ",
                              options_.samples));
    }
    if (b.rows != rows || b.check != check) {
      return bad(absl::StrCat(which, " was made with other rows, values or factors"));
    }
    if (b.run_count == 0 || b.totals.size() != b.run_count * rows) {
      return bad(absl::StrCat(which, " does not hold its runs' totals"));
    }
    order.push_back(&b);
  }
  std::sort(order.begin(), order.end(), [](const SensitivityRuns* a, const SensitivityRuns* b) {
    return a->first_run < b->first_run;
  });
  std::size_t next = 0;
  for (const SensitivityRuns* b : order) {
    if (b->first_run < next) {
      return bad(absl::StrCat("the blocks overlap at run ", b->first_run));
    }
    if (b->first_run > next) {
      return bad(absl::StrCat("runs ", next, " to ", b->first_run - 1, " are in no block"));
    }
    if (b->run_count > options_.samples - next) {
      return bad(absl::StrCat("the block of runs from ", b->first_run, " goes beyond the ",
                              options_.samples, " samples"));
    }
    next += b->run_count;
  }
  if (next != options_.samples) {
    return bad(absl::StrCat("runs ", next, " to ", options_.samples - 1, " are in no block"));
  }
  std::vector<double> totals;
  totals.reserve(options_.samples * rows);
  for (const SensitivityRuns* b : order) {
    totals.insert(totals.end(), b->totals.begin(), b->totals.end());
  }
  return Summarize(std::move(result), totals.data());
}

// The summary of the runs' totals (run-major, without the nominal run).
SensitivityResult Analysis::Summarize(SensitivityResult result, const double* totals) {
  const std::size_t n = options_.samples;
  const std::size_t d = factors_.size();
  const std::size_t base_runs = options_.sobol ? 2 * n : n;
  const std::size_t runs = options_.sobol ? n * (d + 2) : n;
  const std::size_t rows = rows_.size();

  result.samples = base_runs;
  result.runs = runs;
  result.seed = options_.seed;
  result.sobol = options_.sobol;
  for (const Factor& f : factors_) {
    SensitivityFactorInfo info;
    info.group = NodeId(f.group);
    info.method = f.spec.distribution == FactorDistribution::kDirichlet
                      ? absl::StrCat("dirichlet ", util::FormatShortest(f.spec.alpha))
                      : absl::StrCat("uniform ±", PercentText(f.spec.spread));
    for (int c : f.children) info.children.push_back(NodeId(c));
    result.factors.push_back(std::move(info));
  }

  // Ranked rows per period (nominal: scorable, not vetoed, with a total).
  std::vector<std::uint8_t> ranked(rows, 0);
  std::map<std::int64_t, std::vector<std::size_t>> by_period;
  for (std::size_t row = 0; row < state_.rows(); ++row) {
    if (state_.alive[row]) by_period[state_.periods[row]];  // every period, ranked rows or not
  }
  for (std::size_t i = 0; i < rows; ++i) {
    ranked[i] = !vetoed_[i] && !std::isnan(nominal_[i]) ? 1 : 0;
    if (ranked[i]) by_period[state_.periods[rows_[i]]].push_back(i);
  }
  std::vector<std::vector<std::size_t>> groups;
  for (auto& [period, members] : by_period) {
    std::stable_sort(members.begin(), members.end(),
                     [&](std::size_t a, std::size_t b) { return nominal_[a] > nominal_[b]; });
    groups.push_back(members);
  }
  std::vector<int> nominal_rank(rows, 0);
  std::vector<std::pair<double, std::size_t>> buffer;
  RankWithin(groups, nominal_.data(), nominal_rank.data(), &buffer);
  std::vector<int> ranks(runs * rows, 0);
  InChunks(runs, options_.threads, [&](std::size_t first, std::size_t last) {
    std::vector<std::pair<double, std::size_t>> own;
    for (std::size_t r = first; r < last; ++r) {
      RankWithin(groups, totals + r * rows, ranks.data() + r * rows, &own);
    }
  });

  // The ranks of the summarised runs, row by row.
  std::vector<int> row_ranks(rows * base_runs, 0);
  for (std::size_t r = 0; r < base_runs; ++r) {
    for (std::size_t i = 0; i < rows; ++i) row_ranks[i * base_runs + r] = ranks[r * rows + i];
  }

  // Rows, by period then entity; those not scored (removed or not scorable) too.
  std::vector<std::size_t> index_of_row(state_.rows(), rows);
  for (std::size_t i = 0; i < rows; ++i) index_of_row[rows_[i]] = i;
  std::vector<std::size_t> order;
  for (std::size_t row = 0; row < state_.rows(); ++row) {
    if (state_.alive[row]) order.push_back(row);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (state_.periods[a] != state_.periods[b]) return state_.periods[a] < state_.periods[b];
    return state_.entities[a] < state_.entities[b];
  });
  // Each row on its own (its own place in result.rows): in `threads` chunks.
  auto summarize_row = [&](std::size_t row, std::vector<double>& values) {
    SensitivityRow out;
    out.entity = state_.entities[row];
    out.period = state_.periods[row];
    const std::size_t i = index_of_row[row];
    out.rank_median = out.rank_p05 = out.rank_p95 = kNaN;
    out.total_median = out.total_p05 = out.total_p95 = kNaN;
    out.total = MissingValue();
    if (i == rows) return out;
    out.scorable = true;
    out.vetoed = vetoed_[i] != 0;
    out.ranked = ranked[i] != 0;
    out.total = nominal_[i];
    out.rank = nominal_rank[i];
    if (!std::isnan(nominal_[i])) {
      values.clear();
      for (std::size_t r = 0; r < base_runs; ++r) values.push_back(totals[r * rows + i]);
      Quantiles(values, &out.total_median, &out.total_p05, &out.total_p95);
    }
    if (out.ranked) {
      // Selected per row, as the totals: O(runs), where counting would cost O(rows) per
      // row and so O(rows^2) for a large panel (the order statistics, and so the
      // quantiles, are those of the sorted ranks).
      values.clear();
      for (std::size_t r = 0; r < base_runs; ++r) {
        values.push_back(static_cast<double>(ranks[r * rows + i]));
      }
      Quantiles(values, &out.rank_median, &out.rank_p05, &out.rank_p95);
    }
    std::vector<std::size_t> counts(result.grades.size(), 0);
    for (std::size_t r = 0; r < base_runs; ++r) {
      const int g = GradeIndex(totals[r * rows + i], out.vetoed);
      if (g >= 0) ++counts[static_cast<std::size_t>(g)];
    }
    for (std::size_t c : counts) {
      out.grade_probability.push_back(static_cast<double>(c) / static_cast<double>(base_runs));
    }
    if (options_.sobol) {
      // Saltelli (2010) first order (with f(B) centred on the mean), Jansen (1999) total
      // effect; V and the mean over A and B.
      auto indices = [&](auto y, std::vector<double>* first, std::vector<double>* total) {
        double mean = 0;
        for (std::size_t r = 0; r < 2 * n; ++r) mean += y(r);
        mean /= static_cast<double>(2 * n);
        double variance = 0;
        for (std::size_t r = 0; r < 2 * n; ++r) variance += (y(r) - mean) * (y(r) - mean);
        variance /= static_cast<double>(2 * n);
        for (std::size_t f = 0; f < d; ++f) {
          double s = 0, st = 0;
          for (std::size_t j = 0; j < n; ++j) {
            const double a = y(j), b = y(n + j), ab = y(2 * n + f * n + j);
            s += (b - mean) * (ab - a);
            st += (a - ab) * (a - ab);
          }
          // Variation within rounding (a sum whose shares cancel out) is no variation.
          const bool varies = std::isfinite(variance) &&
                              std::sqrt(variance) > 1e-9 * std::max(1.0, std::fabs(mean));
          first->push_back(varies ? s / static_cast<double>(n) / variance : kNaN);
          total->push_back(varies ? st / static_cast<double>(2 * n) / variance : kNaN);
        }
      };
      if (out.ranked) {
        indices([&](std::size_t r) { return static_cast<double>(ranks[r * rows + i]); },
                &out.rank_first, &out.rank_total);
      }
      if (!std::isnan(nominal_[i])) {
        indices([&](std::size_t r) { return totals[r * rows + i]; }, &out.total_first,
                &out.total_total);
      }
    }
    return out;
  };
  result.rows.resize(order.size());
  InChunks(order.size(), options_.threads, [&](std::size_t first, std::size_t last) {
    std::vector<double> values;
    for (std::size_t k = first; k < last; ++k) result.rows[k] = summarize_row(order[k], values);
  });

  // Pairs whose order never flips: the sign of the difference of ranks, as nominal.
  for (auto& entry : by_period) {
    // (Not a structured binding: the lambdas below capture `members`.)
    const auto& period = entry.first;
    const auto& members = entry.second;
    SensitivityPeriod p;
    p.period = period;
    p.ranked = members.size();
    const std::size_t m = members.size();
    p.pairs = m * (m - 1) / 2;
    // A pair whose ranks' ranges do not overlap keeps its order; the others are compared
    // run by run until they flip.
    std::vector<int> low(m), high(m);
    for (std::size_t a = 0; a < m; ++a) {
      const int* x = row_ranks.data() + members[a] * base_runs;
      low[a] = *std::min_element(x, x + base_runs);
      high[a] = *std::max_element(x, x + base_runs);
    }
    std::vector<std::size_t> flips(m, 0);  // per first member of the pair
    InChunks(m, options_.threads, [&](std::size_t first, std::size_t last) {
      for (std::size_t a = first; a < last; ++a) {
        const int* x = row_ranks.data() + members[a] * base_runs;
        for (std::size_t b = a + 1; b < m; ++b) {
          const int na = nominal_rank[members[a]], nb = nominal_rank[members[b]];
          const int sign = (na > nb) - (na < nb);
          if ((sign < 0 && high[a] < low[b]) || (sign > 0 && high[b] < low[a])) continue;
          const int* y = row_ranks.data() + members[b] * base_runs;
          for (std::size_t r = 0; r < base_runs; ++r) {
            if ((x[r] > y[r]) - (x[r] < y[r]) != sign) {
              ++flips[a];
              break;
            }
          }
        }
      }
    });
    std::size_t flipped = 0;
    for (std::size_t f : flips) flipped += f;
    p.stable_pairs = p.pairs - flipped;
    p.stable_share =
        p.pairs == 0 ? 1.0 : static_cast<double>(p.stable_pairs) / static_cast<double>(p.pairs);
    result.periods.push_back(p);
  }
  return result;
}

nlohmann::ordered_json NumberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json();
}

// "15%" or "0.15" -> 0.15.
std::optional<double> ParseShare(std::string_view text) {
  bool percent = false;
  if (!text.empty() && text.back() == '%') {
    percent = true;
    text.remove_suffix(1);
  }
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty() || !std::isfinite(value)) return std::nullopt;
  return percent ? value / 100.0 : value;
}

}  // namespace

StatusOr<std::vector<SensitivityFactor>> ParseSensitivityFactors(std::string_view text) {
  std::vector<SensitivityFactor> factors;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    std::vector<std::string> words;
    std::istringstream in{std::string(line)};
    for (std::string w; in >> w;) words.push_back(w);
    if (words.empty()) continue;
    auto bad = [&](const std::string& why) {
      return Status(StatusCode::kInvalidArgument,
                    absl::StrCat("factors line ", line_number, ": ", why));
    };
    SensitivityFactor f;
    f.group = words[0];
    const std::string method = words.size() > 1 ? words[1] : "";
    if (method == "fixed" && words.size() == 2) {
      f.distribution = FactorDistribution::kFixed;
    } else if (method == "uniform" && words.size() == 3) {
      std::optional<double> spread = ParseShare(words[2]);
      if (!spread || words[2].back() != '%') {
        return bad(
            absl::StrCat("`uniform` takes a percentage (`uniform 15%`), not '", words[2], "'"));
      }
      f.spread = *spread;
    } else if (method == "dirichlet" && words.size() == 3) {
      std::optional<double> alpha = ParseShare(words[2]);
      if (!alpha || words[2].back() == '%' || !(*alpha > 0)) {
        return bad(
            absl::StrCat("`dirichlet` takes a positive concentration, not '", words[2], "'"));
      }
      f.distribution = FactorDistribution::kDirichlet;
      f.alpha = *alpha;
    } else {
      return bad("expected `GROUP uniform P%`, `GROUP dirichlet ALPHA` or `GROUP fixed`");
    }
    factors.push_back(std::move(f));
  }
  return factors;
}

namespace internal {

StatusOr<SensitivityResult> AnalyzeSensitivityWith(const Session& session,
                                                   const SensitivityOptions& options,
                                                   const SensitivityEvaluator* evaluator,
                                                   SensitivityTrace* trace) {
  Analysis analysis(session, options);
  return analysis.Run(evaluator, trace);
}

}  // namespace internal

StatusOr<SensitivityResult> AnalyzeSensitivity(const Session& session,
                                               const SensitivityOptions& options) {
  return internal::AnalyzeSensitivityWith(session, options, nullptr, nullptr);
}

StatusOr<SensitivityRuns> SensitivityRunBlock(const Session& session,
                                              const SensitivityOptions& options,
                                              std::size_t first_run, std::size_t run_count) {
  Analysis analysis(session, options);
  return analysis.Block(first_run, run_count);
}

StatusOr<SensitivityResult> MergeSensitivityRuns(const Session& session,
                                                 const SensitivityOptions& options,
                                                 const std::vector<SensitivityRuns>& blocks) {
  Analysis analysis(session, options);
  return analysis.Merge(blocks);
}

namespace {

// The bytes of a block: "RSR1", then seed, samples, first_run, run_count, rows and check
// as 64-bit numbers, then the totals.
constexpr char kRunsMagic[4] = {'R', 'S', 'R', '1'};
constexpr std::size_t kRunsHeader = sizeof kRunsMagic + 6 * sizeof(std::uint64_t);

}  // namespace

std::string SensitivityRunsToBytes(const SensitivityRuns& runs) {
  std::string bytes(kRunsHeader + runs.totals.size() * sizeof(double), '\0');
  char* out = bytes.data();
  std::memcpy(out, kRunsMagic, sizeof kRunsMagic);
  out += sizeof kRunsMagic;
  for (std::uint64_t v : {runs.seed, std::uint64_t{runs.samples}, std::uint64_t{runs.first_run},
                          std::uint64_t{runs.run_count}, std::uint64_t{runs.rows}, runs.check}) {
    std::memcpy(out, &v, sizeof v);
    out += sizeof v;
  }
  if (!runs.totals.empty()) {
    std::memcpy(out, runs.totals.data(), runs.totals.size() * sizeof(double));
  }
  return bytes;
}

StatusOr<SensitivityRuns> SensitivityRunsFromBytes(std::string_view bytes) {
  auto bad = [] {
    return Status(StatusCode::kInvalidArgument,
                  "sensitivity: not the bytes of a block of runs (SensitivityRunsToBytes)");
  };
  if (bytes.size() < kRunsHeader || std::memcmp(bytes.data(), kRunsMagic, sizeof kRunsMagic) != 0) {
    return bad();
  }
  std::uint64_t v[6];
  std::memcpy(v, bytes.data() + sizeof kRunsMagic, sizeof v);
  SensitivityRuns runs;
  runs.seed = v[0];
  runs.samples = static_cast<std::size_t>(v[1]);
  runs.first_run = static_cast<std::size_t>(v[2]);
  runs.run_count = static_cast<std::size_t>(v[3]);
  runs.rows = static_cast<std::size_t>(v[4]);
  runs.check = v[5];
  const std::size_t payload = bytes.size() - kRunsHeader;
  if (payload % sizeof(double) != 0) return bad();
  const std::size_t count = payload / sizeof(double);
  if (runs.rows != 0 ? count / runs.rows != runs.run_count || count % runs.rows != 0 : count != 0) {
    return bad();
  }
  runs.totals.resize(count);
  if (count > 0) std::memcpy(runs.totals.data(), bytes.data() + kRunsHeader, payload);
  return runs;
}

std::string SensitivityToJson(const SensitivityResult& result) {
  nlohmann::ordered_json j;
  j["samples"] = result.samples;
  j["runs"] = result.runs;
  j["seed"] = result.seed;
  j["sobol"] = result.sobol;
  j["factors"] = nlohmann::ordered_json::array();
  for (const SensitivityFactorInfo& f : result.factors) {
    nlohmann::ordered_json jf;
    jf["group"] = f.group;
    jf["method"] = f.method;
    jf["children"] = f.children;
    j["factors"].push_back(std::move(jf));
  }
  j["warnings"] = result.warnings;
  j["grades"] = result.grades;
  j["periods"] = nlohmann::ordered_json::array();
  for (const SensitivityPeriod& p : result.periods) {
    nlohmann::ordered_json jp;
    jp["period"] = p.period;
    jp["ranked"] = p.ranked;
    jp["pairs"] = p.pairs;
    jp["stable_pairs"] = p.stable_pairs;
    jp["stable_share"] = p.stable_share;
    j["periods"].push_back(std::move(jp));
  }
  j["rows"] = nlohmann::ordered_json::array();
  for (const SensitivityRow& r : result.rows) {
    nlohmann::ordered_json jr;
    jr["entity"] = r.entity;
    jr["period"] = r.period;
    jr["scorable"] = r.scorable;
    jr["vetoed"] = r.vetoed;
    jr["total"] = NumberOrNull(r.total);
    jr["rank"] = r.ranked ? nlohmann::ordered_json(r.rank) : nlohmann::ordered_json();
    jr["rank_median"] = NumberOrNull(r.rank_median);
    jr["rank_p05"] = NumberOrNull(r.rank_p05);
    jr["rank_p95"] = NumberOrNull(r.rank_p95);
    jr["total_median"] = NumberOrNull(r.total_median);
    jr["total_p05"] = NumberOrNull(r.total_p05);
    jr["total_p95"] = NumberOrNull(r.total_p95);
    nlohmann::ordered_json grades = nlohmann::ordered_json::object();
    for (std::size_t g = 0; g < r.grade_probability.size(); ++g) {
      grades[result.grades[g]] = r.grade_probability[g];
    }
    jr["grades"] = std::move(grades);
    if (result.sobol) {
      auto indices = [&](const std::vector<double>& first, const std::vector<double>& total) {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (std::size_t f = 0; f < first.size(); ++f) {
          out[result.factors[f].group] = {{"first", NumberOrNull(first[f])},
                                          {"total", NumberOrNull(total[f])}};
        }
        return out;
      };
      jr["sobol"] = {{"rank", indices(r.rank_first, r.rank_total)},
                     {"total", indices(r.total_first, r.total_total)}};
    }
    j["rows"].push_back(std::move(jr));
  }
  return j.dump(2);
}

std::string SensitivityToCsv(const SensitivityResult& result) {
  std::ostringstream out;
  auto cell = [](const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return quoted + "\"";
  };
  auto number = [](double v) { return std::isfinite(v) ? util::FormatShortest(v) : std::string(); };
  out << "entity,period,scorable,vetoed,total,rank,rank_median,rank_p05,rank_p95,total_median,"
         "total_p05,total_p95";
  for (const std::string& g : result.grades) out << "," << cell("p_" + g);
  out << "\n";
  for (const SensitivityRow& r : result.rows) {
    out << cell(r.entity) << "," << r.period << "," << (r.scorable ? 1 : 0) << ","
        << (r.vetoed ? 1 : 0) << "," << number(r.total) << ","
        << (r.ranked ? std::to_string(r.rank) : "") << "," << number(r.rank_median) << ","
        << number(r.rank_p05) << "," << number(r.rank_p95) << "," << number(r.total_median) << ","
        << number(r.total_p05) << "," << number(r.total_p95);
    for (double p : r.grade_probability) out << "," << number(p);
    if (r.grade_probability.empty()) {
      for (std::size_t g = 0; g < result.grades.size(); ++g) out << ",";
    }
    out << "\n";
  }
  return out.str();
}

StatusOr<SensitivityOptions> SensitivityOptionsFromJson(std::string_view json) {
  SensitivityOptions options;
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(StatusCode::kInvalidArgument, "sensitivity options: not a JSON object");
  }
  auto bad = [](const std::string& why) {
    return Status(StatusCode::kInvalidArgument, absl::StrCat("sensitivity options: ", why));
  };
  auto share = [](const nlohmann::json& v) -> std::optional<double> {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) return ParseShare(v.get<std::string>());
    return std::nullopt;
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    if (key == "samples" || key == "seed" || key == "threads") {
      if (!v.is_number_unsigned())
        return bad(absl::StrCat("`", key, "` takes a whole number >= 0"));
      const auto value = v.get<std::uint64_t>();
      if (key == "samples") options.samples = static_cast<std::size_t>(value);
      if (key == "seed") options.seed = value;
      if (key == "threads")
        options.threads = static_cast<unsigned>(std::min<std::uint64_t>(value, 1024));
    } else if (key == "vary") {
      std::optional<double> s = share(v);
      if (!s) return bad("`vary` takes a fraction or a percentage (\"10%\")");
      options.vary = *s;
    } else if (key == "sobol") {
      if (!v.is_boolean()) return bad("`sobol` takes true or false");
      options.sobol = v.get<bool>();
    } else if (key == "factors") {
      if (v.is_string()) {
        StatusOr<std::vector<SensitivityFactor>> parsed =
            ParseSensitivityFactors(v.get<std::string>());
        if (!parsed.ok()) return parsed.status();
        options.factors = std::move(*parsed);
        continue;
      }
      if (!v.is_array()) return bad("`factors` takes an array (or the text of a factors file)");
      for (const nlohmann::json& jf : v) {
        if (!jf.is_object() || !jf.contains("group") || !jf["group"].is_string()) {
          return bad("each factor needs a \"group\"");
        }
        SensitivityFactor f;
        f.group = jf["group"].get<std::string>();
        const std::string dist = jf.value("distribution", std::string("uniform"));
        if (dist == "uniform") {
          if (jf.contains("spread")) {
            std::optional<double> s = share(jf["spread"]);
            if (!s) return bad("`spread` takes a fraction or a percentage");
            f.spread = *s;
          }
        } else if (dist == "dirichlet") {
          f.distribution = FactorDistribution::kDirichlet;
          if (!jf.contains("alpha") || !jf["alpha"].is_number()) {
            return bad("a dirichlet factor needs a numeric \"alpha\"");
          }
          f.alpha = jf["alpha"].get<double>();
        } else if (dist == "fixed") {
          f.distribution = FactorDistribution::kFixed;
        } else {
          return bad(absl::StrCat("unknown distribution '", dist, "'"));
        }
        options.factors.push_back(std::move(f));
      }
    } else {
      return bad(absl::StrCat("unknown key '", key, "'"));
    }
  }
  return options;
}

// ---- The brute-force reference ----

namespace internal {

std::string SensitivityVariantSource(const Standard& standard, const std::vector<double>& points) {
  const sema::Model& model = ModelOf(standard);
  std::string text = absl::StrCat("standard sensitivity_run extends ", model.id, " {\n");
  for (std::size_t n = 0; n < model.nodes.size(); ++n) {
    const sema::Node& node = model.nodes[n];
    if (!node.info.points || std::isnan(points[n])) continue;
    const bool sums = node.rule == sema::NodeRule::kSumChildren;
    if (!(node.rule == sema::NodeRule::kScore || sums ||
          (node.rule == sema::NodeRule::kNone && !SameBits(points[n], *node.info.points)))) {
      continue;
    }
    absl::StrAppend(&text, "  change ", node.info.id, " points ",
                    absl::StrFormat("%.17g", points[n]), sums && node.normalize ? " normalize" : "",
                    "\n");
  }
  text += "}\n";
  return text;
}

SensitivityEvaluator BruteForceSensitivityEvaluator(const Session& session,
                                                    std::string base_source) {
  return [&session, base = std::move(base_source)](const std::vector<std::vector<double>>& points,
                                                   const std::vector<std::size_t>& rows,
                                                   std::vector<double>* totals) -> Status {
    const Standard& standard = session.standard();
    totals->assign(points.size() * rows.size(), 0.0);
    for (std::size_t run = 0; run < points.size(); ++run) {
      CompileOptions options;
      options.file_name = "sensitivity_run.rubric";
      options.load_base = [&](std::string_view, std::string_view,
                              std::string_view) -> StatusOr<SourceFile> {
        return SourceFile{absl::StrCat(standard.id(), ".rubric"), base};
      };
      CompileResult compiled =
          Standard::Compile(SensitivityVariantSource(standard, points[run]), options);
      if (!compiled.ok()) {
        std::string why;
        for (const Diagnostic& d : compiled.diagnostics) {
          absl::StrAppend(&why, d.code, " ", d.message, "; ");
        }
        return Status(StatusCode::kInternal,
                      absl::StrCat("sensitivity reference: run ", run, " does not compile: ", why));
      }
      Session variant(std::move(*compiled.standard));
      std::vector<std::size_t> variant_row(session.row_count(), 0);
      const std::size_t inputs = standard.inputs().size();
      for (std::size_t row = 0; row < session.row_count(); ++row) {
        if (!session.live(row)) continue;
        StatusOr<std::size_t> added = variant.AddRow(session.entity(row), session.period(row));
        if (!added.ok()) return added.status();
        variant_row[row] = *added;
        for (std::size_t input = 0; input < inputs; ++input) {
          if (session.is_missing(row, input)) continue;
          Status set;
          switch (standard.inputs()[input].type) {
            case InputType::kText:
              set = variant.SetText(*added, input, session.text(row, input));
              break;
            case InputType::kEnum:
              set = variant.SetOption(*added, input,
                                      static_cast<std::size_t>(session.value(row, input)));
              break;
            default:
              set = variant.SetNumber(*added, input, session.value(row, input));
              break;
          }
          if (!set.ok()) return set;
        }
      }
      variant.Evaluate();
      for (std::size_t i = 0; i < rows.size(); ++i) {
        (*totals)[run * rows.size() + i] = variant.total(variant_row[rows[i]]);
      }
    }
    return Status::Ok();
  };
}

}  // namespace internal
}  // namespace rubric
