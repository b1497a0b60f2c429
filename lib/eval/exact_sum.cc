#include "eval/exact_sum.h"

#include <cmath>
#include <limits>

namespace rubric::eval {
namespace {

// hi + lo = a + b exactly, hi = fl(a + b).
std::pair<double, double> TwoSum(double a, double b) {
  const double hi = a + b;
  const double v = hi - a;
  const double lo = (a - (hi - v)) + (b - v);
  return {hi, lo};
}

// The correct rounding of the sum of `partials` (CPython's math.fsum, final step).
double RoundPartials(const std::vector<double>& partials) {
  if (partials.empty()) return 0.0;
  std::size_t n = partials.size();
  double hi = partials[--n];
  double lo = 0;
  while (n > 0) {
    const double x = hi;
    const double y = partials[--n];
    hi = x + y;
    const double yr = hi - x;
    lo = y - yr;
    if (lo != 0) break;
  }
  // Half-way cases: round to even by looking at the next partial's sign.
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const double y = lo * 2;
    const double x = hi + y;
    const double yr = x - hi;
    if (y == yr) hi = x;
  }
  return hi == 0 ? 0.0 : hi;
}

void AddPartial(std::vector<double>& partials, double x) {
  std::size_t kept = 0;
  for (double y : partials) {
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    const double hi = x + y;
    const double lo = y - (hi - x);
    if (lo != 0) partials[kept++] = lo;
    x = hi;
  }
  partials.resize(kept);
  if (x != 0) partials.push_back(x);
}

}  // namespace

void ExactAccumulator::Add(double x) {
  if (x != 0) AddPartial(partials_, x);
}

double ExactAccumulator::Rounded() const { return RoundPartials(partials_); }

std::pair<double, double> ExactAccumulator::TwoTerms() const {
  const double hi = RoundPartials(partials_);
  std::vector<double> rest = partials_;
  AddPartial(rest, -hi);
  return {hi, RoundPartials(rest)};
}

void RunningMoments::Insert(double x) {
  ++count;
  sum.Add(x);
  const double square = x * x;
  sum_of_squares.Add(square);
  sum_of_squares.Add(std::fma(x, x, -square));
}

void RunningMoments::Erase(double x) {
  --count;
  sum.Remove(x);
  const double square = x * x;
  sum_of_squares.Remove(square);
  sum_of_squares.Remove(std::fma(x, x, -square));
}

double RunningMoments::SampleSd() const {
  if (count < 2) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(count);
  const auto [s1, s1_lo] = sum.TwoTerms();
  const auto [s2, s2_lo] = sum_of_squares.TwoTerms();
  // p = s1^2 in double-double.
  const double p = s1 * s1;
  const double p_lo = std::fma(s1, s1, -p) + 2 * s1 * s1_lo;
  // q = p / n in double-double.
  const double q = p / n;
  const double q_lo = (std::fma(-q, n, p) + p_lo) / n;
  // (s2 - q), the sum of squared deviations, in double-double, then rounded.
  const auto [d, d_err] = TwoSum(s2, -q);
  const double deviations = d + (d_err + s2_lo - q_lo);
  const double variance = deviations > 0 ? deviations / (n - 1) : 0.0;
  return std::sqrt(variance);
}

}  // namespace rubric::eval
