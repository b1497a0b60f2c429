#include "number_literal.h"

#include <charconv>
#include <system_error>

namespace rubric::grammar {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::size_t SkipDigits(std::string_view text, std::size_t pos) {
  while (pos < text.size() && IsDigit(text[pos])) ++pos;
  return pos;
}

// The decimal exponent of the literal's first significant digit (1234.5 -> 3, 0.012 -> -2),
// saturated far beyond what a double can hold. Only its sign matters to the caller.
long long LeadingExponent(std::string_view text) {
  constexpr long long kFar = 1'000'000'000;
  long long exponent = 0;
  const std::size_t e = text.find_first_of("eE");
  if (e != std::string_view::npos) {
    const bool negative = e + 1 < text.size() && text[e + 1] == '-';
    for (std::size_t i = e + 1; i < text.size(); ++i) {
      if (!IsDigit(text[i])) continue;
      exponent = exponent < kFar ? exponent * 10 + (text[i] - '0') : kFar;
    }
    if (negative) exponent = -exponent;
    text = text.substr(0, e);
  }
  const std::size_t point = text.find('.');
  const std::size_t first = text.find_first_not_of("0.");
  if (first == std::string_view::npos) return 0;  // zero
  const long long position =
      point == std::string_view::npos || first < point
          ? static_cast<long long>((point == std::string_view::npos ? text.size() : point) - first -
                                   1)
          : -static_cast<long long>(first - point);
  return exponent + position;
}

}  // namespace

std::size_t ScanNumberLiteral(std::string_view text) {
  std::size_t pos = SkipDigits(text, 0);
  const bool whole = pos > 0;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t fraction_end = SkipDigits(text, pos + 1);
    if (!whole && fraction_end == pos + 1) return 0;  // a lone '.'
    pos = fraction_end;
  } else if (!whole) {
    return 0;
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    std::size_t digits = pos + 1;
    if (digits < text.size() && (text[digits] == '+' || text[digits] == '-')) ++digits;
    const std::size_t end = SkipDigits(text, digits);
    if (end > digits) pos = end;
  }
  return pos;
}

std::optional<double> ReadNumberLiteral(std::string_view text) {
  double value = 0;
  const char* const end = text.data() + text.size();
  const std::from_chars_result result = std::from_chars(text.data(), end, value);
  if (result.ec == std::errc::result_out_of_range) {
    // from_chars leaves `value` alone out of range: decide which way it went.
    if (LeadingExponent(text) > 0) return std::nullopt;
    return 0.0;
  }
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

}  // namespace rubric::grammar
