// Numeric kernels of the cohort statistics and of COINr's outlier treatment: pure functions
// over the values of one cohort. No plan, no rows: the engine gathers a cohort's members,
// calls these, and spreads the results back over the rows.
//
// Inputs. The engine removes missing values, so every member is a number; NaN may still be
// present (a computed 0/0). Functions named "sorted" take the members sorted ascending
// (where NaN sits in that order does not matter: any NaN makes those results NaN).
//
// Determinism. Every result is a function of the multiset of values, never of the order the
// members came in, so incremental evaluation equals full evaluation bit for bit: sums are
// exact (Shewchuk's partials, rounded once, as Python's math.fsum), hence order-free, and
// order statistics read the sorted values. (+0 and -0 compare equal; Min and Max may give
// either sign of zero for a cohort holding both.)
//
// NaN. Any NaN member makes Sum, Mean, SampleSd, Median, Quantile, ZScore, Skew and Kurt
// NaN; Min and Max skip NaN (NaN only when every member is NaN, or none); Count counts every
// member. Infinite members give what IEEE arithmetic gives for the sum (inf, or NaN for
// inf - inf) and NaN for the spread statistics (their deviations are inf - inf).
//
// Formulas, for the n members x_1..x_n (S = exact sum; d_i = x_i - Mean):
//   Sum       S                              n = 0: 0
//   Count     n
//   Mean      S / n                          n = 0: NaN
//   Min, Max  the least / greatest non-NaN   none: NaN
//   SampleSd  sqrt(sum d_i^2 / (n - 1))      n < 2: NaN; all equal: 0
//   Quantile  R type 7 (numpy's default): h = (n - 1) q, j = floor(h),
//             x_(j) + (h - j) (x_(j+1) - x_(j)) over the sorted x_(0..n-1); h whole: x_(j).
//             n = 0, q NaN or q outside [0, 1]: NaN; n = 1: x_(0).
//   Median    the middle value; n even: (x_(n/2-1) + x_(n/2)) / 2 (R's median). n = 0: NaN.
//   ZScore    (x - Mean) / SampleSd (COINr's z-score normalisation, R's sd()).
//             n < 2, SampleSd = 0 or NaN anywhere: NaN.
//   Skew      G1 = sqrt(n) sum d^3 / (sum d^2)^(3/2) * sqrt(n (n - 1)) / (n - 2): the
//             bias-corrected sample skewness (e1071 type 2, Excel SKEW, COINr's skew()).
//             n < 3: NaN (COINr stops with an error); sum d^2 = 0 (all equal): NaN (0/0).
//   Kurt      G2 = ((n + 1) (r - 3) + 6) (n - 1) / ((n - 2) (n - 3)), r = n sum d^4 /
//             (sum d^2)^2: the bias-corrected excess kurtosis (e1071 type 2, Excel KURT,
//             COINr's kurt()). n < 4: NaN (COINr stops with an error); all equal: NaN.
#ifndef RUBRIC_LIB_EVAL_COHORT_STATS_H_
#define RUBRIC_LIB_EVAL_COHORT_STATS_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace rubric::eval {

// The correctly rounded sum of `values` (any order; the result does not depend on it).
double ExactSum(std::span<const double> values);

double Sum(std::span<const double> values);
std::size_t Count(std::span<const double> values);
double Mean(std::span<const double> values);
double Min(std::span<const double> values);
double Max(std::span<const double> values);
double SampleSd(std::span<const double> values);
double Skew(std::span<const double> values);
double Kurt(std::span<const double> values);
double Median(std::span<const double> sorted);
double Quantile(std::span<const double> sorted, double q);

// Median and Quantile over n sorted numbers (no NaN) read through `at(i)`, for callers that
// keep them in another layout (the engine's sorted (value, row) pairs).
template <typename At>
double SortedQuantile(std::size_t n, double q, At at) {
  if (n == 0 || !(q >= 0 && q <= 1)) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(n - 1) * q;
  const double floor_h = std::floor(h);
  const auto j = static_cast<std::size_t>(floor_h);
  if (h == floor_h || j + 1 >= n) return at(j);
  return at(j) + (h - floor_h) * (at(j + 1) - at(j));
}
template <typename At>
double SortedMedian(std::size_t n, At at) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  if (n % 2 == 1) return at(n / 2);
  const double a = at(n / 2 - 1);
  const double b = at(n / 2);
  const double mid = (a + b) / 2;
  return std::isinf(mid) && std::isfinite(a) && std::isfinite(b) ? a / 2 + b / 2 : mid;
}

// Everything above for one cohort, computed once; ZScore then costs one subtraction and one
// division a row.
struct CohortStats {
  std::size_t count = 0;
  bool has_nan = false;
  double sum = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
  double sd = 0;
  double median = 0;
  double skew = 0;
  double kurt = 0;
};

CohortStats ComputeCohortStats(std::span<const double> sorted);

// (x - mean) / sd of the cohort; NaN when the cohort has fewer than 2 members, sd = 0, or x,
// mean or sd is NaN.
double ZScore(double x, const CohortStats& stats);

// COINr's default Treat(): the thresholds of `winsorize(e, points P, skew S, kurtosis K)`.
struct WinsorizeOptions {
  int max_points = 5;               // winmax
  double skew_threshold = 2.0;      // skew_thresh
  double kurtosis_threshold = 3.5;  // kurt_thresh
};

// What happened to one value.
enum class Treatment : std::uint8_t {
  kNone,
  kWinsorizedHigh,  // COINr "winhi": a maximum replaced by the next value inward
  kWinsorizedLow,   // COINr "winlo": a minimum replaced by the next value inward
  kLog,             // COINr "log_CT": ln(x - min + 0.01 (max - min)) of the original values
};

// What happened to the cohort.
enum class TreatOutcome : std::uint8_t {
  kNotAssessed,     // skewness or kurtosis undefined (see Winsorize): values untouched
  kPassed,          // passed the check as it was: values untouched
  kWinsorized,      // passed after winsorisation
  kLogTransformed,  // still failing at the winsorisation limit: every value log-transformed
};

struct WinsorizeResult {
  std::vector<double> values;        // the treated values, in the order given
  std::vector<Treatment> treatment;  // per value, in the order given
  int winsorized_count = 0;          // COINr's nwin (also when the log replaced it)
  bool log_used = false;             // outcome == kLogTransformed
  TreatOutcome outcome = TreatOutcome::kNotAssessed;
  double skew = 0;  // of the values before treatment (NaN when undefined)
  double kurt = 0;
};

// COINr's Treat() with its defaults (f1 = winsorise, f2 = log_CT, f_pass = check_SkewKurt,
// combine_treat = FALSE, force_win = FALSE), over one cohort's values in any order (the
// result is per value; it does not depend on the order). As COINr's R source does it:
//
//   fails(x) = |Skew(x)| >= skew_threshold AND Kurt(x) >= kurtosis_threshold
//              (check_SkewKurt passes on abs(sk) < skew_thresh | kt < kurt_thresh).
//   If x passes as it is: untouched (kPassed). Otherwise, with nwin = 0:
//   while x fails and nwin < max_points:
//     if Skew(x) >= 0: every value equal to max(x) becomes the greatest other value (imax);
//     else:            every value equal to min(x) becomes the least other value (imin);
//     nwin = |imax| + |imin| - the sets of the LATEST high step and of the LATEST low step,
//     not a running total. Since values winsorised earlier are tied at the new extreme,
//     the latest step's set holds them again: nwin counts the distinct points moved on
//     each side, while a running total of per-step replacements would count them twice.
//   The loop checks before the first step and stops as soon as nwin >= max_points, even
//   if that step overshot it (ties). Flags: COINr marks imax "winhi" and then imin
//   "winlo" (a point in both is winlo).
//   If x then passes: kWinsorized. Otherwise the winsorised values are discarded and every
//   ORIGINAL value x becomes ln(x - min + 0.01 (max - min)) (log_CT; kLogTransformed; the
//   cohort's minimum becomes ln(0.01 (max - min))), whether or not that passes.
//   Every value is then kLog (COINr's Treated_Points would read "winhi+log_CT" for the
//   points of the discarded winsorisation); winsorized_count keeps COINr's nwin. Should
//   the log-transformed values give an undefined check, Treat() returns the vector
//   untreated: kNotAssessed, untouched.
//
// Undefined statistics: fewer than 4 values (COINr's skew()/kurt() stop with an error),
// any NaN or infinite value, or all values equal (0/0): the check is NaN, which COINr's
// Treat() answers by returning the vector untreated ("f_pass has returned NA"); here
// kNotAssessed, values untouched. (COINr's na.rm = TRUE would drop a NaN as NA; the engine
// has dropped the missing values already, and a NaN left is a computed one.) The same
// holds when winsorisation itself makes the statistics undefined (the values collapse to
// one value: COINr then errors or, at the limit, returns the vector untreated): untouched,
// winsorized_count 0.
// max_points <= 0 never winsorises: a failing cohort goes straight to the log.
WinsorizeResult Winsorize(std::span<const double> values, const WinsorizeOptions& options);

}  // namespace rubric::eval

#endif  // RUBRIC_LIB_EVAL_COHORT_STATS_H_
