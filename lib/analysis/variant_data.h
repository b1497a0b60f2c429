// One data file loaded for a standard and its variant (or two versions): the inputs only the
// other standard knows are left out, so that both read the same file. Shared by DiffScores
// and Attribute between a standard and its variant.
#ifndef RUBRIC_LIB_ANALYSIS_VARIANT_DATA_H_
#define RUBRIC_LIB_ANALYSIS_VARIANT_DATA_H_

#include <optional>
#include <string_view>
#include <vector>

#include "rubric/diagnostic.h"
#include "rubric/diff.h"  // rubric/data.h: CsvOptions
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric::internal {

struct LoadedSession {
  std::optional<Session> session;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> absent_inputs;  // W0002
};

// `csv` loaded for `standard`; the inputs only `other` knows are skipped.
LoadedSession Load(const Standard& standard, const Standard& other, std::string_view csv,
                   std::string_view file_name, const CsvOptions& options);

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_ANALYSIS_VARIANT_DATA_H_
