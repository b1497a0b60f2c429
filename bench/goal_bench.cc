// Goal queries (rubric/goal.h) on the bundled consortium standard: one query per row of a
// generated session of 300 entities in one period (one cohort of 300 rows), the rows taken
// in turn. Each query searches every input of the row (single changes), the vetoes of a
// vetoed row and, with the plan, a greedy combined plan; every probe is a value set on the
// session and an incremental update.
//
//   cmake --build --preset release
//   build/release/bench/rubric_goal_bench --benchmark_min_time=3
//
// Figures and their reading: docs/benchmarks.md ("Goal").
#include <cstdint>
#include <string>

#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "rubric/generate.h"
#include "rubric/goal.h"
#include "rubric/session.h"

namespace {

constexpr std::size_t kEntities = 300;

rubric::Session MakeSession() {
  rubric::Session session(rubric_bench::Consortium());
  rubric::GenerateOptions options;
  options.entities = kEntities;
  options.periods = 1;
  options.first_period = 2023;
  options.seed = 7;
  if (!rubric::GenerateInto(session, options).ok()) std::abort();
  session.Evaluate();
  return session;
}

void RunGoal(benchmark::State& state, bool plan) {
  rubric::Session session = MakeSession();
  rubric::GoalOptions options;
  options.plan = plan;
  std::size_t row = 0;
  std::uint64_t probes = 0, queries = 0, reachable = 0, plans = 0, vetoed = 0;
  for (auto _ : state) {
    rubric::StatusOr<rubric::GoalResult> result = rubric::FindGoal(session, row, options);
    if (result.ok()) {
      probes += result->probes;
      for (const rubric::GoalChange& c : result->changes) reachable += c.reachable ? 1 : 0;
      plans += result->plan.found ? 1 : 0;
      vetoed += result->vetoed ? 1 : 0;
    }
    ++queries;
    row = (row + 1) % session.row_count();
  }
  state.counters["probes_per_query"] = static_cast<double>(probes) / static_cast<double>(queries);
  state.counters["reachable_inputs_per_query"] =
      static_cast<double>(reachable) / static_cast<double>(queries);
  state.counters["plans_found_share"] = static_cast<double>(plans) / static_cast<double>(queries);
  state.counters["vetoed_share"] = static_cast<double>(vetoed) / static_cast<double>(queries);
  state.counters["us_per_probe"] =
      benchmark::Counter(static_cast<double>(probes) * 1e-6,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// A whole goal query per row: single changes, vetoes and the combined plan.
void BM_GoalQuery(benchmark::State& state) { RunGoal(state, true); }
// Single changes and vetoes only (--no-plan).
void BM_GoalQuerySingleChanges(benchmark::State& state) { RunGoal(state, false); }

// Every row of the session once (300 queries), with the plan.
void BM_GoalAllRows(benchmark::State& state) {
  rubric::Session session = MakeSession();
  for (auto _ : state) {
    for (std::size_t row = 0; row < session.row_count(); ++row) {
      benchmark::DoNotOptimize(rubric::FindGoal(session, row, {}));
    }
  }
  state.counters["rows"] = static_cast<double>(session.row_count());
}

// For scale: one full evaluation of the same session (what each probe would cost without the
// incremental path).
void BM_FullEvaluation(benchmark::State& state) {
  rubric::Session session = MakeSession();
  for (auto _ : state) {
    session.Evaluate();
    benchmark::DoNotOptimize(session.total(0));
  }
}

BENCHMARK(BM_FullEvaluation)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GoalQuery)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GoalQuerySingleChanges)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GoalAllRows)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
