// LoadCsv: CSV text -> session rows, with every bad line reported.
#include <algorithm>
#include <charconv>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grammar/utf8.h"
#include "io/csv_reader.h"
#include "rubric/data.h"
#include "sema/closest_name.h"
#include "util/strings.h"

namespace rubric {
namespace {

constexpr std::string_view kLongHeader[] = {"entity", "period", "input", "value"};

bool IsLongHeader(const std::vector<std::string_view>& fields) {
  return std::equal(fields.begin(), fields.end(), std::begin(kLongHeader), std::end(kLongHeader));
}

bool ParsePeriod(std::string_view text, std::int64_t* out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

class Loader {
 public:
  Loader(Session& session, std::string_view file_name, const CsvOptions& options,
         LoadReport* report)
      : session_(session), file_(file_name), options_(options), report_(report) {}

  void Run(std::string_view text) {
    text_ = text;
    if (std::optional<std::size_t> bad = utf8::FindInvalid(text)) {
      const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + *bad, '\n'));
      Error("D0007", line, "invalid UTF-8 byte sequence", "save the file as UTF-8");
      return;
    }
    data::CsvReader reader(text);
    data::CsvRecordView record;
    if (!Next(reader, &record)) {
      if (report_->diagnostics.empty()) Error("D0002", 1, "the file is empty: no header line");
      return;
    }
    // Room for the rows the file holds (a line per row, or a line per value in the long
    // layout, assuming every input is given): loading then copies no column.
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (IsLongHeader(record.fields)) {
      report_->long_format = true;
      session_.Reserve(session_.row_count() +
                       lines / std::max<std::size_t>(1, session_.standard().inputs().size()));
      RunLong(reader, &record);
    } else {
      session_.Reserve(session_.row_count() + lines);
      RunWide(reader, &record);
    }
    report_->entities = entities_.size();
    report_->periods = periods_.size();
  }

 private:
  bool Next(data::CsvReader& reader, data::CsvRecordView* record) {
    absl::StatusOr<bool> more = reader.Next(record);
    if (!more.ok()) {
      // The reader's message starts with "line N: ".
      std::string message(more.status().message());
      int line = 0;
      if (message.rfind("line ", 0) == 0) {
        line = std::atoi(message.c_str() + 5);
        message = message.substr(message.find(": ") + 2);
      }
      Error("D0001", line, "malformed CSV: " + message);
      return false;
    }
    return *more;
  }

  bool TooManyErrors() const { return errors_ >= options_.max_errors; }

  void Error(std::string code, int line, std::string message, std::string hint = {}) {
    if (errors_ >= options_.max_errors) return;  // already cut off, and said so
    ++errors_;
    Add(Severity::kError, std::move(code), line, std::move(message), std::move(hint));
    if (errors_ == options_.max_errors) {
      Add(Severity::kError, "D0009", line,
          absl::StrCat("too many errors (", options_.max_errors, "); stopped reading"),
          "fix the errors above and load again");
    }
  }

  void Add(Severity severity, std::string code, int line, std::string message, std::string hint) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.file = file_;
    d.line = line;
    d.message = std::move(message);
    d.hint = std::move(hint);
    report_->diagnostics.push_back(std::move(d));
  }

  // The row for (entity, period), created when new; nullopt (reported) when invalid.
  std::optional<std::size_t> RowFor(std::string_view entity, std::string_view period_text, int line,
                                    bool must_be_new) {
    if (entity.empty()) {
      Error("D0006", line, "empty entity");
      return std::nullopt;
    }
    std::int64_t period = 0;
    if (!ParsePeriod(period_text, &period)) {
      Error("D0005", line, absl::StrCat("period '", util::Absl(period_text), "' is not an integer"),
            "periods are whole numbers such as years");
      return std::nullopt;
    }
    entities_.emplace(entity);
    periods_.insert(period);
    if (std::optional<std::size_t> row = session_.FindRow(entity, period)) {
      // A row the session had before this load is merged into; one given twice in this
      // (wide) file is a duplicate.
      if (row_line_.size() <= *row) row_line_.resize(*row + 1, 0);
      if (must_be_new && row_line_[*row] != 0) {
        Error("D0104", line,
              absl::StrCat("duplicate row for entity '", util::Absl(entity), "', period ", period),
              absl::StrCat("first given on line ", row_line_[*row]));
        return std::nullopt;
      }
      if (row_line_[*row] == 0) row_line_[*row] = line;
      return row;
    }
    StatusOr<std::size_t> row = session_.AddRow(entity, period);
    if (!row.ok()) {
      Error("D0104", line, row.status().message());
      return std::nullopt;
    }
    ++report_->rows_added;
    row_line_.resize(session_.row_count(), 0);
    row_line_[*row] = line;
    return *row;
  }

  void SetValue(std::size_t row, std::size_t input, std::string_view text, int line) {
    const Status status = session_.SetFromString(row, input, text);
    if (!status.ok()) {
      Error("D0102", line,
            absl::StrCat(status.message(), " (entity '", session_.entity(row), "', period ",
                         session_.period(row), ")"));
      return;
    }
    // Blank text makes the value missing (see Session::SetFromString).
    if (std::any_of(text.begin(), text.end(), [](char c) { return !absl::ascii_isspace(c); })) {
      ++report_->values;
    }
  }

  void RunLong(data::CsvReader& reader, data::CsvRecordView* record) {
    const std::size_t inputs = session_.standard().inputs().size();
    // One bit per (row, input) given in this file, row-major: rows are given in order, so
    // this stays in cache where a hash map of 10^7 cells would not.
    std::vector<std::uint64_t> seen;
    std::vector<std::string_view> input_ids;
    absl::flat_hash_map<std::string_view, std::size_t> input_of;  // views of the standard's ids
    for (const InputInfo& info : session_.standard().inputs()) {
      input_of.emplace(info.id, input_ids.size());
      input_ids.push_back(info.id);
    }
    // Long files give a row's values one after another: the last row is remembered.
    std::string last_entity, last_period;
    std::optional<std::size_t> last_row;
    while (!TooManyErrors() && Next(reader, record)) {
      ++report_->records;
      const int line = record->line;
      if (record->fields.size() != 4) {
        Error("D0004", line,
              absl::StrCat("expected 4 fields (entity,period,input,value), found ",
                           record->fields.size()));
        continue;
      }
      const std::string_view id = record->fields[2];
      auto found = input_of.find(id);
      if (found == input_of.end()) {
        Error("D0101", line, absl::StrCat("unknown input '", util::Absl(id), "'"),
              sema::DidYouMean(id, input_ids));
        continue;
      }
      const std::size_t input = found->second;
      if (!last_row || record->fields[0] != last_entity || record->fields[1] != last_period) {
        last_row = RowFor(record->fields[0], record->fields[1], line, false);
        if (!last_row) continue;
        last_entity = record->fields[0];
        last_period = record->fields[1];
      }
      const std::size_t row = *last_row;
      const std::size_t cell = row * inputs + input;
      if (seen.size() <= cell / 64) seen.resize(std::max(cell / 64 + 1, seen.size() * 2), 0);
      const std::uint64_t bit = std::uint64_t{1} << (cell % 64);
      if ((seen[cell / 64] & bit) != 0) {
        Error("D0103", line,
              absl::StrCat("duplicate value for input '", util::Absl(id), "' of entity '",
                           util::Absl(record->fields[0]), "', period ", session_.period(row)),
              absl::StrCat("first given on line ", FirstLineOf(record->fields, line)));
        continue;
      }
      seen[cell / 64] |= bit;
      SetValue(row, input, record->fields[3], line);
    }
  }

  // The line of the first record before `line` with the same entity, period and input (for
  // the rare duplicate: the file is read again rather than every line remembered).
  int FirstLineOf(const std::vector<std::string_view>& fields, int line) const {
    const std::string entity(fields[0]), input(fields[2]);
    std::int64_t period = 0;
    ParsePeriod(fields[1], &period);
    data::CsvReader reader(text_);
    data::CsvRecordView record;
    while (true) {
      absl::StatusOr<bool> more = reader.Next(&record);
      if (!more.ok() || !*more || record.line >= line) return line;
      std::int64_t p = 0;
      if (record.fields.size() == 4 && record.fields[0] == entity && record.fields[2] == input &&
          ParsePeriod(record.fields[1], &p) && p == period) {
        return record.line;
      }
    }
  }

  void RunWide(data::CsvReader& reader, data::CsvRecordView* header) {
    const std::vector<std::string> columns(header->fields.begin(), header->fields.end());
    int entity_column = -1;
    int period_column = -1;
    std::vector<std::optional<std::size_t>> column_input(columns.size());
    std::set<std::string> seen_columns;
    std::vector<std::string> unknown;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c];
      if (!seen_columns.insert(name).second) {
        Error("D0105", header->line, absl::StrCat("column '", name, "' appears twice"));
        continue;
      }
      if (name == options_.entity_column) {
        entity_column = static_cast<int>(c);
      } else if (name == options_.period_column) {
        period_column = static_cast<int>(c);
      } else if (std::optional<std::size_t> input = session_.standard().FindInput(name)) {
        column_input[c] = input;
      } else if (std::find(options_.ignore_columns.begin(), options_.ignore_columns.end(), name) ==
                 options_.ignore_columns.end()) {
        unknown.push_back(name);
      }
    }
    if (entity_column < 0 || period_column < 0) {
      Error("D0003", header->line,
            absl::StrCat("the header has no '",
                         entity_column < 0 ? options_.entity_column : options_.period_column,
                         "' column"),
            "name the entity and period columns with --entity-column and --period-column, "
            "or use the long format entity,period,input,value");
      return;
    }
    if (!unknown.empty()) {
      report_->ignored_columns = unknown;
      Add(Severity::kWarning, "W0001", header->line,
          absl::StrCat("ignoring columns the standard does not know: ",
                       absl::StrJoin(unknown, ", ")),
          "list them in the ignored columns to silence this (--ignore COLUMN,... on the command "
          "line)");
    }
    while (!TooManyErrors() && Next(reader, header)) {
      ++report_->records;
      const int line = header->line;
      if (header->fields.size() != columns.size()) {
        Error("D0004", line,
              absl::StrCat("expected ", columns.size(), " fields as in the header, found ",
                           header->fields.size()));
        continue;
      }
      std::optional<std::size_t> row =
          RowFor(header->fields[static_cast<std::size_t>(entity_column)],
                 header->fields[static_cast<std::size_t>(period_column)], line, true);
      if (!row) continue;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (column_input[c]) SetValue(*row, *column_input[c], header->fields[c], line);
      }
    }
  }

  Session& session_;
  std::string_view text_;
  std::string file_;
  const CsvOptions& options_;
  LoadReport* report_;
  std::size_t errors_ = 0;
  std::vector<int> row_line_;
  absl::flat_hash_set<std::string> entities_;
  absl::flat_hash_set<std::int64_t> periods_;
};

}  // namespace

LoadReport LoadCsv(Session& session, std::string_view csv_text, std::string_view file_name,
                   const CsvOptions& options) {
  LoadReport report;
  Loader(session, file_name, options, &report).Run(csv_text);
  return report;
}

}  // namespace rubric
