// LSP positions <-> byte offsets: a line's UTF-16 column counts 1 per code point of the
// Basic Multilingual Plane (one to three UTF-8 bytes) and 2 per astral code point (four).
#include "lsp/text_document.h"

#include <algorithm>

namespace rubric::lsp {
namespace {

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

void TextDocument::Replace(std::string text) {
  text_ = std::move(text);
  line_starts_.assign(1, 0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::size_t TextDocument::OffsetOf(Position position) const {
  if (position.line < 0) return 0;
  if (static_cast<std::size_t>(position.line) >= line_starts_.size()) return text_.size();
  std::size_t offset = line_starts_[static_cast<std::size_t>(position.line)];
  std::size_t line_end = static_cast<std::size_t>(position.line) + 1 < line_starts_.size()
                             ? line_starts_[static_cast<std::size_t>(position.line) + 1] - 1
                             : text_.size();
  if (line_end > offset && text_[line_end - 1] == '\r') --line_end;
  int units = 0;
  while (offset < line_end && units < position.character) {
    const auto lead = static_cast<unsigned char>(text_[offset]);
    const int width = Utf16Units(lead);
    if (units + width > position.character) break;  // inside a surrogate pair
    units += width;
    std::size_t next = offset + SequenceLength(lead);
    offset = std::min(next, line_end);
  }
  return offset;
}

Position TextDocument::PositionOf(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  while (offset > 0 && offset < text_.size() &&
         IsContinuation(static_cast<unsigned char>(text_[offset]))) {
    --offset;
  }
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  int units = 0;
  for (std::size_t i = line_starts_[line]; i < offset;) {
    const auto lead = static_cast<unsigned char>(text_[i]);
    units += Utf16Units(lead);
    i += SequenceLength(lead);
  }
  return {static_cast<int>(line), units};
}

void TextDocument::Apply(Range range, std::string_view text) {
  std::size_t begin = OffsetOf(range.start);
  std::size_t end = OffsetOf(range.end);
  if (end < begin) std::swap(begin, end);
  std::string updated;
  updated.reserve(text_.size() - (end - begin) + text.size());
  updated.append(text_, 0, begin);
  updated.append(text);
  updated.append(text_, end, std::string::npos);
  Replace(std::move(updated));
}

}  // namespace rubric::lsp
