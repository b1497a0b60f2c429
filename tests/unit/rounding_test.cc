// round(x, d), floor, ceil and trunc (docs/language.md "Expressions"): the decimal helper,
// the cases of the Python reference (tests/reference/rounding.py ->
// tests/data/rounding_cases.json), the functions in rules, E0218, and incremental evaluation.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "util/number_format.h"

namespace rubric {
namespace {

using util::RoundDecimal;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The same double, bit for bit (0.0 and -0.0 differ; any NaN equals itself).
::testing::AssertionResult Same(double expected, double actual) {
  if (std::bit_cast<std::uint64_t>(expected) == std::bit_cast<std::uint64_t>(actual)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected " << util::FormatShortest(expected) << " (sign " << std::signbit(expected)
         << "), got " << util::FormatShortest(actual) << " (sign " << std::signbit(actual) << ")";
}

TEST(RoundDecimalTest, TheDecimalAPersonReads) {
  EXPECT_TRUE(Same(0.802, RoundDecimal(0.8015013, 3)));
  EXPECT_TRUE(Same(2.68, RoundDecimal(2.675, 2)));  // binary floating point alone: 2.67
  EXPECT_TRUE(Same(1.01, RoundDecimal(1.005, 2)));
  EXPECT_TRUE(Same(-3, RoundDecimal(-2.5, 0)));
  EXPECT_TRUE(Same(3, RoundDecimal(2.5, 0)));
  EXPECT_TRUE(Same(1, RoundDecimal(0.5, 0)));
  EXPECT_TRUE(Same(-1, RoundDecimal(-0.5, 0)));
  EXPECT_TRUE(Same(0, RoundDecimal(0.49999999999999994, 0)));
  EXPECT_TRUE(Same(0.3, RoundDecimal(0.1 + 0.2, 2)));
  EXPECT_TRUE(Same(8.33, RoundDecimal(8.325, 2)));
  EXPECT_TRUE(Same(0.05, RoundDecimal(0.045, 2)));
  EXPECT_TRUE(Same(100, RoundDecimal(99.95, 1)));  // the carry runs through every digit
  EXPECT_TRUE(Same(10, RoundDecimal(9.995, 2)));
}

TEST(RoundDecimalTest, WholeNumbersAndNegativeDigits) {
  EXPECT_TRUE(Same(1200, RoundDecimal(1234, -2)));
  EXPECT_TRUE(Same(1300, RoundDecimal(1250, -2)));
  EXPECT_TRUE(Same(-1300, RoundDecimal(-1250, -2)));
  EXPECT_TRUE(Same(123460, RoundDecimal(123456.789, -1)));
  EXPECT_TRUE(Same(123457, RoundDecimal(123456.789, 0)));
  EXPECT_TRUE(Same(0, RoundDecimal(49, -2)));
  EXPECT_TRUE(Same(100, RoundDecimal(50, -2)));
  EXPECT_TRUE(Same(1000, RoundDecimal(500, -3)));
  EXPECT_TRUE(Same(7, RoundDecimal(7, 0)));
  EXPECT_TRUE(Same(7, RoundDecimal(7, 5)));
}

TEST(RoundDecimalTest, SmallNumbers) {
  EXPECT_TRUE(Same(0, RoundDecimal(1e-7, 0)));
  EXPECT_TRUE(Same(0, RoundDecimal(1e-7, 6)));
  EXPECT_TRUE(Same(1e-7, RoundDecimal(1e-7, 7)));
  EXPECT_TRUE(Same(1e-7, RoundDecimal(5e-8, 7)));
  EXPECT_TRUE(Same(-1e-7, RoundDecimal(-5e-8, 7)));
  EXPECT_TRUE(Same(0, RoundDecimal(-0.0049, 2)));  // rounds to zero: +0, never -0
  EXPECT_TRUE(Same(0, RoundDecimal(-0.4, 0)));
  EXPECT_TRUE(Same(0, RoundDecimal(-0.0, 0)));
  EXPECT_TRUE(Same(-0.01, RoundDecimal(-0.005, 2)));
  EXPECT_TRUE(Same(1e-300, RoundDecimal(1e-300, 300)));
  EXPECT_TRUE(Same(2e-300, RoundDecimal(1.5e-300, 300)));
  EXPECT_TRUE(Same(5e-324, RoundDecimal(5e-324, 400)));
  EXPECT_TRUE(Same(0, RoundDecimal(5e-324, 0)));
}

TEST(RoundDecimalTest, NonFiniteAndLargeValuesAreUnchanged) {
  EXPECT_TRUE(Same(MissingValue(), RoundDecimal(MissingValue(), 2)));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Same(nan, RoundDecimal(nan, 2)));
  EXPECT_TRUE(Same(kInf, RoundDecimal(kInf, 0)));
  EXPECT_TRUE(Same(-kInf, RoundDecimal(-kInf, -3)));
  EXPECT_TRUE(Same(1e15, RoundDecimal(1e15, -3)));
  EXPECT_TRUE(Same(-1.5e15, RoundDecimal(-1.5e15, -5)));
  EXPECT_TRUE(Same(1e300, RoundDecimal(1e300, -2)));
  EXPECT_TRUE(Same(999999999999999.9, RoundDecimal(999999999999999.9, 5)));
  EXPECT_TRUE(Same(1e15, RoundDecimal(999999999999999.9, 0)));
  EXPECT_TRUE(Same(123.456, RoundDecimal(123.456, 1000)));  // the digits ran out
  EXPECT_TRUE(Same(0, RoundDecimal(123.456, -1000)));
}

// Ties at many digits: a decimal ending in 5 rounded at the digit before it goes away from
// zero, whatever the binary value below or above it.
TEST(RoundDecimalTest, TiesAtManyDigits) {
  std::string digits = "1";
  for (int d = 1; d <= 14; ++d) {
    digits += static_cast<char>('0' + d % 10);
    const std::string text = "0." + digits + "5";
    double x = 0;
    std::from_chars(text.data(), text.data() + text.size(), x);
    std::string up = digits;
    for (std::size_t i = up.size(); i-- > 0;) {
      if (up[i] != '9') {
        ++up[i];
        break;
      }
      up[i] = '0';
    }
    const std::string want_text = "0." + up;
    double want = 0;
    std::from_chars(want_text.data(), want_text.data() + want_text.size(), want);
    const int places = static_cast<int>(digits.size());
    EXPECT_TRUE(Same(want, RoundDecimal(x, places))) << text;
    EXPECT_TRUE(Same(-want, RoundDecimal(-x, places))) << "-" << text;
  }
}

double Parse(const std::string& text) {
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  EXPECT_EQ(result.ptr, text.data() + text.size()) << text;
  return value;
}

TEST(RoundDecimalTest, MatchesThePythonReference) {
  const std::string path = std::string(RUBRIC_SOURCE_DIR) + "/tests/data/rounding_cases.json";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  const nlohmann::json doc = nlohmann::json::parse(in);
  ASSERT_GE(doc["cases"].size(), 500u);
  for (const auto& c : doc["cases"]) {
    const std::string x = c["x"].get<std::string>();
    const int d = c["d"].get<int>();
    EXPECT_TRUE(Same(Parse(c["expected"].get<std::string>()), RoundDecimal(Parse(x), d)))
        << "round(" << x << ", " << d << ")";
  }
}

// Compiles `indicator r { value EXPR }` over input x (number [元], missing exclude: a
// missing x flows into the rule as the missing value) and evaluates it for
// one row with x = `x` ("" = missing).
double Eval(const std::string& expr, const std::string& x) {
  const std::string source =
      "standard t {\n  input x : number [元] missing exclude\n  indicator r { value " + expr +
      " }\n}\n";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  if (!compiled.ok()) {
    ADD_FAILURE() << RenderAll(compiled.diagnostics, source);
    return std::nan("");
  }
  Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("e", 2024);
  const Status status = session.SetFromString(row, *compiled.standard->FindInput("x"), x);
  EXPECT_TRUE(status.ok()) << status.message();
  return session.node_value(row, *compiled.standard->FindNode("r"));
}

TEST(RoundingFunctionsTest, InRules) {
  EXPECT_TRUE(Same(0.802, Eval("round(x, 3)", "0.8015013")));
  EXPECT_TRUE(Same(2.68, Eval("round(x, 2)", "2.675")));
  EXPECT_TRUE(Same(-3, Eval("round(x, 0)", "-2.5")));
  EXPECT_TRUE(Same(1200, Eval("round(x, -2)", "1234")));
  EXPECT_TRUE(Same(123460, Eval("round(x, - 1)", "123456.789")));
  EXPECT_TRUE(Same(0.3, Eval("round(x / 3, 1)", "1")));
  EXPECT_TRUE(Same(2, Eval("floor(x)", "2.7")));
  EXPECT_TRUE(Same(-3, Eval("floor(x)", "-2.1")));
  EXPECT_TRUE(Same(3, Eval("ceil(x)", "2.1")));
  EXPECT_TRUE(Same(-2, Eval("ceil(x)", "-2.7")));
  EXPECT_TRUE(Same(2, Eval("trunc(x)", "2.7")));
  EXPECT_TRUE(Same(-2, Eval("trunc(x)", "-2.7")));
  // The result keeps x's unit: it adds to another amount of the same kind.
  EXPECT_TRUE(Same(4.5, Eval("round(x, 1) + 2 [元]", "2.54")));
  EXPECT_TRUE(Same(5, Eval("floor(x) + ceil(x) + trunc(x) - 1 [元]", "2")));
}

TEST(RoundingFunctionsTest, MissingNanAndInfinityPropagate) {
  for (const char* expr : {"round(x, 2)", "floor(x)", "ceil(x)", "trunc(x)"}) {
    SCOPED_TRACE(expr);
    EXPECT_TRUE(IsMissing(Eval(expr, "")));
    EXPECT_TRUE(IsMissing(Eval(std::string(expr) + " + 1 [元]", "")));
  }
  EXPECT_TRUE(std::isnan(Eval("round(ln(x), 2)", "-1")));
  EXPECT_FALSE(IsMissing(Eval("round(ln(x), 2)", "-1")));
  EXPECT_TRUE(std::isnan(Eval("floor(sqrt(x))", "-1")));
  EXPECT_TRUE(Same(kInf, Eval("round(exp(x), 2)", "1000")));
  EXPECT_TRUE(Same(kInf, Eval("ceil(exp(x))", "1000")));
  EXPECT_TRUE(Same(1, Eval("missing(round(x, 1))", "")));
}

TEST(RoundingFunctionsTest, DigitsMustBeAWholeConstant) {
  for (const char* expr : {"round(x, 1.5)", "round(x, x)", "round(x, 1 + 1)"}) {
    SCOPED_TRACE(expr);
    const std::string source = std::string("standard t {\n  input x : number\n") +
                               "  indicator r { value " + expr + " }\n}\n";
    CompileResult compiled = Standard::Compile(source, "t.rubric");
    ASSERT_FALSE(compiled.ok());
    EXPECT_NE(RenderAll(compiled.diagnostics, source).find("[E0218]"), std::string::npos)
        << RenderAll(compiled.diagnostics, source);
  }
  for (const char* expr : {"round(x)", "floor(x, 1)", "ceil()", "trunc(x, 2)"}) {
    SCOPED_TRACE(expr);
    const std::string source = std::string("standard t {\n  input x : number\n") +
                               "  indicator r { value " + expr + " }\n}\n";
    CompileResult compiled = Standard::Compile(source, "t.rubric");
    ASSERT_FALSE(compiled.ok());
    EXPECT_NE(RenderAll(compiled.diagnostics, source).find("[E0203]"), std::string::npos);
  }
}

TEST(RoundingFunctionsTest, IncrementalEvaluationMatchesFull) {
  const std::string source = R"(standard t {
  input x : number
  input y : number
  let r = round(x * y, 2)
  indicator a { value floor(r) + ceil(x) - trunc(y) }
  indicator b { value round(prev(r), -1) + round(x, 0) }
}
)";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  const Standard& standard = *compiled.standard;
  Session session(standard);
  const std::size_t x = *standard.FindInput("x");
  const std::size_t y = *standard.FindInput("y");
  std::vector<std::size_t> rows;
  for (int period = 2020; period < 2025; ++period) {
    for (const char* entity : {"a", "b", "c"}) rows.push_back(*session.AddRow(entity, period));
  }
  const std::vector<std::string> values = {"2.675", "-2.5",       "",     "1.005", "0.5",
                                           "1e-7",  "123456.789", "-0.5", "3",     "9.995"};
  std::size_t step = 0;
  for (std::size_t row : rows) {
    ASSERT_TRUE(session.SetFromString(row, x, values[step++ % values.size()]).ok());
    ASSERT_TRUE(session.SetFromString(row, y, values[(step * 3) % values.size()]).ok());
  }
  ASSERT_TRUE(session.VerifyAgainstFullEvaluation().ok());
  for (int edit = 0; edit < 60; ++edit) {
    const std::size_t row = rows[(static_cast<std::size_t>(edit) * 7) % rows.size()];
    const std::string& value = values[(static_cast<std::size_t>(edit) * 5 + 1) % values.size()];
    ASSERT_TRUE(session.SetFromString(row, edit % 2 == 0 ? x : y, value).ok());
    if (edit % 3 == 0) (void)session.total(row);
    const Status status = session.VerifyAgainstFullEvaluation();
    ASSERT_TRUE(status.ok()) << "edit " << edit << ": " << status.message();
  }
}

}  // namespace
}  // namespace rubric
