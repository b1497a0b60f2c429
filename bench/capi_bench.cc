// Reading results through the C ABI (librubric.so): every total of a 100,000-row session of
// the bundled consortium standard, row by row (rubric_session_total per row) against
// columnar (one rubric_session_totals call into a caller's buffer); the same for one node's
// values (rubric_session_node_value against rubric_session_node_values). The session is
// filled and evaluated once, outside the timings, so both sides read current results.
// Only rubric.h is used, as an embedding program would.
//
//   cmake --build --preset release
//   build/release/bench/rubric_capi_bench --benchmark_min_time=1
//
// Figures and their reading: docs/benchmarks.md ("C ABI: row by row against columnar").
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "rubric.h"

namespace {

constexpr std::size_t kRows = 100000;
constexpr std::size_t kPeriods = 4;

void Must(int status, const char* what) {
  if (status != RUBRIC_OK) {
    std::fprintf(stderr, "%s: %s\n", what, rubric_status_string(status));
    std::abort();
  }
}

struct Fixture {
  rubric_standard* standard = nullptr;
  rubric_session* session = nullptr;
  std::size_t node = 0;  // the first top-level group

  Fixture() {
    const std::string path =
        std::string(RUBRIC_SOURCE_DIR) + "/examples/consortium/standard.rubric";
    Must(rubric_standard_compile_file(&standard, nullptr, path.c_str(), nullptr), "compile");
    Must(rubric_session_create(&session, standard), "session");
    std::vector<std::size_t> rows;
    rows.reserve(kRows);
    for (std::size_t e = 0; e < kRows / kPeriods; ++e) {
      const std::string entity = "C" + std::to_string(e);
      for (std::size_t p = 0; p < kPeriods; ++p) {
        std::size_t row = 0;
        Must(rubric_session_add_row(session, entity.c_str(), static_cast<int64_t>(2021 + p), &row),
             "add_row");
        rows.push_back(row);
      }
    }
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> values(rows.size());
    for (std::size_t input = 0; input < rubric_standard_input_count(standard); ++input) {
      const int type = rubric_standard_input_type(standard, input);
      if (type == RUBRIC_TYPE_TEXT) continue;
      if (type == RUBRIC_TYPE_ENUM) {
        const std::size_t options = rubric_standard_input_option_count(standard, input);
        for (std::size_t row : rows) {
          Must(rubric_session_set_option(session, row, input, random() % options), "set_option");
        }
        continue;
      }
      for (double& v : values) {
        v = type == RUBRIC_TYPE_BOOL                                  ? (unit(random) < 0.7 ? 1 : 0)
            : type == RUBRIC_TYPE_INTEGER || type == RUBRIC_TYPE_RANK ? double(random() % 50)
                                                                      : unit(random) * 100;
      }
      Must(rubric_session_set_numbers(session, input, rows.data(), values.data(), nullptr,
                                      rows.size()),
           "set_numbers");
    }
    Must(rubric_session_evaluate(session), "evaluate");
  }
  ~Fixture() {
    rubric_session_free(session);
    rubric_standard_free(standard);
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void Report(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kRows) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_CapiTotalsRowByRow(benchmark::State& state) {
  Fixture& f = Shared();
  std::vector<double> out(kRows);
  for (auto _ : state) {
    for (std::size_t row = 0; row < kRows; ++row) {
      if (rubric_session_total(f.session, row, &out[row]) != RUBRIC_OK) out[row] = 0;
    }
    benchmark::DoNotOptimize(out.data());
  }
  Report(state);
}
BENCHMARK(BM_CapiTotalsRowByRow)->Unit(benchmark::kMillisecond);

void BM_CapiTotalsColumnar(benchmark::State& state) {
  Fixture& f = Shared();
  std::vector<double> out(kRows);
  for (auto _ : state) {
    Must(rubric_session_totals(f.session, nullptr, kRows, out.data()), "totals");
    benchmark::DoNotOptimize(out.data());
  }
  Report(state);
}
BENCHMARK(BM_CapiTotalsColumnar)->Unit(benchmark::kMillisecond);

void BM_CapiNodeValuesRowByRow(benchmark::State& state) {
  Fixture& f = Shared();
  std::vector<double> out(kRows);
  for (auto _ : state) {
    for (std::size_t row = 0; row < kRows; ++row) {
      if (rubric_session_node_value(f.session, row, f.node, &out[row]) != RUBRIC_OK) out[row] = 0;
    }
    benchmark::DoNotOptimize(out.data());
  }
  Report(state);
}
BENCHMARK(BM_CapiNodeValuesRowByRow)->Unit(benchmark::kMillisecond);

void BM_CapiNodeValuesColumnar(benchmark::State& state) {
  Fixture& f = Shared();
  std::vector<double> out(kRows);
  for (auto _ : state) {
    Must(rubric_session_node_values(f.session, f.node, nullptr, kRows, out.data()), "node_values");
    benchmark::DoNotOptimize(out.data());
  }
  Report(state);
}
BENCHMARK(BM_CapiNodeValuesColumnar)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
