// The results of one period cut into the rows' parts, for `rubric score --stream`: what the
// results writers write for the whole file is its head, the rows' parts in (entity, period)
// order and its end, so parts spilled period by period merge into it.
#ifndef RUBRIC_TOOLS_RESULTS_SPLIT_H_
#define RUBRIC_TOOLS_RESULTS_SPLIT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "rubric/status.h"
#include "spill.h"

namespace rubric::cli {

// `format` "csv", "json" or "table": what `rubric score` writes.
void WriteResults(const std::string& format, const Session& session, const ResultsOptions& shape,
                  std::ostream& out);

class ResultsSplitter {
 public:
  ResultsSplitter(const Standard& standard, const ResultsOptions& shape, std::string format);

  // The output without rows; its head (csv: the header line; json: the document up to the
  // rows' '['; table: nothing).
  const std::string& empty() const { return empty_; }
  const std::string& head() const { return head_; }

  // Spills the results of `period`'s rows (`rows`, in output order) as one run, keyed by
  // entity (the table: one part, keyed by the period). kInternal when the writers' output
  // does not cut into those rows (never silently wrong).
  Status Add(const Session& session, std::int64_t period, const std::vector<std::size_t>& rows,
             Spill* spill) const;

 private:
  bool Split(std::string_view text, std::size_t rows, std::vector<std::string_view>* parts) const;

  ResultsOptions shape_;
  std::string format_;
  std::string empty_;
  std::string head_;
};

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_RESULTS_SPLIT_H_
