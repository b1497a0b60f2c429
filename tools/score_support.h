// What `rubric score` says about the rows it scored, shared by the whole-file run
// (rubric_main.cc) and the streaming one (cmd_score_stream.cc), so that both say the same.
#ifndef RUBRIC_TOOLS_SCORE_SUPPORT_H_
#define RUBRIC_TOOLS_SCORE_SUPPORT_H_

#include <cstddef>
#include <optional>
#include <string>

#include "cli_support.h"
#include "rubric/report.h"
#include "rubric/session.h"

namespace rubric::cli {

// "DATA: warning: entity 'E', period P is not scorable: REASON\n".
std::string UnscorableWarning(const std::string& data_path, const rubric::Session& session,
                              std::size_t row);

// The warning for a row whose total is missing or not a finite number; nullopt when it is
// a number (or the row is not scorable).
struct TotalWarning {
  std::string text;
  bool missing = false;  // else not a number or infinite
};
std::optional<TotalWarning> TotalWarningOf(const std::string& data_path,
                                           const rubric::Session& session, std::size_t row);

struct ScoreCounts {
  std::size_t unscorable = 0;
  std::size_t without_total = 0;
  std::size_t not_a_number = 0;
  std::size_t imputed = 0;  // values, in rows_with_imputed rows
  std::size_t rows_with_imputed = 0;
};

// After the rows' warnings: the counts, then under --strict the failure. kOk or kErrors.
int FinishScoreWarnings(const ScoreCounts& counts);

// `rubric score STANDARD DATA --stream`: the options checked by Score (`shape`, `format`).
int ScoreStream(DataCommand& command, const rubric::ResultsOptions& shape,
                const std::string& format);

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_SCORE_SUPPORT_H_
