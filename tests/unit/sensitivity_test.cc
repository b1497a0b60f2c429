// AnalyzeSensitivity against the brute-force reference: every run's totals, bit for bit,
// and the whole summary, equal to scoring each run's variant standard in full.
#include "rubric/sensitivity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "analysis/sensitivity_internal.h"
#include "bench_support.h"
#include "rubric/data.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

// Normalize, missing children shared out, a group without declared points, a veto-only
// indicator of 0 points, a group coverage and grades with a veto grade.
constexpr const char* kMini = R"(standard mini "Mini" {
  total 100
  grades { A >= 80  B >= 60  C otherwise  V when vetoed }
  group G1 "one" points 40 {
    input a : number missing exclude
    input b : number
    input c : number missing exclude
    indicator i1 points 10 { score a / 10 }
    indicator i2 points 20 { score b / 10 }
    indicator i3 points 10 { score c / 10 }
  }
  group G2 "two" points 50 normalize {
    input d : number
    input e : number missing exclude
    indicator i4 points 3 { score d / 10 }
    indicator i5 points 7 { score e / 10 }
    group G21 "two-one" points 10 {
      coverage >= 50%
      input h : number missing exclude
      input k : number missing exclude
      indicator i8 points 5 { score h / 10 }
      indicator i9 points 5 { score k / 10 }
    }
  }
  group G3 "three" {
    input f : number
    input g : number
    indicator i6 points 4 { score f / 10 }
    indicator i7 points 6 { score g / 10 }
    indicator v1 "veto" { veto when f > 9.5 }
  }
}
)";

Standard CompileOrDie(const std::string& source) {
  CompileResult compiled = Standard::Compile(source, "mini.rubric");
  if (!compiled.ok()) {
    for (const Diagnostic& d : compiled.diagnostics) ADD_FAILURE() << Render(d, source);
  }
  return std::move(*compiled.standard);
}

Session MiniSession(const Standard& standard) {
  Session session(standard);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0.0, 10.0);
  for (int period = 2023; period <= 2024; ++period) {
    for (int e = 0; e < 14; ++e) {
      const std::size_t row = *session.AddRow("E" + std::to_string(e), period);
      for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
        const double value = unit(rng);
        if (standard.inputs()[input].missing == MissingPolicy::kExclude && rng() % 4 == 0) continue;
        // Some equal values, so that ties occur.
        EXPECT_TRUE(session.SetNumber(row, input, e % 5 == 0 ? 7.5 : value).ok());
      }
    }
  }
  // A vetoed row.
  EXPECT_TRUE(session.SetNumber(*session.FindRow("E1", 2023), *standard.FindInput("f"), 9.9).ok());
  // A row with nothing present in G1's excluded inputs and G21 below its coverage.
  const std::size_t row = *session.AddRow("Z", 2024);
  EXPECT_TRUE(session.SetNumber(row, *standard.FindInput("b"), 5).ok());
  EXPECT_TRUE(session.SetNumber(row, *standard.FindInput("h"), 5).ok());
  return session;
}

void ExpectSameRuns(const internal::SensitivityTrace& fast, const internal::SensitivityTrace& ref) {
  ASSERT_EQ(fast.rows, ref.rows);
  ASSERT_EQ(fast.totals.size(), ref.totals.size());
  std::size_t differences = 0;
  for (std::size_t i = 0; i < fast.totals.size(); ++i) {
    if (std::memcmp(&fast.totals[i], &ref.totals[i], sizeof(double)) != 0) {
      if (++differences < 5) {
        ADD_FAILURE() << "run " << i / fast.rows.size() << " row " << i % fast.rows.size()
                      << ": fast " << fast.totals[i] << " reference " << ref.totals[i];
      }
    }
  }
  EXPECT_EQ(differences, 0u);
  // The samples do move the totals (run 0 is the nominal one).
  std::size_t moved = 0;
  const std::size_t rows = fast.rows.size();
  for (std::size_t i = rows; i < fast.totals.size(); ++i) {
    const double nominal = fast.totals[i % rows];
    if (!std::isnan(nominal) && fast.totals[i] != nominal) ++moved;
  }
  EXPECT_GT(moved, (fast.totals.size() - rows) / 2);
}

void ExpectMatchesReference(const Session& session, const std::string& source,
                            const SensitivityOptions& options) {
  internal::SensitivityTrace fast, ref;
  StatusOr<SensitivityResult> a =
      internal::AnalyzeSensitivityWith(session, options, nullptr, &fast);
  ASSERT_TRUE(a.ok()) << a.status().message();
  const internal::SensitivityEvaluator brute =
      internal::BruteForceSensitivityEvaluator(session, source);
  StatusOr<SensitivityResult> b = internal::AnalyzeSensitivityWith(session, options, &brute, &ref);
  ASSERT_TRUE(b.ok()) << b.status().message();
  ExpectSameRuns(fast, ref);
  EXPECT_EQ(SensitivityToJson(*a), SensitivityToJson(*b));
  EXPECT_EQ(SensitivityToCsv(*a), SensitivityToCsv(*b));
}

TEST(SensitivityTest, DefaultFactorsMatchFullEvaluationBitForBit) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options;
  options.samples = 60;
  options.seed = 11;
  options.vary = 0.5;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  // The top level, G1, G2, G21 and G3 vary.
  ASSERT_EQ(result->factors.size(), 5u);
  EXPECT_EQ(result->factors[0].group, "total");
  EXPECT_EQ(result->factors[0].method, "uniform ±50%");
  EXPECT_EQ(result->grades, (std::vector<std::string>{"A", "B", "C", "V"}));
  ExpectMatchesReference(session, kMini, options);
}

TEST(SensitivityTest, DirichletAndFixedFactorsMatchFullEvaluation) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  StatusOr<std::vector<SensitivityFactor>> factors = ParseSensitivityFactors(
      "# weights\n"
      "G2 dirichlet 4   # around the declared shares\n"
      "total uniform 30%\n"
      "G1 fixed\n"
      "G21 dirichlet 0.5\n");
  ASSERT_TRUE(factors.ok()) << factors.status().message();
  SensitivityOptions options;
  options.samples = 40;
  options.seed = 5;
  options.factors = *factors;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->factors.size(), 3u);  // total, G2, G21 (standard order); G1 fixed
  EXPECT_EQ(result->factors[1].group, "G2");
  EXPECT_EQ(result->factors[1].method, "dirichlet 4");
  ExpectMatchesReference(session, kMini, options);
}

TEST(SensitivityTest, SobolMatchesFullEvaluation) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options;
  options.samples = 12;
  options.sobol = true;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->samples, 24u);
  EXPECT_EQ(result->runs, 12u * (5 + 2));
  ExpectMatchesReference(session, kMini, options);
}

// With one factor, A_B^1 is B: all the variance is the factor's, and both indices of the
// total tend to 1. (Rows whose G1 has one child present do not vary: their indices are
// null.)
TEST(SensitivityTest, SobolIndicesOfASingleFactorAreOne) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options;
  options.samples = 4000;
  options.sobol = true;
  options.factors = {SensitivityFactor{"G1", FactorDistribution::kUniform, 0.5, 0}};
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->factors.size(), 1u);
  std::size_t checked = 0;
  for (const SensitivityRow& row : result->rows) {
    if (row.total_first.empty() || std::isnan(row.total_first[0])) continue;
    EXPECT_NEAR(row.total_first[0], 1.0, 0.1) << row.entity;
    EXPECT_NEAR(row.total_total[0], 1.0, 0.1) << row.entity;
    ++checked;
  }
  EXPECT_GT(checked, 10u);
}

TEST(SensitivityTest, SummariesAreConsistent) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options;
  options.samples = 200;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->periods.size(), 2u);
  std::size_t vetoed = 0;
  for (const SensitivityRow& row : result->rows) {
    const std::size_t r = *session.FindRow(row.entity, row.period);
    EXPECT_EQ(row.vetoed, session.vetoed(r));
    if (!row.scorable) continue;
    if (row.vetoed) {
      ++vetoed;
      EXPECT_FALSE(row.ranked);
      EXPECT_EQ(row.grade_probability[3], 1.0);  // V
      continue;
    }
    if (!row.ranked) continue;
    EXPECT_LE(row.rank_p05, row.rank_median);
    EXPECT_LE(row.rank_median, row.rank_p95);
    EXPECT_LE(row.total_p05, row.total_median);
    EXPECT_LE(row.total_median, row.total_p95);
    double sum = 0;
    for (double p : row.grade_probability) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
  EXPECT_GT(vetoed, 0u);
  for (const SensitivityPeriod& p : result->periods) {
    EXPECT_EQ(p.pairs, p.ranked * (p.ranked - 1) / 2);
    EXPECT_LE(p.stable_pairs, p.pairs);
  }
}

// R's quantile type 7 of values, by sorting.
double Type7(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

TEST(SensitivityTest, QuantilesAreType7OfTheRuns) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  for (std::size_t samples : {1u, 2u, 3u, 5u, 101u}) {
    SensitivityOptions options;
    options.samples = samples;
    internal::SensitivityTrace trace;
    StatusOr<SensitivityResult> result =
        internal::AnalyzeSensitivityWith(session, options, nullptr, &trace);
    ASSERT_TRUE(result.ok());
    const std::size_t rows = trace.rows.size();
    for (std::size_t i = 0; i < rows; ++i) {
      const std::size_t row = trace.rows[i];
      std::vector<double> totals;
      for (std::size_t r = 1; r <= samples; ++r) totals.push_back(trace.totals[r * rows + i]);
      for (const SensitivityRow& out : result->rows) {
        if (out.entity != session.entity(row) || out.period != session.period(row)) continue;
        if (std::isnan(out.total)) continue;
        EXPECT_EQ(out.total_median, Type7(totals, 0.5)) << samples;
        EXPECT_EQ(out.total_p05, Type7(totals, 0.05)) << samples;
        EXPECT_EQ(out.total_p95, Type7(totals, 0.95)) << samples;
      }
    }
  }
}

TEST(SensitivityTest, ResultsDoNotDependOnThreads) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options;
  options.samples = 64;
  options.sobol = true;
  StatusOr<SensitivityResult> one = AnalyzeSensitivity(session, options);
  options.threads = 3;
  StatusOr<SensitivityResult> three = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(one.ok() && three.ok());
  EXPECT_EQ(SensitivityToJson(*one), SensitivityToJson(*three));
  options.seed = 2;
  StatusOr<SensitivityResult> other = AnalyzeSensitivity(session, options);
  EXPECT_NE(SensitivityToJson(*one), SensitivityToJson(*other));
}

// ---- Blocks of runs ----

SensitivityOptions BlockOptions() {
  SensitivityOptions options;
  options.samples = 30;
  options.seed = 9;
  // Dirichlet draws take a varying count of random numbers: a block must draw the runs
  // before it to find where its own begin.
  options.factors =
      *ParseSensitivityFactors("total uniform 30%\nG2 dirichlet 4\nG21 dirichlet 0.5\n");
  return options;
}

std::vector<SensitivityRuns> BlocksOf(const Session& session, const SensitivityOptions& options,
                                      const std::vector<std::size_t>& sizes) {
  std::vector<SensitivityRuns> blocks;
  std::size_t first = 0;
  for (std::size_t size : sizes) {
    StatusOr<SensitivityRuns> block = SensitivityRunBlock(session, options, first, size);
    EXPECT_TRUE(block.ok()) << block.status().message();
    if (block.ok()) blocks.push_back(std::move(*block));
    first += size;
  }
  return blocks;
}

TEST(SensitivityBlocksTest, BlocksHoldTheRunsOfTheWholeSweep) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  const SensitivityOptions options = BlockOptions();
  internal::SensitivityTrace whole;
  ASSERT_TRUE(internal::AnalyzeSensitivityWith(session, options, nullptr, &whole).ok());
  const std::size_t rows = whole.rows.size();
  StatusOr<SensitivityRuns> block = SensitivityRunBlock(session, options, 7, 11);
  ASSERT_TRUE(block.ok()) << block.status().message();
  EXPECT_EQ(block->first_run, 7u);
  EXPECT_EQ(block->run_count, 11u);
  EXPECT_EQ(block->rows, rows);
  EXPECT_EQ(block->seed, 9u);
  EXPECT_EQ(block->samples, 30u);
  ASSERT_EQ(block->totals.size(), 11 * rows);
  // Run 7 + r of the whole sweep is run 8 + r of its trace (run 0 there is the nominal).
  for (std::size_t r = 0; r < 11; ++r) {
    for (std::size_t i = 0; i < rows; ++i) {
      const double a = block->totals[r * rows + i], b = whole.totals[(8 + r) * rows + i];
      EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0) << "run " << 7 + r << " row " << i;
    }
  }
}

TEST(SensitivityBlocksTest, MergedBlocksGiveTheWholeSweepBitForBit) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options = BlockOptions();
  StatusOr<SensitivityResult> whole = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  const std::string expected = SensitivityToJson(*whole);
  for (const std::vector<std::size_t>& sizes : std::vector<std::vector<std::size_t>>{
           {30}, {1, 29}, {10, 10, 10}, {4, 13, 2, 11}, std::vector<std::size_t>(30, 1)}) {
    std::vector<SensitivityRuns> blocks = BlocksOf(session, options, sizes);
    std::reverse(blocks.begin(), blocks.end());  // in any order
    StatusOr<SensitivityResult> merged = MergeSensitivityRuns(session, options, blocks);
    ASSERT_TRUE(merged.ok()) << merged.status().message();
    EXPECT_EQ(SensitivityToJson(*merged), expected) << sizes.size() << " blocks";
    EXPECT_EQ(SensitivityToCsv(*merged), SensitivityToCsv(*whole));
  }
  // The default factors (every group, uniform) and other threads, too.
  options = SensitivityOptions();
  options.samples = 25;
  options.threads = 2;
  whole = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(whole.ok());
  StatusOr<SensitivityResult> merged =
      MergeSensitivityRuns(session, options, BlocksOf(session, options, {12, 13}));
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(SensitivityToJson(*merged), SensitivityToJson(*whole));
}

TEST(SensitivityBlocksTest, BytesRoundTrip) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  const SensitivityOptions options = BlockOptions();
  StatusOr<SensitivityRuns> block = SensitivityRunBlock(session, options, 3, 5);
  ASSERT_TRUE(block.ok());
  const std::string bytes = SensitivityRunsToBytes(*block);
  EXPECT_EQ(bytes.size(), 4 + 6 * 8 + block->totals.size() * 8);
  StatusOr<SensitivityRuns> back = SensitivityRunsFromBytes(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->seed, block->seed);
  EXPECT_EQ(back->samples, block->samples);
  EXPECT_EQ(back->first_run, 3u);
  EXPECT_EQ(back->run_count, 5u);
  EXPECT_EQ(back->rows, block->rows);
  EXPECT_EQ(back->check, block->check);
  ASSERT_EQ(back->totals.size(), block->totals.size());
  EXPECT_EQ(std::memcmp(back->totals.data(), block->totals.data(), 8 * block->totals.size()), 0);
  for (const std::string& junk :
       {std::string(), std::string("RSR1"), bytes.substr(0, bytes.size() - 8),
        bytes.substr(0, bytes.size() - 3), "XSR1" + bytes.substr(4)}) {
    StatusOr<SensitivityRuns> bad = SensitivityRunsFromBytes(junk);
    ASSERT_FALSE(bad.ok()) << junk.size();
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bad.status().message().find("not the bytes of a block"), std::string::npos);
  }
}

TEST(SensitivityBlocksTest, BadBlocksAreErrorsNeverAWrongResult) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options = BlockOptions();
  auto error_of = [](const auto& result) {
    EXPECT_FALSE(result.ok());
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    }
    return result.ok() ? std::string() : result.status().message();
  };
  EXPECT_NE(error_of(SensitivityRunBlock(session, options, 0, 0)).find("at least one run"),
            std::string::npos);
  EXPECT_NE(error_of(SensitivityRunBlock(session, options, 25, 6)).find("beyond"),
            std::string::npos);
  EXPECT_NE(error_of(SensitivityRunBlock(session, options, 30, 1)).find("beyond"),
            std::string::npos);
  EXPECT_NE(error_of(SensitivityRunBlock(session, options, 1, SIZE_MAX)).find("beyond"),
            std::string::npos);
  SensitivityOptions sobol = options;
  sobol.sobol = true;
  EXPECT_NE(error_of(SensitivityRunBlock(session, sobol, 0, 30)).find("--sobol"),
            std::string::npos);
  EXPECT_NE(error_of(MergeSensitivityRuns(session, sobol, {})).find("--sobol"), std::string::npos);

  const std::vector<SensitivityRuns> blocks = BlocksOf(session, options, {10, 10, 10});
  EXPECT_NE(error_of(MergeSensitivityRuns(session, options, {blocks[0], blocks[2]}))
                .find("runs 10 to 19 are in no block"),
            std::string::npos);
  EXPECT_NE(error_of(MergeSensitivityRuns(session, options, {blocks[0], blocks[1]}))
                .find("runs 20 to 29 are in no block"),
            std::string::npos);
  EXPECT_NE(error_of(MergeSensitivityRuns(session, options, {})).find("runs 0 to 29"),
            std::string::npos);
  EXPECT_NE(
      error_of(MergeSensitivityRuns(session, options, {blocks[0], blocks[1], blocks[1], blocks[2]}))
          .find("overlap at run 10"),
      std::string::npos);
  const std::vector<SensitivityRuns> shifted = BlocksOf(session, options, {5, 10});
  EXPECT_NE(error_of(MergeSensitivityRuns(session, options, {blocks[0], shifted[1], blocks[2]}))
                .find("overlap at run 5"),
            std::string::npos);
  SensitivityOptions other = options;
  other.seed = 10;
  EXPECT_NE(error_of(MergeSensitivityRuns(session, other, blocks)).find("seed 9, not 10"),
            std::string::npos);
  other = options;
  other.samples = 40;
  EXPECT_NE(error_of(MergeSensitivityRuns(session, other, blocks)).find("30 samples, not 40"),
            std::string::npos);
  other = options;
  other.factors =
      *ParseSensitivityFactors("total uniform 20%\nG2 dirichlet 4\nG21 dirichlet 0.5\n");
  EXPECT_NE(error_of(MergeSensitivityRuns(session, other, blocks)).find("other rows"),
            std::string::npos);
  // Other values in the session.
  Session changed = MiniSession(standard);
  ASSERT_TRUE(changed.SetNumber(*changed.FindRow("E3", 2024), *standard.FindInput("b"), 0.5).ok());
  EXPECT_NE(error_of(MergeSensitivityRuns(changed, options, blocks)).find("other rows"),
            std::string::npos);
  // Totals that do not fit the block.
  std::vector<SensitivityRuns> cut = blocks;
  cut[1].totals.pop_back();
  EXPECT_NE(error_of(MergeSensitivityRuns(session, options, cut)).find("does not hold"),
            std::string::npos);
}

// A node read by an expression: varying what changes it could not be scored by sums.
constexpr const char* kRead = R"(standard read "Read" {
  total 20
  group G1 points 10 {
    input a : number
    input b : number
    indicator i1 points 4 { score a / 10 }
    indicator i2 points 6 { score b / 10 }
  }
  group G2 points 10 {
    input c : number
    indicator i3 points 5 { score c / 10 }
    indicator i4 points 5 { score i1 / 4 }
  }
}
)";

TEST(SensitivityTest, GroupsWhoseNodesAreReadAreLeftOutOrRefused) {
  const Standard standard = CompileOrDie(kRead);
  Session session(standard);
  for (int e = 0; e < 4; ++e) {
    const std::size_t row = *session.AddRow("E" + std::to_string(e), 2024);
    for (std::size_t input = 0; input < 3; ++input) {
      ASSERT_TRUE(session.SetNumber(row, input, 2.0 + e + static_cast<double>(input)).ok());
    }
  }
  SensitivityOptions options;
  options.samples = 10;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->factors.size(), 1u);
  EXPECT_EQ(result->factors[0].group, "G2");
  ASSERT_EQ(result->warnings.size(), 2u);
  EXPECT_EQ(result->warnings[0], "'total' is left out: 'i1' is read by the rule of 'i4'");
  EXPECT_EQ(result->warnings[1], "'G1' is left out: 'i1' is read by the rule of 'i4'");
  ExpectMatchesReference(session, kRead, options);

  options.factors = {SensitivityFactor{"G1", FactorDistribution::kUniform, 0.1, 0}};
  StatusOr<SensitivityResult> refused = AnalyzeSensitivity(session, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message(),
            "sensitivity: 'G1' cannot vary: 'i1' is read by the rule of 'i4'");
  options.factors = {SensitivityFactor{"nope", FactorDistribution::kUniform, 0.1, 0}};
  EXPECT_EQ(AnalyzeSensitivity(session, options).status().message(),
            "sensitivity: unknown group 'nope'");
  options.factors = {SensitivityFactor{"i3", FactorDistribution::kUniform, 0.1, 0}};
  EXPECT_EQ(AnalyzeSensitivity(session, options).status().message(),
            "sensitivity: 'i3' cannot vary: 'i3' is an indicator, not a group");
}

TEST(SensitivityTest, BadOptions) {
  const Standard standard = CompileOrDie(kMini);
  Session session = MiniSession(standard);
  SensitivityOptions options;
  options.samples = 0;
  EXPECT_EQ(AnalyzeSensitivity(session, options).status().code(), StatusCode::kInvalidArgument);
  options.samples = 10;
  options.vary = 1.5;
  EXPECT_EQ(AnalyzeSensitivity(session, options).status().code(), StatusCode::kInvalidArgument);
  options.vary = 0;
  EXPECT_EQ(AnalyzeSensitivity(session, options).status().code(), StatusCode::kFailedPrecondition);

  EXPECT_FALSE(ParseSensitivityFactors("G1 uniform 15").ok());
  EXPECT_FALSE(ParseSensitivityFactors("G1 dirichlet -1").ok());
  EXPECT_FALSE(ParseSensitivityFactors("G1 normal 3").ok());
  EXPECT_EQ(ParseSensitivityFactors("\n\nG1 beta").status().message(),
            "factors line 3: expected `GROUP uniform P%`, `GROUP dirichlet ALPHA` or `GROUP "
            "fixed`");

  StatusOr<SensitivityOptions> parsed = SensitivityOptionsFromJson(
      R"({"samples":500,"seed":7,"vary":"10%","sobol":true,"threads":2,)"
      R"("factors":[{"group":"G1","distribution":"dirichlet","alpha":20},{"group":"total","spread":"5%"}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->samples, 500u);
  EXPECT_EQ(parsed->seed, 7u);
  EXPECT_DOUBLE_EQ(parsed->vary, 0.1);
  EXPECT_TRUE(parsed->sobol);
  ASSERT_EQ(parsed->factors.size(), 2u);
  EXPECT_EQ(parsed->factors[0].distribution, FactorDistribution::kDirichlet);
  EXPECT_DOUBLE_EQ(parsed->factors[1].spread, 0.05);
  EXPECT_FALSE(SensitivityOptionsFromJson(R"({"sample":3})").ok());
  EXPECT_FALSE(SensitivityOptionsFromJson("[1]").ok());
}

TEST(SensitivityTest, ConsortiumMatchesFullEvaluation) {
  const std::string& source = rubric_bench::ConsortiumSource();
  CompileResult compiled = Standard::Compile(source, "standard.rubric");
  ASSERT_TRUE(compiled.ok());
  Session session(*compiled.standard);
  GenerateOptions generate;
  generate.entities = 40;
  generate.periods = 2;
  ASSERT_TRUE(GenerateInto(session, generate).ok());
  SensitivityOptions options;
  options.samples = 6;
  options.seed = 3;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  // The top level, G1, G2, I1 to I15 but I12 (one child) and I16 (no points).
  EXPECT_EQ(result->factors.size(), 17u);
  EXPECT_TRUE(result->warnings.empty());
  ExpectMatchesReference(session, source, options);
}

TEST(SensitivityCliTest, WritesWhatTheApiGives) {
  using testing::CitiesArg;
  using testing::Cli;
  using testing::ConsortiumStandardArg;
  const std::string base =
      Cli() + " sensitivity " + ConsortiumStandardArg() + " " + CitiesArg() + " --samples 40";
  testing::CommandResult csv = testing::RunCommand(base + " --seed 9 --format csv --threads 2");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  testing::CommandResult json = testing::RunCommand(base + " --seed 9 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;

  CompileResult compiled = Standard::CompileFile(
      (testing::SourceDir() / "examples/consortium/standard.rubric").string());
  ASSERT_TRUE(compiled.ok());
  Session session(*compiled.standard);
  const LoadReport report = LoadCsv(
      session, testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/cities.csv"),
      "cities.csv");
  ASSERT_EQ(report.rows_added, 90u);
  SensitivityOptions options;
  options.samples = 40;
  options.seed = 9;
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(session, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(csv.out, SensitivityToCsv(*result));
  EXPECT_EQ(json.out, SensitivityToJson(*result) + "\n");

  testing::CommandResult example = testing::RunCommand(
      base + " --factors " +
      testing::Quote(testing::SourceDir() / "examples/consortium/sensitivity_factors.txt"));
  EXPECT_EQ(example.exit_code, 0) << example.err;
  EXPECT_NE(example.out.find("G2: dirichlet 100 over 11 children"), std::string::npos);

  testing::CommandResult table = testing::RunCommand(base);
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("pairs never change order"), std::string::npos) << table.out;

  EXPECT_EQ(testing::RunCommand(base + " --vary 10").exit_code, 2);
  EXPECT_EQ(testing::RunCommand(base + " --samples x").exit_code, 2);
  EXPECT_EQ(testing::RunCommand(base + " --format xml").exit_code, 2);
  const auto factors = std::filesystem::temp_directory_path() / "rubric-sensitivity-factors.txt";
  {
    std::ofstream out(factors);
    out << "NOPE uniform 10%\n";
  }
  testing::CommandResult unknown =
      testing::RunCommand(base + " --factors " + testing::Quote(factors));
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown group 'NOPE'"), std::string::npos) << unknown.err;
  std::filesystem::remove(factors);
}

}  // namespace
}  // namespace rubric
