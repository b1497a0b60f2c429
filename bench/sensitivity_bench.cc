// Sensitivity of the consortium ranking to its weights: samples per second of
// AnalyzeSensitivity's fast path (sums recomputed over the leaves kept from one evaluation)
// against the brute force (each sample's variant standard compiled, loaded and evaluated in
// full), side by side in the same run.
//
//   cmake --build --preset release --target rubric_sensitivity_bench
//   build/release/bench/rubric_sensitivity_bench
//
// BM_FullEvaluationOnly: only the evaluation of each sample (no compilation, no loading),
// a lower bound of the brute force's cost.
//
// The targets (issue 15): 10,000 samples over 300 cities in under 10 s on 2 cores, and the
// fast path at least 50x the brute force. Figures: docs/benchmarks.md "Sensitivity".
#include <algorithm>
#include <string>
#include <vector>

#include "analysis/sensitivity_internal.h"
#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "rubric/generate.h"
#include "rubric/sensitivity.h"
#include "rubric/session.h"

namespace {

constexpr std::size_t kCities = 300;

rubric::Session& Cities() {
  static rubric::Session* session = [] {
    auto* s = new rubric::Session(rubric_bench::Consortium());
    rubric::GenerateOptions options;
    options.entities = kCities;
    options.periods = 1;
    options.first_period = 2024;
    if (!rubric::GenerateInto(*s, options).ok()) std::abort();
    s->Evaluate();
    return s;
  }();
  return *session;
}

// The whole analysis (draws, sums, ranks, quantiles, grade shares, pairs): arg 0 samples,
// arg 1 threads.
void BM_SensitivityFastPath(benchmark::State& state) {
  rubric::SensitivityOptions options;
  options.samples = static_cast<std::size_t>(state.range(0));
  options.threads = static_cast<unsigned>(state.range(1));
  std::size_t factors = 0;
  for (auto _ : state) {
    rubric::StatusOr<rubric::SensitivityResult> result =
        rubric::AnalyzeSensitivity(Cities(), options);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    factors = result->factors.size();
    benchmark::DoNotOptimize(result->rows.data());
  }
  state.counters["factors"] = static_cast<double>(factors);
  state.counters["samples_per_second"] = benchmark::Counter(
      static_cast<double>(options.samples) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SensitivityFastPath)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The same sweep in arg 1 blocks of runs, made one after the other and merged (what the
// blocks cost over the whole: each draws the runs before its own, loads the rows again and
// checks the nominal totals; the merge copies the totals).
void BM_SensitivityInBlocks(benchmark::State& state) {
  rubric::SensitivityOptions options;
  options.samples = static_cast<std::size_t>(state.range(0));
  const auto blocks = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) {
    std::vector<rubric::SensitivityRuns> runs;
    const std::size_t step = (options.samples + blocks - 1) / blocks;
    for (std::size_t first = 0; first < options.samples; first += step) {
      rubric::StatusOr<rubric::SensitivityRuns> block = rubric::SensitivityRunBlock(
          Cities(), options, first, std::min(step, options.samples - first));
      if (!block.ok()) {
        state.SkipWithError(block.status().message().c_str());
        return;
      }
      runs.push_back(std::move(*block));
    }
    rubric::StatusOr<rubric::SensitivityResult> result =
        rubric::MergeSensitivityRuns(Cities(), options, runs);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(result->rows.data());
  }
}
BENCHMARK(BM_SensitivityInBlocks)
    ->Args({10000, 1})
    ->Args({10000, 8})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The same analysis with every sample scored by a full evaluation of its variant standard.
void BM_SensitivityBruteForce(benchmark::State& state) {
  rubric::SensitivityOptions options;
  options.samples = static_cast<std::size_t>(state.range(0));
  const rubric::internal::SensitivityEvaluator brute =
      rubric::internal::BruteForceSensitivityEvaluator(Cities(), rubric_bench::ConsortiumSource());
  for (auto _ : state) {
    rubric::StatusOr<rubric::SensitivityResult> result =
        rubric::internal::AnalyzeSensitivityWith(Cities(), options, &brute, nullptr);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(result->rows.data());
  }
  state.counters["samples_per_second"] = benchmark::Counter(
      static_cast<double>(options.samples) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SensitivityBruteForce)
    ->Arg(50)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The summaries alone (ranks, quantiles, grade shares, pairs) of the fast path's 10,000
// samples, their totals given: the fast path's time less this one is its scoring.
void BM_SensitivitySummariesOnly(benchmark::State& state) {
  rubric::SensitivityOptions options;
  options.samples = static_cast<std::size_t>(state.range(0));
  rubric::internal::SensitivityTrace trace;
  if (!rubric::internal::AnalyzeSensitivityWith(Cities(), options, nullptr, &trace).ok()) {
    state.SkipWithError("analysis failed");
    return;
  }
  const rubric::internal::SensitivityEvaluator given =
      [&trace](const std::vector<std::vector<double>>&, const std::vector<std::size_t>&,
               std::vector<double>* totals) {
        *totals = trace.totals;
        return rubric::Status::Ok();
      };
  for (auto _ : state) {
    rubric::StatusOr<rubric::SensitivityResult> result =
        rubric::internal::AnalyzeSensitivityWith(Cities(), options, &given, nullptr);
    benchmark::DoNotOptimize(result->rows.data());
  }
}
BENCHMARK(BM_SensitivitySummariesOnly)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// The least a full evaluation of a sample costs: evaluating the 300 cities once more, with
// the variant's compilation and the loading of its session left out (a lower bound of the
// brute force, for the most conservative ratio).
void BM_FullEvaluationOnly(benchmark::State& state) {
  rubric::Session& session = Cities();
  for (auto _ : state) {
    session.Evaluate();
    benchmark::DoNotOptimize(session.total(0));
  }
  state.counters["samples_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FullEvaluationOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
