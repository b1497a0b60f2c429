#include "api/source_position.h"

#include <algorithm>

#include "grammar/utf8.h"

namespace rubric::internal {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

void LineIndex::Locate(std::size_t offset, int* line, int* column) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  *line = static_cast<int>(it - line_starts_.begin()) + 1;
  *column = static_cast<int>(utf8::CountCodePoints(text_.substr(*it, offset - *it))) + 1;
}

std::string_view LineIndex::LineAt(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const std::size_t start =
      *(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1);
  std::size_t end = text_.find('\n', start);
  if (end == std::string_view::npos) end = text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  return text_.substr(start, end - start);
}

}  // namespace rubric::internal
