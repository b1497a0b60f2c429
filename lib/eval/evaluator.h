// Full evaluation of a plan over columns of values: the hot path. No names, no strings, no
// syntax tree: kernels in topological order over contiguous arrays.
#ifndef RUBRIC_LIB_EVAL_EVALUATOR_H_
#define RUBRIC_LIB_EVAL_EVALUATOR_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "plan/plan.h"

namespace rubric::eval {

// How rows relate to each other, derived from entities and periods before evaluating.
struct RowLinks {
  std::vector<std::int64_t> prev_row;  // the same entity's row in period - 1, or -1
  std::vector<std::uint8_t> scorable;  // rows that take part in cohorts and get results
  std::vector<std::vector<std::uint32_t>> cohorts;  // the scorable rows of each period
};

// Runs every kernel of `plan` for rows [0, row_count). `columns[s]` points at slot s's
// values (row_count doubles each); input slots are read, every other slot is written.
void EvaluateAll(const plan::Plan& plan, const RowLinks& links, double* const* columns,
                 std::size_t row_count);

// Runs one row kernel for rows [begin, end); `registers` holds at least
// kernel.register_count * (end - begin) doubles.
void RunRowKernel(const plan::Plan& plan, const plan::Kernel& kernel, const RowLinks& links,
                  double* const* columns, std::size_t begin, std::size_t end, double* registers);

// Runs one cohort kernel for every period.
void RunCohortKernel(const plan::Kernel& kernel, const RowLinks& links, double* const* columns,
                     std::size_t row_count);

// The piecewise-linear function through `knots` (x0, y0, x1, y1, ...; x increasing).
double Piecewise(double x, const double* knots, std::size_t knot_count);

}  // namespace rubric::eval

#endif  // RUBRIC_LIB_EVAL_EVALUATOR_H_
