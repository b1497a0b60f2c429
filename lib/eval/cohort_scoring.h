// How a cohort kernel turns the sorted members of one cohort into each row's result: a
// summary computed once per cohort (its extremes, a statistic, the winsorised values), then
// one score per row. Pure functions: the engine keeps the cohorts (engine.h) and calls
// these whenever a cohort's members change, in full and incremental evaluation alike, so
// that both give the same bits.
#ifndef RUBRIC_LIB_EVAL_COHORT_SCORING_H_
#define RUBRIC_LIB_EVAL_COHORT_SCORING_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "eval/cohort_stats.h"
#include "eval/evaluator.h"
#include "eval/exact_sum.h"
#include "plan/plan.h"

namespace rubric::eval {

// A member of a cohort: its argument and its row, ordered by CohortLess, then row.
using CohortEntry = std::pair<double, std::uint32_t>;
inline bool CohortEntryLess(const CohortEntry& a, const CohortEntry& b) {
  if (CohortLess(a.first, b.first)) return true;
  if (CohortLess(b.first, a.first)) return false;
  return a.second < b.second;
}

// Sorts a cohort's members by CohortEntryLess (a total order: rows break ties), with the
// comparison inlined.
void SortCohort(std::vector<CohortEntry>& members);

// What rows of a cohort a change of its members may affect.
enum class CohortShape : std::uint8_t {
  kOrder,    // rank, percentile: the rows between the old and the new value
  kSummary,  // every member, when the summary changes; else only the edited rows
};
CohortShape ShapeOf(plan::KernelKind kind);

// Whether a kernel reads its cohort's members in order (ranks, percentiles, order
// statistics, winsorize); the others need only the aggregates and the extremes, so full
// evaluation does not sort for them.
bool NeedsOrder(plan::KernelKind kind);
// Whether a kernel needs the running sums (sum, mean, sd, z-score, impute by the mean).
bool NeedsMoments(plan::KernelKind kind);

// Whether rows with a missing argument are members (imputation by a cohort statistic: they
// take their estimate from the cohort, and are left out of the statistic).
inline bool MissingRowsAreMembers(plan::KernelKind kind) {
  return kind == plan::KernelKind::kImputeMean || kind == plan::KernelKind::kImputeMedian;
}
// Whether a kernel keeps aggregates at all: not min-max, rank and percentile, which read only
// the extremes and the order.
inline bool NeedsAggregates(plan::KernelKind kind) {
  return kind != plan::KernelKind::kCohortMinMax && kind != plan::KernelKind::kCohortRank &&
         kind != plan::KernelKind::kCohortPercentile;
}

// What a cohort keeps as members come and go, so that its sum, mean and standard deviation
// cost O(1) per edit: the members' arguments by class, and the exact running sums of the
// finite ones.
struct CohortAggregates {
  bool enabled = false;       // keeps anything (NeedsAggregates)
  bool with_moments = false;  // keeps `moments` (NeedsMoments)
  std::size_t missing = 0;    // missing arguments (members only under impute)
  std::size_t nan = 0;        // other NaN (ln(-1))
  std::size_t positive_infinite = 0;
  std::size_t negative_infinite = 0;
  std::size_t huge = 0;    // finite, too large for the running sums (see exact_sum.h)
  RunningMoments moments;  // the other finite arguments
  void Insert(double x) {
    if (enabled) Count(x, +1);
  }
  void Erase(double x) {
    if (enabled) Count(x, -1);
  }
  // Arguments that sort before every number (missing and NaN: CohortLess puts them first).
  std::size_t not_numbers() const { return missing + nan; }

 private:
  void Count(double x, int sign);
};
CohortAggregates AggregatesOf(const plan::Kernel& kernel, const std::vector<CohortEntry>& members);

struct CohortSummary {
  std::size_t n = 0;          // members
  std::size_t present = 0;    // members whose argument is not missing
  bool has_extremes = false;  // min and max of the non-NaN arguments
  double min = 0, max = 0;
  double statistic = 0;     // the statistic of kCohortMin ... kCohortKurt, kImputeMean/Median
  double mean = 0, sd = 0;  // kCohortZscore
  // kWinsorize: the treated value of each member, in the order of the sorted members, and
  // what was done (cohort_stats.h).
  std::vector<double> treated;
  TreatOutcome outcome = TreatOutcome::kNotAssessed;
  int winsorized_count = 0;
  double skew = 0, kurt = 0;  // kWinsorize: of the values before treatment
};

// The summary of one cohort; `members` holds its members, in CohortEntryLess order when
// `sorted` (always when the kernel NeedsOrder), and `aggregates` their aggregates.
CohortSummary Summarize(const plan::Kernel& kernel, const std::vector<CohortEntry>& members,
                        const CohortAggregates& aggregates, bool sorted);

// Whether two summaries give every row the same result, bit for bit.
bool SameResults(const plan::Kernel& kernel, const CohortSummary& a, const CohortSummary& b);

// The result of a member whose argument is `value`.
double ScoreMember(const plan::Kernel& kernel, const CohortSummary& summary,
                   const std::vector<CohortEntry>& sorted, double value);

// Number of members whose argument is strictly smaller / greater than `value`.
std::size_t CountSmaller(const std::vector<CohortEntry>& sorted, double value);
std::size_t CountGreater(const std::vector<CohortEntry>& sorted, double value);

// The name a kernel has in the language ("cohort_mean", "winsorize", "impute").
const char* CohortFunctionName(plan::KernelKind kind);

}  // namespace rubric::eval

#endif  // RUBRIC_LIB_EVAL_COHORT_SCORING_H_
