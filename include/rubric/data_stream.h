// Reading a CSV data file period by period, never whole, for files larger than memory
// (`rubric score --stream`, docs/tools.md): one pass indexes where each period's records
// are; then a period's records are loaded alone, as LoadCsv loads them from the whole file.
#ifndef RUBRIC_DATA_STREAM_H_
#define RUBRIC_DATA_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rubric/data.h"
#include "rubric/diagnostic.h"
#include "rubric/session.h"
#include "rubric/status.h"

namespace rubric {

// Consecutive whole records of a file (empty lines among them are no records).
struct CsvRun {
  std::uint64_t offset = 0;  // in bytes, from the start of the file
  std::uint64_t size = 0;    // in bytes
  int first_line = 1;        // the 1-based physical line at `offset`
  std::size_t records = 0;   // how many
};

// Where a file's records are, per period.
struct CsvFileIndex {
  std::string header;  // the header record's text (line break included), without a BOM
  int header_line = 1;
  bool long_format = false;
  // Per period, ascending: the runs holding its records, in file order.
  std::vector<std::pair<std::int64_t, std::vector<CsvRun>>> periods;
  // The first records (at most CsvOptions::max_errors) whose period cannot be read: a
  // field count unlike the header's, or a period that is not an integer. Loading them
  // (LoadCsvRuns) reports what LoadCsv reports for them.
  std::vector<CsvRun> unplaced;
  std::size_t records = 0;  // data records (the header excluded)
  std::size_t runs = 0;     // runs of all periods
  // What stops the file being read at all, as LoadCsv reports it (naming the path): the file is
  // empty (D0002), holds invalid UTF-8 (D0007, alone) or malformed CSV (D0001: the records before
  // it are indexed, as LoadCsv reads them before it stops).
  std::vector<Diagnostic> diagnostics;
};

struct CsvIndexOptions {
  // The index's budget: more runs than this (rows of periods interleaved, such as a file
  // in random order) is kFailedPrecondition; sorting the file by period makes one run per
  // period.
  std::size_t max_runs = std::size_t{1} << 20;
  // The longest record (or line): a longer one (an unclosed quote, say) is kOutOfRange.
  std::size_t max_record_bytes = std::size_t{64} << 20;
  // The longest run: a longer one is cut in two (what LoadCsvRuns holds in memory at once).
  std::size_t max_run_bytes = std::size_t{16} << 20;
  // The bytes read at a time (the memory the pass needs, with the longest record).
  std::size_t block_bytes = std::size_t{8} << 20;
};

// Reads the file at `path` once, in blocks, with the dialect of LoadCsv (RFC 4180, a
// BOM, the long header `entity,period,input,value` or a wide one with `options`'s period
// column). kIoError when it cannot be read; kOutOfRange for a record longer than
// `index_options.max_record_bytes`; kFailedPrecondition past `index_options`'s
// budget (the message says why and what to do). A header without the period column
// indexes no record (LoadCsvRuns of no runs reports it).
StatusOr<CsvFileIndex> IndexCsvFile(const std::string& path, const CsvOptions& options,
                                    const CsvIndexOptions& index_options = {});

// Loads the records of `runs` (some of a period's runs, all of them, or `unplaced`) of the
// file at `path`, indexed as `index`, into `session`, with the checks and diagnostics of
// LoadCsv (lines are the file's): the header's own (W0001, D0003, D0105), then the records'.
// W0002 is said for the inputs these runs never give. The runs are read one at a time. `row_lines`,
// when given, gets per row added its first line. kIoError when the file cannot be read.
StatusOr<LoadReport> LoadCsvRuns(Session& session, const std::string& path,
                                 const CsvFileIndex& index, std::span<const CsvRun> runs,
                                 std::string_view file_name, const CsvOptions& options = {},
                                 std::vector<int>* row_lines = nullptr);

}  // namespace rubric

#endif  // RUBRIC_DATA_STREAM_H_
