// An open document of the language server: its text, and the conversions between LSP
// positions (line and UTF-16 code unit, both from 0) and byte offsets in the UTF-8 text.
#ifndef RUBRIC_LIB_LSP_TEXT_DOCUMENT_H_
#define RUBRIC_LIB_LSP_TEXT_DOCUMENT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rubric::lsp {

struct Position {
  int line = 0;
  int character = 0;  // UTF-16 code units from the start of the line
};

struct Range {
  Position start;
  Position end;
};

class TextDocument {
 public:
  TextDocument() = default;
  explicit TextDocument(std::string text) { Replace(std::move(text)); }

  const std::string& text() const { return text_; }
  void Replace(std::string text);

  // The byte offset of `position`. A character past the end of its line is the line's end
  // (before its line break); a line past the last is the end of the text. A position
  // inside a surrogate pair, or inside a code point, is the start of that code point.
  std::size_t OffsetOf(Position position) const;
  // The position of byte `offset` (clamped to the text).
  Position PositionOf(std::size_t offset) const;
  Range RangeOf(std::size_t begin, std::size_t end) const {
    return {PositionOf(begin), PositionOf(end)};
  }

  // Replaces `range` by `text` (an incremental change of textDocument/didChange).
  void Apply(Range range, std::string_view text);

 private:
  std::string text_;
  std::vector<std::size_t> line_starts_;  // byte offset of each line's first byte
};

// The number of UTF-16 code units of the code point starting with `lead` (a UTF-8 lead byte):
// 2 for four-byte sequences (astral code points, a surrogate pair), else 1.
inline int Utf16Units(unsigned char lead) { return lead >= 0xF0 ? 2 : 1; }

}  // namespace rubric::lsp

#endif  // RUBRIC_LIB_LSP_TEXT_DOCUMENT_H_
