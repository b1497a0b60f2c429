// IndexCsvFile: one pass over a CSV file, in blocks, noting where each period's records
// are (rubric/data_stream.h). The records are read by the loader's own CSV reader.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grammar/utf8.h"
#include "io/csv_reader.h"
#include "rubric/data_stream.h"
#include "util/strings.h"

namespace rubric {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool ReadPeriod(std::string_view text, std::int64_t* out) {
  text = util::Std(absl::StripAsciiWhitespace(util::Absl(text)));
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

Diagnostic DataError(const std::string& file, std::string code, int line, std::string message,
                     std::string hint = {}) {
  Diagnostic d;
  d.file = file;
  d.code = std::move(code);
  d.line = line;
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

// Appends the record at [offset, offset + size) to `runs`, extending the last run when the
// record follows it. Returns whether a run was added.
bool AddRecord(std::vector<CsvRun>* runs, std::uint64_t offset, std::uint64_t size, int line,
               std::size_t max_run_bytes) {
  if (!runs->empty() && runs->back().offset + runs->back().size == offset &&
      runs->back().size + size <= max_run_bytes) {
    runs->back().size += size;
    ++runs->back().records;
    return false;
  }
  runs->push_back({offset, size, line, 1});
  return true;
}

class Indexer {
 public:
  Indexer(const std::string& path, const CsvOptions& options, const CsvIndexOptions& limits)
      : path_(path), options_(options), limits_(limits) {}

  StatusOr<CsvFileIndex> Run() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return Status(StatusCode::kIoError, "cannot read " + path_);
    std::string buffer;  // bytes from the file offset `offset_` on
    bool eof = false;
    bool first = true;
    while (true) {
      if (!eof) {
        const std::size_t had = buffer.size();
        const std::size_t block = std::max<std::size_t>(1, limits_.block_bytes);
        buffer.resize(had + block);
        in.read(buffer.data() + had, static_cast<std::streamsize>(block));
        buffer.resize(had + static_cast<std::size_t>(in.gcount()));
        if (in.bad()) return Status(StatusCode::kIoError, "cannot read " + path_);
        eof = in.eof();
      }
      if (first) {  // a BOM is skipped, once its bytes are in
        if (buffer.size() < kUtf8Bom.size() && !eof) continue;
        if (buffer.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
          buffer.erase(0, kUtf8Bom.size());
          offset_ = kUtf8Bom.size();
        }
        first = false;
      }
      // Whole lines only, but at the end: records end at line breaks, and a record that
      // holds one in quotes and goes on is read again with the next block.
      const std::size_t newline = buffer.rfind('\n');
      const std::size_t limit = eof                            ? buffer.size()
                                : newline == std::string::npos ? 0
                                                               : newline + 1;
      if (checked_ < limit) {
        if (std::optional<std::size_t> bad =
                utf8::FindInvalid(std::string_view(buffer).substr(checked_, limit - checked_))) {
          const auto before = static_cast<int>(std::count(
              buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(checked_ + *bad), '\n'));
          CsvFileIndex invalid;
          invalid.diagnostics.push_back(DataError(path_, "D0007", 1 + newlines_ + before,
                                                  "invalid UTF-8 byte sequence",
                                                  "save the file as UTF-8"));
          return invalid;
        }
        checked_ = limit;
      }
      if (limit == 0 && !eof && buffer.size() > limits_.max_record_bytes) return TooLong(line_);
      std::size_t consumed = limit;
      if (reading_) {
        StatusOr<std::size_t> used = ReadRecords(std::string_view(buffer).substr(0, limit), eof);
        if (!used.ok()) return used.status();
        consumed = *used;
      }
      newlines_ += static_cast<int>(
          std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(consumed), '\n'));
      buffer.erase(0, consumed);
      offset_ += consumed;
      checked_ -= std::min(checked_, consumed);
      if (eof && (buffer.empty() || !reading_)) break;
      if (eof && consumed == 0) break;  // kept for safety: nothing more can be read
    }
    if (!header_seen_ && index_.diagnostics.empty()) {
      index_.diagnostics.push_back(
          DataError(path_, "D0002", 1, "the file is empty: no header line"));
    }
    for (auto& [period, runs] : periods_) index_.periods.emplace_back(period, std::move(runs));
    return std::move(index_);
  }

 private:
  // Reads the whole records of `text` (the file from offset_ on); returns the bytes read.
  StatusOr<std::size_t> ReadRecords(std::string_view text, bool eof) {
    data::CsvReader reader(text, line_);
    data::CsvRecordView record;
    while (true) {
      const std::size_t start = reader.position();
      const int start_line = reader.line();
      absl::StatusOr<bool> more = reader.Next(&record);
      if (!more.ok()) {
        const std::string message(more.status().message());
        const bool cut = message.find("unterminated quoted field") != std::string::npos;
        if (cut && !eof) {
          if (text.size() - start > limits_.max_record_bytes) return TooLong(start_line);
          line_ = start_line;
          return start;  // read again with more of the file
        }
        // Malformed: the records before it are read, and nothing after it (LoadCsv).
        int line = 0;
        std::string what = message;
        if (message.rfind("line ", 0) == 0) {
          line = std::atoi(message.c_str() + 5);
          what = message.substr(message.find(": ") + 2);
        }
        index_.diagnostics.push_back(DataError(path_, "D0001", line, "malformed CSV: " + what));
        reading_ = false;
        return text.size();
      }
      if (!*more) {
        line_ = reader.line();
        return reader.position();
      }
      const std::size_t end = reader.position();
      const std::uint64_t offset = offset_ + start;
      if (!header_seen_) {
        Header(text.substr(start, end - start), start_line, record);
        if (!reading_) return text.size();
        continue;
      }
      ++index_.records;
      std::int64_t period = 0;
      if (record.fields.size() != width_ || !ReadPeriod(record.fields[period_field_], &period)) {
        if (index_.unplaced.size() < options_.max_errors) {
          AddRecord(&index_.unplaced, offset, end - start, start_line, limits_.max_run_bytes);
        }
        continue;
      }
      if (last_runs_ == nullptr || period != last_period_) {
        last_runs_ = &periods_[period];
        last_period_ = period;
      }
      if (AddRecord(last_runs_, offset, end - start, start_line, limits_.max_run_bytes) &&
          ++index_.runs > limits_.max_runs) {
        return Status(
            StatusCode::kFailedPrecondition,
            absl::StrCat("the periods' records are interleaved: more than ", limits_.max_runs,
                         " runs of consecutive records of one period (at line ", start_line, ")"));
      }
    }
  }

  Status TooLong(int line) const {
    const std::size_t most = limits_.max_record_bytes;
    const std::string size = most % (std::size_t{1} << 20) == 0 ? absl::StrCat(most >> 20, " MiB")
                                                                : absl::StrCat(most, " bytes");
    return Status(StatusCode::kOutOfRange,
                  absl::StrCat("the record at line ", line, " is longer than ", size,
                               " (a quote left open?): it cannot be read in parts"));
  }

  void Header(std::string_view text, int line, const data::CsvRecordView& record) {
    header_seen_ = true;
    index_.header = std::string(text);
    index_.header_line = line;
    static constexpr std::string_view kLong[] = {"entity", "period", "input", "value"};
    width_ = record.fields.size();
    if (std::equal(record.fields.begin(), record.fields.end(), std::begin(kLong),
                   std::end(kLong))) {
      index_.long_format = true;
      period_field_ = 1;
      return;
    }
    const auto period =
        std::find(record.fields.begin(), record.fields.end(), options_.period_column);
    const auto entity =
        std::find(record.fields.begin(), record.fields.end(), options_.entity_column);
    if (period == record.fields.end() || entity == record.fields.end()) {
      reading_ = false;  // LoadCsv reads no record: loading the header says why (D0003)
      return;
    }
    period_field_ = static_cast<std::size_t>(period - record.fields.begin());
  }

  const std::string& path_;
  const CsvOptions& options_;
  const CsvIndexOptions& limits_;
  CsvFileIndex index_;
  std::map<std::int64_t, std::vector<CsvRun>> periods_;
  std::vector<CsvRun>* last_runs_ = nullptr;
  std::int64_t last_period_ = 0;
  std::uint64_t offset_ = 0;  // of the buffer's first byte in the file
  int line_ = 1;              // the physical line there
  int newlines_ = 0;          // '\n' before it (for D0007's line, as LoadCsv counts)
  std::size_t checked_ = 0;   // bytes of the buffer known to be UTF-8
  bool reading_ = true;       // false once records can no longer be read (D0001, D0003)
  bool header_seen_ = false;
  std::size_t width_ = 0;
  std::size_t period_field_ = 0;
};

}  // namespace

StatusOr<CsvFileIndex> IndexCsvFile(const std::string& path, const CsvOptions& options,
                                    const CsvIndexOptions& index_options) {
  return Indexer(path, options, index_options).Run();
}

}  // namespace rubric
