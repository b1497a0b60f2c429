// The semantics of special numbers (docs/language.md, "Numbers"): what inputs accept, and
// what NaN, infinities, -0, tiny values and division by zero do in rules.
#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard numbers {
  input a : number
  input bounded : number >= 0 <= 100
  indicator not_a_number points 10 { score sqrt(0 - 1) }
  indicator minus_infinity points 10 { score ln(0) }
  indicator plus_infinity points 10 { score exp(1000) }
  indicator divided_by_zero points 10 { score 1 / 0 }
  indicator zero_by_zero points 10 { score 0 / 0 }
  indicator underflow points 10 { score 1 + a * 1e-300 * 1e-300 }
  indicator nan_compares_false points 10 { score if sqrt(0 - 1) > 0 then 1 else 0.5 }
  indicator nan_in_minmax points 10 { score cohort_minmax(sqrt(a - 2)) }
  indicator negative_zero { value 0 - 0 * a }
}
)";

class NumbersTest : public ::testing::Test {
 protected:
  NumbersTest() : standard_(Compile()), session_(standard_) {}

  static Standard Compile() {
    CompileResult result = Standard::Compile(kSource, "numbers.rubric");
    EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, kSource);
    return std::move(*result.standard);
  }
  double Node(std::size_t row, const char* id) {
    return session_.node_value(row, *standard_.FindNode(id));
  }

  Standard standard_;
  Session session_;
};

TEST_F(NumbersTest, InputsAcceptFiniteValuesWithinTheirBoundsOnly) {
  const std::size_t row = *session_.AddRow("X", 2024);
  const std::size_t a = *standard_.FindInput("a");
  const std::size_t bounded = *standard_.FindInput("bounded");
  EXPECT_EQ(session_.SetNumber(row, a, std::numeric_limits<double>::quiet_NaN()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(session_.SetNumber(row, a, std::numeric_limits<double>::infinity()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(session_.SetNumber(row, a, 1e308).ok());
  EXPECT_TRUE(session_.SetNumber(row, a, 5e-324).ok());  // subnormal: accepted
  EXPECT_TRUE(session_.SetNumber(row, a, -0.0).ok());
  // A value that breaks a declared bound is an error naming the input, never clamped.
  const Status above = session_.SetNumber(row, bounded, 100.5);
  EXPECT_EQ(above.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(above.message().find("'bounded': 100.5 is above its declared maximum 100"),
            std::string::npos)
      << above.message();
  EXPECT_TRUE(session_.is_missing(row, bounded));  // nothing stored
  // Text that does not parse to a finite double is refused too.
  for (const char* text : {"nan", "inf", "-inf", "1e400", "1e-400", "0x10", "1 2"}) {
    EXPECT_FALSE(session_.SetFromString(row, a, text).ok()) << text;
  }
  EXPECT_TRUE(session_.SetFromString(row, a, "-0").ok());
}

TEST_F(NumbersTest, DataFilesNameTheRowAndInputOfABadValue) {
  const LoadReport report =
      LoadCsv(session_, "entity,period,input,value\nX,2024,bounded,-1\nY,2024,a,nan\n", "d.csv");
  ASSERT_EQ(report.diagnostics.size(), 2u);
  EXPECT_EQ(report.diagnostics[0].code, "D0102");
  EXPECT_EQ(report.diagnostics[0].line, 2);
  EXPECT_NE(report.diagnostics[0].message.find("'bounded': -1 is below its declared minimum 0"),
            std::string::npos)
      << report.diagnostics[0].message;
  EXPECT_NE(report.diagnostics[0].message.find("entity 'X', period 2024"), std::string::npos);
  EXPECT_EQ(report.diagnostics[1].line, 3);
}

TEST_F(NumbersTest, SpecialValuesInRules) {
  std::size_t rows[3];
  const double values[3] = {1, 5, 9};
  for (int i = 0; i < 3; ++i) {
    rows[i] = *session_.AddRow("E" + std::to_string(i), 2024);
    ASSERT_TRUE(session_.SetNumber(rows[i], *standard_.FindInput("a"), values[i]).ok());
    ASSERT_TRUE(session_.SetNumber(rows[i], *standard_.FindInput("bounded"), 1).ok());
  }
  session_.Evaluate();
  const std::size_t x = rows[0];
  // A NaN score stays NaN: points, the group's sum and the total (no grade matches).
  EXPECT_TRUE(std::isnan(Node(x, "not_a_number")));
  EXPECT_TRUE(std::isnan(session_.total(x)));
  // Scores are clamped to [0, 1]: -inf gives 0 points, +inf all of them.
  EXPECT_EQ(Node(x, "minus_infinity"), 0);
  EXPECT_EQ(Node(x, "plus_infinity"), 10);
  // Division by zero gives 0, 0 / 0 too.
  EXPECT_EQ(Node(x, "divided_by_zero"), 0);
  EXPECT_EQ(Node(x, "zero_by_zero"), 0);
  // Underflow to 0 is silent: 1 + 1e-600 is 1.
  EXPECT_EQ(Node(x, "underflow"), 10);
  // Comparisons with NaN are false.
  EXPECT_EQ(Node(x, "nan_compares_false"), 5);
  // cohort_minmax leaves NaN arguments out of the minimum and maximum and gives them NaN.
  EXPECT_TRUE(std::isnan(Node(rows[0], "nan_in_minmax")));
  EXPECT_EQ(Node(rows[1], "nan_in_minmax"), 0);
  EXPECT_EQ(Node(rows[2], "nan_in_minmax"), 10);
  // -0 computes as 0 and prints as 0.
  EXPECT_EQ(Node(x, "negative_zero"), 0);
}

// A number in the source that does not fit in a double is an error, never infinity (the
// formatter could not write it back).
TEST(SourceNumbersTest, LiteralsMustBeFinite) {
  for (const char* literal : {"1e999", "99999999e308", "1e400"}) {
    const std::string source = std::string("standard s {\n  grades { A >= ") + literal +
                               "  B otherwise }\n  indicator a points 1 { score a }\n}\n";
    const CompileResult result = Standard::Compile(source);
    ASSERT_FALSE(result.ok()) << literal;
    EXPECT_EQ(result.diagnostics.front().code, "E0002") << literal;
    EXPECT_EQ(result.diagnostics.front().line, 2) << literal;
  }
  EXPECT_TRUE(Standard::Compile("standard s { indicator a points 1.7e308 { score 1e-400 } }").ok());
}

// Points whose sum overflows are refused where the sum first overflows, once, in a group
// and among the top-level nodes; a sum that stays finite is accepted.
TEST(SourceNumbersTest, PointsMustAddUpToAFiniteSum) {
  const CompileResult top = Standard::Compile(
      "standard s {\n  indicator a points 1e308 { score 1 }\n"
      "  indicator b points 1e308 { score 1 }\n  indicator c points 1 { score 1 }\n}\n");
  ASSERT_EQ(top.diagnostics.size(), 1u);
  EXPECT_EQ(top.diagnostics[0].code, "E0405");
  EXPECT_EQ(top.diagnostics[0].line, 3);
  EXPECT_EQ(top.diagnostics[0].message,
            "the points of the top-level nodes overflow: adding the 1e+308 points of 'b' gives "
            "more than the largest number");
  const CompileResult nested = Standard::Compile(
      "standard s {\n  total 100\n  group g points 100 {\n"
      "    indicator a points 1e308 { score 1 }\n    indicator b points 1e308 { score 1 }\n"
      "  }\n}\n");
  ASSERT_EQ(nested.diagnostics.size(), 1u);  // no E0401 beside it
  EXPECT_EQ(nested.diagnostics[0].code, "E0405");
  EXPECT_EQ(nested.diagnostics[0].line, 5);
  EXPECT_TRUE(Standard::Compile("standard s {\n  indicator a points 8e307 { score 1 }\n"
                                "  indicator b points 8e307 { score 1 }\n}\n")
                  .ok());
}

}  // namespace
}  // namespace rubric
