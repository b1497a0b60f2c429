// wmean, wgeomean, hmean and whmean: hand-computed values, missing values left out with
// the weights renormalised, zeros, and incremental == full.
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

Standard Compile(const std::string& expression) {
  const std::string source =
      "standard w {\n  input a : number missing exclude\n  input b : number missing exclude\n"
      "  input c : number\n  indicator i { value " +
      expression + " }\n}\n";
  CompileResult result = Standard::Compile(source, "w.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

// The value of `expression` for a = 4, b = 1, c = 2 (and a, b missing when NaN is given).
double ValueOf(const std::string& expression, double a, double b, double c = 2) {
  const Standard standard = Compile(expression);
  Session session(standard);
  const std::size_t row = *session.AddRow("e", 2024);
  if (!std::isnan(a)) {
    EXPECT_TRUE(session.SetNumber(row, 0, a).ok());
  }
  if (!std::isnan(b)) {
    EXPECT_TRUE(session.SetNumber(row, 1, b).ok());
  }
  EXPECT_TRUE(session.SetNumber(row, 2, c).ok());
  return session.node_value(row, 0);
}

TEST(WeightedMeansTest, HandComputedValues) {
  // (2*4 + 1*1 + 1*2) / 4
  EXPECT_DOUBLE_EQ(ValueOf("wmean(a, 2, b, 1, c, 1)", 4, 1), 11.0 / 4);
  // exp((2 ln 4 + ln 1 + ln 2) / 4) = (16 * 2)^(1/4)
  EXPECT_NEAR(ValueOf("wgeomean(a, 2, b, 1, c, 1)", 4, 1), std::pow(32.0, 0.25), 1e-15);
  // 3 / (1/4 + 1 + 1/2)
  EXPECT_DOUBLE_EQ(ValueOf("hmean(a, b, c)", 4, 1), 3 / 1.75);
  // 4 / (2/4 + 1/1 + 1/2)
  EXPECT_DOUBLE_EQ(ValueOf("whmean(a, 2, b, 1, c, 1)", 4, 1), 2.0);
}

TEST(WeightedMeansTest, MissingValuesAreLeftOutAndTheWeightsRenormalised) {
  // a missing: (1*1 + 1*2) / 2
  EXPECT_DOUBLE_EQ(ValueOf("wmean(a, 2, b, 1, c, 1)", NAN, 1), 1.5);
  EXPECT_DOUBLE_EQ(ValueOf("whmean(a, 2, b, 1, c, 1)", NAN, 1), 2 / 1.5);
  EXPECT_NEAR(ValueOf("wgeomean(a, 2, b, 1, c, 1)", NAN, 1), std::sqrt(2.0), 1e-15);
  // Nothing present: missing.
  EXPECT_TRUE(IsMissing(ValueOf("wmean(a, 1, b, 1)", NAN, NAN)));
  EXPECT_TRUE(IsMissing(ValueOf("hmean(a, b)", NAN, NAN)));
  EXPECT_TRUE(IsMissing(ValueOf("wgeomean(a, 1, b, 1)", NAN, NAN)));
}

TEST(WeightedMeansTest, ZerosGiveZeroNotADivisionByZero) {
  EXPECT_EQ(ValueOf("hmean(a, b, c)", 0, 1), 0.0);
  EXPECT_EQ(ValueOf("whmean(a, 2, b, 1)", 0, 1), 0.0);
  EXPECT_EQ(ValueOf("wgeomean(a, 2, b, 1)", 0, 1), 0.0);
  EXPECT_TRUE(std::isnan(ValueOf("wgeomean(a, 2, b, 1)", -1, 1)));
  // A missing zero does not count.
  EXPECT_DOUBLE_EQ(ValueOf("hmean(a, b, c)", NAN, 1), 2 / 1.5);
}

TEST(WeightedMeansTest, UnitsAreCheckedAndErrorsAreReported) {
  const CompileResult mixed = Standard::Compile(
      "standard w {\n  input a : number [万元]\n  input p : number [人]\n"
      "  let m = wmean(a, 1, p, 1)\n}\n",
      "w.rubric");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.diagnostics[0].code, "E0210");
  const CompileResult odd = Standard::Compile(
      "standard w {\n  input a : number\n  let m = wmean(a, 1, a)\n}\n", "w.rubric");
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.diagnostics[0].code, "E0203");
}

TEST(WeightedMeansTest, IncrementalEqualsFull) {
  const Standard standard = Compile(
      "wmean(a, 2, b, 1, c, 1) + wgeomean(a, 2, b, 1, c, 1) + hmean(a, b, c) + "
      "whmean(a, 2, b, 1, c, 3)");
  Session session(standard);
  for (int i = 0; i < 6; ++i) {
    const std::size_t row = *session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(session.SetNumber(row, 2, i + 1).ok());
  }
  session.Evaluate();
  const double values[] = {3, 0, 7.5, 2};
  for (int step = 0; step < 24; ++step) {
    const std::size_t row = static_cast<std::size_t>(step % 6);
    const std::size_t input = static_cast<std::size_t>(step % 3);
    if (step % 5 == 4 && input < 2) {
      ASSERT_TRUE(session.Clear(row, input).ok());
    } else {
      ASSERT_TRUE(session.SetNumber(row, input, values[step % 4]).ok());
    }
    (void)session.total(row);
    ASSERT_TRUE(session.VerifyAgainstFullEvaluation().ok()) << "step " << step;
  }
}

}  // namespace
}  // namespace rubric
