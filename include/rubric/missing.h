// Missing values: the state "not available" (R's NA, SQL's NULL) that a value computed from
// a missing input has (docs/language.md "Missing data").
//
// A missing value is a double: a quiet NaN with one reserved payload, so that it travels
// through the same columns as every other value. It is not the NaN of an invalid operation
// (`ln(-1)`): IsMissing() tells the two apart, and rubric never produces the one bit pattern
// from the other. Results read through the API (Session::node_value, Session::total, the C
// ABI's values) are this value when missing; CSV output prints an empty cell, JSON `null`.
#ifndef RUBRIC_MISSING_H_
#define RUBRIC_MISSING_H_

#include <bit>
#include <cstdint>

namespace rubric {

// The bits of the missing value: a quiet NaN whose payload is 1954 (the payload R uses for
// its NA_real_).
inline constexpr std::uint64_t kMissingBits = 0x7FF80000000007A2ULL;

// The missing value.
constexpr double MissingValue() { return std::bit_cast<double>(kMissingBits); }

// Whether `value` is the missing value (and not some other NaN or number).
constexpr bool IsMissing(double value) {
  return std::bit_cast<std::uint64_t>(value) == kMissingBits;
}

}  // namespace rubric

#endif  // RUBRIC_MISSING_H_
