// Characters that mislead a reader: invisible ones, bidirectional controls, letters that look
// like ASCII letters, Latin letters written with separate combining marks (NFD) or
// precomposed (NFC), and full-width punctuation. Small tables (unicode_tables.h), no ICU.
#ifndef RUBRIC_GRAMMAR_CONFUSABLES_H_
#define RUBRIC_GRAMMAR_CONFUSABLES_H_

#include <string>
#include <string_view>

namespace rubric::unicode {

// "U+200B ZERO WIDTH SPACE", "U+0430 CYRILLIC SMALL LETTER A", "U+0061 LATIN SMALL LETTER A";
// "U+XXXX" alone for a code point the tables do not name.
std::string Describe(char32_t c);

// True for characters that show nothing (zero-width spaces and joiners, U+FEFF, soft hyphen,
// bidirectional controls, fillers).
bool IsInvisible(char32_t c);
// The bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, which
// can make text display in another order than it is read ("Trojan Source").
bool IsBidiControl(char32_t c);
// True for the combining marks of the composition table (U+0300 COMBINING GRAVE ACCENT, ...).
bool IsCombiningMark(char32_t c);

// The ASCII character that the full-width or CJK punctuation `c` stands for in code ('，' ->
// ','), or 0.
char AsciiForFullWidth(char32_t c);

// `text` with every Latin letter of the table followed by its combining marks replaced by the
// precomposed letter (e + U+0301 -> é): NFC for those letters; other text is unchanged.
std::string ComposeLatin(std::string_view text);
// ComposeLatin(text) with every letter that looks like an ASCII letter (Cyrillic а, Greek ο,
// full-width ａ) replaced by that letter: two names with one skeleton look alike.
std::string Skeleton(std::string_view text);

}  // namespace rubric::unicode

#endif  // RUBRIC_GRAMMAR_CONFUSABLES_H_
