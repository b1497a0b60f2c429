// Strict RFC 4180 CSV reader over an in-memory buffer.

#ifndef RUBRIC_IO_CSV_READER_H_
#define RUBRIC_IO_CSV_READER_H_

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rubric::data {

// One CSV record: its fields, unescaped, and where it starts in the input.
struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;  // 1-based physical line where the record starts
};

// The same, without copies: unquoted fields (and quoted ones without "") are views of the
// input text; the others are views of storage the reader keeps until the next record.
struct CsvRecordView {
  std::vector<std::string_view> fields;
  int line = 0;
};

// Reads records one at a time from `text`, which must outlive the reader.
//
// Grammar (RFC 4180, strict):
//   - Fields are separated by ','. A record ends at "\n", "\r\n" or a lone "\r";
//     each of these also counts as one physical line break, inside quotes too.
//   - A field starting with '"' is quoted: it may contain ',', line breaks
//     (kept verbatim) and "" for one '"'. The closing quote must be followed by
//     ',', a line break or the end of the input.
//   - An empty line is not a record (it is skipped); inside quotes it is data.
//   - The last record may omit its line break. "a," has two fields, the last empty.
//   - A UTF-8 byte-order mark at the very start of `text` is skipped.
//
// Errors (absl::StatusCode::kInvalidArgument, message "line N: ..."):
//   - '"' inside an unquoted field: N is the line of that quote.
//   - a character other than ',' or a line break after a closing quote: N is
//     the line of that character.
//   - a quoted field without its closing quote: N is the line of the opening quote.
// Errors are sticky: once Next() has failed, it returns the same error forever.
//
// Usage:
//   CsvReader reader(text);
//   CsvRecord record;  // reuse it: its strings keep their capacity
//   while (true) {
//     absl::StatusOr<bool> more = reader.Next(&record);
//     if (!more.ok()) return more.status();
//     if (!*more) break;
//     ...
//   }
class CsvReader {
 public:
  // Skips a UTF-8 BOM at the start of `text`.
  explicit CsvReader(std::string_view text);
  // A part of a larger text that starts with a whole record on physical line `first_line`
  // (no BOM is skipped): lines in records and errors are those of the larger text.
  CsvReader(std::string_view text, int first_line);

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into *out. Returns true on a record, false at end of
  // input, or an error status whose message starts with "line N: ". On false or
  // on an error, the contents of *out are unspecified.
  absl::StatusOr<bool> Next(CsvRecord* out);
  // The same into views (see CsvRecordView), valid until the next call.
  absl::StatusOr<bool> Next(CsvRecordView* out);

  // The offset in the text of the next record (or of the end), and its physical line.
  std::size_t position() const { return pos_; }
  int line() const { return line_; }

 private:
  // Consumes the line break starting at pos_ ("\n", "\r\n" or "\r").
  void ConsumeLineBreak();
  // Reads a quoted field whose opening quote is at pos_ into *field.
  absl::Status ReadQuoted(std::string_view* field);
  // Records and returns the (sticky) error "line <line>: <what>".
  absl::Status Fail(int line, std::string_view what);

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;  // physical line of text_[pos_]
  absl::Status error_;
  std::deque<std::string> unescaped_;  // quoted fields that held "", for this record
  std::size_t unescaped_used_ = 0;
  CsvRecordView view_;  // for Next(CsvRecord*)
};

}  // namespace rubric::data

#endif  // RUBRIC_IO_CSV_READER_H_
