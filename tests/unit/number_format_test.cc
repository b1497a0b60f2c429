#include "util/number_format.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace rubric::util {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kDenormMin = std::numeric_limits<double>::denorm_min();

// Parses `text`, which must be valid.
double Parse(std::string_view text) {
  double value = -12345;
  EXPECT_TRUE(ParseNumber(text, &value)) << text;
  return value;
}

// FormatShortest then ParseNumber must give back exactly `v` (-0.0 comes back as +0.0).
void ExpectRoundTrip(double v) {
  const std::string text = FormatShortest(v);
  double back = -12345;
  ASSERT_TRUE(ParseNumber(text, &back)) << text;
  const double expected = v == 0 ? 0.0 : v;
  ASSERT_EQ(std::bit_cast<uint64_t>(back), std::bit_cast<uint64_t>(expected))
      << text << " from " << std::bit_cast<uint64_t>(v);
}

TEST(FormatShortestTest, Integers) {
  EXPECT_EQ(FormatShortest(0.0), "0");
  EXPECT_EQ(FormatShortest(1.0), "1");
  EXPECT_EQ(FormatShortest(2.0), "2");
  EXPECT_EQ(FormatShortest(-3.0), "-3");
  EXPECT_EQ(FormatShortest(100.0), "100");
  EXPECT_EQ(FormatShortest(12345678.0), "12345678");
  EXPECT_EQ(FormatShortest(123456789012345678.0), "123456789012345680");
}

TEST(FormatShortestTest, NegativeZeroDropsSign) {
  EXPECT_EQ(FormatShortest(-0.0), "0");
  EXPECT_EQ(FormatShortest(-1.0 * 0.0), "0");
}

TEST(FormatShortestTest, Fractions) {
  EXPECT_EQ(FormatShortest(0.5), "0.5");
  EXPECT_EQ(FormatShortest(-2.5), "-2.5");
  EXPECT_EQ(FormatShortest(0.1), "0.1");
  EXPECT_EQ(FormatShortest(0.001), "0.001");
  EXPECT_EQ(FormatShortest(2.675), "2.675");
  EXPECT_EQ(FormatShortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatShortest(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(FormatShortest(-2.0 / 3.0), "-0.6666666666666666");
}

TEST(FormatShortestTest, ScientificWhenShorter) {
  // std::to_chars picks the shorter of fixed and scientific notation.
  EXPECT_EQ(FormatShortest(1e5), "1e+05");
  EXPECT_EQ(FormatShortest(1e-4), "1e-04");
  EXPECT_EQ(FormatShortest(1e21), "1e+21");
  EXPECT_EQ(FormatShortest(-1.5e-7), "-1.5e-07");
  EXPECT_EQ(FormatShortest(kMax), "1.7976931348623157e+308");
  EXPECT_EQ(FormatShortest(-kMax), "-1.7976931348623157e+308");
  EXPECT_EQ(FormatShortest(kDenormMin), "5e-324");
  EXPECT_EQ(FormatShortest(std::numeric_limits<double>::min()), "2.2250738585072014e-308");
}

TEST(FormatShortestTest, NonFinite) {
  EXPECT_EQ(FormatShortest(kNaN), "nan");
  EXPECT_EQ(FormatShortest(-kNaN), "nan");
  EXPECT_EQ(FormatShortest(std::copysign(kNaN, -1.0)), "nan");
  EXPECT_EQ(FormatShortest(std::numeric_limits<double>::signaling_NaN()), "nan");
  EXPECT_EQ(FormatShortest(kInf), "inf");
  EXPECT_EQ(FormatShortest(-kInf), "-inf");
}

TEST(FormatShortestTest, RoundTripsEdgeValues) {
  // Around 0 and 1, the normal/subnormal boundary, the extremes and 2^53 + 1; both signs.
  constexpr double kValues[] = {0.0,
                                1.0,
                                0.1,
                                0.30000000000000004,
                                1e5,
                                1e-4,
                                1e21,
                                1e22,
                                1e23,
                                kMax,
                                kDenormMin,
                                1.5e-323,
                                2.2250738585072014e-308,
                                2.2250738585072009e-308,
                                1.0000000000000002,
                                0.9999999999999999,
                                9007199254740993.0};
  for (double v : kValues) {
    ExpectRoundTrip(v);
    ExpectRoundTrip(-v);
  }
}

TEST(FormatShortestTest, RoundTripsRandomBitPatterns) {
  std::mt19937_64 rng(42);
  int tested = 0;
  while (tested < 200000) {
    const double v = std::bit_cast<double>(rng());
    if (!std::isfinite(v)) continue;
    ExpectRoundTrip(v);
    ++tested;
  }
}

TEST(FormatShortestTest, RoundTripsRandomOrdinaryValues) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_real_distribution<double> wide(-1e6, 1e6);
  std::uniform_int_distribution<int64_t> integer(-(int64_t{1} << 53), int64_t{1} << 53);
  std::uniform_int_distribution<int> thousandths(-100000, 100000);
  for (int i = 0; i < 100000; ++i) {
    ExpectRoundTrip(unit(rng));
    ExpectRoundTrip(wide(rng));
    ExpectRoundTrip(static_cast<double>(integer(rng)));
    ExpectRoundTrip(thousandths(rng) / 1000.0);
  }
}

TEST(FormatShortestTest, IntegersUpToTwoToThe53NeverHaveAFraction) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int64_t> integer(-(int64_t{1} << 53), int64_t{1} << 53);
  for (int i = 0; i < 10000; ++i) {
    const std::string text = FormatShortest(static_cast<double>(integer(rng)));
    EXPECT_EQ(text.find('.'), std::string::npos) << text;
  }
}

TEST(ParseNumberTest, AcceptsDecimals) {
  EXPECT_EQ(Parse("0"), 0.0);
  EXPECT_EQ(Parse("2"), 2.0);
  EXPECT_EQ(Parse("-2.5"), -2.5);
  EXPECT_EQ(Parse("+2.5"), 2.5);
  EXPECT_EQ(Parse(".5"), 0.5);
  EXPECT_EQ(Parse("-.5"), -0.5);
  EXPECT_EQ(Parse("+.5"), 0.5);
  EXPECT_EQ(Parse("5."), 5.0);
  EXPECT_EQ(Parse("007"), 7.0);
  EXPECT_EQ(Parse("1e-9"), 1e-9);
  EXPECT_EQ(Parse("1E+3"), 1000.0);
  EXPECT_EQ(Parse("+1e5"), 1e5);
  EXPECT_EQ(Parse("2.5e0"), 2.5);
  EXPECT_EQ(Parse("0.30000000000000004"), 0.1 + 0.2);
  EXPECT_EQ(Parse("1.7976931348623157e308"), kMax);
  EXPECT_EQ(Parse("-1.7976931348623157e+308"), -kMax);
  EXPECT_EQ(Parse("5e-324"), kDenormMin);
  EXPECT_EQ(Parse("123456789012345678901234567890"), 1.2345678901234568e29);
}

TEST(ParseNumberTest, KeepsSignOfZero) {
  EXPECT_FALSE(std::signbit(Parse("0")));
  EXPECT_FALSE(std::signbit(Parse("+0")));
  EXPECT_TRUE(std::signbit(Parse("-0")));
  EXPECT_TRUE(std::signbit(Parse("-0.0e5")));
}

TEST(ParseNumberTest, Rejects) {
  for (std::string_view text :
       {"",          " ",     "+",      "-",      ".",       "+.",       "-.",           "e5",
        ".e5",       "1e",    "1e+",    "1e-",    "1.2.3",   "1,5",      "1_000",        "1..",
        "++1",       "--1",   "+-1",    "-+1",    "+ 1",     "- 1",      "1abc",         "abc",
        "1f",        "1d",    "0x10",   "0X10",   "0x1p3",   "-0x1",     "nan",          "NaN",
        "-nan",      "+nan",  "nan(1)", "inf",    "-inf",    "+inf",     "INF",          "infinity",
        "-Infinity", "1e400", "-1e400", "1e-400", "-2e-324", "\xD9\xA1", "\xEF\xBC\x91", "true"}) {
    double value = 42;
    EXPECT_FALSE(ParseNumber(text, &value)) << '"' << text << '"';
    EXPECT_EQ(value, 42) << '"' << text << '"';  // unchanged on failure
  }
}

TEST(ParseNumberTest, RejectsSurroundingWhitespace) {
  for (std::string_view text :
       {" 1", "1 ", " 1 ", "\t1", "1\t", "1\n", "\n1", "1\r", "  -2.5", "+2.5  ", "1\xC2\xA0"}) {
    double value = 42;
    EXPECT_FALSE(ParseNumber(text, &value)) << '"' << text << '"';
  }
}

TEST(ParseNumberTest, RejectsEmbeddedNul) {
  double value = 42;
  EXPECT_FALSE(ParseNumber(std::string_view("1\0", 2), &value));
  const std::string nul_one = std::string(1, '\0') + "1";
  EXPECT_FALSE(ParseNumber(nul_one, &value));
  EXPECT_TRUE(ParseNumber(std::string_view("12", 1), &value));  // only the view's bytes count
  EXPECT_EQ(value, 1.0);
}

TEST(RoundHalfUpTest, ExamplesFromTheSpec) {
  EXPECT_EQ(RoundHalfUp(0.0005, 3), "0.001");
  EXPECT_EQ(RoundHalfUp(2.675, 2), "2.68");
}

TEST(RoundHalfUpTest, DecidesOnShortestDecimalNotBinary) {
  // Each of these is slightly below the half in binary.
  EXPECT_EQ(RoundHalfUp(1.005, 2), "1.01");
  EXPECT_EQ(RoundHalfUp(0.285, 2), "0.29");
  EXPECT_EQ(RoundHalfUp(1.115, 2), "1.12");
  EXPECT_EQ(RoundHalfUp(8.345, 2), "8.35");
  EXPECT_EQ(RoundHalfUp(0.145, 2), "0.15");
  EXPECT_EQ(RoundHalfUp(1.45, 1), "1.5");
  // And the digits printed are the shortest ones, not the binary expansion.
  EXPECT_EQ(RoundHalfUp(0.3, 20), "0.30000000000000000000");
  EXPECT_EQ(RoundHalfUp(0.1 + 0.2, 17), "0.30000000000000004");
  EXPECT_EQ(RoundHalfUp(0.1 + 0.2, 16), "0.3000000000000000");
}

TEST(RoundHalfUpTest, HalfGoesAwayFromZero) {
  EXPECT_EQ(RoundHalfUp(0.5, 0), "1");
  EXPECT_EQ(RoundHalfUp(1.5, 0), "2");
  EXPECT_EQ(RoundHalfUp(2.5, 0), "3");
  EXPECT_EQ(RoundHalfUp(-0.5, 0), "-1");
  EXPECT_EQ(RoundHalfUp(-2.5, 0), "-3");
  EXPECT_EQ(RoundHalfUp(0.125, 2), "0.13");
  EXPECT_EQ(RoundHalfUp(-2.675, 2), "-2.68");
  EXPECT_EQ(RoundHalfUp(-0.0005, 3), "-0.001");
  EXPECT_EQ(RoundHalfUp(0.05, 1), "0.1");
}

TEST(RoundHalfUpTest, BelowHalfGoesTowardZero) {
  EXPECT_EQ(RoundHalfUp(0.49, 0), "0");
  EXPECT_EQ(RoundHalfUp(0.4999999999999999, 0), "0");
  EXPECT_EQ(RoundHalfUp(1.0049, 2), "1.00");
  EXPECT_EQ(RoundHalfUp(0.0004999, 3), "0.000");
  EXPECT_EQ(RoundHalfUp(0.04, 1), "0.0");
  EXPECT_EQ(RoundHalfUp(123.456, 0), "123");
  EXPECT_EQ(RoundHalfUp(-123.456, 0), "-123");
  EXPECT_EQ(RoundHalfUp(1234.5678, 2), "1234.57");
  EXPECT_EQ(RoundHalfUp(123.456, 1), "123.5");
}

TEST(RoundHalfUpTest, CarryPropagates) {
  EXPECT_EQ(RoundHalfUp(9.995, 2), "10.00");
  EXPECT_EQ(RoundHalfUp(-9.995, 2), "-10.00");
  EXPECT_EQ(RoundHalfUp(999.5, 0), "1000");
  EXPECT_EQ(RoundHalfUp(99.95, 1), "100.0");
  EXPECT_EQ(RoundHalfUp(0.9999, 3), "1.000");
  EXPECT_EQ(RoundHalfUp(0.95, 0), "1");
}

TEST(RoundHalfUpTest, PadsWithZeros) {
  EXPECT_EQ(RoundHalfUp(2.0, 2), "2.00");
  EXPECT_EQ(RoundHalfUp(1.5, 3), "1.500");
  EXPECT_EQ(RoundHalfUp(100.0, 1), "100.0");
  EXPECT_EQ(RoundHalfUp(1.23e-5, 7), "0.0000123");
  EXPECT_EQ(RoundHalfUp(5e-21, 20), "0.00000000000000000001");
  EXPECT_EQ(RoundHalfUp(1e20, 2), "100000000000000000000.00");
  EXPECT_EQ(RoundHalfUp(1e5, 0), "100000");
}

TEST(RoundHalfUpTest, ZeroHasNoSign) {
  EXPECT_EQ(RoundHalfUp(0.0, 0), "0");
  EXPECT_EQ(RoundHalfUp(0.0, 2), "0.00");
  EXPECT_EQ(RoundHalfUp(-0.0, 2), "0.00");
  EXPECT_EQ(RoundHalfUp(-0.0004, 3), "0.000");
  EXPECT_EQ(RoundHalfUp(-0.4, 0), "0");
  EXPECT_EQ(RoundHalfUp(-1e-20, 2), "0.00");
}

TEST(RoundHalfUpTest, ExtremeValues) {
  EXPECT_EQ(RoundHalfUp(kDenormMin, 3), "0.000");
  EXPECT_EQ(RoundHalfUp(kDenormMin, 324), "0." + std::string(323, '0') + "5");
  EXPECT_EQ(RoundHalfUp(kDenormMin, 323), "0." + std::string(322, '0') + "1");
  EXPECT_EQ(RoundHalfUp(kMax, 0), "17976931348623157" + std::string(292, '0'));
  EXPECT_EQ(RoundHalfUp(-kMax, 1), "-17976931348623157" + std::string(292, '0') + ".0");
}

TEST(RoundHalfUpTest, NonFinite) {
  EXPECT_EQ(RoundHalfUp(kNaN, 2), "nan");
  EXPECT_EQ(RoundHalfUp(-kNaN, 2), "nan");
  EXPECT_EQ(RoundHalfUp(kInf, 2), "inf");
  EXPECT_EQ(RoundHalfUp(-kInf, 0), "-inf");
}

TEST(RoundHalfUpTest, NegativeDecimalsMeansZero) {
  EXPECT_EQ(RoundHalfUp(2.5, -1), "3");
  EXPECT_EQ(RoundHalfUp(1234.4, -3), "1234");
}

// Builds "[-]int.frac" for the integer `n` scaled by 10^-decimals.
std::string Scaled(int64_t n, int decimals) {
  const size_t fraction = static_cast<size_t>(decimals);
  std::string digits = std::to_string(n < 0 ? -n : n);
  if (digits.size() < fraction + 1) digits.insert(0, fraction + 1 - digits.size(), '0');
  if (fraction > 0) digits.insert(digits.size() - fraction, ".");
  return (n < 0 ? "-" : "") + digits;
}

TEST(RoundHalfUpTest, RandomExactValuesPrintUnchanged) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int64_t> mantissa(-999999999999, 999999999999);
  for (int i = 0; i < 20000; ++i) {
    const int64_t n = mantissa(rng);
    const int decimals = static_cast<int>(rng() % 5);
    const std::string text = Scaled(n, decimals);  // at most 12 digits: exact as shortest
    EXPECT_EQ(RoundHalfUp(Parse(text), decimals), n == 0 ? Scaled(0, decimals) : text);
  }
}

TEST(RoundHalfUpTest, RandomHalvesRoundAwayFromZero) {
  std::mt19937_64 rng(12);
  std::uniform_int_distribution<int64_t> mantissa(-99999999999, 99999999999);
  for (int i = 0; i < 20000; ++i) {
    const int64_t n = mantissa(rng);
    const int decimals = static_cast<int>(rng() % 5);
    // n.5 units of the last kept decimal, and just below and above that.
    const std::string half = Scaled(n * 10 + (n < 0 ? -5 : 5), decimals + 1);
    const std::string away = Scaled(n < 0 ? n - 1 : n + 1, decimals);
    const std::string toward = n == 0 ? Scaled(0, decimals) : Scaled(n, decimals);
    EXPECT_EQ(RoundHalfUp(Parse(half), decimals), away) << half;
    EXPECT_EQ(RoundHalfUp(Parse(Scaled(n * 100 + (n < 0 ? -49 : 49), decimals + 2)), decimals),
              toward);
    EXPECT_EQ(RoundHalfUp(Parse(Scaled(n * 100 + (n < 0 ? -51 : 51), decimals + 2)), decimals),
              away);
  }
}

}  // namespace
}  // namespace rubric::util
