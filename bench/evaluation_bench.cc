// Compile, ingest and full-evaluation benchmarks on the bundled consortium standard.
//
//   cmake --build --preset release && ./build/release/bench/rubric_bench
//
// Rows are synthetic: every input gets a deterministic pseudo-random value of its type, so
// the work per row is that of real data (every rule, cohort and prev runs).
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>

#include "baseline_consortium.h"
#include "baseline_data.h"
#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "rubric/data.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace {

using rubric_bench::Consortium;
using rubric_bench::ConsortiumSource;

// Fills `rows` rows: entities C0..C(n/periods), periods 2000.. , random values by type.
void FillSession(rubric::Session& session, std::size_t rows, std::size_t periods) {
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto inputs = session.standard().inputs();
  const std::size_t entities = std::max<std::size_t>(1, rows / periods);
  for (std::size_t e = 0; e < entities; ++e) {
    for (std::size_t p = 0; p < periods; ++p) {
      const std::size_t row =
          *session.AddRow("C" + std::to_string(e), 2000 + static_cast<std::int64_t>(p));
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        switch (inputs[i].type) {
          case rubric::InputType::kBool:
            (void)session.SetNumber(row, i, unit(random) < 0.7);
            break;
          case rubric::InputType::kEnum:
            (void)session.SetOption(row, i, random() % inputs[i].options.size());
            break;
          case rubric::InputType::kText:
            (void)session.SetText(row, i, "text");
            break;
          case rubric::InputType::kRank:
          case rubric::InputType::kInteger:
            (void)session.SetNumber(row, i, static_cast<double>(random() % 50));
            break;
          default:
            (void)session.SetNumber(row, i, unit(random) * 1000);
            break;
        }
      }
    }
  }
}

void BM_CompileConsortium(benchmark::State& state) {
  for (auto _ : state) {
    auto result = rubric::Standard::Compile(ConsortiumSource(), "standard.rubric");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_CompileConsortium)->Unit(benchmark::kMicrosecond);

// Compiling generated standards of 10^3..10^5 indicators (fan-out 8, 10% cohort, 5% prev):
// the time per node should stay flat (linear compile).
void BM_CompileGenerated(benchmark::State& state) {
  rubric::StandardShape shape;
  shape.indicators = static_cast<std::size_t>(state.range(0));
  const std::string source = rubric::GenerateStandardSource(shape);
  std::size_t nodes = 0;
  for (auto _ : state) {
    auto result = rubric::Standard::Compile(source, "generated.rubric");
    nodes = result.standard->nodes().size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["us_per_node"] = benchmark::Counter(
      static_cast<double>(nodes) / 1e6,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(source.size()));
}
BENCHMARK(BM_CompileGenerated)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The content hash of those standards: Compile leaves it to the first call of
// Standard::content_hash(), which writes the canonical form and hashes it. Only that call
// is timed, on a fresh compilation each iteration.
void BM_ContentHashGenerated(benchmark::State& state) {
  rubric::StandardShape shape;
  shape.indicators = static_cast<std::size_t>(state.range(0));
  const std::string source = rubric::GenerateStandardSource(shape);
  for (auto _ : state) {
    state.PauseTiming();
    std::optional<rubric::Standard> standard =
        rubric::Standard::Compile(source, "generated.rubric").standard;
    state.ResumeTiming();
    benchmark::DoNotOptimize(standard->content_hash().data());
    state.PauseTiming();
    standard.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ContentHashGenerated)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_EvaluateConsortium(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  rubric::Session session(Consortium());
  FillSession(session, rows, 4);
  for (auto _ : state) {
    session.Evaluate();
    benchmark::DoNotOptimize(session.total(0));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(session.row_count()));
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(session.row_count()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_EvaluateConsortium)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

// The same evaluation by the hand-written baseline (bench/baseline_consortium*.cc), on the
// same values: rubric's time divided by this one is the ratio docs/benchmarks.md reports.
void BM_BaselineConsortium(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  rubric::Session session(Consortium());
  FillSession(session, rows, 4);
  const rubric_baseline::Data data = rubric_baseline::FromSession(session);
  for (auto _ : state) {
    rubric_baseline::Results results = rubric_baseline::Evaluate(data);
    benchmark::DoNotOptimize(results.totals.data());
  }
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}
BENCHMARK(BM_BaselineConsortium)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

// Full evaluation split between threads (results identical for any count): {threads, rows}.
void BM_EvaluateConsortiumThreads(benchmark::State& state) {
  rubric::Session session(Consortium());
  FillSession(session, static_cast<std::size_t>(state.range(1)), 4);
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    session.Evaluate(threads);
    benchmark::DoNotOptimize(session.total(0));
  }
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(session.row_count()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_EvaluateConsortiumThreads)
    ->Args({1, 100000})
    ->Args({2, 100000})
    ->Args({1, 1000000})
    ->Args({2, 1000000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One edited value, then reading that row's total (or, with read_all, every row's total):
// the incremental path. `input` names the edited input: a row-only one, or one under a
// cohort function. Random new values, one period (the whole session is one cohort).
void IncrementalEdit(benchmark::State& state, const char* input_id, bool read_all = false) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  rubric::Session session(Consortium());
  FillSession(session, rows, 1);  // one period: the whole session is one cohort
  session.Evaluate();
  const std::size_t input = *session.standard().FindInput(input_id);
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::uint64_t ops_before = session.ops();
  for (auto _ : state) {
    const std::size_t row = random() % session.row_count();
    const bool is_bool = session.standard().inputs()[input].type == rubric::InputType::kBool;
    (void)session.SetNumber(row, input, is_bool ? (unit(random) < 0.5) : unit(random) * 1000);
    benchmark::DoNotOptimize(session.total(row));
    if (read_all) {
      for (std::size_t r = 0; r < session.row_count(); ++r) {
        benchmark::DoNotOptimize(session.total(r));
      }
    }
  }
  state.counters["ops_per_edit"] =
      static_cast<double>(session.ops() - ops_before) / static_cast<double>(state.iterations());
}

void BM_IncrementalRowOnlyEdit(benchmark::State& state) { IncrementalEdit(state, "p1_1_1"); }
BENCHMARK(BM_IncrementalRowOnlyEdit)->Arg(250)->Arg(10000)->Arg(100000);

void BM_IncrementalMinMaxEdit(benchmark::State& state) { IncrementalEdit(state, "p13_3_5"); }
BENCHMARK(BM_IncrementalMinMaxEdit)->Arg(250)->Arg(10000);

void BM_IncrementalRankEdit(benchmark::State& state) { IncrementalEdit(state, "p8_2_2"); }
BENCHMARK(BM_IncrementalRankEdit)->Arg(250)->Arg(10000);

void BM_IncrementalMinMaxEditReadAll(benchmark::State& state) {
  IncrementalEdit(state, "p13_3_5", true);
}
BENCHMARK(BM_IncrementalMinMaxEditReadAll)->Arg(250)->Arg(10000);

void BM_IncrementalRankEditReadAll(benchmark::State& state) {
  IncrementalEdit(state, "p8_2_2", true);
}
BENCHMARK(BM_IncrementalRankEditReadAll)->Arg(250)->Arg(10000);

// Explaining one row completely: the total, then every node (its rule, the inputs it read,
// its cohort context, its children), as an application's "why this score" view would.
void BM_ExplainRow(benchmark::State& state) {
  rubric::Session session(Consortium());
  FillSession(session, static_cast<std::size_t>(state.range(0)), 4);
  session.Evaluate();
  const std::size_t nodes = session.standard().nodes().size();
  std::mt19937_64 random(11);
  for (auto _ : state) {
    const std::size_t row = random() % session.row_count();
    auto total = session.Explain(row);
    benchmark::DoNotOptimize(total);
    for (std::size_t node = 0; node < nodes; ++node) {
      auto explanation = session.Explain(row, node);
      benchmark::DoNotOptimize(explanation);
    }
  }
  state.counters["explanations"] = static_cast<double>(nodes + 1);
}
BENCHMARK(BM_ExplainRow)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);

void BM_LoadCsvLong(benchmark::State& state) {
  const std::string data = rubric_bench::ReadSourceFile("tests/golden/oracle/s2.csv");
  const rubric::Standard standard = Consortium();
  for (auto _ : state) {
    rubric::Session session(standard);
    auto report = rubric::LoadCsv(session, data, "s2.csv");
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_LoadCsvLong)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
