// What the printer learns from the source text behind a syntax tree: where the author broke
// lines, where braces are, and the comments, each to be printed once.
#ifndef RUBRIC_GRAMMAR_PRINT_SOURCE_H_
#define RUBRIC_GRAMMAR_PRINT_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ast.h"

namespace rubric::grammar::print {

// The source text behind the tree and its comments, each printed once. Offsets are in the
// tree's offset space (first_offset for the source's first byte).
class SourceInfo {
 public:
  SourceInfo(std::string_view source, std::uint32_t first_offset,
             const std::vector<ast::Comment>& comments);

  bool HasNewline(std::uint32_t begin, std::uint32_t end) const;
  // A line holding only spaces lies in [begin, end).
  bool HasBlankLine(std::uint32_t begin, std::uint32_t end) const;
  // The first `{` in [begin, end) outside strings and comments.
  std::optional<std::uint32_t> FindOpenBrace(std::uint32_t begin, std::uint32_t end) const;
  char At(std::uint32_t offset) const;  // '\0' outside the source
  // The end of what `span` holds, less the spaces and comments at its end: the span of a
  // statement that ends with an optional part may include what the parser skipped while
  // looking for that part.
  std::uint32_t End(const ast::Located& span) const;

  // Comments not yet printed that begin in [begin, end).
  bool HasComments(std::uint32_t begin, std::uint32_t end) const;
  // Takes them: they count as printed from now on.
  std::vector<std::size_t> TakeComments(std::uint32_t begin, std::uint32_t end);
  // Takes the comment not yet printed that begins after `after` (and before `limit`) on the
  // same line, with only spaces, `;` and `,` in between when `only_separators`.
  std::optional<std::size_t> TakeTrailing(std::uint32_t after, std::uint32_t limit,
                                          bool only_separators);

  // The comment's text without trailing spaces, and where it ends.
  std::string_view CommentText(std::size_t index) const;
  std::uint32_t CommentBegin(std::size_t index) const { return comments_[index].begin; }
  std::uint32_t CommentEnd(std::size_t index) const { return comments_[index].end; }

 private:
  std::string_view Slice(std::uint32_t begin, std::uint32_t end) const;
  std::size_t FirstAtOrAfter(std::uint32_t offset) const;

  std::string_view source_;
  std::uint32_t first_offset_;
  std::vector<ast::Comment> comments_;  // sorted by begin
  std::vector<bool> printed_;
  std::size_t first_unprinted_ = 0;  // every comment before it is printed

  void MarkPrinted(std::size_t index);
};

}  // namespace rubric::grammar::print

#endif  // RUBRIC_GRAMMAR_PRINT_SOURCE_H_
