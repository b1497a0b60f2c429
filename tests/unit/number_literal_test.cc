// Number literals in a standard read to the correctly rounded double, the same double as the
// same text in a data file (std::from_chars; strtod is the independent reference here).
#include "grammar/number_literal.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include "grammar/parser.h"
#include "gtest/gtest.h"
#include "rubric/format.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

// The value of `total LITERAL` as the parser reads it.
double ReadTotal(const std::string& literal) {
  const grammar::ParseOutput out = grammar::Parse("standard s { total " + literal + " }");
  EXPECT_TRUE(out.errors.empty()) << literal << ": " << out.errors.front().message;
  if (!out.standard || out.standard->body.empty()) return std::nan("");
  const auto* total = boost::get<ast::TotalDecl>(&out.standard->body.front());
  return total == nullptr ? std::nan("") : total->value;
}

// The minimum of a grade band `A >= LITERAL` (a signed number) as the parser reads it.
double ReadGradeMinimum(const std::string& literal) {
  const grammar::ParseOutput out =
      grammar::Parse("standard s { grades { A >= " + literal + " B otherwise } }");
  EXPECT_TRUE(out.errors.empty()) << literal;
  if (!out.standard || out.standard->body.empty()) return std::nan("");
  const auto* grades = boost::get<ast::GradesDecl>(&out.standard->body.front());
  return grades == nullptr ? std::nan("") : grades->bands.front().min;
}

// Bit for bit: 0 and -0 differ, as they print differently.
void ExpectSameDouble(double actual, double expected, const std::string& literal) {
  EXPECT_EQ(actual, expected) << literal;
  EXPECT_EQ(std::signbit(actual), std::signbit(expected)) << literal;
}

TEST(NumberLiteralTest, LongLiteralsFromTheIssueAreCorrectlyRounded) {
  for (const char* literal : {"61204284.025507861503", "818111197.080733131607"}) {
    ExpectSameDouble(ReadTotal(literal), std::strtod(literal, nullptr), literal);
  }
  EXPECT_EQ(ReadTotal("61204284.025507861503"), 61204284.02550786);
}

// Random literals with up to 25 significant digits, a fraction anywhere and exponents up to
// the limits of a double: every one reads as strtod reads it.
TEST(NumberLiteralTest, RandomLongLiteralsReadAsStrtodReadsThem) {
  std::mt19937_64 random(20240601);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> length(1, 25);
  std::uniform_int_distribution<int> exponent(-330, 308);
  int checked = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string literal;
    const int digits = length(random);
    const int point = std::uniform_int_distribution<int>(0, digits)(random);
    for (int d = 0; d < digits; ++d) {
      if (d == point && d > 0) literal += '.';
      literal += static_cast<char>('0' + digit(random));
    }
    if (i % 3 != 0) literal += "e" + std::to_string(exponent(random) - point);
    const double expected = std::strtod(literal.c_str(), nullptr);
    if (!std::isfinite(expected)) continue;  // too large: an error (below)
    ExpectSameDouble(ReadTotal(literal), expected, literal);
    ExpectSameDouble(ReadGradeMinimum("-" + literal), -expected, "-" + literal);
    ++checked;
  }
  EXPECT_GT(checked, 2500);
}

TEST(NumberLiteralTest, EdgesOfTheDoubleRange) {
  EXPECT_EQ(ReadTotal("1.7976931348623157e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(ReadTotal("5e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(ReadTotal("2.2250738585072014e-308"), std::numeric_limits<double>::min());
  // Too small for a double: 0, as before, and as the nearest double is.
  ExpectSameDouble(ReadTotal("1e-400"), 0.0, "1e-400");
  ExpectSameDouble(ReadGradeMinimum("-1e-400"), -0.0, "-1e-400");
  ExpectSameDouble(ReadTotal("0." + std::string(400, '0') + "1e-10"), 0.0, "0.000...1e-10");
  ExpectSameDouble(ReadTotal("0e999999999999"), 0.0, "0e999999999999");
}

TEST(NumberLiteralTest, LiteralsTooLargeForADoubleAreErrors) {
  for (const std::string& literal :
       {std::string("1e999"), std::string("1.7976931348623159e308"),
        std::string("1") + std::string(400, '0') + "e-50", std::string("1e99999999999999")}) {
    const grammar::ParseOutput out = grammar::Parse("standard s { total " + literal + " }");
    ASSERT_EQ(out.errors.size(), 1u) << literal;
    EXPECT_EQ(out.errors.front().code, "E0002") << literal;
    EXPECT_EQ(out.errors.front().message,
              "expected a number below 1.8e308, found '" + literal + "'");
  }
}

TEST(NumberLiteralTest, WhereALiteralEnds) {
  EXPECT_EQ(grammar::ScanNumberLiteral("2.5e-3 "), 6u);
  EXPECT_EQ(grammar::ScanNumberLiteral("2."), 2u);
  EXPECT_EQ(grammar::ScanNumberLiteral(".5"), 2u);
  EXPECT_EQ(grammar::ScanNumberLiteral("."), 0u);
  EXPECT_EQ(grammar::ScanNumberLiteral("e5"), 0u);
  EXPECT_EQ(grammar::ScanNumberLiteral("2e"), 1u);  // the number 2, then `e`
  EXPECT_EQ(grammar::ScanNumberLiteral("2e+x"), 1u);
  EXPECT_EQ(grammar::ScanNumberLiteral("1E+07x"), 5u);
  EXPECT_EQ(grammar::ScanNumberLiteral("12abc"), 2u);
}

// `fmt` writes a grade edge back as the same double: once formatted, the text is a fixed
// point (it was rewritten to 6.033333333333334e73 on every run).
TEST(NumberLiteralTest, FormatterKeepsALongGradeEdge) {
  const std::string source =
      "standard s {\n  grades {\n    A >= 6.033333333333335e73\n    B otherwise\n  }\n"
      "  indicator a points 1 { score 1 }\n}\n";
  const FormatResult formatted = FormatSource(source, "s.rubric");
  ASSERT_TRUE(formatted.ok());
  EXPECT_NE(formatted.text->find("6.033333333333335e73"), std::string::npos) << *formatted.text;
  const FormatResult again = FormatSource(*formatted.text, "s.rubric");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again.text, *formatted.text);
  EXPECT_EQ(ReadGradeMinimum("6.033333333333335e73"), 6.033333333333335e73);
}

}  // namespace
}  // namespace rubric
