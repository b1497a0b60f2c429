// Incremental edits under the cohort statistics and treatments (docs/benchmarks.md):
// one value edited, then that row's total read, with 250 and 10,000 rows per cohort.
//
//   cmake --build --preset release && ./build/release/bench/rubric_bench --benchmark_filter=Cohort
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace {

// A standard with one indicator over `function` of x (a cohort of every row of the period),
// and one more indicator that reads x in its row only.
rubric::Standard StandardOver(const std::string& function) {
  const std::string source =
      "standard bench {\n  input x : number\n  input region : enum { a, b }\n"
      "  indicator over points 1 { score " +
      function +
      " / 1000 }\n"
      "  indicator own points 1 { score x / 1000 }\n}\n";
  rubric::CompileResult result = rubric::Standard::Compile(source, "bench.rubric");
  return std::move(*result.standard);
}

void EditThenRead(benchmark::State& state, const std::string& function) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  rubric::Session session(StandardOver(function));
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t row = *session.AddRow("E" + std::to_string(r), 2024);
    (void)session.SetNumber(row, 0, unit(random) * 1000);
    (void)session.SetOption(row, 1, r % 2);
  }
  session.Evaluate();
  const std::uint64_t ops_before = session.ops();
  for (auto _ : state) {
    const std::size_t row = random() % rows;
    (void)session.SetNumber(row, 0, unit(random) * 1000);
    benchmark::DoNotOptimize(session.total(row));
  }
  state.counters["ops_per_edit"] =
      static_cast<double>(session.ops() - ops_before) / static_cast<double>(state.iterations());
}

void BM_CohortMeanEdit(benchmark::State& state) { EditThenRead(state, "cohort_mean(x)"); }
BENCHMARK(BM_CohortMeanEdit)->Arg(250)->Arg(10000);

void BM_CohortSdEdit(benchmark::State& state) { EditThenRead(state, "cohort_sd(x)"); }
BENCHMARK(BM_CohortSdEdit)->Arg(250)->Arg(10000);

void BM_CohortMedianEdit(benchmark::State& state) { EditThenRead(state, "cohort_median(x)"); }
BENCHMARK(BM_CohortMedianEdit)->Arg(250)->Arg(10000);

void BM_CohortZscoreEdit(benchmark::State& state) { EditThenRead(state, "cohort_zscore(x)"); }
BENCHMARK(BM_CohortZscoreEdit)->Arg(250)->Arg(10000);

void BM_CohortMinMaxByKeyEdit(benchmark::State& state) {
  EditThenRead(state, "cohort_minmax(x by region)");
}
BENCHMARK(BM_CohortMinMaxByKeyEdit)->Arg(250)->Arg(10000);

void BM_WinsorizeEdit(benchmark::State& state) { EditThenRead(state, "winsorize(x)"); }
BENCHMARK(BM_WinsorizeEdit)->Arg(250)->Arg(10000);

void BM_ImputeMeanEdit(benchmark::State& state) {
  EditThenRead(state, "impute(x, cohort_mean by region)");
}
BENCHMARK(BM_ImputeMeanEdit)->Arg(250)->Arg(10000);

}  // namespace
