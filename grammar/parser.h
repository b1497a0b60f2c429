// Source text -> syntax tree. The only entry point of the grammar stage.
#ifndef RUBRIC_GRAMMAR_PARSER_H_
#define RUBRIC_GRAMMAR_PARSER_H_

#include <cstddef>
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
  // Set only when there are no errors. After an error the parser resynchronises at the next
  // statement and goes on, so `errors` lists every syntax error of the source.
  std::optional<ast::Standard> standard;
  std::vector<SyntaxError> errors;
  // Problems that do not stop the standard from being read (W codes), in source order.
  std::vector<SyntaxError> warnings;
  std::vector<ast::Comment> comments;  // every comment, in source order
};

// What one source may hold (docs/limits.md). Past a limit, Parse reports an error and stops
// instead of exhausting memory or the stack.
inline constexpr int kMaxNesting = 200;              // brackets, prefix operators, expressions
inline constexpr std::size_t kMaxNameBytes = 255;    // a name (identifier)
inline constexpr std::size_t kMaxLabelBytes = 4096;  // a quoted label or option, unescaped
struct ParseLimits {
  std::size_t max_source_bytes = std::size_t{256} << 20;  // 256 MiB
  std::size_t max_statements = 2'000'000;  // inputs, lets, groups, indicators, vetoes, ...
  std::size_t max_errors = 100;            // syntax errors reported before giving up
};

// Parses one standard. Never throws for bad input: every problem is an entry of `errors`.
// Every offset in the output (spans, comments, errors) is `first_offset` + the byte offset
// in `source`, so that several sources (a variant and its base) share one offset space.
ParseOutput Parse(std::string_view source, const ParseLimits& limits = {},
                  std::uint32_t first_offset = 0);

// True when `word` is reserved by the language.
bool IsKeyword(std::string_view word);

}  // namespace rubric::grammar

#endif  // RUBRIC_GRAMMAR_PARSER_H_
