// The authoring tools on the bundled consortium standard and on generated standards of
// 10^3..10^4 indicators: formatting, linting, compiling a variant with its base, diffing
// two standards. Authors run these interactively and editors on every save, so they must
// stay well under the time of a keystroke for real standards.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "bench_support.h"
#include "rubric/diff.h"
#include "rubric/format.h"
#include "rubric/generate.h"
#include "rubric/lint.h"
#include "rubric/standard.h"

namespace {

using rubric_bench::Consortium;
using rubric_bench::ConsortiumSource;
using rubric_bench::ReadSourceFile;

std::string GeneratedSource(std::int64_t indicators) {
  rubric::StandardShape shape;
  shape.indicators = static_cast<std::size_t>(indicators);
  return rubric::GenerateStandardSource(shape);
}

void BM_FormatConsortium(benchmark::State& state) {
  for (auto _ : state) {
    auto result = rubric::FormatSource(ConsortiumSource(), "standard.rubric");
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(ConsortiumSource().size()));
}
BENCHMARK(BM_FormatConsortium)->Unit(benchmark::kMicrosecond);

void BM_FormatGenerated(benchmark::State& state) {
  const std::string source = GeneratedSource(state.range(0));
  for (auto _ : state) {
    auto result = rubric::FormatSource(source, "generated.rubric");
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(source.size()));
}
BENCHMARK(BM_FormatGenerated)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_LintConsortium(benchmark::State& state) {
  for (auto _ : state) {
    auto findings = rubric::Lint(Consortium());
    benchmark::DoNotOptimize(findings);
  }
}
BENCHMARK(BM_LintConsortium)->Unit(benchmark::kMicrosecond);

void BM_LintGenerated(benchmark::State& state) {
  const rubric::CompileResult compiled =
      rubric::Standard::Compile(GeneratedSource(state.range(0)), "generated.rubric");
  for (auto _ : state) {
    auto findings = rubric::Lint(*compiled.standard);
    benchmark::DoNotOptimize(findings);
  }
}
BENCHMARK(BM_LintGenerated)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The provincial variant: its base is parsed too, then the variant applied and checked.
void BM_CompileVariant(benchmark::State& state) {
  const std::string base = ConsortiumSource();
  const std::string variant = ReadSourceFile("examples/consortium/jiangsu.rubric");
  rubric::CompileOptions options;
  options.file_name = "jiangsu.rubric";
  options.load_base = [&base](std::string_view, std::string_view,
                              std::string_view) -> rubric::StatusOr<rubric::SourceFile> {
    return rubric::SourceFile{"standard.rubric", base};
  };
  for (auto _ : state) {
    auto result = rubric::Standard::Compile(variant, options);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_CompileVariant)->Unit(benchmark::kMicrosecond);

void BM_DiffConsortiumWithVariant(benchmark::State& state) {
  const rubric::CompileResult variant = rubric::Standard::CompileFile(
      std::string(RUBRIC_SOURCE_DIR) + "/examples/consortium/jiangsu.rubric");
  for (auto _ : state) {
    auto changes = rubric::DiffStandards(Consortium(), *variant.standard);
    benchmark::DoNotOptimize(changes);
  }
}
BENCHMARK(BM_DiffConsortiumWithVariant)->Unit(benchmark::kMicrosecond);

}  // namespace
