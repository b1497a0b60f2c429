// Cohort kernels shared between threads in a full evaluation (lib/eval/engine_parallel.cc)
// give the same bits as one thread: every cohort function, with and without `by` and
// `across periods`, imputations, missing and tied values, over enough rows (several blocks
// of 128) that every thread gets rows of every period.
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard shared {
  coverage >= 50%
  input x : number missing exclude
  input y : number missing impute cohort_mean
  input z : number missing impute previous 2
  input v : number missing impute cohort_median by city
  input w : number
  input city : text
  let lx = ln(x)
  group a points 10 {
    indicator s1 points 2 { score cohort_minmax(x across periods) }
    indicator s2 points 2 { score cohort_rank(y) }
    indicator s3 points 2 { score cohort_percentile(z across periods) }
    indicator s4 points 2 { score cohort_minmax(cohort_zscore(x + y)) }
    indicator s5 points 2 { score cohort_minmax(winsorize(w, points 2, skew 1, kurtosis 1)) }
  }
  group b points 12 {
    indicator t1 points 1 { score cohort_min(x) / (1 + abs(cohort_max(y across periods))) }
    indicator t2 points 1 { score cohort_sum(y) / 100 }
    indicator t3 points 1 { score cohort_count(x across periods) / 10 }
    indicator t4 points 1 { score cohort_mean(lx) }
    indicator t5 points 1 { score cohort_sd(w) / 10 }
    indicator t6 points 1 { score cohort_median(z) / 20 }
    indicator t7 points 1 { score cohort_quantile(x, 0.25) / 20 }
    indicator t8 points 1 { score cohort_skew(w across periods) }
    indicator t9 points 1 { score cohort_kurt(x + w) }
    indicator t10 points 1 {
      score (impute(x, cohort_median) + impute(x, previous) + impute(x, 0)) / 60
    }
    indicator t11 points 1 { score winsorize(x across periods) / 20 }
    indicator t12 points 1 { score cohort_rank(v by city) + cohort_mean(v) }
  }
  indicator c { value cohort_count(w) }
})";

constexpr std::size_t kEntities = 300;
constexpr std::int64_t kPeriods = 4;

// Rows entity by entity, period by period, with small integers (ties), the odd missing
// value, negative numbers (ln gives NaN) and outliers.
void Fill(Session& session) {
  std::mt19937 random(2026);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
  const Standard& standard = session.standard();
  static const char* const kCities[] = {"a", "b", "c", ""};
  for (std::size_t e = 0; e < kEntities; ++e) {
    for (std::int64_t p = 0; p < kPeriods; ++p) {
      const std::size_t row = *session.AddRow("E" + std::to_string(e), 2000 + p);
      for (const char* name : {"x", "y", "z", "v", "w"}) {
        const std::size_t input = *standard.FindInput(name);
        if (pick(10) == 0 && std::string(name) != "w") continue;  // missing
        double value = pick(12) + (pick(5) == 0 ? pick(1000) / 1000.0 : 0.0);
        if (pick(50) == 0) value = -1;
        if (pick(20) == 0) value = 200 + pick(50);
        ASSERT_TRUE(session.SetNumber(row, input, value).ok());
      }
      ASSERT_TRUE(session.SetText(row, *standard.FindInput("city"), kCities[pick(4)]).ok());
    }
  }
}

// Every row's total and every node's value, after a full evaluation on `threads` threads.
std::vector<double> Results(const Standard& standard, unsigned threads) {
  Session session(standard);
  Fill(session);
  session.Evaluate(threads);
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok()) << threads << " threads";
  std::vector<double> values;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    values.push_back(session.total(row));
    for (std::size_t node = 0; node < standard.nodes().size(); ++node) {
      values.push_back(session.node_value(row, node));
    }
  }
  return values;
}

TEST(ParallelCohortsTest, EveryCohortFunctionIsIdenticalForAnyThreadCount) {
  CompileResult compiled = Standard::Compile(kSource, "shared.rubric");
  ASSERT_TRUE(compiled.ok()) << compiled.diagnostics.size();
  const Standard& standard = *compiled.standard;
  const std::vector<double> expected = Results(standard, 1);
  for (unsigned threads : {2u, 3u, 8u}) {
    const std::vector<double> values = Results(standard, threads);
    ASSERT_EQ(values.size(), expected.size());
    EXPECT_EQ(std::memcmp(values.data(), expected.data(), values.size() * sizeof(double)), 0)
        << threads << " threads";
  }
}

// An independently known value: `cohort_count(w)` is the number of rows of the period
// (every row has w and is scorable unless too much is missing), the same on every thread.
TEST(ParallelCohortsTest, CohortCountIsThePeriodsMembersOnTwoThreads) {
  CompileResult compiled = Standard::Compile(kSource, "shared.rubric");
  ASSERT_TRUE(compiled.ok());
  const Standard& standard = *compiled.standard;
  Session session(standard);
  Fill(session);
  session.Evaluate(2);
  std::size_t node = 0;
  while (standard.nodes()[node].id != "c") ++node;
  std::vector<double> members(kPeriods, 0);
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.scorable(row)) ++members[static_cast<std::size_t>(session.period(row) - 2000)];
  }
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!session.scorable(row)) continue;
    EXPECT_EQ(session.node_value(row, node),
              members[static_cast<std::size_t>(session.period(row) - 2000)])
        << "row " << row;
  }
  EXPECT_GT(members[0], 200.0);  // enough rows for every thread to hold some of each period
}

}  // namespace
}  // namespace rubric
