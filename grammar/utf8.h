// UTF-8 helpers shared by the parser and the diagnostics renderer. Spirit X3 works on bytes,
// so code points, identifier classes and display widths are decided here.
#ifndef RUBRIC_GRAMMAR_UTF8_H_
#define RUBRIC_GRAMMAR_UTF8_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace rubric::utf8 {

inline constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at `*pos` (strictly: no overlongs, surrogates or values past
// U+10FFFF) and advances `*pos` past it. On a bad sequence returns kInvalid and advances
// by one byte.
char32_t Decode(std::string_view text, std::size_t* pos);

// The byte offset of the first invalid UTF-8 sequence, or nullopt when `text` is valid.
std::optional<std::size_t> FindInvalid(std::string_view text);
// The same question as a yes or no, fast for short ASCII values (data values mostly).
bool IsValid(std::string_view text);

// True for code points that may start an identifier: ASCII letters, '_', and non-ASCII
// code points that are neither spaces nor punctuation (see docs/language.md).
bool IsIdentifierStart(char32_t c);
// IsIdentifierStart or an ASCII digit.
bool IsIdentifierContinue(char32_t c);

// Terminal columns taken by `c`: 2 for East Asian wide and full-width characters, 0 for
// combining marks, 1 otherwise. Independent of the locale.
int DisplayWidth(char32_t c);
// Sum of DisplayWidth over the code points of `text` (invalid bytes count 1).
int DisplayWidth(std::string_view text);
// Number of code points in `text` (invalid bytes count 1).
std::size_t CountCodePoints(std::string_view text);

}  // namespace rubric::utf8

#endif  // RUBRIC_GRAMMAR_UTF8_H_
