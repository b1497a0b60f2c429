// Checks of the characters of a source that the grammar accepts but a reader could misread:
// an invisible character in a name (E0010), a NUL in a label (E0011), a bidirectional control
// in a label or a comment (W0003). See docs/diagnostics.md.
#ifndef RUBRIC_GRAMMAR_LEXICAL_CHECKS_H_
#define RUBRIC_GRAMMAR_LEXICAL_CHECKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "parser.h"

namespace rubric::grammar {

// Scans valid UTF-8 `source` from byte `start` (past a byte-order mark) and appends what it
// finds, in source order, to `errors` and `warnings`; offsets are `first_offset` + the byte
// offset in `source`, as Parse's.
void CheckCharacters(std::string_view source, std::size_t start, std::uint32_t first_offset,
                     std::vector<SyntaxError>* errors, std::vector<SyntaxError>* warnings);

}  // namespace rubric::grammar

#endif  // RUBRIC_GRAMMAR_LEXICAL_CHECKS_H_
