// Shared by the libFuzzer targets: what to do with a standard that compiled.
#ifndef RUBRIC_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define RUBRIC_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "rubric/diagnostic.h"
#include "rubric/explain.h"
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

// Compiles `source` (a variant gets LoadFuzzBase's base); renders its diagnostics;
// exercises the standard when it compiled.
inline void CompileAndExercise(std::string_view source) {
  CompileOptions options;
  options.file_name = "fuzz.rubric";
  options.load_base = LoadFuzzBase;
  CompileResult result = Standard::Compile(source, options);
  (void)RenderAll(result.diagnostics, source);
  if (!result.ok()) return;
  Exercise(*result.standard, source.size());
}

}  // namespace rubric::fuzz

#endif  // RUBRIC_TESTS_FUZZ_FUZZ_SUPPORT_H_
