#include "score_support.h"

#include <cmath>
#include <iostream>
#include <sstream>

#include "rubric/missing.h"

namespace rubric::cli {

std::string UnscorableWarning(const std::string& data_path, const rubric::Session& session,
                              std::size_t row) {
  std::ostringstream out;
  out << data_path << ": warning: entity '" << session.entity(row) << "', period "
      << session.period(row) << " is not scorable: " << session.unscorable_reason(row) << "\n";
  return out.str();
}

// A NaN or infinite total (a rule computed sqrt(-1) or exp(1000), say) is reported, never
// passed off as a score.
std::optional<TotalWarning> TotalWarningOf(const std::string& data_path,
                                           const rubric::Session& session, std::size_t row) {
  const double total = session.live(row) && session.scorable(row) ? session.total(row) : 0.0;
  if (std::isfinite(total)) return std::nullopt;
  std::ostringstream out;
  if (rubric::IsMissing(total)) {  // reported with its reason, not as a number
    out << data_path << ": warning: entity '" << session.entity(row) << "', period "
        << session.period(row) << " has no total: " << session.missing_reason(row) << "\n";
    return TotalWarning{out.str(), true};
  }
  const bool nan = std::isnan(total);
  std::string node;
  for (std::size_t n = 0; n < session.standard().nodes().size() && node.empty(); ++n) {
    const double value = session.node_value(row, n);
    if (nan ? std::isnan(value) && !rubric::IsMissing(value) : std::isinf(value)) {
      node = session.standard().nodes()[n].id;
    }
  }
  out << data_path << ": warning: entity '" << session.entity(row) << "', period "
      << session.period(row) << ": the total is "
      << (nan         ? "not a number"
          : total > 0 ? "infinite"
                      : "minus infinity");
  if (node.empty()) {
    out << " (from the standard's value rule)\n";
  } else {
    out << " (first in node '" << node << "')\n";
  }
  return TotalWarning{out.str(), false};
}

int FinishScoreWarnings(const ScoreCounts& counts) {
  if (counts.without_total > 0) std::cerr << counts.without_total << " rows without a total\n";
  // Estimates are counted, so that a ranking built on them is never read as data.
  if (counts.imputed > 0) {
    std::cerr << counts.imputed << " values imputed in " << counts.rows_with_imputed
              << " rows (rubric explain shows how; --format json lists them)\n";
  }
  if ((counts.not_a_number > 0 || counts.without_total > 0) && strict) {
    std::cerr << "rubric: warnings are errors with --strict\n";
    return kErrors;
  }
  if (counts.unscorable > 0) {
    std::cerr << counts.unscorable << " rows not scorable\n";
    if (strict) {
      std::cerr << "rubric: warnings are errors with --strict\n";
      return kErrors;
    }
  }
  return kOk;
}

}  // namespace rubric::cli
