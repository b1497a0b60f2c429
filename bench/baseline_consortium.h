// A hand-written C++ evaluation of the consortium reference model over row-major values
// (one contiguous record per city and year, as a hand-written program would keep them):
// the baseline of the benchmarks.
#ifndef RUBRIC_BENCH_BASELINE_CONSORTIUM_H_
#define RUBRIC_BENCH_BASELINE_CONSORTIUM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rubric_baseline {

inline constexpr int kInputs = 128;
inline constexpr int kNodes = 63;
inline constexpr int kCohorts = 8;

struct Data {
  std::vector<double> values;          // row-major: [row * kInputs + input], defaults when missing
  std::vector<std::int64_t> prev_row;  // same entity, period - 1; -1 when absent
  std::vector<std::uint32_t> period_of;  // the row's cohort
  std::size_t periods = 0;
  std::size_t rows = 0;
};

struct Results {
  std::vector<double> nodes;  // [row * kNodes + node], pre-order
  std::vector<double> totals;
  std::vector<std::uint8_t> vetoed;
};

// Generated rules (baseline_consortium_rules.cc).
void CohortArguments(const Data& data, std::size_t row, double* args);
extern const int kCohortKinds[kCohorts];
void EvaluateRow(const Data& data, std::size_t row, const double* cohort, double* node,
                 double* total, bool* vetoed);

// Cohort arguments for every row, min-max and ranks per period, then every row.
Results Evaluate(const Data& data);

}  // namespace rubric_baseline

#endif  // RUBRIC_BENCH_BASELINE_CONSORTIUM_H_
