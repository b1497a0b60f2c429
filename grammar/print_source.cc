#include "print_source.h"

#include <algorithm>

namespace rubric::grammar::print {

SourceInfo::SourceInfo(std::string_view source, std::uint32_t first_offset,
                       const std::vector<ast::Comment>& comments)
    : source_(source), first_offset_(first_offset), comments_(comments) {
  std::stable_sort(comments_.begin(), comments_.end(),
                   [](const ast::Comment& a, const ast::Comment& b) { return a.begin < b.begin; });
  printed_.assign(comments_.size(), false);
}

std::string_view SourceInfo::Slice(std::uint32_t begin, std::uint32_t end) const {
  const std::size_t size = source_.size();
  const std::size_t from =
      std::min<std::size_t>(begin > first_offset_ ? begin - first_offset_ : 0, size);
  const std::size_t to = std::min<std::size_t>(end > first_offset_ ? end - first_offset_ : 0, size);
  return from < to ? source_.substr(from, to - from) : std::string_view();
}

char SourceInfo::At(std::uint32_t offset) const {
  const std::string_view slice = Slice(offset, offset + 1);
  return slice.empty() ? '\0' : slice.front();
}

std::uint32_t SourceInfo::End(const ast::Located& span) const {
  std::uint32_t end = span.end;
  while (end > span.begin) {
    const char c = At(end - 1);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      --end;
      continue;
    }
    const std::size_t next = FirstAtOrAfter(end);
    if (next == 0 || comments_[next - 1].end != end || comments_[next - 1].begin < span.begin) {
      break;
    }
    end = comments_[next - 1].begin;
  }
  return end;
}

bool SourceInfo::HasNewline(std::uint32_t begin, std::uint32_t end) const {
  return Slice(begin, end).find('\n') != std::string_view::npos;
}

bool SourceInfo::HasBlankLine(std::uint32_t begin, std::uint32_t end) const {
  const std::string_view text = Slice(begin, end);
  std::size_t line_end = text.find('\n');
  while (line_end != std::string_view::npos) {
    const std::size_t next = text.find('\n', line_end + 1);
    if (next == std::string_view::npos) return false;
    const std::string_view line = text.substr(line_end + 1, next - line_end - 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return true;
    line_end = next;
  }
  return false;
}

std::size_t SourceInfo::FirstAtOrAfter(std::uint32_t offset) const {
  return static_cast<std::size_t>(
      std::lower_bound(comments_.begin(), comments_.end(), offset,
                       [](const ast::Comment& c, std::uint32_t at) { return c.begin < at; }) -
      comments_.begin());
}

std::optional<std::uint32_t> SourceInfo::FindOpenBrace(std::uint32_t begin,
                                                       std::uint32_t end) const {
  const std::string_view text = Slice(begin, end);
  const std::uint32_t base = begin;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto offset = static_cast<std::uint32_t>(base + i);
    const std::size_t comment = FirstAtOrAfter(offset);
    if (comment < comments_.size() && comments_[comment].begin == offset) {
      i += comments_[comment].end - comments_[comment].begin;
      continue;
    }
    if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (text[i] == '{') {
      return offset;
    }
  }
  return std::nullopt;
}

void SourceInfo::MarkPrinted(std::size_t index) {
  printed_[index] = true;
  while (first_unprinted_ < printed_.size() && printed_[first_unprinted_]) ++first_unprinted_;
}

bool SourceInfo::HasComments(std::uint32_t begin, std::uint32_t end) const {
  for (std::size_t i = std::max(FirstAtOrAfter(begin), first_unprinted_);
       i < comments_.size() && comments_[i].begin < end; ++i) {
    if (!printed_[i]) return true;
  }
  return false;
}

std::vector<std::size_t> SourceInfo::TakeComments(std::uint32_t begin, std::uint32_t end) {
  std::vector<std::size_t> taken;
  for (std::size_t i = std::max(FirstAtOrAfter(begin), first_unprinted_);
       i < comments_.size() && comments_[i].begin < end; ++i) {
    if (printed_[i]) continue;
    taken.push_back(i);
  }
  for (std::size_t i : taken) MarkPrinted(i);
  return taken;
}

std::optional<std::size_t> SourceInfo::TakeTrailing(std::uint32_t after, std::uint32_t limit,
                                                    bool only_separators) {
  const std::size_t i = FirstAtOrAfter(after);
  if (i >= comments_.size() || printed_[i] || comments_[i].begin >= limit) return std::nullopt;
  const std::string_view gap = Slice(after, comments_[i].begin);
  const bool same_line = only_separators ? gap.find_first_not_of(" \t;,") == std::string_view::npos
                                         : gap.find('\n') == std::string_view::npos;
  if (!same_line) return std::nullopt;
  MarkPrinted(i);
  return i;
}

std::string_view SourceInfo::CommentText(std::size_t index) const {
  std::string_view text = Slice(comments_[index].begin, comments_[index].end);
  const std::size_t last = text.find_last_not_of(" \t\r");
  return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

}  // namespace rubric::grammar::print
