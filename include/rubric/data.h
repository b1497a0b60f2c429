// Loading data into a Session from CSV (RFC 4180), long or wide.
#ifndef RUBRIC_DATA_H_
#define RUBRIC_DATA_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/diagnostic.h"
#include "rubric/session.h"

namespace rubric {

struct CsvOptions {
  std::string entity_column = "entity";     // wide format only
  std::string period_column = "period";     // wide format only
  std::vector<std::string> ignore_columns;  // wide columns to skip without a warning
  std::size_t max_errors = 50;              // stop reporting after this many errors
};

struct LoadReport {
  std::vector<Diagnostic> diagnostics;  // errors and warnings with DATA:LINE positions
  bool long_format = false;
  std::size_t records = 0;                   // data lines read (header excluded)
  std::size_t rows_added = 0;                // (entity, period) rows created
  std::size_t entities = 0;                  // distinct entities in the file
  std::size_t periods = 0;                   // distinct periods in the file
  std::size_t values = 0;                    // non-empty values stored
  std::vector<std::string> ignored_columns;  // wide columns the standard does not know
  std::size_t rows_read = 0;                 // rows the file gives values for (new or not)
  // Per input (index into standard().inputs()): the rows of this file with a value for it.
  std::vector<std::size_t> rows_with_value;
  // Inputs the file never gives (wide: no column; long: no line), each a W0002 warning.
  std::vector<std::string> absent_inputs;
  bool ok() const { return !HasErrors(diagnostics); }
};

// Reads `csv_text`. A header exactly `entity,period,input,value` is the long format (one
// value per line); any other header is wide (one row per entity and period, one column per
// input). Bad data never disappears silently: unknown inputs, values that do not parse for
// their type, enum labels that are not options, duplicated cells or rows are errors naming
// `file_name` and the line. Entities and periods are trimmed of surrounding spaces like
// values; an entity the session refuses (empty, a control character) is D0006. A value
// written as spreadsheets do ('13,500', '85%', '1.2万', full-width digits) gets a hint. An
// input the file never gives is warning W0002 (it is scored by its missing policy in every
// row); an unknown wide column close to such an input is suggested for it. Rows are added to
// `session` as they are met; on errors the session holds what was read before and should be
// discarded.
LoadReport LoadCsv(Session& session, std::string_view csv_text, std::string_view file_name,
                   const CsvOptions& options = {});

// A cell of a table read from a spreadsheet (see LoadTable).
struct TableCell {
  enum class Kind { kEmpty, kNumber, kText, kBool, kDate, kError };
  Kind kind = Kind::kEmpty;
  // A number as the file writes it ("12.5"), a text, "true" or "false", a date's serial
  // number, an error value ("#DIV/0!"); empty for an empty cell.
  std::string text;
};

// A sheet of a workbook as rows of cells: the first row holds the header, as in CSV.
struct DataTable {
  std::string sheet;                         // the sheet's name, for diagnostics
  std::vector<int> row_numbers;              // per row, its 1-based number in the sheet
  int first_column = 0;                      // the sheet column of cells[0] (0 is A)
  std::vector<std::vector<TableCell>> rows;  // a row may be shorter than the header
};

// "A1" style reference of the 0-based `column` and 1-based `row` ("C12").
std::string CellReference(int column, int row);

// Loads `table` as LoadCsv loads a CSV file (long or wide layout, the same checks and
// codes), naming cells (`FILE: sheet 'S', cell C12`) instead of lines. Besides: a number
// stored as text in an input's cell is read, with warning W0004; a date or an error value
// (#DIV/0!) in a value, entity or period cell is error D0106.
LoadReport LoadTable(Session& session, const DataTable& table, std::string_view file_name,
                     const CsvOptions& options = {});

// One edit of a what-if run: set `input` of (entity, period) to `value` ("" = missing).
struct Edit {
  std::string entity;
  std::int64_t period = 0;
  std::string input;
  std::string value;
  int line = 0;
};

struct EditList {
  std::vector<Edit> edits;              // in file order
  std::vector<Diagnostic> diagnostics;  // errors with FILE:LINE positions
  bool ok() const { return !HasErrors(diagnostics); }
};

// Reads edits (CSV with the header `entity,period,input,value`) and checks each against
// `standard` without applying it: unknown inputs, values that do not parse for their type or
// break declared bounds, and periods that are not integers are errors.
EditList ReadEdits(const Standard& standard, std::string_view csv_text, std::string_view file_name);

}  // namespace rubric

#endif  // RUBRIC_DATA_H_
