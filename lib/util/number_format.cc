#include "util/number_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "rubric/missing.h"

namespace rubric::util {
namespace {

// Large enough for any shortest double in either format ("-2.2250738585072014e-308").
constexpr size_t kBufferSize = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The text for NaN and infinities shared by both formatters.
std::string FormatNonFinite(double v) {
  if (IsMissing(v)) return "missing";
  if (std::isnan(v)) return "nan";
  return v < 0 ? "-inf" : "inf";
}

// Adds one to the non-negative decimal integer in `digits`.
void Increment(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

}  // namespace

std::string FormatShortest(double v) {
  std::string text;
  AppendShortest(&text, v);
  return text;
}

void AppendShortest(std::string* out, double v) {
  if (!std::isfinite(v)) {
    *out += FormatNonFinite(v);
    return;
  }
  if (v == 0) {  // both zeros
    out->push_back('0');
    return;
  }
  char buffer[kBufferSize];
  const std::to_chars_result result = std::to_chars(buffer, buffer + kBufferSize, v);
  out->append(buffer, result.ptr);
}

bool ParseNumber(std::string_view text, double* out) {
  // from_chars takes '-' but not '+'; skip a '+' ourselves.
  const bool has_sign = !text.empty() && (text[0] == '+' || text[0] == '-');
  const size_t start = has_sign && text[0] == '+' ? 1 : 0;
  // A digit or '.' must follow the sign: this rejects "+-1", "--1", " 1", "nan", "inf".
  const size_t first = has_sign ? 1 : 0;
  if (first >= text.size() || !(IsDigit(text[first]) || text[first] == '.')) return false;

  const char* const end = text.data() + text.size();
  double value;
  const std::from_chars_result result = std::from_chars(text.data() + start, end, value);
  if (result.ec != std::errc() || result.ptr != end) return false;
  *out = value;
  return true;
}

std::string RoundHalfUp(double v, int decimals) {
  if (!std::isfinite(v)) return FormatNonFinite(v);
  if (decimals < 0) decimals = 0;

  // Shortest scientific form: [-]d[.ddd]e(+|-)xx, i.e. digits x 10^(exponent - #digits + 1).
  char buffer[kBufferSize];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + kBufferSize, v, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
  const bool negative = text[0] == '-';
  const size_t e_pos = text.find('e');
  std::string digits;
  for (char c : text.substr(negative ? 1 : 0, e_pos - (negative ? 1 : 0))) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(text.data() + e_pos + 2, text.data() + text.size(), exponent);
  if (text[e_pos + 1] == '-') exponent = -exponent;

  // |v| x 10^decimals = digits x 10^shift; keep its integer part, rounded.
  const long long shift =
      static_cast<long long>(exponent) - static_cast<long long>(digits.size()) + 1 + decimals;
  std::string scaled;  // |v| x 10^decimals rounded half up, as a decimal integer
  if (shift >= 0) {
    scaled = digits;
    scaled.append(static_cast<size_t>(shift), '0');
  } else {
    const size_t dropped = static_cast<size_t>(-shift);
    if (dropped < digits.size()) {
      scaled = digits.substr(0, digits.size() - dropped);
      if (digits[digits.size() - dropped] >= '5') Increment(scaled);
    } else {
      // Only the first dropped digit matters, and it is a leading zero unless
      // exactly all the digits are dropped.
      scaled = dropped == digits.size() && digits[0] >= '5' ? "1" : "0";
    }
  }
  const size_t nonzero = scaled.find_first_not_of('0');
  const bool is_zero = nonzero == std::string::npos;
  scaled.erase(0, is_zero ? scaled.size() - 1 : nonzero);

  // Pad to at least one integer digit, then place the point.
  const size_t width = static_cast<size_t>(decimals) + 1;
  if (scaled.size() < width) scaled.insert(0, width - scaled.size(), '0');
  std::string formatted;
  formatted.reserve(scaled.size() + 2);
  if (negative && !is_zero) formatted.push_back('-');
  const size_t int_digits = scaled.size() - static_cast<size_t>(decimals);
  formatted.append(scaled, 0, int_digits);
  if (decimals > 0) {
    formatted.push_back('.');
    formatted.append(scaled, int_digits, std::string::npos);
  }
  return formatted;
}

double RoundDecimal(double x, int digits) {
  if (!std::isfinite(x) || std::fabs(x) >= 1e15) return x;
  if (x == 0) return 0.0;  // -0 too
  // Shortest scientific form: [-]d[.ddd]e(+|-)xx; the first digit is at 10^exponent.
  char buffer[kBufferSize];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + kBufferSize, x, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
  const bool negative = text[0] == '-';
  const size_t e_pos = text.find('e');
  std::string kept;  // the digits at 10^-digits and above, then rounded
  for (char c : text.substr(negative ? 1 : 0, e_pos - (negative ? 1 : 0))) {
    if (c != '.') kept.push_back(c);
  }
  int exponent = 0;
  std::from_chars(text.data() + e_pos + 2, text.data() + text.size(), exponent);
  if (text[e_pos + 1] == '-') exponent = -exponent;

  // Digits of the shortest form at 10^-digits and above (a |x| below 1e15 has at most 17
  // digits from 10^14 down to 10^-330, so a digits outside [-400, 400] changes nothing).
  digits = std::clamp(digits, -400, 400);
  const long long keep = static_cast<long long>(exponent) + digits + 1;
  if (keep >= static_cast<long long>(kept.size())) return x;  // nothing to round
  if (keep < 0) return 0.0;                                   // below half a unit
  const bool up = kept[static_cast<size_t>(keep)] >= '5';
  kept.resize(static_cast<size_t>(keep));
  if (up) {
    if (kept.empty()) kept = "0";
    Increment(kept);
  }
  if (kept.find_first_not_of('0') == std::string::npos) return 0.0;
  // The rounded decimal is kept x 10^-digits.
  const std::string decimal = (negative ? "-" : "") + kept + "e" + std::to_string(-digits);
  double rounded = 0;
  std::from_chars(decimal.data(), decimal.data() + decimal.size(), rounded);
  return rounded;
}

}  // namespace rubric::util
