// The operations of the expression language on intervals, each mirroring what the evaluator
// computes for one value (lib/eval/evaluator.cc): division by 0 gives 0, NaN is true, a
// comparison with NaN is false. Infinite bounds stand for values without a bound.
#ifndef RUBRIC_LIB_LINT_INTERVAL_OPS_H_
#define RUBRIC_LIB_LINT_INTERVAL_OPS_H_

#include <vector>

#include "lint/interval.h"
#include "sema/model.h"

namespace rubric::lint {

Interval Negate(const Interval& a);
Interval Abs(const Interval& a);
Interval Sqrt(const Interval& a);
Interval Ln(const Interval& a);
Interval Exp(const Interval& a);
// f(a) for a non-decreasing f (floor, ceil, trunc, round); `integral`: f gives whole numbers.
template <typename F>
Interval Monotone(const Interval& a, F f, bool integral = true) {
  if (!a.HasNumbers()) return a;
  return Interval{f(a.lo), f(a.hi), a.may_be_nan, integral || a.integral};
}

Interval Add(const Interval& a, const Interval& b);
Interval Sub(const Interval& a, const Interval& b);
Interval Mul(const Interval& a, const Interval& b);
Interval Div(const Interval& a, const Interval& b);
Interval Pow(const Interval& a, const Interval& b);

// `op` is one of kEq, kNe, kLt, kLe, kGt, kGe.
Interval Compare(sema::Op op, const Interval& a, const Interval& b);
Interval Not(const Interval& a);
Interval ToBool(const Interval& a);
Interval And(const Interval& a, const Interval& b);
Interval Or(const Interval& a, const Interval& b);

Interval Min(const Interval& a, const Interval& b);
Interval Max(const Interval& a, const Interval& b);
Interval Clamp(const Interval& x, const Interval& lo, const Interval& hi);
Interval Select(const Interval& condition, const Interval& then, const Interval& otherwise);

// An enum's option index -> the table's number (0 outside the table).
Interval Lookup(const Interval& index, const std::vector<double>& table);
// Linear through the knots x0, y0, x1, y1, ... (x strictly increasing).
Interval Piecewise(const Interval& x, const std::vector<double>& knots);

}  // namespace rubric::lint

#endif  // RUBRIC_LIB_LINT_INTERVAL_OPS_H_
