// Evaluation of a plan over columns of values: the hot path. No names, no strings, no
// syntax tree: kernels in topological order over contiguous arrays.
#ifndef RUBRIC_LIB_EVAL_EVALUATOR_H_
#define RUBRIC_LIB_EVAL_EVALUATOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "plan/plan.h"

namespace rubric::eval {

// How rows relate to each other. Maintained by the session as rows come and go.
struct RowLinks {
  std::vector<std::int64_t> prev_row;    // the same entity's row in period - 1, or -1
  std::vector<std::int64_t> next_row;    // the same entity's row in period + 1, or -1
  std::vector<std::uint8_t> scorable;    // live rows with every required input present
  std::vector<std::uint32_t> period_of;  // index of the row's period (its cohort)
  std::size_t period_count = 0;
};

// Runs one row kernel for rows [begin, end) (at most plan::kBlockRows); `registers` holds at
// least kernel.register_count * (end - begin) doubles, `operands` register_count pointers.
void RunRowKernel(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                  double* const* columns, std::size_t begin, std::size_t end, double* registers,
                  const double** operands);

// The value register `reg` of a row kernel takes for `row` (for explanations); writes nothing.
double ComputeRegister(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                       double* const* columns, std::size_t row, std::uint32_t reg);

// The piecewise-linear function through `knots` (x0, y0, x1, y1, ...; x increasing).
double Piecewise(double x, const double* knots, std::size_t knot_count);

// Cohort functions (docs/language.md). NaN arguments are left out of min and max and give
// NaN; for ranks NaN orders below every number.
// A strict total order: NaN (the missing value included) first, then numbers. Inline: the
// sorts of the cohort kernels call it for every comparison.
inline bool CohortLess(double a, double b) {
  if (a != a) return b == b;
  if (b != b) return false;
  return a < b;
}
double MinMaxScore(double value, double lo, double hi);
double RankScore(std::size_t greater, std::size_t n);
double PercentileScore(std::size_t below, std::size_t n);
// -0 -> +0, so that min and max do not depend on order.
inline double CanonicalZero(double value) { return value == 0 ? 0.0 : value; }

}  // namespace rubric::eval

#endif  // RUBRIC_LIB_EVAL_EVALUATOR_H_
