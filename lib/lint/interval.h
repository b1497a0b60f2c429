// Interval arithmetic over a model's expressions: for every expression, the range of values
// it can take in any row, given the inputs' types and declared bounds. Sound, not exact: the
// true values always lie inside the interval, which may be wider than they need.
#ifndef RUBRIC_LIB_LINT_INTERVAL_H_
#define RUBRIC_LIB_LINT_INTERVAL_H_

#include <limits>
#include <vector>

#include "graph/dependency_graph.h"
#include "sema/model.h"

namespace rubric::lint {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The values [lo, hi] (an infinite bound: unbounded), perhaps NaN too. lo > hi: no number,
// only NaN. `integral`: every number in it is a whole number.
struct Interval {
  double lo = -kInfinity;
  double hi = kInfinity;
  bool may_be_nan = false;
  bool integral = false;

  static Interval Everything() { return {}; }
  static Interval Point(double value);
  static Interval Between(double lo, double hi, bool integral = false);
  static Interval Truth(bool can_be_false, bool can_be_true);  // within {0, 1}

  bool HasNumbers() const { return lo <= hi; }
  // A single known value: what a constant expression folds to.
  bool IsPoint() const { return !may_be_nan && lo == hi; }
  // Truthiness as the evaluator tests it (`!= 0`): NaN counts as true.
  bool CanBeFalse() const { return HasNumbers() && lo <= 0 && 0 <= hi; }
  bool CanBeTrue() const { return may_be_nan || (HasNumbers() && (lo != 0 || hi != 0)); }

  Interval Hull(const Interval& other) const;
};

// The interval of every expression of a model, worked out once in evaluation order.
class IntervalAnalysis {
 public:
  IntervalAnalysis(const sema::Model& model, const graph::DependencyGraph& graph);

  const Interval& of(sema::ExprId id) const { return exprs_[static_cast<std::size_t>(id)]; }
  // An input's values in this row (`previous`: in the previous period, or its default).
  Interval OfInput(int input, bool previous) const;

 private:
  void ComputeVertex(int vertex);
  Interval Compute(sema::ExprId id);
  Interval ComputeOp(const sema::Expr& e);
  Interval OfRef(const sema::SymbolRef& ref, bool previous) const;
  Interval SumOfChildren(const sema::Node& node) const;

  const sema::Model& model_;
  const graph::DependencyGraph& graph_;
  std::vector<Interval> exprs_;
  std::vector<bool> done_;
  std::vector<Interval> vertices_;
  bool any_excluded_input_ = false;
};

}  // namespace rubric::lint

#endif  // RUBRIC_LIB_LINT_INTERVAL_H_
