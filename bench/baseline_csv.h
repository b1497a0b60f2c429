// A hand-written parser of the long CSV layout (entity,period,input,value) for the consortium
// standard, straight into the baseline's row-major values: the hand-written side of the
// ingest comparisons. It converts values as rubric's loader does (same doubles for the same
// text) but checks only what it needs to read the file: the layout, known inputs, values
// that parse, no value given twice. It does not check declared bounds or UTF-8.
#ifndef RUBRIC_BENCH_BASELINE_CSV_H_
#define RUBRIC_BENCH_BASELINE_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "baseline_consortium.h"

namespace rubric_baseline {

// A parsed file: the values (missing ones are 0, the default) and what names each row.
struct Table {
  Data data;
  std::vector<std::string> entities;  // per row
  std::vector<std::int64_t> periods;  // per row
};

// Parses `text` (the whole file) into *out. Rows are numbered in order of first appearance.
// On failure returns false and sets *error to "line N: what".
bool ParseLongCsv(std::string_view text, Table* out, std::string* error);

}  // namespace rubric_baseline

#endif  // RUBRIC_BENCH_BASELINE_CSV_H_
