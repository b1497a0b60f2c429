// The inside of AnalyzeSensitivity, for its tests and benchmarks: the runs it makes (the
// sampled points of every node and the totals), and a brute-force reference that scores
// each run by compiling a variant of the standard with the sampled points and evaluating
// it in full.
#ifndef RUBRIC_LIB_ANALYSIS_SENSITIVITY_INTERNAL_H_
#define RUBRIC_LIB_ANALYSIS_SENSITIVITY_INTERNAL_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/sensitivity.h"
#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric::internal {

// Scores runs: given each run's points (per run, per node of the standard: its points, NaN
// for a node without points), fills `totals` run-major (run x rows.size() + i) for the
// session rows `rows`.
using SensitivityEvaluator =
    std::function<Status(const std::vector<std::vector<double>>& points,
                         const std::vector<std::size_t>& rows, std::vector<double>* totals)>;

struct SensitivityTrace {
  std::vector<std::size_t> rows;            // the session rows scored (live and scorable)
  std::vector<std::vector<double>> points;  // per run, per node
  std::vector<double> totals;               // run-major
};

// AnalyzeSensitivity, recording its runs in `trace` (when not null) and scoring them with
// `evaluator` instead of the fast path (when not null).
StatusOr<SensitivityResult> AnalyzeSensitivityWith(const Session& session,
                                                   const SensitivityOptions& options,
                                                   const SensitivityEvaluator* evaluator,
                                                   SensitivityTrace* trace);

// The text of a variant of `base_id` that gives every node the points `points` (per node,
// NaN: unchanged): `standard sensitivity_run extends BASE { change N points P ... }`.
std::string SensitivityVariantSource(const Standard& standard, const std::vector<double>& points);

// The brute-force evaluator: each run's variant (SensitivityVariantSource) compiled with
// `base_source` as its base, a new session with the values of `session`, fully evaluated.
SensitivityEvaluator BruteForceSensitivityEvaluator(const Session& session,
                                                    std::string base_source);

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_ANALYSIS_SENSITIVITY_INTERNAL_H_
