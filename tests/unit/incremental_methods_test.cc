// Incremental evaluation of the cohort statistics, winsorize, impute, keys, coverage and
// missing values: random edits of a standard using all of them, each followed by a lazy read
// and a comparison with a full evaluation, bit for bit.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
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
standard prop {
  coverage >= 50%
  input x : number missing exclude
  input y : number missing impute cohort_mean by region
  input z : number missing impute previous 2
  input v : number missing impute cohort_median by city
  input w : number
  input region : enum { north, south, east } missing exclude
  input city : text
  let lx = ln(x)
  let both = x + y
  grades {
    high >= 12
    low otherwise
    out when vetoed
  }
  group a points 10 {
    indicator s1 points 2 { score cohort_minmax(x by region across periods) }
    indicator s2 points 2 { score cohort_rank(y by city) }
    indicator s3 points 2 { score cohort_percentile(z across periods) }
    indicator s4 points 2 { score cohort_minmax(cohort_zscore(both by region)) }
    indicator s5 points 2 {
      score cohort_minmax(winsorize(w by city, points 2, skew 1, kurtosis 1))
      veto when x > 19 and v > 10
    }
  }
  group b points 12 {
    indicator t1 points 1 { score cohort_min(x by city) / (1 + abs(cohort_max(y across periods))) }
    indicator t2 points 1 { score cohort_sum(y by region) / 100 }
    indicator t3 points 1 { score cohort_count(x by city across periods) / 10 }
    indicator t4 points 1 { score cohort_mean(lx by region) }
    indicator t5 points 1 { score cohort_sd(w) / 10 }
    indicator t6 points 1 { score cohort_median(z by region) / 20 }
    indicator t7 points 1 { score cohort_quantile(x by city, 0.25) / 20 }
    indicator t8 points 1 { score cohort_skew(w by region across periods) }
    indicator t9 points 1 { score cohort_kurt(x + w) }
    indicator t10 points 1 {
      score (impute(x, cohort_median by city) + impute(x, previous) + impute(x, 0)) / 60
    }
    indicator t11 points 1 { score winsorize(x across periods) / 20 }
    indicator t12 points 1 {
      score if x > 5 or missing(v) then cohort_zscore(v by city) else cohort_mean(v)
    }
  }
  group staged points 3 {
    indicator u1 points 1 { score cohort_rank(impute(x, previous) by region across periods) }
    indicator u2 points 1 {
      score 0.5 + impute(cohort_zscore(x by city), cohort_mean by region) / 4
    }
    indicator u3 points 1 {
      score cohort_percentile(winsorize(impute(z * 2, cohort_median by city) by region))
    }
  }
  indicator c { value cohort_mean(missing(y) + missing(v) by region) }
})";

// Fewer indicators, each reading exclude or impute inputs: rows whose total is missing.
constexpr const char* kSmall = R"(
standard small {
  coverage >= 30%
  input x : number missing exclude
  input y : number missing impute cohort_mean by region
  input z : number missing impute previous 1
  input v : number missing impute cohort_median by city
  input w : number missing exclude
  input region : enum { north, south, east } missing exclude
  input city : text
  grades {
    high >= 5
    low otherwise
    out when vetoed
  }
  group a points 6 {
    indicator s1 points 2 { score cohort_minmax(x by city across periods) }
    indicator s2 points 2 { score 0.5 + cohort_zscore(y by region) / 4 }
    indicator s3 points 2 { score winsorize(z by region, points 1) / 10 }
  }
  indicator s4 points 3 { score if w > 3 then v / 10 else cohort_quantile(x by city, 0.75) / 10 }
  indicator s5 points 1 {
    score (w > 5) and (x > 2) or missing(v)
    veto when v > 9 and w > 8
  }
})";

Standard CompileOrDie(const char* source) {
  CompileResult result = Standard::Compile(source, "prop.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

std::size_t InputIndex(const Standard& standard, const char* id) {
  for (std::size_t i = 0; i < standard.inputs().size(); ++i) {
    if (standard.inputs()[i].id == id) return i;
  }
  ADD_FAILURE() << "no input " << id;
  return 0;
}

class Driver {
 public:
  Driver(const Standard& standard, std::uint32_t seed)
      : session_(standard),
        random_(seed),
        numbers_{InputIndex(standard, "x"), InputIndex(standard, "y"), InputIndex(standard, "z"),
                 InputIndex(standard, "v"), InputIndex(standard, "w")} {
    region_ = InputIndex(standard, "region");
    city_ = InputIndex(standard, "city");
    for (int e = 0; e < 12; ++e) {
      for (std::int64_t period = 2021; period <= 2023; ++period) {
        if (Chance(10)) continue;  // gaps in the periods
        const std::size_t row = *session_.AddRow("e" + std::to_string(e), period);
        for (const std::size_t input : numbers_) {
          if (!Chance(20)) SetNumber(row, input);
        }
        if (!Chance(10)) SetRegion(row);
        if (!Chance(10)) SetCity(row);
      }
    }
  }

  Session& session() { return session_; }

  // One random edit; returns what it was, for the failure message.
  std::string Step() {
    const int kind = Pick(100);
    std::vector<std::size_t> live;
    for (std::size_t r = 0; r < session_.row_count(); ++r) {
      if (session_.live(r)) live.push_back(r);
    }
    if (live.empty() || kind >= 92) {
      const std::string entity = "e" + std::to_string(Pick(16));
      const std::int64_t period = 2021 + Pick(3);
      if (session_.FindRow(entity, period)) return "add (exists)";
      const std::size_t row = *session_.AddRow(entity, period);
      for (const std::size_t input : numbers_) {
        if (Chance(70)) SetNumber(row, input);
      }
      if (Chance(80)) SetRegion(row);
      if (Chance(80)) SetCity(row);
      return "add row " + std::to_string(row);
    }
    const std::size_t row = live[Pick(static_cast<int>(live.size()))];
    const std::string at = " row " + std::to_string(row);
    if (kind < 40) {
      const std::size_t input = numbers_[Pick(5)];
      SetNumber(row, input);
      return "set input " + std::to_string(input) + at;
    }
    if (kind < 60) {
      const std::size_t input = numbers_[Pick(5)];
      EXPECT_TRUE(session_.Clear(row, input).ok());
      return "clear input " + std::to_string(input) + at;
    }
    if (kind < 70) {
      if (Chance(20)) {
        EXPECT_TRUE(session_.Clear(row, region_).ok());
        return "clear region" + at;
      }
      SetRegion(row);
      return "set region" + at;
    }
    if (kind < 82) {
      SetCity(row);
      return "set city '" + session_.text(row, city_) + "'" + at;
    }
    if (kind < 84) {
      // Columnar: one input of a few rows in one call, or from text (empty: missing).
      const std::size_t input = numbers_[Pick(5)];
      if (Chance(50)) {
        std::vector<std::size_t> rows;
        std::vector<double> values;
        for (int i = 0; i < 4; ++i) {
          rows.push_back(live[Pick(static_cast<int>(live.size()))]);
          values.push_back(Chance(10) ? -0.0 : Pick(12));
        }
        EXPECT_TRUE(session_.SetNumbers(input, rows, values).ok());
        return "set input " + std::to_string(input) + " of 4 rows";
      }
      const char* const kTexts[] = {"", "3", "7.5", "0"};
      EXPECT_TRUE(session_.SetFromString(row, input, kTexts[Pick(4)]).ok());
      return "set input " + std::to_string(input) + " from text" + at;
    }
    if (kind == 84 && Chance(30)) {
      const std::string entity = session_.entity(row);
      session_.RemoveEntity(entity);
      return "remove entity " + entity;
    }
    EXPECT_TRUE(session_.RemoveRow(row).ok());
    return "remove" + at;
  }

  // A live row, or none.
  std::optional<std::size_t> AnyLiveRow() {
    std::vector<std::size_t> live;
    for (std::size_t r = 0; r < session_.row_count(); ++r) {
      if (session_.live(r)) live.push_back(r);
    }
    if (live.empty()) return std::nullopt;
    return live[Pick(static_cast<int>(live.size()))];
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  void SetNumber(std::size_t row, std::size_t input) {
    // Small integers (ties, equal cohorts), negatives (ln gives NaN) and the odd outlier.
    double value = Pick(12);
    if (Chance(2)) value = -1;  // ln gives NaN
    if (Chance(20)) value += Pick(1000) / 1000.0;
    if (Chance(5)) value = 200 + Pick(50);
    EXPECT_TRUE(session_.SetNumber(row, input, value).ok());
  }
  void SetRegion(std::size_t row) {
    EXPECT_TRUE(session_.SetOption(row, region_, static_cast<std::size_t>(Pick(3))).ok());
  }
  void SetCity(std::size_t row) {
    static const char* const kCities[] = {"a", "b", "c", "d", ""};  // "": missing key
    EXPECT_TRUE(session_.SetText(row, city_, kCities[Pick(5)]).ok());
  }

  Session session_;
  std::mt19937 random_;
  std::vector<std::size_t> numbers_;
  std::size_t region_ = 0;
  std::size_t city_ = 0;
};

TEST(IncrementalMethodsTest, RandomEditsMatchFullEvaluation) {
  const Standard full = CompileOrDie(kSource);
  const Standard small = CompileOrDie(kSmall);
  // What the edits reached, so that the test cannot pass by never meeting a case.
  std::size_t scorable = 0, unscorable = 0, missing_total = 0, vetoed = 0, nan_total = 0;
  for (const std::uint32_t seed : {1u, 2u, 3u, 4u, 42u, 2026u, 107u, 108u, 109u, 110u, 111u}) {
    const Standard& standard = seed < 100 || seed > 1000 ? full : small;
    Driver driver(standard, seed);
    {
      const Status status = driver.session().VerifyAgainstFullEvaluation();
      ASSERT_TRUE(status.ok()) << "seed " << seed << " initial: " << status.message();
    }
    for (int step = 0; step < 300; ++step) {
      const std::string what = driver.Step();
      // The lazy path first: one row's total, then everything.
      if (const std::optional<std::size_t> row = driver.AnyLiveRow()) {
        const double total = driver.session().total(*row);
        (void)driver.session().grade(*row);
        if (!driver.session().scorable(*row)) {
          ++unscorable;
        } else {
          ++scorable;
          if (IsMissing(total)) ++missing_total;
          if (!IsMissing(total) && std::isnan(total)) ++nan_total;
          if (driver.session().vetoed(*row)) ++vetoed;
        }
      }
      const Status status = driver.session().VerifyAgainstFullEvaluation();
      ASSERT_TRUE(status.ok()) << "seed " << seed << ", step " << step << " (" << what
                               << "): " << status.message();
      if (step % 100 == 99) {
        // A full evaluation on two threads gives the same results, bit for bit.
        driver.session().Evaluate(2);
        const Status threaded = driver.session().VerifyAgainstFullEvaluation();
        ASSERT_TRUE(threaded.ok())
            << "seed " << seed << ", step " << step << " (two threads): " << threaded.message();
      }
    }
  }
  EXPECT_GT(scorable, 100u);
  EXPECT_GT(unscorable, 10u);
  EXPECT_GT(missing_total + nan_total, 0u);
  EXPECT_GT(vetoed, 0u);
  std::printf("rows read: %zu scorable (%zu missing totals, %zu NaN, %zu vetoed), %zu not\n",
              scorable, missing_total, nan_total, vetoed, unscorable);
}

}  // namespace
}  // namespace rubric
