#include "baseline_consortium.h"

#include <algorithm>

namespace rubric_baseline {

Results Evaluate(const Data& data) {
  const std::size_t n = data.rows;
  std::vector<double> args(n * kCohorts);
  for (std::size_t r = 0; r < n; ++r) CohortArguments(data, r, &args[r * kCohorts]);
  std::vector<double> cohort(n * kCohorts);
  std::vector<std::vector<std::size_t>> members(data.periods);
  for (std::size_t r = 0; r < n; ++r) members[data.period_of[r]].push_back(r);
  std::vector<double> sorted;
  for (int c = 0; c < kCohorts; ++c) {
    for (const std::vector<std::size_t>& rows : members) {
      if (rows.empty()) continue;
      if (kCohortKinds[c] == 0) {
        double lo = args[rows[0] * kCohorts + c], hi = lo;
        for (std::size_t r : rows) {
          lo = std::min(lo, args[r * kCohorts + c]);
          hi = std::max(hi, args[r * kCohorts + c]);
        }
        for (std::size_t r : rows) {
          cohort[r * kCohorts + c] = hi == lo ? 0.0 : (args[r * kCohorts + c] - lo) / (hi - lo);
        }
      } else {
        sorted.clear();
        for (std::size_t r : rows) sorted.push_back(args[r * kCohorts + c]);
        std::sort(sorted.begin(), sorted.end());
        const std::size_t m = rows.size();
        for (std::size_t r : rows) {
          const auto greater =
              static_cast<std::size_t>(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(),
                                                                       args[r * kCohorts + c]));
          cohort[r * kCohorts + c] =
              m == 1 ? 1.0 : 1.0 - static_cast<double>(greater) / static_cast<double>(m - 1);
        }
      }
    }
  }
  Results results;
  results.nodes.resize(n * kNodes);
  results.totals.resize(n);
  results.vetoed.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    bool vetoed = false;
    EvaluateRow(data, r, &cohort[r * kCohorts], &results.nodes[r * kNodes], &results.totals[r],
                &vetoed);
    results.vetoed[r] = vetoed ? 1 : 0;
  }
  return results;
}

}  // namespace rubric_baseline
