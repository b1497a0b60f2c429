#include "data/csv_reader.h"

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

absl::Status CsvReader::ReadQuoted(std::string* field) {
  const int open_line = line_;
  ++pos_;  // the opening quote
  field->clear();
  while (true) {
    const size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      return Fail(open_line, "unterminated quoted field");
    }
    const std::string_view chunk = text_.substr(pos_, quote - pos_);
    line_ += CountLineBreaks(chunk);
    field->append(chunk);
    pos_ = quote + 1;
    if (pos_ < text_.size() && text_[pos_] == '"') {  // "" stands for one quote
      field->push_back('"');
      ++pos_;
      continue;
    }
    return absl::OkStatus();
  }
}

absl::StatusOr<bool> CsvReader::Next(CsvRecord* out) {
  if (!error_.ok()) return error_;
  const size_t size = text_.size();
  // Skip empty lines.
  while (pos_ < size && (text_[pos_] == '\n' || text_[pos_] == '\r')) ConsumeLineBreak();
  if (pos_ >= size) return false;

  out->line = line_;
  std::vector<std::string>& fields = out->fields;
  size_t count = 0;
  while (true) {
    // Reuse the strings left by the previous record to keep their capacity.
    if (count == fields.size()) fields.emplace_back();
    std::string& field = fields[count++];

    if (pos_ < size && text_[pos_] == '"') {
      if (absl::Status status = ReadQuoted(&field); !status.ok()) return status;
      if (pos_ < size && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        return Fail(line_, "unexpected character after closing quote");
      }
    } else {
      const size_t start = pos_;
      while (pos_ < size && !IsSpecial(text_[pos_])) ++pos_;
      field.assign(text_.data() + start, pos_ - start);
      if (pos_ < size && text_[pos_] == '"') {
        return Fail(line_, "quote inside unquoted field");
      }
    }

    // Here pos_ is at ',', a line break, or the end of the input.
    if (pos_ >= size) break;
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    ConsumeLineBreak();
    break;
  }
  fields.resize(count);
  return true;
}

}  // namespace rubric::data
