#include "api/source_set.h"

#include <algorithm>

#include "api/source_position.h"

namespace rubric::internal {

std::uint32_t SourceSet::Add(std::string name, std::string text) {
  const std::uint32_t first = next_offset_;
  // One byte of gap, so that the end of one file is not the start of the next.
  next_offset_ += static_cast<std::uint32_t>(text.size()) + 1;
  files_.push_back({std::move(name), std::move(text), first, {}});
  return first;
}

void SourceSet::Locate(std::vector<Diagnostic>* diagnostics) const {
  std::stable_sort(diagnostics->begin(), diagnostics->end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.offset < b.offset; });
  if (files_.empty()) return;
  std::vector<LineIndex> indexes;
  indexes.reserve(files_.size());
  for (const File& file : files_) indexes.emplace_back(file.text);
  for (Diagnostic& d : *diagnostics) {
    std::size_t i = 0;
    while (i + 1 < files_.size() && d.offset >= files_[i + 1].first_offset) ++i;
    const File& file = files_[i];
    d.file = file.name;
    d.offset = std::min<std::size_t>(d.offset - file.first_offset, file.text.size());
    indexes[i].Locate(d.offset, &d.line, &d.column);
    d.source_line = std::string(indexes[i].LineAt(d.offset));
  }
}

}  // namespace rubric::internal
