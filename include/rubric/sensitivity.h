// rubric::AnalyzeSensitivity: how robust a ranking is to the weights (points) of the
// standard's sum groups. Samples the points of chosen groups' children, recomputes only the
// sums above the leaves (bit for bit what a full evaluation of a standard with the sampled
// points gives), and summarises the totals, ranks and grades of every row; optionally the
// Sobol indices of each group on each entity's rank and total. See docs/analysis.md
// "Sensitivity".
#ifndef RUBRIC_SENSITIVITY_H_
#define RUBRIC_SENSITIVITY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric {

enum class FactorDistribution {
  kUniform,    // each child's points x U(1 - spread, 1 + spread), renormalised
  kDirichlet,  // Gamma(alpha x share) draws normalised (a Dirichlet around the shares)
  kFixed,      // the shares stay as declared (the group is no factor)
};

// One uncertain factor: the points of a sum group's children ("total": the top level).
struct SensitivityFactor {
  std::string group;
  FactorDistribution distribution = FactorDistribution::kUniform;
  double spread = 0.2;  // kUniform: a fraction (0.15 = ±15%), in [0, 1)
  double alpha = 0;     // kDirichlet: the concentration, > 0
};

struct SensitivityOptions {
  std::size_t samples = 1000;  // with `sobol`: the base sample size N (N x (d + 2) runs)
  std::uint64_t seed = 1;
  double vary = 0.2;  // without `factors`: every eligible group's children vary by ±vary
  // When not empty, only these groups vary (the others keep their shares); a group that
  // cannot vary exactly is an error. Empty: every eligible group, ±vary, and a group that
  // cannot vary exactly is left out with a warning.
  std::vector<SensitivityFactor> factors;
  bool sobol = false;
  unsigned threads = 1;  // results do not depend on it
};

// The factors file (docs/analysis.md): one factor a line, `GROUP uniform 15%`, `GROUP
// dirichlet ALPHA` or `GROUP fixed`; `total` names the top level; `#` starts a comment.
StatusOr<std::vector<SensitivityFactor>> ParseSensitivityFactors(std::string_view text);

struct SensitivityFactorInfo {
  std::string group;                  // a node id, or "total"
  std::string method;                 // "uniform ±20%", "dirichlet 50"
  std::vector<std::string> children;  // the ids of the children whose points vary
};

struct SensitivityRow {
  std::string entity;
  std::int64_t period = 0;
  bool scorable = false;
  bool vetoed = false;
  bool ranked = false;  // scorable, not vetoed, with a total: it has a rank
  double total = 0;     // nominal (the missing value when none)
  int rank = 0;         // nominal; 0 when not ranked
  // Over the samples (NaN when not ranked / no total): R's quantile type 7.
  double rank_median = 0, rank_p05 = 0, rank_p95 = 0;
  double total_median = 0, total_p05 = 0, total_p95 = 0;
  // Per SensitivityResult::grades: the share of samples with that grade.
  std::vector<double> grade_probability;
  // With sobol, per factor: first-order (Saltelli 2010) and total-effect (Jansen 1999)
  // indices on the row's rank and on its total (NaN when the output does not vary).
  std::vector<double> rank_first, rank_total, total_first, total_total;
};

struct SensitivityPeriod {
  std::int64_t period = 0;
  std::size_t ranked = 0;        // rows with a rank
  std::size_t pairs = 0;         // ranked x (ranked - 1) / 2
  std::size_t stable_pairs = 0;  // pairs whose order is that of the nominal in every sample
  double stable_share = 0;       // stable_pairs / pairs (1 when there is no pair)
};

struct SensitivityResult {
  std::size_t samples = 0;  // runs summarised (2N with sobol: A and B)
  std::size_t runs = 0;     // evaluations made (N x (d + 2) with sobol)
  std::uint64_t seed = 0;
  bool sobol = false;
  std::vector<SensitivityFactorInfo> factors;
  std::vector<std::string> warnings;  // factors left out, and why
  std::vector<std::string> grades;    // distinct grade names, in the order declared
  std::vector<SensitivityRow> rows;   // live rows, by period then entity
  std::vector<SensitivityPeriod> periods;
};

// kInvalidArgument for bad options (no samples, a spread outside [0, 1), an unknown group,
// a group that cannot vary exactly); kFailedPrecondition when nothing can vary.
StatusOr<SensitivityResult> AnalyzeSensitivity(const Session& session,
                                               const SensitivityOptions& options);

// ---- A sweep in blocks of runs (docs/analysis.md "Sensitivity in blocks") ----
// The runs of a sweep are drawn one after the other from one generator seeded by `seed`;
// a block holds the totals that runs [first_run, first_run + run_count) give every scored
// row (live and scorable, in the session's row order). The blocks of a partition of
// [0, samples) merge into exactly (bit for bit) what AnalyzeSensitivity gives: a sweep may
// be split over processes or machines, each with the same session and options, whatever
// the number of blocks. Not with `sobol` (its runs come in structured sets): refused.
struct SensitivityRuns {
  std::uint64_t seed = 0;
  std::size_t samples = 0;  // the sweep's samples
  std::size_t first_run = 0;
  std::size_t run_count = 0;
  std::size_t rows = 0;        // the rows scored
  std::uint64_t check = 0;     // identifies the session's rows and the factors
  std::vector<double> totals;  // run-major: run first_run + r, row i at r x rows + i
};

// kInvalidArgument for bad options, `sobol`, a count of 0 or runs beyond `samples`.
StatusOr<SensitivityRuns> SensitivityRunBlock(const Session& session,
                                              const SensitivityOptions& options,
                                              std::size_t first_run, std::size_t run_count);

// The summary of a sweep from its blocks (in any order): kInvalidArgument when they do
// not cover [0, samples) exactly once, or were made with another seed, other samples,
// other rows or factors.
StatusOr<SensitivityResult> MergeSensitivityRuns(const Session& session,
                                                 const SensitivityOptions& options,
                                                 const std::vector<SensitivityRuns>& blocks);

// A block as bytes (a header, then the totals as doubles in the machine's byte order) and
// back; kInvalidArgument for bytes that are not a whole block.
std::string SensitivityRunsToBytes(const SensitivityRuns& runs);
StatusOr<SensitivityRuns> SensitivityRunsFromBytes(std::string_view bytes);

std::string SensitivityToJson(const SensitivityResult& result);
// CSV: one line per row (rank and total summaries, grade probabilities).
std::string SensitivityToCsv(const SensitivityResult& result);

// {"samples":1000,"seed":7,"vary":"10%","sobol":true,"threads":2,
//  "factors":[{"group":"G1","distribution":"uniform","spread":0.15}, ...]}
// ("vary" and "spread" take a fraction or a text "10%").
StatusOr<SensitivityOptions> SensitivityOptionsFromJson(std::string_view json);

}  // namespace rubric

#endif  // RUBRIC_SENSITIVITY_H_
