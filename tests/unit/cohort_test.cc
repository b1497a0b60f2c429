// Cohort functions, exactly as docs/language.md defines them, full and incremental.
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard c {
  input x : number
  let mm = cohort_minmax(x)
  let rk = cohort_rank(x)
  let pc = cohort_percentile(x)
  let nan_mm = cohort_minmax(ln(x))
  indicator a { value mm }
  indicator b { value rk }
  indicator p { value pc }
  indicator n { value nan_mm }
})";

struct Fixture {
  Standard standard;
  Session session;
  explicit Fixture(const char* source)
      : standard(*Standard::Compile(source, "c.rubric").standard), session(standard) {}
};

TEST(CohortTest, MinMaxRankAndPercentileWithTies) {
  Fixture f(kSource);
  const double xs[] = {10, 20, 20, 40};
  for (int i = 0; i < 4; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(f.session.SetNumber(row, 0, xs[i]).ok());
  }
  const std::size_t other = *f.session.AddRow("alone", 2025);  // its own cohort
  ASSERT_TRUE(f.session.SetNumber(other, 0, 5).ok());
  const std::size_t a = 0, b = 1, p = 2;
  // minmax: (x - 10) / 30
  EXPECT_DOUBLE_EQ(f.session.node_value(0, a), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, a), 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(3, a), 1.0);
  // rank: 40 -> 1, 20 and 20 share rank 2, 10 -> rank 4; 1 - (rank - 1) / 3
  EXPECT_DOUBLE_EQ(f.session.node_value(3, b), 1.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, b), 1 - 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(2, b), 1 - 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(0, b), 0.0);
  // percentile: rows strictly below / 3
  EXPECT_DOUBLE_EQ(f.session.node_value(0, p), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, p), 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(2, p), 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(3, p), 1.0);
  // A cohort of one.
  EXPECT_DOUBLE_EQ(f.session.node_value(other, a), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(other, b), 1.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(other, p), 1.0);

  // Incrementally: moving the minimum re-scales everyone.
  ASSERT_TRUE(f.session.SetNumber(0, 0, 0).ok());
  EXPECT_DOUBLE_EQ(f.session.node_value(1, a), 0.5);
  ASSERT_TRUE(f.session.RemoveRow(3).ok());
  EXPECT_DOUBLE_EQ(f.session.node_value(1, a), 1.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, b), 1.0);
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());
}

TEST(CohortTest, NanIsLeftOutOfMinAndMax) {
  Fixture f(kSource);
  const double xs[] = {-1, 1, std::exp(1.0)};  // ln: NaN, 0, 1
  for (int i = 0; i < 3; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(f.session.SetNumber(row, 0, xs[i]).ok());
  }
  const std::size_t n = 3;
  EXPECT_TRUE(std::isnan(f.session.node_value(0, n)));
  EXPECT_DOUBLE_EQ(f.session.node_value(1, n), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(2, n), 1.0);
}

}  // namespace
}  // namespace rubric
