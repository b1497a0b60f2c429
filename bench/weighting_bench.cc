// Incremental edits under derived weights and TOPSIS (issue 14, docs/benchmarks.md "Weights
// and TOPSIS"): one value of x1 edited in a random row, then that row's weighted groups read
// (Session::node_value, which brings that row up to date as Session::total does in the other
// incremental benchmarks), or every row brought up to date (Session::Update); and a full
// evaluation for comparison. 250 and 10,000 rows per cohort, one period; the `ByRegion`
// variants split the period into 4 cohorts (`by region`) of a quarter of the rows each.
//
//   cmake --build --preset release --target rubric_bench
//   build/release/bench/rubric_bench --benchmark_filter='Entropy|Topsis|CohortSums'
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace {

constexpr int kChildren = 5;
constexpr std::size_t kRegions = 4;

enum Groups : unsigned {
  kEntropy = 1,      // group ew: weights entropy, aggregate mean, children x1..x5 as written
  kEntropyNorm = 2,  // group en: weights entropy, children cohort_minmax(x1..x5)
  kTopsis = 4,       // group tp: aggregate topsis, children x1..x5, the fifth a cost
  kCohortSums = 8,   // the cohort sums entropy reads (Σx, Σ x ln x), no group reading them
};

std::string Children(const char* prefix, const char* before, const char* after, bool last_is_cost) {
  std::string text;
  for (int c = 1; c <= kChildren; ++c) {
    const std::string n = std::to_string(c);
    text += "    indicator " + std::string(prefix) + n +
            (last_is_cost && c == kChildren ? " cost" : "") + " { value " + before + "x" + n +
            after + " }\n";
  }
  return text;
}

// Inputs x1..x5 (positive numbers) and region (4 options); the groups chosen by `groups`.
// With `by`, derived weights and TOPSIS are taken per region.
std::string Source(unsigned groups, bool by) {
  const std::string cohort = by ? " by region" : "";
  std::string source = "standard bench {\n";
  for (int c = 1; c <= kChildren; ++c) source += "  input x" + std::to_string(c) + " : number\n";
  source += "  input region : enum { r0, r1, r2, r3 }\n";
  if ((groups & kEntropy) != 0) {
    source += "  group ew {\n    aggregate mean\n    weights entropy" + cohort + "\n" +
              Children("e", "", "", false) + "  }\n";
  }
  if ((groups & kEntropyNorm) != 0) {
    source += "  group en {\n    aggregate mean\n    weights entropy" + cohort + "\n" +
              Children("n", "cohort_minmax(", (cohort + ")").c_str(), false) + "  }\n";
  }
  if ((groups & kTopsis) != 0) {
    source += "  group tp {\n    aggregate topsis" + cohort + "\n" + Children("t", "", "", true) +
              "  }\n";
  }
  if ((groups & kCohortSums) != 0) {
    // What entropy's weights are built from (per child: the sum of x and of x ln x), each
    // in an indicator of its own: the same cohort sums, but no row reads the cohort's
    // weights.
    for (int c = 1; c <= kChildren; ++c) {
      const std::string x = "x" + std::to_string(c);
      source += "  indicator s" + std::to_string(c) + " { value cohort_sum(" + x + cohort +
                ") }\n  indicator l" + std::to_string(c) + " { value cohort_sum(" + x + " * ln(" +
                x + ")" + cohort + ") }\n";
    }
  }
  return source + "}\n";
}

struct Bench {
  rubric::Session session;
  std::vector<std::size_t> nodes;  // what is read after an edit
};

std::optional<Bench> Make(benchmark::State& state, unsigned groups, bool by) {
  const std::string source = Source(groups, by);
  rubric::CompileResult result = rubric::Standard::Compile(source, "bench.rubric");
  if (!result.ok()) {
    state.SkipWithError("the standard does not compile");
    return std::nullopt;
  }
  std::optional<Bench> made(Bench{rubric::Session(std::move(*result.standard)), {}});
  Bench& bench = *made;
  for (const char* id : {"ew", "en", "tp", "s1", "l1"}) {
    if (auto node = bench.session.standard().FindNode(id)) bench.nodes.push_back(*node);
  }
  const auto rows = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  bench.session.Reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t row = *bench.session.AddRow("E" + std::to_string(r), 2024);
    for (std::size_t c = 0; c < kChildren; ++c) {
      (void)bench.session.SetNumber(row, c, 1 + unit(random) * 999);
    }
    (void)bench.session.SetOption(row, kChildren, r % kRegions);
  }
  bench.session.Evaluate();
  return made;
}

// One value of x1 set in a random row; then that row's groups read (read_all: false) or
// every row brought up to date with Session::Update (read_all: true).
void Edit(benchmark::State& state, unsigned groups, bool by, bool read_all) {
  std::optional<Bench> made = Make(state, groups, by);
  if (!made) return;
  Bench& bench = *made;
  rubric::Session& session = bench.session;
  const std::size_t rows = session.row_count();
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::uint64_t ops_before = session.ops();
  for (auto _ : state) {
    const std::size_t row = random() % rows;
    (void)session.SetNumber(row, 0, 1 + unit(random) * 999);
    if (read_all) session.Update();
    for (const std::size_t node : bench.nodes) {
      benchmark::DoNotOptimize(session.node_value(row, node));
    }
  }
  state.counters["ops_per_edit"] =
      static_cast<double>(session.ops() - ops_before) / static_cast<double>(state.iterations());
}

// Every result computed from scratch.
void Full(benchmark::State& state, unsigned groups, bool by) {
  std::optional<Bench> made = Make(state, groups, by);
  if (!made) return;
  Bench& bench = *made;
  rubric::Session& session = bench.session;
  for (auto _ : state) {
    session.Evaluate();
    benchmark::DoNotOptimize(session.node_value(0, bench.nodes.front()));
  }
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(session.row_count()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// (a) entropy weights, children as written and min-max normalised.
void BM_EditEntropyWeights(benchmark::State& state) { Edit(state, kEntropy, false, false); }
void BM_EditEntropyWeightsUpdateAll(benchmark::State& state) { Edit(state, kEntropy, false, true); }
void BM_EditEntropyWeightsMinMax(benchmark::State& state) {
  Edit(state, kEntropyNorm, false, false);
}
void BM_EditEntropyWeightsMinMaxUpdateAll(benchmark::State& state) {
  Edit(state, kEntropyNorm, false, true);
}
void BM_EvaluateEntropyWeights(benchmark::State& state) { Full(state, kEntropy, false); }
// (b) TOPSIS, five children, one a cost.
void BM_EditTopsis(benchmark::State& state) { Edit(state, kTopsis, false, false); }
void BM_EditTopsisUpdateAll(benchmark::State& state) { Edit(state, kTopsis, false, true); }
void BM_EvaluateTopsis(benchmark::State& state) { Full(state, kTopsis, false); }
// (c) both groups in one standard.
void BM_EditWeightsAndTopsis(benchmark::State& state) {
  Edit(state, kEntropy | kTopsis, false, false);
}
void BM_EditWeightsAndTopsisUpdateAll(benchmark::State& state) {
  Edit(state, kEntropy | kTopsis, false, true);
}
void BM_EvaluateWeightsAndTopsis(benchmark::State& state) {
  Full(state, kEntropy | kTopsis, false);
}
// The same, by region (4 cohorts of a quarter of the rows).
void BM_EditEntropyWeightsByRegion(benchmark::State& state) { Edit(state, kEntropy, true, false); }
void BM_EditTopsisByRegion(benchmark::State& state) { Edit(state, kTopsis, true, false); }
void BM_EditWeightsAndTopsisByRegion(benchmark::State& state) {
  Edit(state, kEntropy | kTopsis, true, false);
}
// The split: entropy's cohort sums alone (no row reads weights built from them).
void BM_EditCohortSums(benchmark::State& state) { Edit(state, kCohortSums, false, false); }
void BM_EditCohortSumsUpdateAll(benchmark::State& state) { Edit(state, kCohortSums, false, true); }

BENCHMARK(BM_EditEntropyWeights)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditEntropyWeightsUpdateAll)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditEntropyWeightsMinMax)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditEntropyWeightsMinMaxUpdateAll)->Arg(250)->Arg(10000);
BENCHMARK(BM_EvaluateEntropyWeights)->Arg(250)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EditTopsis)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditTopsisUpdateAll)->Arg(250)->Arg(10000);
BENCHMARK(BM_EvaluateTopsis)->Arg(250)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EditWeightsAndTopsis)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditWeightsAndTopsisUpdateAll)->Arg(250)->Arg(10000);
BENCHMARK(BM_EvaluateWeightsAndTopsis)->Arg(250)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EditEntropyWeightsByRegion)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditTopsisByRegion)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditWeightsAndTopsisByRegion)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditCohortSums)->Arg(250)->Arg(10000);
BENCHMARK(BM_EditCohortSumsUpdateAll)->Arg(250)->Arg(10000);

}  // namespace
