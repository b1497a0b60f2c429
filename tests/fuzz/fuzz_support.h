// Shared by the libFuzzer targets: what to do with a standard that compiled.
#ifndef RUBRIC_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define RUBRIC_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "rubric/diagnostic.h"
#include "rubric/explain.h"
#include "rubric/format.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric::fuzz {

// A fuzzer's finding that is not a crash: incremental and full evaluation disagree.
[[noreturn]] inline void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "rubric fuzz: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// The bundled consortium standard, compiled once: the standard the data targets read with.
inline const Standard& BundledConsortium() {
  static const Standard standard = [] {
    std::ifstream in(RUBRIC_SOURCE_DIR "/examples/consortium/standard.rubric");
    std::ostringstream text;
    text << in.rdbuf();
    CompileResult result = Standard::Compile(text.str(), "standard.rubric");
    if (!result.ok()) Fail("the bundled standard does not compile", "");
    return std::move(*result.standard);
  }();
  return standard;
}

// Scores a few generated rows, reads and explains every result, edits, removes and re-adds
// rows, and checks the incremental results against a full evaluation.
inline void Exercise(const Standard& standard, std::uint64_t seed) {
  Session session(standard);
  GenerateOptions options;
  options.entities = 5;
  options.periods = 3;
  options.seed = seed;
  options.missing = 0.1;
  if (!GenerateInto(session, options).ok()) return;
  session.Evaluate(seed % 2 == 0 ? 1 : 2);
  const std::size_t nodes = standard.nodes().size();
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    (void)session.total(row);
    (void)session.grade(row);
    (void)session.fired_vetoes(row);
    (void)session.Explain(row);
    for (std::size_t node = 0; node < nodes && node < 16; ++node) {
      (void)session.Explain(row, node);
    }
  }
  const std::size_t inputs = standard.inputs().size();
  for (std::size_t i = 0; i < inputs && i < 32; ++i) {
    const std::size_t row = (seed + i) % session.row_count();
    if (i % 3 == 0) {
      (void)session.Clear(row, i);
    } else {
      (void)session.SetFromString(row, i, i % 2 == 0 ? "1" : "0");
    }
    (void)session.total((row + 1) % session.row_count());
  }
  if (session.row_count() > 2) (void)session.RemoveRow(1);
  if (const Status verified = session.VerifyAgainstFullEvaluation(); !verified.ok()) {
    Fail("incremental evaluation differs from full evaluation", verified.message());
  }
}

// The base every variant gets: a small standard named as the variant asks, so that
// `extends` with any name reaches the merge of the variant into its base.
inline StatusOr<SourceFile> LoadFuzzBase(std::string_view base_id, std::string_view,
                                         std::string_view) {
  std::string text = "standard " + std::string(base_id) + R"( "base" {
  total 10
  unit [亩]
  grades { A >= 8  B otherwise  F when vetoed }
  let target = 500
  group g "g" points 10 {
    indicator a "a" points 4 { input x : bool  score x }
    indicator b "b" points 6 {
      input y : number [万元] >= 0
      input area : number [亩]
      score ratio(y, target) * (area >= 10)
    }
  }
  veto v "v" when not x and prev(x)
})";
  return SourceFile{"base.rubric", std::move(text)};
}

// Totals of generated rows, bit for bit (NaN equals NaN).
inline bool SameTotals(const Standard& a, const Standard& b, std::uint64_t seed) {
  Session first(a);
  Session second(b);
  GenerateOptions options;
  options.entities = 4;
  options.periods = 2;
  options.seed = seed;
  options.missing = 0.1;
  const bool generated = GenerateInto(first, options).ok();
  // Data the generator cannot make for one (bounds like `>= 1e308`) it cannot make for both.
  if (generated != GenerateInto(second, options).ok()) return false;
  if (!generated) return true;
  if (first.row_count() != second.row_count()) return false;
  for (std::size_t row = 0; row < first.row_count(); ++row) {
    const double x = first.total(row);
    const double y = second.total(row);
    if (!(x == y || (x != x && y != y))) return false;
  }
  return true;
}

// The formatter's promises on any text that parses: the result parses, formatting it again
// changes nothing, and it means the same (compiles exactly when the source does, to a
// standard that scores the same).
inline void CheckFormatting(std::string_view source, const CompileOptions& options,
                            const CompileResult& original) {
  const FormatResult formatted = FormatSource(source, options.file_name);
  if (!formatted.ok()) return;
  const FormatResult again = FormatSource(*formatted.text, options.file_name);
  if (!again.ok()) Fail("the formatted text does not parse", *formatted.text);
  if (*again.text != *formatted.text) Fail("formatting is not idempotent", *formatted.text);
  const CompileResult reformatted = Standard::Compile(*formatted.text, options);
  if (reformatted.ok() != original.ok()) {
    Fail("formatting changed whether the standard compiles", *formatted.text);
  }
  if (original.ok() && !SameTotals(*original.standard, *reformatted.standard, source.size())) {
    Fail("the formatted standard scores differently", *formatted.text);
  }
}

// Compiles `source` (a variant gets LoadFuzzBase's base); renders its diagnostics; checks
// the formatter on it; exercises the standard when it compiled.
inline void CompileAndExercise(std::string_view source) {
  CompileOptions options;
  options.file_name = "fuzz.rubric";
  options.load_base = LoadFuzzBase;
  CompileResult result = Standard::Compile(source, options);
  (void)RenderAll(result.diagnostics, source);
  CheckFormatting(source, options, result);
  if (!result.ok()) return;
  Exercise(*result.standard, source.size());
}

}  // namespace rubric::fuzz

#endif  // RUBRIC_TESTS_FUZZ_FUZZ_SUPPORT_H_
