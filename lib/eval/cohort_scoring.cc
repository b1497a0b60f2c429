#include "eval/cohort_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "eval/evaluator.h"
#include "rubric/missing.h"

namespace rubric::eval {
namespace {

using plan::KernelKind;

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The members' arguments that are not missing, in sorted order.
std::vector<double> PresentValues(const std::vector<CohortEntry>& sorted) {
  std::vector<double> values;
  values.reserve(sorted.size());
  for (const CohortEntry& e : sorted) {
    if (!IsMissing(e.first)) values.push_back(e.first);
  }
  return values;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The exact sum of the members' numbers (NaN with a NaN member, infinities as IEEE adds them).
double SumOf(const std::vector<CohortEntry>& sorted, const CohortAggregates& a) {
  if (a.nan > 0 || (a.positive_infinite > 0 && a.negative_infinite > 0)) return kNaN;
  if (a.positive_infinite > 0) return std::numeric_limits<double>::infinity();
  if (a.negative_infinite > 0) return -std::numeric_limits<double>::infinity();
  if (a.huge > 0) return Sum(PresentValues(sorted));
  return a.moments.sum.Rounded();
}

double SdOf(const std::vector<CohortEntry>& sorted, const CohortAggregates& a) {
  const std::size_t present = sorted.size() - a.missing;
  if (present < 2 || a.nan > 0 || a.positive_infinite > 0 || a.negative_infinite > 0) {
    return kNaN;
  }
  if (a.huge > 0) return SampleSd(PresentValues(sorted));
  return a.moments.SampleSd();
}

double MeanOf(const std::vector<CohortEntry>& sorted, const CohortAggregates& a) {
  const std::size_t present = sorted.size() - a.missing;
  if (present == 0) return kNaN;
  return SumOf(sorted, a) / static_cast<double>(present);
}

// The statistic a statistic kernel gives every member.
double Statistic(const plan::Kernel& kernel, const std::vector<CohortEntry>& sorted,
                 const CohortAggregates& a) {
  // The numbers follow the missing and NaN arguments in sorted order.
  const std::size_t first = a.not_numbers();
  const std::size_t numbers = sorted.size() - first;
  auto at = [&](std::size_t i) { return sorted[first + i].first; };
  switch (kernel.kind) {
    case KernelKind::kCohortMin:
    case KernelKind::kCohortMax:
      return 0;  // from the extremes (Summarize)
    case KernelKind::kCohortSum:
      return SumOf(sorted, a);
    case KernelKind::kCohortCount:
      return static_cast<double>(sorted.size());
    case KernelKind::kCohortMean:
    case KernelKind::kImputeMean:
      return MeanOf(sorted, a);
    case KernelKind::kCohortSd:
      return SdOf(sorted, a);
    case KernelKind::kCohortMedian:
    case KernelKind::kImputeMedian:
      return a.nan > 0 ? kNaN : SortedMedian(numbers, at);
    case KernelKind::kCohortQuantile:
      return a.nan > 0 ? kNaN : SortedQuantile(numbers, kernel.parameter, at);
    case KernelKind::kCohortSkew:
      return Skew(PresentValues(sorted));
    case KernelKind::kCohortKurt:
      return Kurt(PresentValues(sorted));
    default:
      return 0;
  }
}

}  // namespace

void SortCohort(std::vector<CohortEntry>& members) {
  std::sort(members.begin(), members.end(),
            [](const CohortEntry& a, const CohortEntry& b) { return CohortEntryLess(a, b); });
}

bool NeedsOrder(plan::KernelKind kind) {
  switch (kind) {
    case KernelKind::kCohortRank:
    case KernelKind::kCohortPercentile:
    case KernelKind::kCohortMedian:
    case KernelKind::kCohortQuantile:
    case KernelKind::kWinsorize:
    case KernelKind::kImputeMedian:
      return true;
    default:
      return false;
  }
}

bool NeedsMoments(plan::KernelKind kind) {
  switch (kind) {
    case KernelKind::kCohortSum:
    case KernelKind::kCohortMean:
    case KernelKind::kCohortSd:
    case KernelKind::kCohortZscore:
    case KernelKind::kImputeMean:
      return true;
    default:
      return false;
  }
}

CohortShape ShapeOf(plan::KernelKind kind) {
  return kind == KernelKind::kCohortRank || kind == KernelKind::kCohortPercentile
             ? CohortShape::kOrder
             : CohortShape::kSummary;
}

std::size_t CountSmaller(const std::vector<CohortEntry>& sorted, double value) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), value,
                             [](const CohortEntry& e, double v) { return CohortLess(e.first, v); });
  return static_cast<std::size_t>(it - sorted.begin());
}

std::size_t CountGreater(const std::vector<CohortEntry>& sorted, double value) {
  auto it = std::upper_bound(sorted.begin(), sorted.end(), value,
                             [](double v, const CohortEntry& e) { return CohortLess(v, e.first); });
  return static_cast<std::size_t>(sorted.end() - it);
}

void CohortAggregates::Count(double x, int sign) {
  const auto step = static_cast<std::size_t>(sign);  // +1, or -1 modulo 2^64
  if (IsMissing(x)) {
    missing += step;
  } else if (std::isnan(x)) {
    nan += step;
  } else if (std::isinf(x)) {
    (x > 0 ? positive_infinite : negative_infinite) += step;
  } else if (!FitsRunningMoments(x)) {
    huge += step;
  } else if (with_moments) {
    if (sign > 0) {
      moments.Insert(x);
    } else {
      moments.Erase(x);
    }
  }
}

CohortAggregates AggregatesOf(const plan::Kernel& kernel, const std::vector<CohortEntry>& members) {
  CohortAggregates aggregates;
  aggregates.enabled = NeedsAggregates(kernel.kind);
  aggregates.with_moments = NeedsMoments(kernel.kind);
  for (const CohortEntry& e : members) aggregates.Insert(e.first);
  return aggregates;
}

CohortSummary Summarize(const plan::Kernel& kernel, const std::vector<CohortEntry>& sorted,
                        const CohortAggregates& aggregates, bool in_order) {
  CohortSummary s;
  s.n = sorted.size();
  // The extremes of the non-NaN arguments: after the NaN (the missing value included) when
  // the members are sorted, else by a scan.
  if (in_order) {
    auto first = std::find_if(sorted.begin(), sorted.end(),
                              [](const CohortEntry& e) { return !std::isnan(e.first); });
    if (first != sorted.end()) {
      s.has_extremes = true;
      s.min = CanonicalZero(first->first);
      s.max = CanonicalZero(sorted.back().first);
    }
  } else {
    for (const CohortEntry& e : sorted) {
      if (std::isnan(e.first)) continue;
      const double v = CanonicalZero(e.first);
      s.min = !s.has_extremes || v < s.min ? v : s.min;
      s.max = !s.has_extremes || v > s.max ? v : s.max;
      s.has_extremes = true;
    }
  }
  switch (kernel.kind) {
    case KernelKind::kRow:
    case KernelKind::kImputePrevious:
    case KernelKind::kImputeConstant:
    case KernelKind::kCohortMinMax:
    case KernelKind::kCohortRank:
    case KernelKind::kCohortPercentile:
      s.present = s.n;
      return s;
    case KernelKind::kCohortZscore:
      s.present = s.n - aggregates.missing;
      s.mean = MeanOf(sorted, aggregates);
      s.sd = SdOf(sorted, aggregates);
      return s;
    case KernelKind::kWinsorize: {
      const std::vector<double> values = PresentValues(sorted);
      s.present = values.size();
      WinsorizeOptions options;
      options.max_points = static_cast<int>(kernel.parameter);
      options.skew_threshold = kernel.skew_limit;
      options.kurtosis_threshold = kernel.kurtosis_limit;
      WinsorizeResult result = Winsorize(values, options);
      s.treated = std::move(result.values);
      s.outcome = result.outcome;
      s.winsorized_count = result.winsorized_count;
      s.skew = result.skew;
      s.kurt = result.kurt;
      return s;
    }
    case KernelKind::kCohortMin:
    case KernelKind::kCohortMax:
      s.present = s.n - aggregates.missing;
      s.statistic = !s.has_extremes ? kNaN : kernel.kind == KernelKind::kCohortMin ? s.min : s.max;
      return s;
    default: {
      s.present = s.n - aggregates.missing;
      const bool imputes = MissingRowsAreMembers(kernel.kind);
      // Nothing to estimate from: the estimate is missing too.
      s.statistic =
          imputes && s.present == 0 ? MissingValue() : Statistic(kernel, sorted, aggregates);
      return s;
    }
  }
}

bool SameResults(const plan::Kernel& kernel, const CohortSummary& a, const CohortSummary& b) {
  switch (kernel.kind) {
    case KernelKind::kCohortMinMax:
      return a.n == b.n && a.has_extremes == b.has_extremes && SameBits(a.min, b.min) &&
             SameBits(a.max, b.max);
    case KernelKind::kCohortRank:
    case KernelKind::kCohortPercentile:
      return a.n == b.n;
    case KernelKind::kCohortZscore:
      return a.present == b.present && SameBits(a.mean, b.mean) && SameBits(a.sd, b.sd);
    case KernelKind::kWinsorize:
      return a.treated.size() == b.treated.size() &&
             std::equal(a.treated.begin(), a.treated.end(), b.treated.begin(), SameBits);
    default:
      return SameBits(a.statistic, b.statistic);
  }
}

double ScoreMember(const plan::Kernel& kernel, const CohortSummary& summary,
                   const std::vector<CohortEntry>& sorted, double value) {
  switch (kernel.kind) {
    case KernelKind::kCohortMinMax:
      return MinMaxScore(value, summary.min, summary.max);
    case KernelKind::kCohortRank:
      return RankScore(CountGreater(sorted, value), sorted.size());
    case KernelKind::kCohortPercentile:
      return PercentileScore(CountSmaller(sorted, value), sorted.size());
    case KernelKind::kCohortZscore:
      // 0 when the cohort has no spread (or one member), like cohort_minmax; NaN from NaN.
      if (std::isnan(value) || std::isnan(summary.mean)) return std::nan("");
      if (summary.present < 2 || summary.sd == 0) return 0.0;
      return (value - summary.mean) / summary.sd;
    case KernelKind::kWinsorize: {
      // Members tied at a value are treated alike: the first of them stands for all.
      const std::size_t at = CountSmaller(sorted, value);
      return at < summary.treated.size() ? summary.treated[at] : value;
    }
    case KernelKind::kImputeMean:
    case KernelKind::kImputeMedian:
      return IsMissing(value) ? summary.statistic : value;
    default:
      return summary.statistic;
  }
}

const char* CohortFunctionName(plan::KernelKind kind) {
  switch (kind) {
    case KernelKind::kRow:
      return "";
    case KernelKind::kCohortMinMax:
      return "cohort_minmax";
    case KernelKind::kCohortRank:
      return "cohort_rank";
    case KernelKind::kCohortPercentile:
      return "cohort_percentile";
    case KernelKind::kCohortZscore:
      return "cohort_zscore";
    case KernelKind::kWinsorize:
      return "winsorize";
    case KernelKind::kCohortMin:
      return "cohort_min";
    case KernelKind::kCohortMax:
      return "cohort_max";
    case KernelKind::kCohortSum:
      return "cohort_sum";
    case KernelKind::kCohortCount:
      return "cohort_count";
    case KernelKind::kCohortMean:
      return "cohort_mean";
    case KernelKind::kCohortSd:
      return "cohort_sd";
    case KernelKind::kCohortMedian:
      return "cohort_median";
    case KernelKind::kCohortQuantile:
      return "cohort_quantile";
    case KernelKind::kCohortSkew:
      return "cohort_skew";
    case KernelKind::kCohortKurt:
      return "cohort_kurt";
    case KernelKind::kImputeMean:
    case KernelKind::kImputeMedian:
    case KernelKind::kImputePrevious:
    case KernelKind::kImputeConstant:
      return "impute";
  }
  return "";
}

}  // namespace rubric::eval
