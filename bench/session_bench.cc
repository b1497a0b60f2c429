// Session benchmarks on the bundled consortium standard: columnar loading through the API,
// and the memory a filled session holds. Part of rubric_bench (evaluation_bench.cc has main).
//
//   cmake --build --preset release
//   build/release/bench/rubric_bench --benchmark_filter='Columnar|SessionMemory'
//
// The requirements: columnar loading (one input's values for many rows in one call) must
// make ingest negligible next to evaluation, and a session must hold at most 1.5x its raw
// values (slots x rows x 8 bytes) plus the fixed plan.
//
// Compare BM_ColumnarIngest's ns_per_row with BM_EvaluateConsortium's ns_per_row at the same
// size. Ingest covers adding the rows and setting every number input with one SetNumbers call
// per input; the four enum inputs go cell by cell through SetOption. BM_ColumnarSetNumbers
// times the SetNumbers calls alone, BM_CellSetNumber the same values through SetNumber.
// Figures and their reading: docs/benchmarks.md (columnar ingest against full evaluation;
// session memory against the raw values).
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace {

constexpr std::size_t kPeriods = 4;

using rubric_bench::Consortium;

// Columns of values for `rows` rows, as a caller would hold them before loading: per input
// one value per row (number inputs) or one option index per row (enum inputs). Same value
// distribution as FillSession in evaluation_bench.cc.
struct Columns {
  std::vector<std::string> entities;
  std::vector<std::vector<double>> numbers;       // per input; empty for enum and text
  std::vector<std::vector<std::size_t>> options;  // per input; empty unless enum
};

Columns MakeColumns(std::size_t rows) {
  const auto inputs = Consortium().inputs();
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Columns columns;
  columns.numbers.resize(inputs.size());
  columns.options.resize(inputs.size());
  const std::size_t entities = std::max<std::size_t>(1, rows / kPeriods);
  for (std::size_t e = 0; e < entities; ++e) columns.entities.push_back("C" + std::to_string(e));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (std::size_t row = 0; row < entities * kPeriods; ++row) {
      switch (inputs[i].type) {
        case rubric::InputType::kBool:
          columns.numbers[i].push_back(unit(random) < 0.7 ? 1.0 : 0.0);
          break;
        case rubric::InputType::kEnum:
          columns.options[i].push_back(random() % inputs[i].options.size());
          break;
        case rubric::InputType::kText:
          break;
        case rubric::InputType::kRank:
        case rubric::InputType::kInteger:
          columns.numbers[i].push_back(static_cast<double>(random() % 50));
          break;
        default:
          columns.numbers[i].push_back(unit(random) * 1000);
          break;
      }
    }
  }
  return columns;
}

// Adds the rows (entity by entity, kPeriods periods each) and loads every column.
bool Load(rubric::Session& session, const Columns& columns) {
  session.Reserve(columns.entities.size() * kPeriods);
  for (const std::string& entity : columns.entities) {
    for (std::size_t p = 0; p < kPeriods; ++p) {
      if (!session.AddRow(entity, 2000 + static_cast<std::int64_t>(p)).ok()) return false;
    }
  }
  for (std::size_t i = 0; i < columns.numbers.size(); ++i) {
    if (!columns.numbers[i].empty() && !session.SetNumbers(i, columns.numbers[i]).ok()) {
      return false;
    }
    for (std::size_t row = 0; row < columns.options[i].size(); ++row) {
      if (!session.SetOption(row, i, columns.options[i][row]).ok()) return false;
    }
  }
  return true;
}

// Rows added and every input set, by columns, into a fresh session. No evaluation.
void BM_ColumnarIngest(benchmark::State& state) {
  const Columns columns = MakeColumns(static_cast<std::size_t>(state.range(0)));
  const std::size_t rows = columns.entities.size() * kPeriods;
  for (auto _ : state) {
    rubric::Session session(Consortium());
    if (!Load(session, columns)) {
      state.SkipWithError("a value was refused");
      return;
    }
    benchmark::DoNotOptimize(session.value(rows - 1, 0));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}
BENCHMARK(BM_ColumnarIngest)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// Setting the number columns only, into rows that exist (the SetNumbers calls alone).
void BM_ColumnarSetNumbers(benchmark::State& state) {
  const Columns columns = MakeColumns(static_cast<std::size_t>(state.range(0)));
  const std::size_t rows = columns.entities.size() * kPeriods;
  rubric::Session session(Consortium());
  if (!Load(session, columns)) {
    state.SkipWithError("a value was refused");
    return;
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < columns.numbers.size(); ++i) {
      if (!columns.numbers[i].empty()) (void)session.SetNumbers(i, columns.numbers[i]);
    }
    benchmark::DoNotOptimize(session.value(rows - 1, 0));
  }
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}
BENCHMARK(BM_ColumnarSetNumbers)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The same values set cell by cell with SetNumber, for comparison.
void BM_CellSetNumber(benchmark::State& state) {
  const Columns columns = MakeColumns(static_cast<std::size_t>(state.range(0)));
  const std::size_t rows = columns.entities.size() * kPeriods;
  rubric::Session session(Consortium());
  if (!Load(session, columns)) {
    state.SkipWithError("a value was refused");
    return;
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < columns.numbers.size(); ++i) {
      for (std::size_t row = 0; row < columns.numbers[i].size(); ++row) {
        (void)session.SetNumber(row, i, columns.numbers[i][row]);
      }
    }
    benchmark::DoNotOptimize(session.value(rows - 1, 0));
  }
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}
BENCHMARK(BM_CellSetNumber)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// A filled, evaluated session's memory against its raw values. `ratio` is after a full
// evaluation; `ratio_incremental` after one edit and read as well, which builds the
// engine's per-period sorted state of every cohort function (kept from then on).
void BM_SessionMemory(benchmark::State& state) {
  const Columns columns = MakeColumns(static_cast<std::size_t>(state.range(0)));
  const std::size_t rows = columns.entities.size() * kPeriods;
  std::size_t memory = 0, raw = 0, incremental = 0;
  for (auto _ : state) {
    rubric::Session session(Consortium());
    if (!Load(session, columns)) {
      state.SkipWithError("a value was refused");
      return;
    }
    session.Evaluate();
    memory = session.memory_bytes();
    raw = session.raw_value_bytes();
    const std::size_t input = *session.standard().FindInput("p8_2_2");  // under cohort_rank
    (void)session.SetNumber(0, input, 7);
    benchmark::DoNotOptimize(session.total(0));
    incremental = session.memory_bytes();
  }
  const auto per_row = [rows](std::size_t bytes) {
    return static_cast<double>(bytes) / static_cast<double>(rows);
  };
  state.counters["bytes_per_row"] = per_row(memory);
  state.counters["raw_bytes_per_row"] = per_row(raw);
  state.counters["ratio"] = static_cast<double>(memory) / static_cast<double>(raw);
  state.counters["ratio_incremental"] = static_cast<double>(incremental) / static_cast<double>(raw);
}
BENCHMARK(BM_SessionMemory)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
