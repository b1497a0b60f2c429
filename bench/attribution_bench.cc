// What moved a score (rubric/attribution.h) on the bundled consortium standard: one
// attribution per row, with the generator's data (rubric::GenerateInto, as the other suites).
// Part of rubric_bench (evaluation_bench.cc has main).
//
//   cmake --build --preset release
//   build/release/bench/rubric_bench --benchmark_filter=Attribut
//
// BM_AttributeFewChanges: the 2024 row of each city is its 2023 row with `changed` inputs
//   moved (a year in which a few things changed); exact Shapley values over the changed
//   inputs and the context (cohort_minmax: the other cities), 2^(changed + 1) totals.
// BM_AttributeGenerated: consecutive periods of the generator's data, where nearly every
//   input differs: the sampled path with `samples` permutations.
// One iteration = one attribution, cycling through the cities; figures in
// docs/benchmarks.md ("Attribution").
#include <string>
#include <vector>

#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "rubric/attribution.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace {

using rubric_bench::Consortium;

constexpr std::size_t kCities = 300;

rubric::Session Generated(std::size_t periods) {
  rubric::Session session(Consortium());
  rubric::GenerateOptions options;
  options.entities = kCities;
  options.periods = periods;
  options.first_period = 2023;
  (void)rubric::GenerateInto(session, options);
  session.Evaluate();
  return session;
}

// 2024 := 2023 except the first `changed` number inputs (a value swapped with another
// city's, so that it stays within the data's range).
void KeepAllBut(rubric::Session& session, std::size_t changed) {
  const auto inputs = session.standard().inputs();
  std::vector<std::string> entities;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.period(row) == 2023) entities.push_back(session.entity(row));
  }
  for (std::size_t e = 0; e < entities.size(); ++e) {
    const std::size_t a = *session.FindRow(entities[e], 2023);
    const std::size_t b = *session.FindRow(entities[e], 2024);
    const std::size_t donor = *session.FindRow(entities[(e + 1) % entities.size()], 2023);
    std::size_t moved = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      std::size_t from = a;
      if (inputs[i].type == rubric::InputType::kNumber && moved < changed) {
        from = donor;
        ++moved;
      }
      if (session.is_missing(from, i)) {
        (void)session.Clear(b, i);
      } else if (inputs[i].type == rubric::InputType::kText) {
        (void)session.SetText(b, i, session.text(from, i));
      } else if (inputs[i].type == rubric::InputType::kEnum) {
        (void)session.SetOption(b, i, static_cast<std::size_t>(session.value(from, i)));
      } else {
        (void)session.SetNumber(b, i, session.value(from, i));
      }
    }
  }
  session.Update();
}

void Run(benchmark::State& state, rubric::Session& session, rubric::AttributionOptions options) {
  std::vector<std::string> entities;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.period(row) == 2023) entities.push_back(session.entity(row));
  }
  std::size_t next = 0, players = 0, evaluations = 0, done = 0, failed = 0;
  for (auto _ : state) {
    options.entity = entities[next++ % entities.size()];
    rubric::StatusOr<rubric::AttributionResult> r = rubric::Attribute(session, options);
    if (r.ok()) {
      players += r->players;
      evaluations += r->evaluations;
      ++done;
    } else {
      ++failed;
    }
    benchmark::DoNotOptimize(r);
  }
  state.counters["players"] = done ? static_cast<double>(players) / done : 0;
  state.counters["totals"] = done ? static_cast<double>(evaluations) / done : 0;
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["ns_per_total"] = benchmark::Counter(
      static_cast<double>(evaluations), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_AttributeFewChanges(benchmark::State& state) {
  rubric::Session session = Generated(2);
  KeepAllBut(session, static_cast<std::size_t>(state.range(0)));
  Run(state, session, {.entity = "", .from = 2023, .to = 2024});
}
BENCHMARK(BM_AttributeFewChanges)->Arg(3)->Arg(6)->Arg(11)->Unit(benchmark::kMillisecond);

void BM_AttributeGenerated(benchmark::State& state) {
  rubric::Session session = Generated(2);
  Run(state, session,
      {.entity = "",
       .from = 2023,
       .to = 2024,
       .samples = static_cast<std::size_t>(state.range(0))});
}
BENCHMARK(BM_AttributeGenerated)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
