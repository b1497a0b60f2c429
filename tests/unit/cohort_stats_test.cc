// The numeric kernels of the cohort statistics and of COINr's outlier treatment: cases
// worked by hand, and the golden cases of the independent Python reference
// (tests/reference/cohort_stats.py -> tests/data/cohort_stats_cases.json).
#include "eval/cohort_stats.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace rubric::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Ascending, NaN last: how a cohort is handed over (NaN's place does not matter).
std::vector<double> Sorted(std::vector<double> values) {
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  });
  return values;
}

// Equal, both NaN, or within `rel` of `expected` relative to max(|expected|, floor).
::testing::AssertionResult Close(double expected, double actual, double rel = 1e-12,
                                 double floor = 0) {
  if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
  if (expected == actual) return ::testing::AssertionSuccess();
  const double scale = std::max(std::fabs(expected), floor);
  if (std::isfinite(expected) && std::fabs(actual - expected) <= rel * scale) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << expected << ", got " << actual
                                       << " (difference " << actual - expected << ")";
}

TEST(CohortStats, Empty) {
  const std::vector<double> none;
  EXPECT_EQ(Sum(none), 0);
  EXPECT_EQ(Count(none), 0u);
  EXPECT_TRUE(std::isnan(Mean(none)));
  EXPECT_TRUE(std::isnan(Min(none)));
  EXPECT_TRUE(std::isnan(Max(none)));
  EXPECT_TRUE(std::isnan(SampleSd(none)));
  EXPECT_TRUE(std::isnan(Median(none)));
  EXPECT_TRUE(std::isnan(Quantile(none, 0.5)));
  EXPECT_TRUE(std::isnan(Skew(none)));
  EXPECT_TRUE(std::isnan(Kurt(none)));
  const CohortStats stats = ComputeCohortStats(none);
  EXPECT_EQ(stats.count, 0u);
  EXPECT_TRUE(std::isnan(stats.mean));
  EXPECT_TRUE(std::isnan(ZScore(1, stats)));
}

TEST(CohortStats, One) {
  const std::vector<double> one = {3.5};
  EXPECT_EQ(Sum(one), 3.5);
  EXPECT_EQ(Mean(one), 3.5);
  EXPECT_EQ(Min(one), 3.5);
  EXPECT_EQ(Max(one), 3.5);
  EXPECT_EQ(Median(one), 3.5);
  EXPECT_EQ(Quantile(one, 0), 3.5);
  EXPECT_EQ(Quantile(one, 0.3), 3.5);
  EXPECT_EQ(Quantile(one, 1), 3.5);
  EXPECT_TRUE(std::isnan(SampleSd(one)));
  EXPECT_TRUE(std::isnan(Skew(one)));
  EXPECT_TRUE(std::isnan(ZScore(3.5, ComputeCohortStats(one))));
}

TEST(CohortStats, Two) {
  const std::vector<double> two = {1, 4};
  EXPECT_EQ(Sum(two), 5);
  EXPECT_EQ(Mean(two), 2.5);
  EXPECT_EQ(SampleSd(two), std::sqrt(4.5));  // (1.5^2 + 1.5^2) / 1
  EXPECT_EQ(Median(two), 2.5);
  EXPECT_EQ(Quantile(two, 0.25), 1.75);
  EXPECT_TRUE(std::isnan(Skew(two)));
  EXPECT_TRUE(std::isnan(Kurt(two)));
  const CohortStats stats = ComputeCohortStats(two);
  EXPECT_EQ(ZScore(4, stats), 1.5 / std::sqrt(4.5));
}

TEST(CohortStats, Three) {
  const std::vector<double> three = {2, 4, 9};  // d = -3, -1, 4; sum d^2 = 26, d^3 = 36
  EXPECT_EQ(Mean(three), 5);
  EXPECT_EQ(SampleSd(three), std::sqrt(13.0));
  EXPECT_EQ(Median(three), 4);
  EXPECT_TRUE(Close(std::sqrt(3.0) * 36 / std::pow(26.0, 1.5) * std::sqrt(6.0), Skew(three)));
  EXPECT_TRUE(std::isnan(Kurt(three)));
}

TEST(CohortStats, Four) {
  // d = -3, -2, -1, 6: sum d^2 = 50, d^3 = 180, d^4 = 1394.
  const std::vector<double> four = {1, 2, 3, 10};
  EXPECT_EQ(Mean(four), 4);
  EXPECT_EQ(Median(four), 2.5);
  EXPECT_EQ(Quantile(four, 0.5), 2.5);
  EXPECT_TRUE(Close(2 * 180 / std::pow(50.0, 1.5) * std::sqrt(12.0) / 2, Skew(four)));
  const double r = 4 * 1394 / 2500.0;
  EXPECT_TRUE(Close((5 * (r - 3) + 6) * 3 / 2, Kurt(four)));
  EXPECT_TRUE(Close(3.228, Kurt(four)));
  const CohortStats stats = ComputeCohortStats(four);
  EXPECT_EQ(stats.skew, Skew(four));
  EXPECT_EQ(stats.kurt, Kurt(four));
  EXPECT_EQ(stats.sd, SampleSd(four));
}

TEST(CohortStats, TiesAndQuantiles) {
  const std::vector<double> ties = Sorted({5, 1, 5, 3, 5, 1});  // 1 1 3 5 5 5
  EXPECT_EQ(Median(ties), 4);
  EXPECT_EQ(Quantile(ties, 0.2), 1);  // h = 1
  EXPECT_EQ(Quantile(ties, 0.7), 5);  // h = 3.5 between two fives
  EXPECT_EQ(Quantile(ties, 0.5), 4);  // h = 2.5
  const std::vector<double> tens = {10, 20, 30, 40, 50};
  EXPECT_EQ(Quantile(tens, 0.1), 14);  // h = 0.4
  EXPECT_EQ(Quantile(tens, 0.625), 35);
  EXPECT_TRUE(std::isnan(Quantile(tens, -0.1)));
  EXPECT_TRUE(std::isnan(Quantile(tens, 1.5)));
  EXPECT_TRUE(std::isnan(Quantile(tens, kNaN)));
}

TEST(CohortStats, ZeroSpread) {
  const std::vector<double> same = {7, 7, 7, 7, 7};
  const CohortStats stats = ComputeCohortStats(same);
  EXPECT_EQ(stats.sd, 0);
  EXPECT_EQ(stats.median, 7);
  EXPECT_TRUE(std::isnan(stats.skew));
  EXPECT_TRUE(std::isnan(stats.kurt));
  EXPECT_TRUE(std::isnan(ZScore(7, stats)));
}

TEST(CohortStats, NaNMember) {
  const std::vector<double> values = Sorted({1, kNaN, 3, 4, 5});
  const CohortStats stats = ComputeCohortStats(values);
  EXPECT_EQ(stats.count, 5u);
  EXPECT_TRUE(stats.has_nan);
  EXPECT_EQ(stats.min, 1);
  EXPECT_EQ(stats.max, 5);
  for (double v : {stats.sum, stats.mean, stats.sd, stats.median, stats.skew, stats.kurt,
                   Quantile(values, 0.5), ZScore(3, stats)}) {
    EXPECT_TRUE(std::isnan(v));
  }
  const std::vector<double> all_nan = {kNaN, kNaN};
  EXPECT_TRUE(std::isnan(Min(all_nan)));
  EXPECT_TRUE(std::isnan(Max(all_nan)));
  EXPECT_EQ(Count(all_nan), 2u);
}

TEST(CohortStats, Infinities) {
  EXPECT_EQ(Sum(std::vector<double>{1, kInf, 2}), kInf);
  EXPECT_TRUE(std::isnan(Sum(std::vector<double>{1, kInf, -kInf})));
  EXPECT_TRUE(std::isnan(SampleSd(std::vector<double>{1, 2, kInf})));
  EXPECT_EQ(Max(std::vector<double>{1, 2, kInf}), kInf);
}

TEST(CohortStats, SumIsExactAndOrderFree) {
  EXPECT_EQ(Sum(std::vector<double>{1e16, 1, -1e16}), 1);
  EXPECT_EQ(Sum(std::vector<double>{0.1, 0.2, 0.3}), 0.6);           // fsum([.1, .2, .3]) == 0.6
  EXPECT_EQ(Sum(std::vector<double>{1e308, 1e308, -1e308}), 1e308);  // intermediate overflow
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(0, 3);
  std::vector<double> values(500);
  for (double& v : values) v = dist(rng) * ((rng() & 1) != 0 ? 1 : -1);
  const double sum = Sum(values);
  const double sd = SampleSd(values);
  const double skew = Skew(values);
  const double kurt = Kurt(values);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(values.begin(), values.end(), rng);
    EXPECT_EQ(Sum(values), sum);
    EXPECT_EQ(SampleSd(values), sd);
    EXPECT_EQ(Skew(values), skew);
    EXPECT_EQ(Kurt(values), kurt);
  }
}

// COINr's own example (R/treat.R): 1:10 with 30 and 100. One step moves 100 to 30.
TEST(Winsorize, CoinrExample) {
  std::vector<double> values(10);
  std::iota(values.begin(), values.end(), 1.0);
  values.push_back(30);
  values.push_back(100);
  const WinsorizeResult result = Winsorize(values, WinsorizeOptions{});
  EXPECT_EQ(result.outcome, TreatOutcome::kWinsorized);
  EXPECT_EQ(result.winsorized_count, 1);
  EXPECT_FALSE(result.log_used);
  EXPECT_EQ(result.values[11], 30);
  EXPECT_EQ(result.treatment[11], Treatment::kWinsorizedHigh);
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(result.values[i], values[i]);
    EXPECT_EQ(result.treatment[i], Treatment::kNone);
  }
}

TEST(Winsorize, TinyAndUndefinedCohortsAreUntouched) {
  for (const std::vector<double>& values : std::vector<std::vector<double>>{
           {}, {1}, {1, 100}, {1, 2, 100}, {5, 5, 5, 5, 5}, {1, 2, kNaN, 3, 1000}}) {
    const WinsorizeResult result = Winsorize(values, WinsorizeOptions{});
    EXPECT_EQ(result.outcome, TreatOutcome::kNotAssessed);
    ASSERT_EQ(result.values.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_TRUE(Close(values[i], result.values[i]));
      EXPECT_EQ(result.treatment[i], Treatment::kNone);
    }
  }
}

TEST(Winsorize, CollapseLeavesTheValuesUntouched) {
  std::vector<double> values(10, 0.0);
  values.push_back(100);
  const WinsorizeResult result = Winsorize(values, WinsorizeOptions{});
  EXPECT_EQ(result.outcome, TreatOutcome::kNotAssessed);
  EXPECT_EQ(result.values, values);
}

TEST(Winsorize, DoesNotDependOnOrder) {
  std::vector<double> values = {0.63, -0.19, -1.86, -1.32, -0.72, 0.51,  0.42,  0.33,
                                1.01, -0.49, -0.13, 0.27,  -0.14, -0.52, -1.68, 0.01,
                                0.64, -1.87, -0.03, 0.58,  29.3,  -12.2, -8.3};
  const WinsorizeResult base = Winsorize(values, WinsorizeOptions{});
  EXPECT_EQ(base.outcome, TreatOutcome::kWinsorized);
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(3);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> shuffled;
    for (std::size_t i : order) shuffled.push_back(values[i]);
    const WinsorizeResult result = Winsorize(shuffled, WinsorizeOptions{});
    EXPECT_EQ(result.outcome, base.outcome);
    EXPECT_EQ(result.winsorized_count, base.winsorized_count);
    for (std::size_t k = 0; k < order.size(); ++k) {
      EXPECT_EQ(result.values[k], base.values[order[k]]);
      EXPECT_EQ(result.treatment[k], base.treatment[order[k]]);
    }
  }
}

// ---------------------------------------------------------------------------------------
// The golden cases of the Python reference.

double Number(const nlohmann::json& j) {
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "nan") return kNaN;
    if (s == "inf") return kInf;
    if (s == "-inf") return -kInf;
    ADD_FAILURE() << "not a number: " << s;
    return kNaN;
  }
  return j.get<double>();
}

std::vector<double> Numbers(const nlohmann::json& j) {
  std::vector<double> out;
  for (const auto& e : j) out.push_back(Number(e));
  return out;
}

const char* TreatmentName(Treatment t) {
  switch (t) {
    case Treatment::kNone:
      return "none";
    case Treatment::kWinsorizedHigh:
      return "winhi";
    case Treatment::kWinsorizedLow:
      return "winlo";
    case Treatment::kLog:
      return "log";
  }
  return "?";
}

const char* OutcomeName(TreatOutcome o) {
  switch (o) {
    case TreatOutcome::kNotAssessed:
      return "not_assessed";
    case TreatOutcome::kPassed:
      return "passed";
    case TreatOutcome::kWinsorized:
      return "winsorized";
    case TreatOutcome::kLogTransformed:
      return "log_transformed";
  }
  return "?";
}

TEST(CohortStatsGolden, MatchesThePythonReference) {
  const std::string path = std::string(RUBRIC_SOURCE_DIR) + "/tests/data/cohort_stats_cases.json";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  const nlohmann::json doc = nlohmann::json::parse(in);
  ASSERT_GE(doc["cases"].size(), 30u);
  int winsorized = 0;
  int logged = 0;
  for (const auto& c : doc["cases"]) {
    const std::string name = c["name"].get<std::string>();
    SCOPED_TRACE(name);
    const std::vector<double> values = Numbers(c["values"]);
    const std::vector<double> sorted = Sorted(values);
    const nlohmann::json& e = c["expected"];
    const CohortStats stats = ComputeCohortStats(sorted);

    EXPECT_EQ(stats.count, e["count"].get<std::size_t>());
    EXPECT_EQ(Count(sorted), e["count"].get<std::size_t>());
    EXPECT_TRUE(Close(Number(e["sum"]), stats.sum)) << "sum";
    EXPECT_TRUE(Close(Number(e["sum"]), Sum(values))) << "sum, row order";
    EXPECT_TRUE(Close(Number(e["mean"]), stats.mean)) << "mean";
    EXPECT_TRUE(Close(Number(e["mean"]), Mean(sorted))) << "mean";
    EXPECT_TRUE(Close(Number(e["min"]), stats.min)) << "min";
    EXPECT_TRUE(Close(Number(e["max"]), stats.max)) << "max";
    EXPECT_TRUE(Close(Number(e["sd"]), stats.sd)) << "sd";
    EXPECT_TRUE(Close(Number(e["sd"]), SampleSd(sorted))) << "sd";
    EXPECT_TRUE(Close(Number(e["median"]), stats.median)) << "median";
    EXPECT_TRUE(Close(Number(e["median"]), Median(sorted))) << "median";
    // Skewness, kurtosis and z-scores are pure numbers: an absolute floor of 1e-12 for
    // values near zero (cancellation).
    EXPECT_TRUE(Close(Number(e["skew"]), stats.skew, 1e-12, 1)) << "skew";
    EXPECT_TRUE(Close(Number(e["skew"]), Skew(sorted), 1e-12, 1)) << "skew";
    EXPECT_TRUE(Close(Number(e["kurt"]), stats.kurt, 1e-12, 1)) << "kurt";
    EXPECT_TRUE(Close(Number(e["kurt"]), Kurt(sorted), 1e-12, 1)) << "kurt";
    const std::vector<double> qs = Numbers(c["q"]);
    const std::vector<double> quantiles = Numbers(e["quantiles"]);
    ASSERT_EQ(qs.size(), quantiles.size());
    for (std::size_t i = 0; i < qs.size(); ++i) {
      EXPECT_TRUE(Close(quantiles[i], Quantile(sorted, qs[i]))) << "quantile " << qs[i];
    }
    const std::vector<double> zscores = Numbers(e["zscores"]);
    ASSERT_EQ(zscores.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_TRUE(Close(zscores[i], ZScore(values[i], stats), 1e-12, 1)) << "zscore " << i;
    }

    const nlohmann::json& o = c["options"];
    WinsorizeOptions options;
    options.max_points = o["max_points"].get<int>();
    options.skew_threshold = Number(o["skew"]);
    options.kurtosis_threshold = Number(o["kurtosis"]);
    const nlohmann::json& w = e["winsorize"];
    const WinsorizeResult result = Winsorize(values, options);
    EXPECT_EQ(OutcomeName(result.outcome), w["outcome"].get<std::string>());
    EXPECT_EQ(result.winsorized_count, w["winsorized_count"].get<int>());
    EXPECT_EQ(result.log_used, w["log_used"].get<bool>());
    const std::vector<double> treated = Numbers(w["values"]);
    ASSERT_EQ(result.values.size(), treated.size());
    ASSERT_EQ(result.treatment.size(), treated.size());
    for (std::size_t i = 0; i < treated.size(); ++i) {
      EXPECT_TRUE(Close(treated[i], result.values[i])) << "treated value " << i;
      EXPECT_EQ(TreatmentName(result.treatment[i]), w["treatment"][i].get<std::string>())
          << "treatment " << i;
    }
    winsorized += result.outcome == TreatOutcome::kWinsorized ? 1 : 0;
    logged += result.log_used ? 1 : 0;
  }
  // The cases exercise every branch.
  EXPECT_GE(winsorized, 5);
  EXPECT_GE(logged, 3);
}

}  // namespace
}  // namespace rubric::eval
