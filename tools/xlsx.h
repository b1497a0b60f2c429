// Excel workbooks (.xlsx): data in (libzip and expat read the package and its XML parts) and
// results out (libxlsxwriter). Public C++ API only.
#ifndef RUBRIC_TOOLS_XLSX_H_
#define RUBRIC_TOOLS_XLSX_H_

#include <string>
#include <string_view>
#include <vector>

#include "rubric/data.h"
#include "rubric/diagnostic.h"
#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric::cli {

// Whether a data file is a workbook: its name ends in .xlsx (any case), or it starts with
// the ZIP signature "PK\x03\x04".
bool LooksLikeXlsx(std::string_view path, std::string_view bytes);

struct XlsxSheet {
  DataTable table;  // the sheet's cells, for LoadTable
  // D0010 unreadable, D0011 no such sheet, D0107 merged; warning W0005 (formulas without a
  // saved value, read as empty cells)
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !HasErrors(diagnostics); }
};

// The sheet `sheet` (the first sheet when empty) of the workbook `bytes`. Shared strings,
// inline strings, numbers (as the file writes them), booleans ("true", "false") and the
// cached values of formulas are read; a number in a date or time format is a date cell,
// an error value (#N/A) an error cell (LoadTable reports both). A file that is not a
// workbook, lacks a part, holds malformed XML or a sheet past Excel's limits is D0010;
// merged cells are D0107. Never throws, never crashes on bad input.
XlsxSheet ReadXlsx(std::string_view bytes, std::string_view file_name, std::string_view sheet = {});

struct XlsxOptions {
  int decimals = 2;  // shown; each cell keeps the full double
};

// Writes the results of the evaluated `session` as a workbook to `path` (libxlsxwriter
// writes a path): a sheet "Ranking PERIOD" per period (rank, entity, total, grade, vetoed,
// veto ids; equal totals share a rank, vetoed rows are not ranked), a sheet "Scores" (one
// row per entity and period, one column per node headed by its label, then total, rank,
// grade, vetoed, veto ids) and a sheet "Standard" (the tree indented: id, label, kind,
// points, rule). Missing values are empty cells.
Status WriteResultsXlsx(const Session& session, const std::string& path,
                        const XlsxOptions& options = {});

// The same to `out` through WriteOutputFile (a temporary file, then renamed over it).
Status WriteResultsXlsxFile(const Session& session, const std::string& out,
                            const XlsxOptions& options = {});

// A valid sheet name from `name`: no []:*?/\ (each becomes '_'), at most 31 characters,
// not empty, no apostrophe first or last.
std::string SheetName(std::string_view name);

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_XLSX_H_
