// Decimal number literals of the language: where one ends, and its value correctly rounded.
// The value is read by std::from_chars, as data values are, so that the same text gives the
// same double in a standard and in a data file.
#ifndef RUBRIC_GRAMMAR_NUMBER_LITERAL_H_
#define RUBRIC_GRAMMAR_NUMBER_LITERAL_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace rubric::grammar {

// Length in bytes of the unsigned literal at the start of `text`, 0 when none starts there:
// digits with an optional fraction (`2`, `2.5`, `2.`, `.5`), then an optional exponent
// (`e` or `E`, an optional sign, digits), taken only when its digits are there (`2e` is the
// number 2 followed by `e`).
std::size_t ScanNumberLiteral(std::string_view text);

// The double nearest to the literal `text` (as ScanNumberLiteral matched it), ties to even.
// A magnitude too small for a double reads as 0; nullopt when it is too large for one.
std::optional<double> ReadNumberLiteral(std::string_view text);

}  // namespace rubric::grammar

#endif  // RUBRIC_GRAMMAR_NUMBER_LITERAL_H_
