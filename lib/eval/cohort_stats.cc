#include "eval/cohort_stats.h"

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace rubric::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool HasNaN(std::span<const double> values) {
  for (double v : values) {
    if (std::isnan(v)) return true;
  }
  return false;
}

// Shewchuk's exact partials, rounded once (the algorithm of CPython's math.fsum). Sets
// `overflow` when an intermediate sum of finite values overflows.
double PartialsSum(std::span<const double> values, double scale, bool& overflow) {
  std::vector<double> partials;
  double special_sum = 0;
  double inf_sum = 0;
  overflow = false;
  for (double value : values) {
    double x = value * scale;
    const double x_in = x;
    std::size_t kept = 0;
    for (double y : partials) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      const double hi = x + y;
      const double lo = y - (hi - x);
      if (lo != 0) partials[kept++] = lo;
      x = hi;
    }
    partials.resize(kept);
    if (x != 0) {
      if (!std::isfinite(x)) {
        if (std::isfinite(x_in)) {
          overflow = true;
          return 0;
        }
        if (std::isinf(x_in)) inf_sum += x_in;
        special_sum += x_in;
        partials.clear();
      } else {
        partials.push_back(x);
      }
    }
  }
  if (special_sum != 0 || std::isnan(special_sum)) {
    return std::isnan(inf_sum) ? kNaN : special_sum;
  }
  double hi = 0;
  double lo = 0;
  std::size_t n = partials.size();
  if (n > 0) {
    hi = partials[--n];
    while (n > 0) {
      const double x = hi;
      const double y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0) break;
    }
    // Round half to even across the partials left.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const double y = lo * 2;
      const double x = hi + y;
      if (y == x - hi) hi = x;
    }
  }
  return hi;
}

// The deviations' power sums sum d^2, d^3, d^4 (d = x - mean), each exact.
struct PowerSums {
  double s2 = 0;
  double s3 = 0;
  double s4 = 0;
};

PowerSums DeviationSums(std::span<const double> values, double mean) {
  std::vector<double> d2(values.size());
  std::vector<double> d3(values.size());
  std::vector<double> d4(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double d = values[i] - mean;
    d2[i] = d * d;
    d3[i] = d * d * d;
    d4[i] = d * d * d * d;
  }
  return {ExactSum(d2), ExactSum(d3), ExactSum(d4)};
}

double SkewFrom(double n, const PowerSums& s) {
  if (!(s.s2 > 0)) return kNaN;  // all equal (0/0), or NaN
  const double g = std::sqrt(n) * s.s3 / std::pow(s.s2, 1.5);
  return g * std::sqrt(n * (n - 1)) / (n - 2);
}

double KurtFrom(double n, const PowerSums& s) {
  if (!(s.s2 > 0)) return kNaN;
  const double r = n * s.s4 / (s.s2 * s.s2);
  return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
}

// R's three-valued logic: kNa when the check is NA.
enum class Check { kPass, kFail, kNa };

Check CheckSkewKurt(std::span<const double> values, const WinsorizeOptions& options,
                    double* skew_out = nullptr, double* kurt_out = nullptr) {
  const double skew = Skew(values);
  const double kurt = Kurt(values);
  if (skew_out != nullptr) *skew_out = skew;
  if (kurt_out != nullptr) *kurt_out = kurt;
  // (abs(sk) < skew_thresh) | (kt < kurt_thresh): TRUE if either side is TRUE, NA if
  // neither is TRUE and one is NA. Below 4 values both are undefined (NA).
  if (values.size() < 4) return Check::kNa;
  const double abs_skew = std::fabs(skew);
  const bool skew_na = std::isnan(abs_skew) || std::isnan(options.skew_threshold);
  const bool kurt_na = std::isnan(kurt) || std::isnan(options.kurtosis_threshold);
  if (!skew_na && abs_skew < options.skew_threshold) return Check::kPass;
  if (!kurt_na && kurt < options.kurtosis_threshold) return Check::kPass;
  return (skew_na || kurt_na) ? Check::kNa : Check::kFail;
}

}  // namespace

double ExactSum(std::span<const double> values) {
  bool overflow = false;
  const double sum = PartialsSum(values, 1.0, overflow);
  if (!overflow) return sum;
  // An intermediate sum overflowed: sum the halves (exact but for subnormals) and double.
  const double half = PartialsSum(values, 0.5, overflow);
  return overflow ? kNaN : half * 2;
}

double Sum(std::span<const double> values) { return ExactSum(values); }

std::size_t Count(std::span<const double> values) { return values.size(); }

double Mean(std::span<const double> values) {
  if (values.empty()) return kNaN;
  return ExactSum(values) / static_cast<double>(values.size());
}

double Min(std::span<const double> values) {
  double result = kNaN;
  for (double v : values) {
    if (!std::isnan(v) && (std::isnan(result) || v < result)) result = v;
  }
  return result;
}

double Max(std::span<const double> values) {
  double result = kNaN;
  for (double v : values) {
    if (!std::isnan(v) && (std::isnan(result) || v > result)) result = v;
  }
  return result;
}

double SampleSd(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  const double n = static_cast<double>(values.size());
  const PowerSums s = DeviationSums(values, Mean(values));
  return std::sqrt(s.s2 / (n - 1));
}

double Skew(std::span<const double> values) {
  if (values.size() < 3) return kNaN;
  return SkewFrom(static_cast<double>(values.size()), DeviationSums(values, Mean(values)));
}

double Kurt(std::span<const double> values) {
  if (values.size() < 4) return kNaN;
  return KurtFrom(static_cast<double>(values.size()), DeviationSums(values, Mean(values)));
}

double Quantile(std::span<const double> sorted, double q) {
  if (HasNaN(sorted)) return kNaN;
  return SortedQuantile(sorted.size(), q, [&](std::size_t i) { return sorted[i]; });
}

double Median(std::span<const double> sorted) {
  if (HasNaN(sorted)) return kNaN;
  return SortedMedian(sorted.size(), [&](std::size_t i) { return sorted[i]; });
}

CohortStats ComputeCohortStats(std::span<const double> sorted) {
  CohortStats stats;
  stats.count = sorted.size();
  stats.has_nan = HasNaN(sorted);
  stats.sum = ExactSum(sorted);
  stats.mean = stats.count == 0 ? kNaN : stats.sum / static_cast<double>(stats.count);
  stats.min = Min(sorted);
  stats.max = Max(sorted);
  stats.median = Median(sorted);
  const double n = static_cast<double>(stats.count);
  if (stats.count >= 2) {
    const PowerSums s = DeviationSums(sorted, stats.mean);
    stats.sd = std::sqrt(s.s2 / (n - 1));
    stats.skew = stats.count >= 3 ? SkewFrom(n, s) : kNaN;
    stats.kurt = stats.count >= 4 ? KurtFrom(n, s) : kNaN;
  } else {
    stats.sd = kNaN;
    stats.skew = kNaN;
    stats.kurt = kNaN;
  }
  return stats;
}

double ZScore(double x, const CohortStats& stats) {
  if (stats.count < 2 || !(stats.sd != 0)) return kNaN;
  return (x - stats.mean) / stats.sd;
}

WinsorizeResult Winsorize(std::span<const double> values, const WinsorizeOptions& options) {
  WinsorizeResult result;
  const std::size_t n = values.size();
  result.values.assign(values.begin(), values.end());
  result.treatment.assign(n, Treatment::kNone);

  Check check = CheckSkewKurt(values, options, &result.skew, &result.kurt);
  if (check == Check::kNa) return result;  // kNotAssessed
  if (check == Check::kPass) {
    result.outcome = TreatOutcome::kPassed;
    return result;
  }

  // winsorise(): the check fails (so the statistics are finite and not all values equal).
  std::vector<double>& x = result.values;
  std::vector<std::size_t> imax;
  std::vector<std::size_t> imin;
  int nwin = 0;
  bool below_winmax = nwin < options.max_points;
  while (check == Check::kFail && below_winmax) {
    const bool high = Skew(x) >= 0;
    std::vector<std::size_t>& moved = high ? imax : imin;
    const double extreme = high ? Max(x) : Min(x);
    moved.clear();
    double next = kNaN;
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] == extreme) {
        moved.push_back(i);
      } else if (std::isnan(next) || (high ? x[i] > next : x[i] < next)) {
        next = x[i];
      }
    }
    if (std::isnan(next)) break;  // all equal: cannot happen while the check fails
    for (std::size_t i : moved) x[i] = next;
    // COINr: nwin <- sum(length(imax) + length(imin)), the latest step of each side.
    nwin = static_cast<int>(imax.size() + imin.size());
    below_winmax = nwin < options.max_points;
    check = CheckSkewKurt(x, options);
  }
  result.winsorized_count = nwin;

  if (check == Check::kNa) {
    // Collapsed to undefined statistics: COINr errors (while(NA)) or, at the limit, its
    // Treat() returns the vector untreated.
    result.values.assign(values.begin(), values.end());
    result.winsorized_count = 0;
    return result;
  }
  if (check == Check::kPass) {
    for (std::size_t i : imax) result.treatment[i] = Treatment::kWinsorizedHigh;
    for (std::size_t i : imin) result.treatment[i] = Treatment::kWinsorizedLow;
    result.outcome = TreatOutcome::kWinsorized;
    return result;
  }

  // log_CT of the original values (combine_treat = FALSE).
  const double min = Min(values);
  const double max = Max(values);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = std::log(values[i] - min + 0.01 * (max - min));
  }
  if (CheckSkewKurt(x, options) == Check::kNa) {
    // Treat(): "f_pass has returned NA. Returning untreated vector."
    result.values.assign(values.begin(), values.end());
    result.winsorized_count = 0;
    return result;
  }
  result.treatment.assign(n, Treatment::kLog);
  result.log_used = true;
  result.outcome = TreatOutcome::kLogTransformed;
  return result;
}

}  // namespace rubric::eval
