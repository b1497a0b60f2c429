// Syntax tree -> canonical source text: the layout `rubric fmt` writes. Knows only the tree
// (ast.h), the source it came from and the comments the parser kept beside it.
#ifndef RUBRIC_GRAMMAR_PRINTER_H_
#define RUBRIC_GRAMMAR_PRINTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ast.h"

namespace rubric::grammar {

// Lines of canonical text are kept within this many columns where the layout can break
// (expressions, lookups); labels and names are never broken.
inline constexpr int kMaxLineWidth = 100;

// The canonical one-line text of an expression: one space around binary operators and after
// commas, parentheses only where precedence needs them, numbers in their shortest form.
std::string PrintExpr(const ast::Expr& expr);

// The shortest text that reads back to `value` (`0.5`, `100`, `1e-9`); a leading `-` when
// negative.
std::string FormatNumber(double value);

// `text` in double quotes, with `"`, `\`, line feeds and tabs escaped.
std::string QuoteString(std::string_view text);

// The whole file in the canonical layout (docs/tools.md, "rubric fmt"). `standard` and
// `comments` come from parsing `source`, whose first byte has offset `first_offset` in their
// spans. Every comment is kept, with its text (less trailing spaces), next to the statement it
// was next to. The result ends with exactly one newline.
std::string FormatStandard(std::string_view source, const ast::Standard& standard,
                           const std::vector<ast::Comment>& comments,
                           std::uint32_t first_offset = 0);

}  // namespace rubric::grammar

#endif  // RUBRIC_GRAMMAR_PRINTER_H_
