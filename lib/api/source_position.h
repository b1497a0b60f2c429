// Byte offsets -> 1-based line and column (in code points).
#ifndef RUBRIC_LIB_API_SOURCE_POSITION_H_
#define RUBRIC_LIB_API_SOURCE_POSITION_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace rubric::internal {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // 1-based line and column (counting code points) of byte `offset`.
  void Locate(std::size_t offset, int* line, int* column) const;
  // The text of the line containing `offset`, without its line break.
  std::string_view LineAt(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_API_SOURCE_POSITION_H_
