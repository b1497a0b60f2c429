// Text from data made safe to print: control characters never reach a terminal raw.
#ifndef RUBRIC_LIB_UTIL_PRINTABLE_H_
#define RUBRIC_LIB_UTIL_PRINTABLE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rubric::util {

// The first control character of UTF-8 `text` (C0, DEL or C1: U+0000-U+001F, U+007F,
// U+0080-U+009F) as its code point, or nullopt when there is none.
std::optional<char32_t> FirstControl(std::string_view text);

// `text` with every control character written as an escape: \t, \n, \r, \0, else \xHH for
// U+0000-U+007F and \u{HH} for U+0080-U+009F. Other text, invalid UTF-8 included, is kept.
std::string Printable(std::string_view text);

// Printable(text), cut to at most `max_bytes` bytes on a UTF-8 boundary, with "..." and the
// full size appended when cut ("1.2万...(1048576 bytes)").
std::string Shortened(std::string_view text, std::size_t max_bytes = 64);

// "U+0001", as diagnostics name a character.
std::string CodePointName(char32_t c);

}  // namespace rubric::util

#endif  // RUBRIC_LIB_UTIL_PRINTABLE_H_
