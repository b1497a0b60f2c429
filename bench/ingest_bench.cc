// CSV ingest: rubric's loader against a hand-written parser of the same file.
//
//   cmake --build --preset release && ./build/release/bench/rubric_ingest_bench
//
// Both read the same in-memory long CSV (entity,period,input,value) for the bundled
// consortium standard, made by rubric's generator: the argument is the number of entities,
// each over 4 periods. Bytes per second are reported for both; rubric's time divided by the
// baseline's is the ingest ratio. Before timing, each benchmark checks that the two give the
// same values.
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "baseline_csv.h"
#include "baseline_data.h"
#include "bench_support.h"
#include "benchmark/benchmark.h"
#include "rubric/data.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace {

constexpr std::size_t kPeriods = 4;

using rubric_bench::Consortium;

// The generated long CSV for `entities` entities over kPeriods periods (made once per size).
const std::string& LongCsv(std::size_t entities) {
  static std::map<std::size_t, std::string> texts;
  auto it = texts.find(entities);
  if (it == texts.end()) {
    rubric::GenerateOptions options;
    options.entities = entities;
    options.periods = kPeriods;
    std::ostringstream out;
    rubric::GenerateCsv(Consortium(), options, /*wide=*/false, out);
    it = texts.emplace(entities, out.str()).first;
  }
  return it->second;
}

// Empty when rubric's loader and the baseline parser give the same rows and values.
std::string Mismatch(const std::string& text) {
  rubric::Session session(Consortium());
  const rubric::LoadReport report = rubric::LoadCsv(session, text, "generated.csv");
  if (!report.ok()) return "rubric did not load the file";
  rubric_baseline::Table table;
  std::string error;
  if (!rubric_baseline::ParseLongCsv(text, &table, &error)) return "baseline: " + error;
  const rubric_baseline::Data expected = rubric_baseline::FromSession(session);
  if (expected.rows != table.data.rows) return "different row counts";
  for (std::size_t r = 0; r < expected.rows; ++r) {
    if (table.entities[r] != session.entity(r) || table.periods[r] != session.period(r)) {
      return "different rows";
    }
  }
  if (expected.values != table.data.values) return "different values";
  if (expected.prev_row != table.data.prev_row) return "different previous periods";
  if (expected.periods != table.data.periods) return "different period counts";
  return {};
}

void BM_LoadCsvLong_Rubric(benchmark::State& state) {
  const std::string& text = LongCsv(static_cast<std::size_t>(state.range(0)));
  if (std::string mismatch = Mismatch(text); !mismatch.empty()) {
    state.SkipWithError(mismatch.c_str());
    return;
  }
  for (auto _ : state) {
    rubric::Session session(Consortium());
    auto report = rubric::LoadCsv(session, text, "generated.csv");
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["rows"] = static_cast<double>(state.range(0)) * kPeriods;
}

void BM_LoadCsvLong_Baseline(benchmark::State& state) {
  const std::string& text = LongCsv(static_cast<std::size_t>(state.range(0)));
  if (std::string mismatch = Mismatch(text); !mismatch.empty()) {
    state.SkipWithError(mismatch.c_str());
    return;
  }
  for (auto _ : state) {
    rubric_baseline::Table table;
    std::string error;
    const bool ok = rubric_baseline::ParseLongCsv(text, &table, &error);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(table.data.values.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["rows"] = static_cast<double>(state.range(0)) * kPeriods;
}

BENCHMARK(BM_LoadCsvLong_Rubric)->Arg(250)->Arg(2500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadCsvLong_Baseline)->Arg(250)->Arg(2500)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
