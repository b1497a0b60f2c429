// The cohort statistics, `by` / `across periods`, winsorize, impute, coverage and the flow of
// missing values, against hand-computed results (the semantics of docs/language.md), full
// and incremental.
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/explain.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

Standard CompileOrDie(const char* source) {
  CompileResult result = Standard::Compile(source, "m.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

struct Fixture {
  Standard standard;
  Session session;
  explicit Fixture(const char* source) : standard(CompileOrDie(source)), session(standard) {}

  std::size_t Input(const char* id) const {
    for (std::size_t i = 0; i < standard.inputs().size(); ++i) {
      if (standard.inputs()[i].id == id) return i;
    }
    ADD_FAILURE() << "no input " << id;
    return 0;
  }
  // A row of `entity` in `period` with x set (NaN: left missing).
  std::size_t Row(const std::string& entity, std::int64_t period, double x) {
    const std::size_t row = *session.AddRow(entity, period);
    if (!std::isnan(x)) {
      EXPECT_TRUE(session.SetNumber(row, Input("x"), x).ok());
    }
    return row;
  }
  // Rows e0, e1, ... of one period.
  std::vector<std::size_t> Rows(std::initializer_list<double> xs, std::int64_t period = 2024) {
    std::vector<std::size_t> rows;
    for (const double x : xs) rows.push_back(Row("e" + std::to_string(rows.size()), period, x));
    return rows;
  }
  double Value(std::size_t row, const char* node) const {
    return session.node_value(row, *standard.FindNode(node));
  }
  CohortUse Use(std::size_t row, const char* node, std::size_t index = 0) const {
    const StatusOr<Explanation> e = session.Explain(row, *standard.FindNode(node));
    EXPECT_TRUE(e.ok());
    EXPECT_GT(e->cohorts.size(), index) << node;
    return e->cohorts.size() > index ? e->cohorts[index] : CohortUse{};
  }
  void Verify() const {
    const Status status = session.VerifyAgainstFullEvaluation();
    EXPECT_TRUE(status.ok()) << status.message();
  }
};

// `actual` within a relative 1e-12 of `expected` (the hand-computed formulas may round
// differently from the engine's exact sums).
::testing::AssertionResult Near(double actual, double expected) {
  if (IsMissing(actual) || std::isnan(actual)) {
    return ::testing::AssertionFailure()
           << "got " << (IsMissing(actual) ? "missing" : "NaN") << ", expected " << expected;
  }
  if (std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected))) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "got " << actual << ", expected " << expected;
}

// A computed NaN, which is not the missing value.
bool PlainNan(double v) { return std::isnan(v) && !IsMissing(v); }

constexpr const char* kStatistics = R"(
standard stats {
  input x : number missing exclude
  indicator mn { value cohort_min(x) }
  indicator mx { value cohort_max(x) }
  indicator sm { value cohort_sum(x) }
  indicator ct { value cohort_count(x) }
  indicator me { value cohort_mean(x) }
  indicator sd { value cohort_sd(x) }
  indicator md { value cohort_median(x) }
  indicator q1 { value cohort_quantile(x, 0.25) }
  indicator q0 { value cohort_quantile(x, 0) }
  indicator q9 { value cohort_quantile(x, 1) }
  indicator z { value cohort_zscore(x) }
  indicator sk { value cohort_skew(x) }
  indicator ku { value cohort_kurt(x) }
  indicator lmn { value cohort_min(ln(x)) }
  indicator lmx { value cohort_max(ln(x)) }
  indicator lsm { value cohort_sum(ln(x)) }
  indicator lct { value cohort_count(ln(x)) }
  indicator lme { value cohort_mean(ln(x)) }
  indicator lsd { value cohort_sd(ln(x)) }
  indicator lmd { value cohort_median(ln(x)) }
  indicator lq { value cohort_quantile(ln(x), 0.5) }
  indicator lz { value cohort_zscore(ln(x)) }
  indicator lsk { value cohort_skew(ln(x)) }
  indicator lku { value cohort_kurt(ln(x)) }
  indicator negmin { value cohort_min(-x) }
  indicator negmax { value cohort_max(-x) }
})";

TEST(CohortMethodsTest, StatisticsOfOneMember) {
  Fixture f(kStatistics);
  f.Rows({5, NAN});  // the second row has no x: it takes no part, and gets missing
  EXPECT_EQ(f.Value(0, "mn"), 5);
  EXPECT_EQ(f.Value(0, "mx"), 5);
  EXPECT_EQ(f.Value(0, "sm"), 5);
  EXPECT_EQ(f.Value(0, "ct"), 1);
  EXPECT_EQ(f.Value(0, "me"), 5);
  EXPECT_TRUE(PlainNan(f.Value(0, "sd")));
  EXPECT_EQ(f.Value(0, "md"), 5);
  EXPECT_EQ(f.Value(0, "q1"), 5);
  EXPECT_EQ(f.Value(0, "z"), 0);  // fewer than 2 members
  EXPECT_TRUE(PlainNan(f.Value(0, "sk")));
  EXPECT_TRUE(PlainNan(f.Value(0, "ku")));
  for (const char* node : {"mn", "ct", "me", "sd", "md", "z", "sk", "ku"}) {
    EXPECT_TRUE(IsMissing(f.Value(1, node))) << node;
  }
  f.Verify();
}

TEST(CohortMethodsTest, StatisticsOfTwoMembers) {
  Fixture f(kStatistics);
  f.Rows({1, 3});
  EXPECT_EQ(f.Value(0, "mn"), 1);
  EXPECT_EQ(f.Value(1, "mx"), 3);
  EXPECT_EQ(f.Value(0, "sm"), 4);
  EXPECT_EQ(f.Value(0, "ct"), 2);
  EXPECT_EQ(f.Value(1, "me"), 2);
  EXPECT_TRUE(Near(f.Value(0, "sd"), std::sqrt(2.0)));
  EXPECT_EQ(f.Value(0, "md"), 2);    // (1 + 3) / 2
  EXPECT_EQ(f.Value(0, "q1"), 1.5);  // h = 0.25
  EXPECT_EQ(f.Value(0, "q0"), 1);
  EXPECT_EQ(f.Value(0, "q9"), 3);
  EXPECT_TRUE(Near(f.Value(0, "z"), -1 / std::sqrt(2.0)));
  EXPECT_TRUE(Near(f.Value(1, "z"), 1 / std::sqrt(2.0)));
  EXPECT_TRUE(PlainNan(f.Value(0, "sk")));
  EXPECT_TRUE(PlainNan(f.Value(0, "ku")));
  f.Verify();
}

TEST(CohortMethodsTest, StatisticsOfThreeMembers) {
  Fixture f(kStatistics);
  f.Rows({6, 1, 2});
  EXPECT_EQ(f.Value(2, "mn"), 1);
  EXPECT_EQ(f.Value(2, "mx"), 6);
  EXPECT_EQ(f.Value(2, "sm"), 9);
  EXPECT_EQ(f.Value(2, "ct"), 3);
  EXPECT_EQ(f.Value(2, "me"), 3);
  // deviations -2, -1, 3: sum of squares 14, of cubes 18
  EXPECT_TRUE(Near(f.Value(0, "sd"), std::sqrt(7.0)));
  EXPECT_EQ(f.Value(0, "md"), 2);
  EXPECT_EQ(f.Value(0, "q1"), 1.5);  // h = 0.5
  EXPECT_TRUE(Near(f.Value(0, "z"), 3 / std::sqrt(7.0)));
  EXPECT_TRUE(Near(f.Value(1, "z"), -2 / std::sqrt(7.0)));
  const double m2 = 14.0 / 3, m3 = 6;
  EXPECT_TRUE(Near(f.Value(0, "sk"), m3 / std::pow(m2, 1.5) * std::sqrt(6.0) / 1));
  EXPECT_TRUE(PlainNan(f.Value(0, "ku")));
  f.Verify();
}

TEST(CohortMethodsTest, StatisticsOfFourMembers) {
  Fixture f(kStatistics);
  f.Rows({10, 3, 1, 2});
  EXPECT_EQ(f.Value(0, "mn"), 1);
  EXPECT_EQ(f.Value(0, "mx"), 10);
  EXPECT_EQ(f.Value(0, "sm"), 16);
  EXPECT_EQ(f.Value(0, "ct"), 4);
  EXPECT_EQ(f.Value(0, "me"), 4);
  // deviations -3, -2, -1, 6: sums of powers 50, 180, 1394
  EXPECT_TRUE(Near(f.Value(0, "sd"), std::sqrt(50.0 / 3)));
  EXPECT_EQ(f.Value(0, "md"), 2.5);
  EXPECT_EQ(f.Value(0, "q1"), 1.75);  // h = 0.75
  EXPECT_TRUE(Near(f.Value(0, "z"), 6 / std::sqrt(50.0 / 3)));
  const double m2 = 12.5, m3 = 45, m4 = 348.5;
  const double g1 = m3 / std::pow(m2, 1.5), g2 = m4 / (m2 * m2) - 3;
  EXPECT_TRUE(Near(f.Value(0, "sk"), g1 * std::sqrt(12.0) / 2));
  EXPECT_TRUE(Near(f.Value(0, "ku"), (5 * g2 + 6) * 3 / (2 * 1)));
  f.Verify();

  // Incrementally: a member leaves, then comes back with another value.
  ASSERT_TRUE(f.session.Clear(0, 0).ok());
  EXPECT_EQ(f.Value(1, "mx"), 3);
  EXPECT_EQ(f.Value(1, "me"), 2);
  EXPECT_EQ(f.Value(1, "ct"), 3);
  EXPECT_TRUE(PlainNan(f.Value(1, "ku")));
  EXPECT_TRUE(IsMissing(f.Value(0, "me")));
  f.Verify();
  ASSERT_TRUE(f.session.SetNumber(0, 0, 4).ok());
  EXPECT_EQ(f.Value(1, "md"), 2.5);
  EXPECT_EQ(f.Value(1, "me"), 2.5);
  f.Verify();
}

TEST(CohortMethodsTest, TiesAndNoSpread) {
  Fixture f(kStatistics);
  f.Rows({5, 2, 5, 2});
  EXPECT_EQ(f.Value(0, "md"), 3.5);
  EXPECT_EQ(f.Value(0, "q1"), 2);  // h = 0.75 between two equal values
  EXPECT_TRUE(Near(f.Value(0, "sd"), std::sqrt(3.0)));
  EXPECT_TRUE(Near(f.Value(0, "z"), 1.5 / std::sqrt(3.0)));
  EXPECT_EQ(f.Value(0, "sk"), 0);
  f.Verify();

  Fixture same(kStatistics);
  same.Rows({4, 4, 4, 4});
  EXPECT_EQ(same.Value(0, "sd"), 0);
  EXPECT_EQ(same.Value(0, "z"), 0);  // sd = 0
  EXPECT_TRUE(PlainNan(same.Value(0, "sk")));
  EXPECT_TRUE(PlainNan(same.Value(0, "ku")));
  EXPECT_EQ(same.Value(0, "md"), 4);
  EXPECT_EQ(same.Value(0, "q1"), 4);
  same.Verify();
}

TEST(CohortMethodsTest, MinusZeroIsZero) {
  Fixture f(kStatistics);
  f.Rows({0, 0});
  EXPECT_EQ(f.Value(0, "negmin"), 0);
  EXPECT_FALSE(std::signbit(f.Value(0, "negmin")));
  EXPECT_FALSE(std::signbit(f.Value(0, "negmax")));
}

TEST(CohortMethodsTest, ComputedNanIsAMember) {
  Fixture f(kStatistics);
  f.Rows({1, std::exp(1.0), -1, std::exp(2.0)});  // ln: 0, 1, NaN, 2
  EXPECT_EQ(f.Value(0, "lmn"), 0);                // min and max skip the NaN
  EXPECT_EQ(f.Value(2, "lmx"), 2);
  EXPECT_EQ(f.Value(0, "lct"), 4);  // and count counts it
  for (const char* node : {"lsm", "lme", "lsd", "lmd", "lq", "lz", "lsk", "lku"}) {
    EXPECT_TRUE(PlainNan(f.Value(0, node))) << node;
    EXPECT_TRUE(PlainNan(f.Value(2, node))) << node;
  }
  f.Verify();
  // Without the NaN the statistics are back.
  ASSERT_TRUE(f.session.SetNumber(2, 0, std::exp(3.0)).ok());
  EXPECT_TRUE(Near(f.Value(0, "lme"), 1.5));
  EXPECT_TRUE(Near(f.Value(0, "lmd"), 1.5));
  f.Verify();
}

TEST(CohortMethodsTest, AllNanMinIsNan) {
  Fixture f(kStatistics);
  f.Rows({-1, -2});
  EXPECT_TRUE(PlainNan(f.Value(0, "lmn")));
  EXPECT_TRUE(PlainNan(f.Value(0, "lmx")));
  EXPECT_EQ(f.Value(0, "lct"), 2);
}

// ---- by KEY and across periods -------------------------------------------------------

constexpr const char* kKeys = R"(
standard keys {
  input x : number missing exclude
  input region : enum { east, west } missing exclude
  input city : text
  indicator by_enum { value cohort_mean(x by region) }
  indicator by_text { value cohort_sum(x by city) }
  indicator count_text { value cohort_count(x by city) }
  indicator across { value cohort_mean(x across periods) }
  indicator rank_both { value cohort_rank(x by region across periods) }
  indicator max_period { value cohort_max(x) }
})";

TEST(CohortMethodsTest, ByEnumAndTextKeys) {
  Fixture f(kKeys);
  const std::size_t region = f.Input("region"), city = f.Input("city");
  const double xs[] = {1, 2, 3, 10, 20};
  const char* regions[] = {"east", "east", "east", "west", "west"};
  const char* cities[] = {"a", "b", "a", "b", ""};
  for (int i = 0; i < 5; ++i) {
    const std::size_t row = f.Row("e" + std::to_string(i), 2024, xs[i]);
    ASSERT_TRUE(f.session.SetOption(row, region, regions[i][0] == 'e' ? 0 : 1).ok());
    if (cities[i][0] != '\0') {
      ASSERT_TRUE(f.session.SetText(row, city, cities[i]).ok());
    }
  }
  const std::size_t nokey = f.Row("nokey", 2024, 100);  // neither key
  EXPECT_EQ(f.Value(0, "by_enum"), 2);
  EXPECT_EQ(f.Value(3, "by_enum"), 15);
  EXPECT_EQ(f.Value(0, "by_text"), 4);
  EXPECT_EQ(f.Value(1, "by_text"), 12);
  EXPECT_EQ(f.Value(1, "count_text"), 2);
  EXPECT_TRUE(IsMissing(f.Value(4, "by_text")));  // empty text: no key
  EXPECT_TRUE(IsMissing(f.Value(nokey, "by_enum")));
  EXPECT_TRUE(IsMissing(f.Value(nokey, "by_text")));
  EXPECT_EQ(f.Value(nokey, "max_period"), 100);  // takes part where there is no key
  EXPECT_FALSE(f.Use(nokey, "by_enum").has_key);
  EXPECT_FALSE(f.Use(nokey, "by_enum").takes_part);
  EXPECT_EQ(f.Use(0, "by_enum").cohort, "period 2024, region = east");
  EXPECT_EQ(f.Use(0, "by_text").cohort, "period 2024, city = a");
  f.Verify();

  // Changing keys moves rows between cohorts, incrementally.
  ASSERT_TRUE(f.session.SetText(4, city, "a").ok());
  EXPECT_EQ(f.Value(0, "by_text"), 24);
  ASSERT_TRUE(f.session.SetText(0, city, "").ok());  // empty text: missing key
  EXPECT_TRUE(IsMissing(f.Value(0, "by_text")));
  EXPECT_EQ(f.Value(2, "by_text"), 23);
  ASSERT_TRUE(f.session.SetOption(2, region, 1).ok());
  EXPECT_EQ(f.Value(0, "by_enum"), 1.5);
  EXPECT_EQ(f.Value(2, "by_enum"), 11);
  ASSERT_TRUE(f.session.Clear(1, region).ok());
  EXPECT_TRUE(IsMissing(f.Value(1, "by_enum")));
  EXPECT_EQ(f.Value(0, "by_enum"), 1);
  ASSERT_TRUE(f.session.SetOption(nokey, region, 0).ok());
  EXPECT_EQ(f.Value(0, "by_enum"), 50.5);
  f.Verify();
}

// A key with the `default` policy and no value is still a missing key: not option 0.
TEST(CohortMethodsTest, DefaultPolicyKeyWithoutValueIsMissing) {
  Fixture f(R"(
standard k {
  input x : number
  input region : enum { east, west }
  indicator m { value cohort_mean(x by region) }
})");
  const std::size_t region = f.Input("region");
  const std::size_t a = f.Row("a", 2024, 1), b = f.Row("b", 2024, 3);
  ASSERT_TRUE(f.session.SetOption(a, region, 0).ok());
  EXPECT_EQ(f.Value(a, "m"), 1);
  EXPECT_TRUE(IsMissing(f.Value(b, "m")));
  ASSERT_TRUE(f.session.SetOption(b, region, 0).ok());
  EXPECT_EQ(f.Value(a, "m"), 2);
  ASSERT_TRUE(f.session.Clear(b, region).ok());
  EXPECT_EQ(f.Value(a, "m"), 1);
  f.Verify();
}

TEST(CohortMethodsTest, AcrossPeriods) {
  Fixture f(kKeys);
  const std::size_t region = f.Input("region");
  const std::size_t a1 = f.Row("a", 2023, 1), a2 = f.Row("a", 2024, 4);
  const std::size_t b1 = f.Row("b", 2023, 7), b2 = f.Row("b", 2024, 8);
  for (const std::size_t row : {a1, a2, b2}) ASSERT_TRUE(f.session.SetOption(row, region, 0).ok());
  ASSERT_TRUE(f.session.SetOption(b1, region, 1).ok());
  EXPECT_EQ(f.Value(a1, "across"), 5);
  EXPECT_EQ(f.Value(b2, "across"), 5);
  EXPECT_EQ(f.Value(a1, "max_period"), 7);  // within 2023 only
  EXPECT_EQ(f.Value(a2, "max_period"), 8);
  // rank by region across periods: east holds 1, 4, 8 of both years; west only 7.
  EXPECT_EQ(f.Value(b2, "rank_both"), 1);
  EXPECT_EQ(f.Value(a2, "rank_both"), 0.5);
  EXPECT_EQ(f.Value(a1, "rank_both"), 0);
  EXPECT_EQ(f.Value(b1, "rank_both"), 1);
  EXPECT_EQ(f.Use(a1, "across").cohort, "every period");
  EXPECT_EQ(f.Use(a1, "rank_both").cohort, "every period, region = east");
  f.Verify();
  ASSERT_TRUE(f.session.RemoveRow(b2).ok());
  EXPECT_EQ(f.Value(a1, "across"), 4);
  EXPECT_EQ(f.Value(a2, "rank_both"), 1);
  ASSERT_TRUE(f.session.SetOption(b1, region, 0).ok());
  EXPECT_EQ(f.Value(a2, "rank_both"), 0.5);
  f.Verify();
}

TEST(CohortMethodsTest, NestedZscoreInMinMax) {
  Fixture f(R"(
standard n {
  input x : number missing exclude
  indicator nested { value cohort_minmax(cohort_zscore(x)) }
  indicator direct { value cohort_minmax(x) }
})");
  f.Rows({1, 2, 4, NAN});
  // The z-scores are an increasing affine map of x: their min-max equals x's.
  EXPECT_TRUE(Near(f.Value(0, "nested"), 0));
  EXPECT_TRUE(Near(f.Value(1, "nested"), 1.0 / 3));
  EXPECT_TRUE(Near(f.Value(2, "nested"), 1));
  EXPECT_TRUE(IsMissing(f.Value(3, "nested")));
  f.Verify();
  ASSERT_TRUE(f.session.SetNumber(3, 0, 7).ok());
  EXPECT_TRUE(Near(f.Value(2, "nested"), 0.5));
  f.Verify();
}

// ---- winsorize -------------------------------------------------------------------------

TEST(CohortMethodsTest, WinsorizeMovesTheOutliersToTheNextValue) {
  Fixture f(R"(
standard w {
  input x : number missing exclude
  indicator w { value winsorize(x) }
  indicator strict { value winsorize(x, points 1) }
  indicator loose { value winsorize(x, skew 5, kurtosis 30) }
})");
  // 1 to 20, 500 and 1000: skew 3.63, kurtosis 13.4. The first step moves 1000 to 500 (one
  // point: still failing), the second both 500s to 20 (two points); then the check passes.
  for (int i = 1; i <= 20; ++i) f.Row("e" + std::to_string(i), 2024, i);
  const std::size_t big = f.Row("big", 2024, 1000), half = f.Row("half", 2024, 500);
  EXPECT_EQ(f.Value(big, "w"), 20);
  EXPECT_EQ(f.Value(half, "w"), 20);
  EXPECT_EQ(f.Value(0, "w"), 1);
  EXPECT_EQ(f.Value(19, "w"), 20);
  const CohortUse moved = f.Use(big, "w");
  EXPECT_EQ(moved.function, "winsorize");
  EXPECT_EQ(moved.treatment, "winsorised: 1000 -> 20 (2 points in the cohort)");
  EXPECT_EQ(f.Use(0, "w").treatment, "unchanged (the cohort was winsorised: 2 points)");
  EXPECT_FALSE(moved.imputed);
  // With at most one point the first step does not pass: every value is log-transformed,
  // from the original values.
  const double shift = 0.01 * 999;
  EXPECT_TRUE(Near(f.Value(0, "strict"), std::log(shift)));
  EXPECT_TRUE(Near(f.Value(big, "strict"), std::log(999 + shift)));
  EXPECT_TRUE(Near(f.Value(half, "strict"), std::log(499 + shift)));
  EXPECT_EQ(f.Use(0, "strict").treatment.rfind("log-transformed", 0), 0u)
      << f.Use(0, "strict").treatment;
  // Thresholds above the cohort's skew and kurtosis: nothing to treat.
  EXPECT_EQ(f.Value(big, "loose"), 1000);
  EXPECT_EQ(f.Use(big, "loose").treatment.rfind("unchanged (skew ", 0), 0u)
      << f.Use(big, "loose").treatment;
  f.Verify();
  // The outliers go: nothing to treat.
  ASSERT_TRUE(f.session.SetNumber(big, 0, 21).ok());
  ASSERT_TRUE(f.session.SetNumber(half, 0, 22).ok());
  EXPECT_EQ(f.Value(big, "w"), 21);
  EXPECT_EQ(f.Value(half, "strict"), 22);
  EXPECT_EQ(f.Use(big, "w").treatment.rfind("unchanged (skew ", 0), 0u)
      << f.Use(big, "w").treatment;
  f.Verify();
  // Back again, incrementally.
  ASSERT_TRUE(f.session.SetNumber(big, 0, 1000).ok());
  ASSERT_TRUE(f.session.SetNumber(half, 0, 500).ok());
  EXPECT_EQ(f.Value(big, "w"), 20);
  f.Verify();
}

// Negative skew: the minimum moves up, from the lower side, in the same steps.
TEST(CohortMethodsTest, WinsorizeLowOutliers) {
  Fixture f(R"(
standard w {
  input x : number missing exclude
  indicator w { value winsorize(x) }
})");
  for (int i = 1; i <= 20; ++i) f.Row("e" + std::to_string(i), 2024, -i);
  const std::size_t low = f.Row("low", 2024, -1000), half = f.Row("half", 2024, -500);
  EXPECT_EQ(f.Value(low, "w"), -20);
  EXPECT_EQ(f.Value(half, "w"), -20);
  EXPECT_EQ(f.Value(0, "w"), -1);
  EXPECT_EQ(f.Use(low, "w").treatment, "winsorised: -1000 -> -20 (2 points in the cohort)");
  f.Verify();
}

TEST(CohortMethodsTest, WinsorizeLeavesSmallCohortsUnchanged) {
  Fixture f(R"(
standard w {
  input x : number missing exclude
  indicator w { value winsorize(x) }
})");
  f.Rows({1, 2, 1000});
  EXPECT_EQ(f.Value(2, "w"), 1000);
  EXPECT_EQ(f.Use(2, "w").treatment,
            "unchanged (skewness and kurtosis are undefined for this cohort)");
}

// ---- impute ----------------------------------------------------------------------------

constexpr const char* kImpute = R"(
standard imp {
  input x : number missing exclude
  input region : enum { east, west } missing exclude
  indicator mean_r { value impute(x, cohort_mean by region) }
  indicator median_all { value impute(x, cohort_median) }
  indicator constant { value impute(x, 0) }
  indicator mean_of_imputed { value cohort_mean(impute(x, cohort_mean by region)) }
})";

TEST(CohortMethodsTest, ImputeByCohortMeanAndMedian) {
  Fixture f(kImpute);
  const std::size_t region = f.Input("region");
  const double xs[] = {1, 3, NAN, NAN, 10, NAN, 6};
  const int regions[] = {0, 0, 0, 0, 1, 1, -1};
  for (int i = 0; i < 7; ++i) {
    const std::size_t row = f.Row("e" + std::to_string(i), 2024, xs[i]);
    if (regions[i] >= 0) {
      ASSERT_TRUE(f.session.SetOption(row, region, static_cast<std::size_t>(regions[i])).ok());
    }
  }
  // east: 1, 3 present; both missing rows get 2 (imputed values feed no estimate).
  EXPECT_EQ(f.Value(0, "mean_r"), 1);
  EXPECT_EQ(f.Value(2, "mean_r"), 2);
  EXPECT_EQ(f.Value(3, "mean_r"), 2);
  EXPECT_EQ(f.Value(5, "mean_r"), 10);
  // A row without a key takes no part in a `by` cohort, but impute keeps a present x.
  EXPECT_EQ(f.Value(6, "mean_r"), 6);
  // Median over the period: 1, 3, 10, 6 -> 4.5.
  EXPECT_EQ(f.Value(2, "median_all"), 4.5);
  EXPECT_EQ(f.Value(6, "median_all"), 6);
  EXPECT_EQ(f.Value(2, "constant"), 0);
  // The mean of the imputed column: 1, 3, 2, 2 (east), 10, 10 (west), and the keyless
  // row's own 6.
  EXPECT_TRUE(Near(f.Value(0, "mean_of_imputed"), 34.0 / 7));
  EXPECT_TRUE(Near(f.Value(6, "mean_of_imputed"), 34.0 / 7));
  EXPECT_EQ(f.Value(1, "constant"), 3);
  // The mean of the imputed column: 1, 3, 2, 2, 10, 10, and the keyless row's.
  const CohortUse imputed = f.Use(2, "mean_r");
  EXPECT_EQ(imputed.function, "impute");
  EXPECT_TRUE(imputed.imputed);
  EXPECT_EQ(imputed.treatment, "imputed: mean of 2 present values (by region = east)");
  EXPECT_EQ(imputed.statistic, 2);
  EXPECT_EQ(imputed.present, 2u);
  EXPECT_EQ(imputed.cohort, "period 2024, region = east");
  EXPECT_EQ(f.Use(0, "mean_r").treatment, "present");
  EXPECT_FALSE(f.Use(0, "mean_r").imputed);
  EXPECT_EQ(f.Use(2, "median_all").treatment, "imputed: median of 4 present values (period 2024)");
  f.Verify();

  // A cohort with no present value: missing.
  ASSERT_TRUE(f.session.Clear(4, 0).ok());
  EXPECT_TRUE(IsMissing(f.Value(4, "mean_r")));
  EXPECT_TRUE(IsMissing(f.Value(5, "mean_r")));
  EXPECT_FALSE(f.Use(5, "mean_r").imputed);
  EXPECT_EQ(f.Use(5, "mean_r").treatment.rfind("missing: no present value", 0), 0u)
      << f.Use(5, "mean_r").treatment;
  // A value arrives in east: both imputed rows follow.
  ASSERT_TRUE(f.session.SetNumber(2, 0, 8).ok());
  EXPECT_EQ(f.Value(3, "mean_r"), 4);
  EXPECT_EQ(f.Value(2, "mean_r"), 8);
  f.Verify();
}

TEST(CohortMethodsTest, ImputePrevious) {
  Fixture f(R"(
standard prev {
  input x : number missing exclude
  indicator any { value impute(x, previous) }
  indicator two { value impute(x, previous 2) }
})");
  // a: 2020 present, 2021-2023 missing. b: 2020 present, no 2021 row, 2022 missing.
  const std::size_t a0 = f.Row("a", 2020, 5);
  const std::size_t a1 = f.Row("a", 2021, NAN);
  const std::size_t a2 = f.Row("a", 2022, NAN);
  const std::size_t a3 = f.Row("a", 2023, NAN);
  f.Row("b", 2020, 9);
  const std::size_t b2 = f.Row("b", 2022, NAN);
  EXPECT_EQ(f.Value(a0, "any"), 5);
  EXPECT_EQ(f.Value(a1, "any"), 5);
  EXPECT_EQ(f.Value(a3, "any"), 5);
  EXPECT_EQ(f.Value(a1, "two"), 5);
  EXPECT_EQ(f.Value(a2, "two"), 5);
  EXPECT_TRUE(IsMissing(f.Value(a3, "two")));  // 2022 and 2021 looked at: none
  EXPECT_TRUE(IsMissing(f.Value(b2, "any")));  // the gap ends the look-back
  const CohortUse use = f.Use(a3, "any");
  EXPECT_TRUE(use.imputed);
  EXPECT_EQ(use.treatment, "imputed: the latest present value (period 2020)");
  EXPECT_FALSE(f.Use(a3, "two").imputed);
  EXPECT_EQ(f.Use(a3, "two").treatment, "missing: no present value in the periods looked at");
  f.Verify();

  // A value in 2022 is the latest; the gap is filled.
  ASSERT_TRUE(f.session.SetNumber(a2, 0, 7).ok());
  EXPECT_EQ(f.Value(a3, "any"), 7);
  EXPECT_EQ(f.Value(a3, "two"), 7);
  EXPECT_EQ(f.Value(a1, "any"), 5);
  const std::size_t b1 = f.Row("b", 2021, NAN);
  EXPECT_EQ(f.Value(b2, "any"), 9);
  f.Verify();
  ASSERT_TRUE(f.session.RemoveRow(b1).ok());
  EXPECT_TRUE(IsMissing(f.Value(b2, "any")));
  ASSERT_TRUE(f.session.RemoveRow(a2).ok());
  EXPECT_TRUE(IsMissing(f.Value(a3, "any")));
  f.Verify();
}

TEST(CohortMethodsTest, ImputePolicyInput) {
  Fixture f(R"(
standard pol {
  input y : number missing impute cohort_mean by region
  input region : text
  indicator v { value y }
  indicator raw_missing { value missing(y) }
  indicator z { value cohort_zscore(y by region) }
})");
  const std::size_t y = f.Input("y"), region = f.Input("region");
  const double ys[] = {2, 4, NAN, 100};
  const char* regions[] = {"n", "n", "n", "s"};
  for (int i = 0; i < 4; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    if (!std::isnan(ys[i])) {
      ASSERT_TRUE(f.session.SetNumber(row, y, ys[i]).ok());
    }
    ASSERT_TRUE(f.session.SetText(row, region, regions[i]).ok());
  }
  EXPECT_EQ(f.Value(2, "v"), 3);
  EXPECT_EQ(f.Value(2, "raw_missing"), 1);
  EXPECT_EQ(f.Value(0, "raw_missing"), 0);
  // The z-score reads the imputed value: n holds 2, 4, 3.
  EXPECT_TRUE(Near(f.Value(0, "z"), -1));
  EXPECT_EQ(f.Value(2, "z"), 0);
  EXPECT_EQ(f.Value(3, "z"), 0);
  // The explanation of a rule reading y shows the imputation.
  const CohortUse use = f.Use(2, "v");
  EXPECT_EQ(use.function, "impute");
  EXPECT_TRUE(use.imputed);
  EXPECT_EQ(use.statistic, 3);
  EXPECT_EQ(use.treatment, "imputed: mean of 2 present values (by region = n)");
  EXPECT_EQ(f.Use(0, "v").treatment, "present");
  f.Verify();
  ASSERT_TRUE(f.session.SetText(2, region, "s").ok());
  EXPECT_EQ(f.Value(2, "v"), 100);
  ASSERT_TRUE(f.session.SetText(2, region, "").ok());  // no key: no estimate
  EXPECT_TRUE(IsMissing(f.Value(2, "v")));
  f.Verify();
}

// ---- coverage --------------------------------------------------------------------------

constexpr const char* kCoverage = R"(
standard cov {
  coverage >= 70%
  input a : number missing exclude
  input b : number missing impute 0
  input c : enum { lo, hi } missing exclude
  input name : text
  indicator i points 10 { score (a + b) / 10 }
})";

// The reason rounds the share to a whole percent, unless that would read as reaching the
// coverage: 2 of 3 (66.67%) against 67% shows one decimal, rounded down.
TEST(CohortMethodsTest, CoverageReasonNeverReadsAsAPass) {
  Fixture f(R"(
standard cov {
  coverage >= 67%
  input a : number missing exclude
  input b : number missing exclude
  input c : number missing exclude
  indicator i points 10 { score a / 10 }
})");
  const std::size_t row = *f.session.AddRow("e", 2024);
  ASSERT_TRUE(f.session.SetNumber(row, f.Input("a"), 1).ok());
  ASSERT_TRUE(f.session.SetNumber(row, f.Input("b"), 1).ok());
  EXPECT_FALSE(f.session.scorable(row));
  EXPECT_EQ(f.session.unscorable_reason(row),
            "2 of 3 inputs present (66.6%), below the coverage of 67%");
}

TEST(CohortMethodsTest, CoverageScreensRowsAndComesBackIncrementally) {
  Fixture f(kCoverage);
  const std::size_t a = f.Input("a"), b = f.Input("b"), c = f.Input("c");
  const std::size_t row = *f.session.AddRow("e", 2024);
  const std::size_t full = *f.session.AddRow("full", 2024);
  ASSERT_TRUE(f.session.SetNumber(full, a, 1).ok());
  ASSERT_TRUE(f.session.SetNumber(full, b, 2).ok());
  ASSERT_TRUE(f.session.SetOption(full, c, 1).ok());
  ASSERT_TRUE(f.session.SetText(row, f.Input("name"), "named").ok());  // text: not counted
  ASSERT_TRUE(f.session.SetNumber(row, a, 5).ok());
  EXPECT_FALSE(f.session.scorable(row));
  EXPECT_EQ(f.session.unscorable_reason(row),
            "1 of 3 inputs present (33%), below the coverage of 70%");
  EXPECT_TRUE(f.session.scorable(full));
  EXPECT_DOUBLE_EQ(f.session.total(full), 3);
  f.Verify();
  // 2 of 3 is 66.7%: still below (b is imputed, but presence is before imputation).
  ASSERT_TRUE(f.session.SetOption(row, c, 0).ok());
  EXPECT_FALSE(f.session.scorable(row));
  EXPECT_EQ(f.session.unscorable_reason(row),
            "2 of 3 inputs present (67%), below the coverage of 70%");
  f.Verify();
  ASSERT_TRUE(f.session.SetNumber(row, b, 1).ok());
  EXPECT_TRUE(f.session.scorable(row));
  EXPECT_EQ(f.session.unscorable_reason(row), "");
  EXPECT_DOUBLE_EQ(f.session.total(row), 6);
  f.Verify();
  ASSERT_TRUE(f.session.Clear(row, a).ok());
  EXPECT_FALSE(f.session.scorable(row));
  f.Verify();
}

// A row screened out by coverage leaves the cohorts of the others.
TEST(CohortMethodsTest, CoverageScreenedRowLeavesTheCohort) {
  Fixture f(R"(
standard cov {
  coverage >= 100%
  input x : number missing exclude
  input y : number missing impute 1
  indicator m { value cohort_mean(y) }
})");
  const std::size_t x = f.Input("x"), y = f.Input("y");
  for (int i = 0; i < 3; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(f.session.SetNumber(row, x, 1).ok());
    ASSERT_TRUE(f.session.SetNumber(row, y, 2 * i).ok());
  }
  EXPECT_EQ(f.Value(0, "m"), 2);
  ASSERT_TRUE(f.session.Clear(2, x).ok());
  EXPECT_EQ(f.session.unscorable_reason(2),
            "1 of 2 inputs present (50%), below the coverage of 100%");
  EXPECT_EQ(f.Value(0, "m"), 1);
  ASSERT_TRUE(f.session.Clear(1, y).ok());  // imputed 1, but below the coverage too
  EXPECT_EQ(f.Value(0, "m"), 0);
  f.Verify();
}

// ---- the flow of missing values --------------------------------------------------------

constexpr const char* kLogic = R"(
standard logic {
  input p : bool missing exclude
  input q : bool missing exclude
  input x : number missing exclude
  input y : number missing exclude
  indicator and_ { value p and q }
  indicator or_ { value p or q }
  indicator cond { value if p then x else y }
  indicator miss { value missing(x + y) }
})";

constexpr const char* kFlow = R"(
standard flow {
  input x : number missing exclude
  input y : number missing exclude
  grades {
    good >= 5
    bad otherwise
    bad when vetoed
  }
  group g points 10 {
    indicator ix points 4 {
      score x
      veto when x > 0.5
    }
    indicator iy points 6 { score y }
  }
})";

TEST(CohortMethodsTest, ThreeValuedLogicAndConditionals) {
  Fixture f(kLogic);
  const std::size_t p = f.Input("p"), q = f.Input("q"), x = f.Input("x"), y = f.Input("y");
  const std::size_t row = *f.session.AddRow("e", 2024);
  ASSERT_TRUE(f.session.SetNumber(row, y, 0.5).ok());
  // p false, q missing.
  ASSERT_TRUE(f.session.SetNumber(row, p, 0).ok());
  EXPECT_EQ(f.Value(row, "and_"), 0);
  EXPECT_TRUE(IsMissing(f.Value(row, "or_")));
  EXPECT_EQ(f.Value(row, "cond"), 0.5);  // the untaken branch x is missing: no effect
  EXPECT_EQ(f.Value(row, "miss"), 1);
  // p true, q missing.
  ASSERT_TRUE(f.session.SetNumber(row, p, 1).ok());
  EXPECT_TRUE(IsMissing(f.Value(row, "and_")));
  EXPECT_EQ(f.Value(row, "or_"), 1);
  EXPECT_TRUE(IsMissing(f.Value(row, "cond")));  // the taken branch is missing
  // p missing: the condition is missing.
  ASSERT_TRUE(f.session.Clear(row, p).ok());
  ASSERT_TRUE(f.session.SetNumber(row, x, 0.25).ok());
  EXPECT_TRUE(IsMissing(f.Value(row, "cond")));
  EXPECT_TRUE(IsMissing(f.Value(row, "and_")));
  EXPECT_EQ(f.Value(row, "miss"), 0);
  ASSERT_TRUE(f.session.SetNumber(row, q, 0).ok());
  EXPECT_EQ(f.Value(row, "and_"), 0);
  EXPECT_TRUE(IsMissing(f.Value(row, "or_")));
  ASSERT_TRUE(f.session.SetNumber(row, q, 1).ok());
  EXPECT_EQ(f.Value(row, "or_"), 1);
  f.Verify();
}

TEST(CohortMethodsTest, VetoRedistributionAndMissingTotal) {
  Fixture f(kFlow);
  const std::size_t x = f.Input("x"), y = f.Input("y");
  const std::size_t row = *f.session.AddRow("e", 2024);
  ASSERT_TRUE(f.session.SetNumber(row, y, 0.5).ok());
  // x missing: the veto's condition is missing and does not fire; ix's points go to iy.
  EXPECT_FALSE(f.session.vetoed(row));
  EXPECT_TRUE(IsMissing(f.Value(row, "ix")));
  EXPECT_DOUBLE_EQ(f.Value(row, "g"), 5);  // 3 x 10 / 6
  EXPECT_DOUBLE_EQ(f.session.total(row), 5);
  ASSERT_NE(f.session.grade(row), nullptr);
  EXPECT_EQ(*f.session.grade(row), "good");
  f.Verify();
  // Nothing present: the group and the total are missing, with no grade.
  ASSERT_TRUE(f.session.Clear(row, y).ok());
  EXPECT_TRUE(IsMissing(f.Value(row, "g")));
  EXPECT_TRUE(IsMissing(f.session.total(row)));
  EXPECT_EQ(f.session.grade(row), nullptr);
  EXPECT_TRUE(f.session.scorable(row));
  EXPECT_EQ(f.session.missing_reason(row), "no part of the total has a value: missing x, y");
  f.Verify();
  // A vetoed row with a value in x.
  ASSERT_TRUE(f.session.SetNumber(row, x, 0.75).ok());
  EXPECT_TRUE(f.session.vetoed(row));
  ASSERT_NE(f.session.grade(row), nullptr);
  EXPECT_EQ(*f.session.grade(row), "bad");      // 7.5 would be good
  EXPECT_DOUBLE_EQ(f.session.total(row), 7.5);  // 0.75 x 4 x 10 / 4
  EXPECT_EQ(f.session.missing_reason(row), "");
  f.Verify();
}

TEST(CohortMethodsTest, MissingReasonNamesFiveInputsThenCounts) {
  Fixture f(R"(
standard many {
  input a : number missing exclude
  input b : number missing exclude
  input c : number missing impute cohort_mean
  input d : number missing exclude
  input e : number missing impute previous
  input g : number missing exclude
  input h : number missing exclude
  input k : number
  indicator i points 1 { score a + b + c + d + e + g + h + k }
})");
  const std::size_t row = *f.session.AddRow("e", 2024);
  EXPECT_TRUE(IsMissing(f.session.total(row)));
  EXPECT_EQ(f.session.missing_reason(row),
            "no part of the total has a value: missing a, b, c, d, e and 2 more");
  ASSERT_TRUE(f.session.SetNumber(row, f.Input("b"), 1).ok());
  ASSERT_TRUE(f.session.SetNumber(row, f.Input("h"), 1).ok());
  EXPECT_EQ(f.session.missing_reason(row),
            "no part of the total has a value: missing a, c, d, e, g");
  f.Verify();
}

// cohort_sum is the correctly rounded exact sum (Python's math.fsum), and cohort_mean that
// sum over n, in full and incremental evaluation alike.
TEST(CohortMethodsTest, SumIsExactlyRounded) {
  Fixture f(kStatistics);
  f.Rows({0.1, 0.2, 0.3});
  EXPECT_EQ(f.Value(0, "sm"), 0.6);  // a running sum gives 0.6000000000000001
  EXPECT_EQ(f.Value(0, "me"), 0.6 / 3);
  f.Verify();
  Fixture g(kStatistics);
  g.Rows({1e16, 1, -1e16});
  EXPECT_EQ(g.Value(0, "sm"), 1);
  EXPECT_EQ(g.Value(0, "me"), 1.0 / 3);
  EXPECT_EQ(g.Value(0, "md"), 1);
  g.Verify();
  // Incrementally: members leave and come back in another order.
  ASSERT_TRUE(g.session.Clear(0, 0).ok());
  EXPECT_EQ(g.Value(1, "sm"), 1 - 1e16);
  ASSERT_TRUE(g.session.SetNumber(0, 0, 1e16).ok());
  ASSERT_TRUE(g.session.Clear(1, 0).ok());
  EXPECT_EQ(g.Value(0, "sm"), 0);
  ASSERT_TRUE(g.session.SetNumber(1, 0, 1).ok());
  EXPECT_EQ(g.Value(0, "sm"), 1);
  ASSERT_TRUE(g.session.SetNumber(2, 0, 0.3).ok());
  ASSERT_TRUE(g.session.SetNumber(1, 0, 0.2).ok());
  ASSERT_TRUE(g.session.SetNumber(0, 0, 0.1).ok());
  EXPECT_EQ(g.Value(0, "sm"), 0.6);
  g.Verify();
}

TEST(CohortMethodsTest, WinsorizeLeavesCohortsWithInfiniteMembersUnchanged) {
  Fixture f(R"(
standard w {
  input x : number missing exclude
  indicator w { value winsorize(ln(x)) }
})");
  // ln: -inf, 0 x 8, and ln(1e30) far above the others.
  f.Rows({0, 1, 1, 1, 1, 1, 1, 1, 1, 1e30});
  EXPECT_EQ(f.Value(0, "w"), -INFINITY);
  EXPECT_TRUE(Near(f.Value(9, "w"), std::log(1e30)));
  EXPECT_EQ(f.Use(9, "w").treatment,
            "unchanged (skewness and kurtosis are undefined for this cohort)");
  f.Verify();
}

TEST(CohortMethodsTest, MissingWinsOverNanAndDivisionByZero) {
  Fixture f(R"(
standard m {
  input x : number missing exclude
  input y : number
  input z : number missing impute cohort_mean
  indicator nan_plus_missing { value ln(y - 10) + x }
  indicator nan_alone { value ln(y - 10) }
  indicator over_zero { value x / 0 }
  indicator previous { value prev(z) }
  indicator raw { value missing(z) }
  indicator veto_or points 1 {
    score 1
    veto when x > 0.5 or y > 0.5
  }
})");
  const std::size_t y = f.Input("y"), z = f.Input("z");
  const std::size_t first = *f.session.AddRow("a", 2023);
  const std::size_t other = *f.session.AddRow("b", 2023);
  const std::size_t row = *f.session.AddRow("a", 2024);
  ASSERT_TRUE(f.session.SetNumber(other, z, 8).ok());  // a's 2023 z is imputed: 8
  ASSERT_TRUE(f.session.SetNumber(row, z, 3).ok());
  EXPECT_TRUE(IsMissing(f.Value(row, "nan_plus_missing")));
  EXPECT_TRUE(PlainNan(f.Value(row, "nan_alone")));
  EXPECT_TRUE(IsMissing(f.Value(row, "over_zero")));
  // prev() of an impute input reads the raw input: missing in 2023, so its default 0.
  EXPECT_EQ(f.Value(row, "previous"), 0);
  EXPECT_EQ(f.Value(first, "raw"), 1);
  EXPECT_EQ(f.Value(row, "raw"), 0);
  // A veto: true or missing is true, false or missing is missing (does not fire).
  EXPECT_FALSE(f.session.vetoed(row));
  ASSERT_TRUE(f.session.SetNumber(row, y, 0.75).ok());
  EXPECT_TRUE(f.session.vetoed(row));
  f.Verify();
}

}  // namespace
}  // namespace rubric
