// Source text -> syntax tree. The only entry point of the grammar stage.
#ifndef RUBRIC_GRAMMAR_PARSER_H_
#define RUBRIC_GRAMMAR_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ast.h"

namespace rubric::grammar {

// A problem found while reading the text. `code` is a stable code from docs/diagnostics.md.
struct SyntaxError {
  std::string code;
  std::uint32_t offset = 0;  // byte offset of the place
  std::uint32_t length = 0;  // bytes to underline (0: a caret only)
  std::string message;
  std::string hint;
};

struct ParseOutput {
  std::optional<ast::Standard> standard;  // set when parsing succeeded
  std::vector<SyntaxError> errors;
};

// Parses one standard. Never throws for bad input: every problem is an entry of `errors`.
// Limits: the source must be under 4 GiB (offsets are 32-bit) and expressions may nest at
// most kMaxNesting deep.
ParseOutput Parse(std::string_view source);

inline constexpr int kMaxNesting = 200;

// True when `word` is reserved by the language.
bool IsKeyword(std::string_view word);

}  // namespace rubric::grammar

#endif  // RUBRIC_GRAMMAR_PARSER_H_
