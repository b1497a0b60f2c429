// LoadCsv: CSV text -> session rows, with every bad line reported.
#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grammar/utf8.h"
#include "io/csv_reader.h"
#include "io/value_hint.h"
#include "rubric/data.h"
#include "rubric/data_stream.h"
#include "sema/closest_name.h"
#include "util/printable.h"
#include "util/strings.h"

namespace rubric {
namespace {

constexpr std::string_view kLongHeader[] = {"entity", "period", "input", "value"};

bool IsLongHeader(const std::vector<std::string_view>& fields) {
  return std::equal(fields.begin(), fields.end(), std::begin(kLongHeader), std::end(kLongHeader));
}

// Entities and periods are trimmed as values are: "C1 " is "C1".
std::string_view Trim(std::string_view text) {
  return util::Std(absl::StripAsciiWhitespace(util::Absl(text)));
}

bool ParsePeriod(std::string_view text, std::int64_t* out) {
  text = Trim(text);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

// How a row scores an input it lacks, by the input's missing policy.
std::string MissingEffect(const InputInfo& input) {
  switch (input.missing) {
    case MissingPolicy::kExclude:
      return "which drops the indicators that read it (missing exclude)";
    case MissingPolicy::kUnscorable:
      return "so no row can be scored (missing unscorable)";
    case MissingPolicy::kImpute:
      return "which is estimated (missing impute)";
    case MissingPolicy::kDefault:
      break;
  }
  std::string value;
  switch (input.type) {
    case InputType::kBool:
      value = "false";
      break;
    case InputType::kEnum:
      value = input.options.empty() ? "its lowest option"
                                    : absl::StrCat("its lowest option '", input.options[0], "'");
      break;
    case InputType::kText:
      value = "empty text";
      break;
    default:
      value = "0";
  }
  return absl::StrCat("as ", value, " (missing default)");
}

// The parts of a CSV file read one at a time (its header, then runs of its records), each
// starting with a whole record on physical line line(i).
class Segments {
 public:
  Segments(const std::string& path, const CsvFileIndex& index, std::span<const CsvRun> runs)
      : path_(path), index_(index), runs_(runs) {}
  std::size_t size() const { return runs_.size() + 1; }
  int line(std::size_t i) const { return i == 0 ? index_.header_line : runs_[i - 1].first_line; }
  // The text of part `i` into *text; false when the file cannot be read.
  bool Read(std::size_t i, std::string* text) const {
    if (i == 0) {
      *text = index_.header;
      return true;
    }
    const CsvRun& run = runs_[i - 1];
    if (!file_.is_open()) file_.open(path_, std::ios::binary);
    text->resize(static_cast<std::size_t>(run.size));
    file_.clear();
    file_.seekg(static_cast<std::streamoff>(run.offset));
    file_.read(text->data(), static_cast<std::streamsize>(text->size()));
    failed_ = failed_ || !file_;
    return !failed_;
  }
  bool failed() const { return failed_; }
  std::size_t records() const {
    std::size_t records = 0;
    for (const CsvRun& run : runs_) records += run.records;
    return records;
  }

 private:
  const std::string& path_;
  const CsvFileIndex& index_;
  std::span<const CsvRun> runs_;
  mutable std::ifstream file_;
  mutable bool failed_ = false;
};

// The records of a CSV text, of a file's parts (Segments), or of a table's rows (a
// spreadsheet's cells as fields).
class Records {
 public:
  explicit Records(std::string_view text) { csv_.emplace(text); }
  explicit Records(const Segments& segments) : segments_(&segments) {}
  explicit Records(const DataTable& table) : table_(&table) {}

  absl::StatusOr<bool> Next(data::CsvRecordView* record) {
    if (table_ == nullptr) {
      while (true) {
        if (csv_) {
          absl::StatusOr<bool> more = csv_->Next(record);
          if (!more.ok() || *more || segments_ == nullptr) return more;
        }
        if (segments_ == nullptr || next_segment_ >= segments_->size()) return false;
        const std::size_t part = next_segment_++;
        csv_.reset();  // it reads the text replaced here
        if (!segments_->Read(part, &text_)) return false;
        csv_.emplace(text_, segments_->line(part));
      }
    }
    while (next_ < table_->rows.size()) {
      current_ = next_++;
      const std::vector<TableCell>& cells = table_->rows[current_];
      // A row without a value is no record, as an empty line of CSV is not.
      if (std::all_of(cells.begin(), cells.end(),
                      [](const TableCell& c) { return c.kind == TableCell::Kind::kEmpty; })) {
        continue;
      }
      record->line = current_ < table_->row_numbers.size() ? table_->row_numbers[current_]
                                                           : static_cast<int>(current_) + 1;
      record->fields.clear();
      for (const TableCell& cell : cells) record->fields.emplace_back(cell.text);
      if (width_ == 0) {
        // The header: empty cells after its last name are no columns.
        while (!record->fields.empty() && record->fields.back().empty()) {
          record->fields.pop_back();
        }
        width_ = record->fields.size();
      } else {
        // A sheet leaves out empty cells: a shorter row is padded, and a longer one loses
        // its empty cells past the header (what is left is a field count error).
        if (record->fields.size() < width_) record->fields.resize(width_);
        while (record->fields.size() > width_ && record->fields.back().empty()) {
          record->fields.pop_back();
        }
      }
      return true;
    }
    return false;
  }

  // The cell of field `field` of the last record read, or null (CSV, or past its cells).
  const TableCell* Cell(std::size_t field) const {
    if (table_ == nullptr || current_ >= table_->rows.size()) return nullptr;
    const std::vector<TableCell>& cells = table_->rows[current_];
    return field < cells.size() ? &cells[field] : nullptr;
  }

 private:
  std::optional<data::CsvReader> csv_;
  const Segments* segments_ = nullptr;
  std::size_t next_segment_ = 0;
  std::string text_;  // the part of segments_ being read
  const DataTable* table_ = nullptr;
  std::size_t next_ = 0;
  std::size_t current_ = 0;
  std::size_t width_ = 0;
};

bool IsNumeric(InputType type) {
  return type == InputType::kNumber || type == InputType::kPercent || type == InputType::kInteger ||
         type == InputType::kRank;
}

bool LooksLikeNumber(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return false;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

class Loader {
 public:
  Loader(Session& session, std::string_view file_name, const CsvOptions& options,
         LoadReport* report)
      : session_(session), file_(file_name), options_(options), report_(report) {}

  void RunTable(const DataTable& table) {
    table_ = &table;
    report_->rows_with_value.assign(session_.standard().inputs().size(), 0);
    Records records(table);
    Read(records, table.rows.size());
  }

  void Run(std::string_view text) {
    text_ = text;
    if (std::optional<std::size_t> bad = utf8::FindInvalid(text)) {
      const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + *bad, '\n'));
      Error("D0007", line, "invalid UTF-8 byte sequence", "save the file as UTF-8");
      return;
    }
    report_->rows_with_value.assign(session_.standard().inputs().size(), 0);
    Records records(text);
    Read(records, static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  }

  // Parts of a file, read one at a time: its header, then runs of its records (whose
  // bytes IndexCsvFile found to be UTF-8).
  void RunSegments(const Segments& segments) {
    segments_ = &segments;
    report_->rows_with_value.assign(session_.standard().inputs().size(), 0);
    Records records(segments);
    Read(records, segments.records());
  }

  // Per row of the session: the line this load first gave it on (0: not given).
  const std::vector<int>& row_lines() const { return row_line_; }

 private:
  // `lines`: the records the source holds, about.
  void Read(Records& reader, std::size_t lines) {
    records_ = &reader;
    data::CsvRecordView record;
    if (!Next(reader, &record)) {
      if (report_->diagnostics.empty()) {
        Error("D0002", 1,
              table_ ? "the sheet is empty: no header row" : "the file is empty: no header line");
      }
      return;
    }
    // Room for the rows the file holds (a line per row, or a line per value in the long
    // layout, assuming every input is given): loading then copies no column.
    const int header_line = record.line;
    if (IsLongHeader(record.fields)) {
      report_->long_format = true;
      session_.Reserve(session_.row_count() +
                       lines / std::max<std::size_t>(1, session_.standard().inputs().size()));
      RunLong(reader, &record);
    } else {
      session_.Reserve(session_.row_count() + lines);
      RunWide(reader, &record);
    }
    report_->rows_read = rows_read_;
    ReportAbsentInputs(header_line);
    report_->entities = entities_.size();
    report_->periods = periods_.size();
    if (text_as_number_ > kTextNumbersShown) {
      Add(Severity::kWarning, "W0004", header_line,
          absl::StrCat(text_as_number_ - kTextNumbersShown,
                       " more numbers stored as text (read as numbers)"),
          "store numbers as numbers (Excel: select the cells, then Convert to Number)");
    }
  }

  bool Next(Records& reader, data::CsvRecordView* record) {
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

  void Error(std::string code, int line, std::string message, std::string hint = {},
             int field = -1) {
    if (errors_ >= options_.max_errors) return;  // already cut off, and said so
    ++errors_;
    Add(Severity::kError, std::move(code), line, std::move(message), std::move(hint), field);
    if (errors_ == options_.max_errors) {
      Add(Severity::kError, "D0009", line,
          absl::StrCat("too many errors (", options_.max_errors, "); stopped reading"),
          "fix the errors above and load again");
    }
  }

  // `field`: the field of the record at `line` the diagnostic is about, -1 for the record.
  // A table's diagnostics name the sheet and the cell (or the row) after the file.
  void Add(Severity severity, std::string code, int line, std::string message, std::string hint,
           int field = -1) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    if (table_ != nullptr) {
      d.file = absl::StrCat(
          file_, ": sheet '", table_->sheet, "', ",
          field >= 0 ? absl::StrCat("cell ", CellReference(table_->first_column + field, line))
                     : absl::StrCat("row ", line));
    } else {
      d.file = file_;
      d.line = line;
    }
    d.message = std::move(message);
    d.hint = std::move(hint);
    report_->diagnostics.push_back(std::move(d));
  }

  // A date or an error value in a table's cell is D0106 (false); true for any other cell.
  bool CellReadable(std::size_t field, int line, std::string_view what) {
    const TableCell* cell = records_ != nullptr ? records_->Cell(field) : nullptr;
    if (cell == nullptr) return true;
    if (cell->kind == TableCell::Kind::kDate) {
      Error("D0106", line,
            absl::StrCat(util::Absl(what), " is a date (serial number ",
                         util::Shortened(cell->text), ")"),
            what == "the period"
                ? "periods are whole numbers such as years: type the year (2024), not a date"
                : "rubric reads numbers and text, not dates: format the cells as numbers "
                  "(Excel: Format Cells > Number), or give the number the input means",
            static_cast<int>(field));
      return false;
    }
    if (cell->kind == TableCell::Kind::kError) {
      Error("D0106", line,
            absl::StrCat(util::Absl(what), " is the error value ", util::Shortened(cell->text)),
            "fix the formula, or clear the cell to leave the value missing",
            static_cast<int>(field));
      return false;
    }
    return true;
  }

  // The row for (entity, period), created when new; nullopt (reported) when invalid.
  // `entity_field` and `period_field`: where they are in the record.
  std::optional<std::size_t> RowFor(std::string_view raw_entity, std::string_view period_text,
                                    int line, bool must_be_new, int entity_field,
                                    int period_field) {
    if (!CellReadable(static_cast<std::size_t>(entity_field), line, "the entity") ||
        !CellReadable(static_cast<std::size_t>(period_field), line, "the period")) {
      return std::nullopt;
    }
    const std::string_view entity = Trim(raw_entity);
    if (entity.empty()) {
      Error("D0006", line, "empty entity", {}, entity_field);
      return std::nullopt;
    }
    std::int64_t period = 0;
    if (!ParsePeriod(period_text, &period)) {
      Error("D0005", line,
            absl::StrCat("period '", util::Shortened(Trim(period_text)), "' is not an integer"),
            "periods are whole numbers such as years", period_field);
      return std::nullopt;
    }
    if (std::optional<std::size_t> row = session_.FindRow(entity, period)) {
      // A row the session had before this load is merged into; one given twice in this
      // (wide) file is a duplicate.
      if (row_line_.size() <= *row) row_line_.resize(*row + 1, 0);
      if (must_be_new && row_line_[*row] != 0) {
        Error("D0104", line,
              absl::StrCat("duplicate row for entity '", util::Absl(entity), "', period ", period),
              absl::StrCat("first given on ", table_ ? "row " : "line ", row_line_[*row]));
        return std::nullopt;
      }
      if (row_line_[*row] == 0) {
        row_line_[*row] = line;
        ++rows_read_;
      }
      Count(entity, period);
      return row;
    }
    // Session::AddRow has the rule for entities (not empty, no control characters).
    StatusOr<std::size_t> row = session_.AddRow(entity, period);
    if (!row.ok()) {
      const bool bad_entity = row.status().code() == StatusCode::kInvalidArgument ||
                              row.status().code() == StatusCode::kInvalidUtf8;
      Error(bad_entity ? "D0006" : "D0104", line, row.status().message(), {},
            bad_entity ? entity_field : -1);
      return std::nullopt;
    }
    ++report_->rows_added;
    ++rows_read_;
    row_line_.resize(session_.row_count(), 0);
    row_line_[*row] = line;
    Count(entity, period);
    return *row;
  }

  void Count(std::string_view entity, std::int64_t period) {
    entities_.emplace(entity);
    periods_.insert(period);
  }

  // `where` names the cell for hints: "column 'amount'" (wide) or "the value field" (long).
  void SetValue(std::size_t row, std::size_t input, std::string_view text, int line,
                std::string_view where, std::size_t field) {
    const auto at = static_cast<int>(field);
    const InputInfo& info = session_.standard().inputs()[input];
    if (!CellReadable(
            field, line,
            absl::StrCat("the value of input '", info.id, "' (entity '", session_.entity(row),
                         "', period ", session_.period(row), ")"))) {
      return;
    }
    const Status status = session_.SetFromString(row, input, text);
    if (!status.ok()) {
      std::string hint = io::SpreadsheetHint(text, info);
      if (!hint.empty()) hint = absl::StrCat("in ", util::Absl(where), ": ", hint);
      Error("D0102", line,
            absl::StrCat(status.message(), " (entity '", session_.entity(row), "', period ",
                         session_.period(row), ")"),
            std::move(hint), at);
      return;
    }
    const TableCell* cell = records_ != nullptr ? records_->Cell(field) : nullptr;
    if (cell != nullptr && cell->kind == TableCell::Kind::kText && IsNumeric(info.type) &&
        LooksLikeNumber(text) && ++text_as_number_ <= kTextNumbersShown) {
      Add(Severity::kWarning, "W0004", line,
          absl::StrCat("number stored as text: '", util::Shortened(text), "' for input '", info.id,
                       "' (entity '", session_.entity(row), "', period ", session_.period(row),
                       "); read as a number"),
          "store numbers as numbers (Excel: select the cells, then Convert to Number)", at);
    }
    given_[input] = true;
    // Blank text makes the value missing (see Session::SetFromString).
    if (std::any_of(text.begin(), text.end(), [](char c) { return !absl::ascii_isspace(c); })) {
      ++report_->values;
      ++report_->rows_with_value[input];
    }
  }

  void RunLong(Records& reader, data::CsvRecordView* record) {
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
        Error("D0101", line, absl::StrCat("unknown input '", util::Shortened(id), "'"),
              sema::DidYouMean(id, input_ids), 2);
        continue;
      }
      const std::size_t input = found->second;
      given_[input] = true;  // a line, even with an empty value, is the input given
      const std::string_view entity = Trim(record->fields[0]);
      if (!last_row || entity != last_entity || record->fields[1] != last_period) {
        last_row = RowFor(entity, record->fields[1], line, false, 0, 1);
        if (!last_row) continue;
        last_entity = entity;
        last_period = record->fields[1];
      }
      const std::size_t row = *last_row;
      const std::size_t cell = row * inputs + input;
      if (seen.size() <= cell / 64) seen.resize(std::max(cell / 64 + 1, seen.size() * 2), 0);
      const std::uint64_t bit = std::uint64_t{1} << (cell % 64);
      if ((seen[cell / 64] & bit) != 0) {
        Error("D0103", line,
              absl::StrCat("duplicate value for input '", util::Absl(id), "' of entity '",
                           util::Absl(entity), "', period ", session_.period(row)),
              absl::StrCat("first given on ", table_ ? "row " : "line ",
                           FirstLineOf(record->fields, line)),
              3);
        continue;
      }
      seen[cell / 64] |= bit;
      SetValue(row, input, record->fields[3], line, "the value field", 3);
    }
  }

  // The line of the first record before `line` with the same entity, period and input (for
  // the rare duplicate: the file is read again rather than every line remembered).
  int FirstLineOf(const std::vector<std::string_view>& fields, int line) const {
    const std::string entity(Trim(fields[0])), input(fields[2]);
    std::int64_t period = 0;
    ParsePeriod(fields[1], &period);
    std::optional<Records> source;
    if (table_ != nullptr) {
      source.emplace(*table_);
    } else if (segments_ != nullptr) {
      source.emplace(*segments_);
    } else {
      source.emplace(text_);
    }
    Records& reader = *source;
    data::CsvRecordView record;
    while (true) {
      absl::StatusOr<bool> more = reader.Next(&record);
      if (!more.ok() || !*more || record.line >= line) return line;
      std::int64_t p = 0;
      if (record.fields.size() == 4 && Trim(record.fields[0]) == entity &&
          record.fields[2] == input && ParsePeriod(record.fields[1], &p) && p == period) {
        return record.line;
      }
    }
  }

  void RunWide(Records& reader, data::CsvRecordView* header) {
    const std::vector<std::string> columns(header->fields.begin(), header->fields.end());
    int entity_column = -1;
    int period_column = -1;
    std::vector<std::optional<std::size_t>> column_input(columns.size());
    std::set<std::string> seen_columns;
    std::vector<std::string> unknown;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c];
      if (!seen_columns.insert(name).second) {
        Error("D0105", header->line,
              absl::StrCat("column '", util::Shortened(name), "' appears twice"), {},
              static_cast<int>(c));
        continue;
      }
      if (name == options_.entity_column) {
        entity_column = static_cast<int>(c);
      } else if (name == options_.period_column) {
        period_column = static_cast<int>(c);
      } else if (std::optional<std::size_t> input = session_.standard().FindInput(name)) {
        column_input[c] = input;
        given_[*input] = true;
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
                       absl::StrJoin(unknown, ", ",
                                     [](std::string* out, const std::string& c) {
                                       absl::StrAppend(out, util::Shortened(c));
                                     })),
          UnknownColumnsHint(unknown));
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
                 header->fields[static_cast<std::size_t>(period_column)], line, true, entity_column,
                 period_column);
      if (!row) continue;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (column_input[c]) {
          SetValue(*row, *column_input[c], header->fields[c], line,
                   absl::StrCat("column '", util::Shortened(columns[c]), "'"), c);
        }
      }
    }
  }

  // Unknown columns that are close to an input the header lacks are likely typos of it.
  // Remembers each one for the input's W0002.
  std::string UnknownColumnsHint(const std::vector<std::string>& unknown) {
    const std::vector<std::string_view> absent = AbsentInputIds();
    std::vector<std::string> typos;
    for (const std::string& column : unknown) {
      const std::string closest = sema::ClosestName(column, absent);
      if (!closest.empty()) {
        typo_of_.try_emplace(closest, column);
        typos.push_back(
            absl::StrCat("column '", util::Shortened(column), "': did you mean '", closest, "'?"));
      }
    }
    std::string hint = absl::StrJoin(typos, " ");
    absl::StrAppend(&hint, hint.empty() ? "columns" : " Columns",
                    " that are not inputs are skipped silently when listed as ignored "
                    "(--ignore COLUMN,... on the command line)");
    return hint;
  }

  std::vector<std::string_view> AbsentInputIds() const {
    std::vector<std::string_view> ids;
    const auto inputs = session_.standard().inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!given_[i]) ids.push_back(inputs[i].id);
    }
    return ids;
  }

  // Whether a row this file gives already had a value for `input` (an earlier load, or the
  // API, gave it): then the file adds to the rows rather than leaving the input out.
  bool SessionHasValue(std::size_t input) const {
    // Rows this file added have only its values: the rows the session had before suffice.
    for (std::size_t row = 0; row < std::min(rows_before_, row_line_.size()); ++row) {
      if (row_line_[row] != 0 && !session_.is_missing(row, input)) return true;
    }
    return false;
  }

  // After the rows: every input the file never gives is scored by its missing policy in
  // every row it read, which is said, never left silent.
  void ReportAbsentInputs(int header_line) {
    // With errors the file is not scored: what it lacks would only bury them.
    if (rows_read_ == 0 || errors_ > 0) return;
    const auto inputs = session_.standard().inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (given_[i] || SessionHasValue(i)) continue;
      std::string hint = "give it, or check the spelling of the column or input names";
      if (auto typo = typo_of_.find(inputs[i].id); typo != typo_of_.end()) {
        hint = absl::StrCat("column '", util::Shortened(typo->second),
                            "' is close: is it a typo of '", inputs[i].id, "'?");
      }
      report_->absent_inputs.push_back(inputs[i].id);
      Add(Severity::kWarning, "W0002", header_line,
          absl::StrCat("input '", inputs[i].id, "' is not in the data (",
                       report_->long_format ? "no line gives it" : "no column",
                       "): every row scores it as missing, ", MissingEffect(inputs[i])),
          std::move(hint));
    }
  }

  static constexpr std::size_t kTextNumbersShown = 10;

  Session& session_;
  std::string_view text_;
  const Segments* segments_ = nullptr;  // RunSegments: the parts read
  const DataTable* table_ = nullptr;
  Records* records_ = nullptr;
  std::size_t text_as_number_ = 0;  // cells of numbers stored as text
  std::string file_;
  const CsvOptions& options_;
  LoadReport* report_;
  std::size_t errors_ = 0;
  std::vector<int> row_line_;
  absl::flat_hash_map<std::string, std::string> typo_of_;  // input -> a column close to it
  std::size_t rows_before_ = session_.row_count();         // rows the session had before this load
  std::size_t rows_read_ = 0;  // rows this file gives (new or merged into)
  std::vector<bool> given_ = std::vector<bool>(session_.standard().inputs().size(), false);
  absl::flat_hash_set<std::string> entities_;
  absl::flat_hash_set<std::int64_t> periods_;
};

}  // namespace

std::string CellReference(int column, int row) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return absl::StrCat(letters, row);
}

LoadReport LoadTable(Session& session, const DataTable& table, std::string_view file_name,
                     const CsvOptions& options) {
  LoadReport report;
  Loader(session, file_name, options, &report).RunTable(table);
  return report;
}

LoadReport LoadCsv(Session& session, std::string_view csv_text, std::string_view file_name,
                   const CsvOptions& options) {
  LoadReport report;
  Loader(session, file_name, options, &report).Run(csv_text);
  return report;
}

StatusOr<LoadReport> LoadCsvRuns(Session& session, const std::string& path,
                                 const CsvFileIndex& index, std::span<const CsvRun> runs,
                                 std::string_view file_name, const CsvOptions& options,
                                 std::vector<int>* row_lines) {
  const Segments segments(path, index, runs);
  LoadReport report;
  const std::size_t rows_before = session.row_count();
  Loader loader(session, file_name, options, &report);
  loader.RunSegments(segments);
  if (segments.failed()) return Status(StatusCode::kIoError, "cannot read " + path);
  if (row_lines != nullptr) {
    row_lines->clear();
    for (std::size_t row = rows_before; row < session.row_count(); ++row) {
      row_lines->push_back(row < loader.row_lines().size() ? loader.row_lines()[row] : 0);
    }
  }
  return report;
}

}  // namespace rubric
