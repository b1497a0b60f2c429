// Locale-independent formatting and parsing of doubles.

#ifndef RUBRIC_UTIL_NUMBER_FORMAT_H_
#define RUBRIC_UTIL_NUMBER_FORMAT_H_

#include <string>
#include <string_view>

namespace rubric::util {

// Returns the shortest decimal string that parses back to exactly `v`, as
// std::to_chars(first, last, v) writes it (fixed or scientific, whichever is
// shorter: 0.5 -> "0.5", 2.0 -> "2", 1e5 -> "1e+05", 1e-4 -> "1e-04"), except
// that any NaN is "nan", infinities are "inf" / "-inf" and -0.0 is "0".
std::string FormatShortest(double v);
// The same, appended to *out (no temporary string: for writers of millions of numbers).
void AppendShortest(std::string* out, double v);

// Parses `text` as a decimal number (std::from_chars, general format) and
// stores it in *out. Accepts an optional leading '+' or '-', digits with an
// optional fraction and exponent ("2", "-2.5", ".5", "5.", "1e-9", "+1E+3").
// Returns false, leaving *out unchanged, for an empty string, leading or
// trailing spaces or any other trailing characters, hexadecimal, "nan",
// "inf"/"infinity", and magnitudes that overflow or underflow to zero
// ("1e400", "1e-400"; subnormals such as "5e-324" are accepted).
bool ParseNumber(std::string_view text, double* out);

// Rounds `v` to `decimals` digits after the decimal point, half away from zero,
// and prints it with exactly that many digits (no point when `decimals` is 0).
// The decision is made on the shortest decimal representation of `v`
// (FormatShortest), not on its binary value: RoundHalfUp(2.675, 2) is "2.68"
// and RoundHalfUp(0.0005, 3) is "0.001". A result that rounds to zero has no
// sign ("0.00"). NaN and infinities print as in FormatShortest. A negative
// `decimals` is treated as 0.
std::string RoundHalfUp(double v, int decimals);

// The language's round(x, digits): rounds the decimal a person reads, the shortest decimal
// that parses back to `x` (FormatShortest), at 10^-digits, half away from zero, and returns
// the double nearest to the rounded decimal (std::from_chars of its text):
// RoundDecimal(2.675, 2) is 2.68, RoundDecimal(-2.5, 0) is -3, RoundDecimal(1234, -2) is
// 1200. A result that rounds to zero is +0. NaN (the missing value too) and infinities are
// returned unchanged, and so is any |x| >= 1e15 or an `x` with no digit below 10^-digits.
double RoundDecimal(double x, int digits);

}  // namespace rubric::util

#endif  // RUBRIC_UTIL_NUMBER_FORMAT_H_
