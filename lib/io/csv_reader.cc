#include "io/csv_reader.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rubric::data {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// kSpecial[c] is true for the characters that end an unquoted field or make it invalid.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> special{};
  for (unsigned char c : {',', '\n', '\r', '"'}) special[c] = true;
  return special;
}();

bool IsSpecial(char c) { return kSpecial[static_cast<unsigned char>(c)]; }

// Number of physical line breaks ("\n", "\r\n", lone "\r") in `s`. A '\r' at
// the end of `s` counts as a lone one: callers never split a "\r\n".
int CountLineBreaks(std::string_view s) {
  int count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++count;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++count;
    }
  }
  return count;
}

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
}

CsvReader::CsvReader(std::string_view text, int first_line) : text_(text), line_(first_line) {}

void CsvReader::ConsumeLineBreak() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

absl::Status CsvReader::Fail(int line, std::string_view what) {
  // Built by hand: absl::string_view is not std::string_view in every Abseil build.
  std::string message = "line " + std::to_string(line) + ": ";
  message.append(what);
  error_ = absl::InvalidArgumentError(message);
  return error_;
}

absl::Status CsvReader::ReadQuoted(std::string_view* field) {
  const int open_line = line_;
  ++pos_;  // the opening quote
  std::string* unescaped = nullptr;
  while (true) {
    const size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      return Fail(open_line, "unterminated quoted field");
    }
    const std::string_view chunk = text_.substr(pos_, quote - pos_);
    line_ += CountLineBreaks(chunk);
    pos_ = quote + 1;
    const bool doubled = pos_ < text_.size() && text_[pos_] == '"';  // "" stands for one quote
    if (!doubled && unescaped == nullptr) {
      *field = chunk;  // no "": a view of the text
      return absl::OkStatus();
    }
    if (unescaped == nullptr) {
      if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
      unescaped = &unescaped_[unescaped_used_++];
      unescaped->clear();
    }
    unescaped->append(chunk);
    if (!doubled) {
      *field = *unescaped;
      return absl::OkStatus();
    }
    unescaped->push_back('"');
    ++pos_;
  }
}

absl::StatusOr<bool> CsvReader::Next(CsvRecordView* out) {
  if (!error_.ok()) return error_;
  const size_t size = text_.size();
  // Skip empty lines.
  while (pos_ < size && (text_[pos_] == '\n' || text_[pos_] == '\r')) ConsumeLineBreak();
  if (pos_ >= size) return false;
  unescaped_used_ = 0;
  out->line = line_;
  out->fields.clear();
  const char* const data = text_.data();
  while (true) {
    std::string_view field;
    if (pos_ < size && data[pos_] == '"') {
      if (absl::Status status = ReadQuoted(&field); !status.ok()) return status;
      if (pos_ < size && data[pos_] != ',' && data[pos_] != '\n' && data[pos_] != '\r') {
        return Fail(line_, "unexpected character after closing quote");
      }
    } else {
      // A local cursor: the compiler keeps it in a register, not in *this.
      size_t end = pos_;
      while (end < size && !IsSpecial(data[end])) ++end;
      field = std::string_view(data + pos_, end - pos_);
      pos_ = end;
      if (end < size && data[end] == '"') return Fail(line_, "quote inside unquoted field");
    }
    out->fields.push_back(field);
    // Here pos_ is at ',', a line break, or the end of the input.
    if (pos_ >= size) break;
    if (data[pos_] == ',') {
      ++pos_;
      continue;
    }
    ConsumeLineBreak();
    break;
  }
  return true;
}

absl::StatusOr<bool> CsvReader::Next(CsvRecord* out) {
  absl::StatusOr<bool> more = Next(&view_);
  if (!more.ok() || !*more) return more;
  out->line = view_.line;
  // Reuse the strings left by the previous record to keep their capacity.
  out->fields.resize(view_.fields.size());
  for (std::size_t i = 0; i < view_.fields.size(); ++i) out->fields[i].assign(view_.fields[i]);
  return true;
}

}  // namespace rubric::data
