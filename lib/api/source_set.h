// The source files of one compiled standard (a variant and its bases) in one offset space:
// each file starts where the previous one ended, so a byte offset names a file and a place.
#ifndef RUBRIC_LIB_API_SOURCE_SET_H_
#define RUBRIC_LIB_API_SOURCE_SET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rubric/diagnostic.h"

namespace rubric::internal {

class SourceSet {
 public:
  struct File {
    std::string name;
    std::string text;
    std::uint32_t first_offset = 0;
    // The comments of the text (the parser's comments channel): [begin, end) in `text`.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> comments;
  };

  // Adds a file; its offsets start at the returned value.
  std::uint32_t Add(std::string name, std::string text);

  // Keeps the comments of the last file added, given as offsets of the shared space.
  template <typename Comment>
  void AddComments(const std::vector<Comment>& comments) {
    File& file = files_.back();
    for (const Comment& c : comments) {
      file.comments.emplace_back(c.begin - file.first_offset, c.end - file.first_offset);
    }
  }

  const std::vector<File>& files() const { return files_; }
  bool empty() const { return files_.empty(); }

  // Turns offsets into file, line, column and source line (the offset becomes the offset in
  // its file), and sorts by position: stable, so one place keeps the order of reporting.
  // Diagnostics without a position keep the first file's name.
  void Locate(std::vector<Diagnostic>* diagnostics) const;

 private:
  std::vector<File> files_;
  std::uint32_t next_offset_ = 0;
};

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_API_SOURCE_SET_H_
