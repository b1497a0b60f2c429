#include "api/session_state.h"

#include <cmath>

#include "rubric/missing.h"
#include "util/number_format.h"

namespace rubric {
namespace internal {

int SessionState::GradeOf(std::size_t row) const {
  const std::vector<GradeInfo>& grades = compiled.model.grades;
  if (grades.empty() || !links.scorable[row]) return -1;
  if (Vetoed(row)) {
    for (std::size_t i = 0; i < grades.size(); ++i) {
      if (grades[i].rule == GradeRule::kVetoed) return static_cast<int>(i);
    }
  }
  const double total = columns[compiled.plan.total_slot][row];
  if (IsMissing(total)) return -1;  // no total, no grade (Session::missing_reason says why)
  const double tolerance = compiled.model.grade_tolerance;
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].rule == GradeRule::kAtLeast && total >= grades[i].min - tolerance) {
      return static_cast<int>(i);
    }
  }
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].rule == GradeRule::kOtherwise) return static_cast<int>(i);
  }
  return -1;
}

bool SessionState::Vetoed(std::size_t row) const {
  for (std::uint32_t slot : compiled.plan.veto_slots) {
    if (columns[slot][row] != 0) return true;
  }
  return false;
}

std::string SessionState::Reason(std::size_t row) const {
  if (!alive[row]) return "the row was removed";
  for (std::size_t input : compiled.unscorable_inputs) {
    if (missing[input][row]) {
      return absl::StrCat("missing input '", compiled.inputs[input].id, "'");
    }
  }
  if (!Covered(row)) {
    const std::size_t present = PresentCounted(row);
    const std::size_t all = compiled.coverage_inputs;
    const double share = 100.0 * static_cast<double>(present) / static_cast<double>(all);
    const double needed = *compiled.coverage * 100;
    // The share rounded to a whole percent, unless that would reach the coverage: a row
    // just below it shows one decimal (89.9%), so the reason never reads as a pass.
    std::string shown = util::FormatShortest(std::round(share));
    if (std::round(share) >= needed - 1e-9)
      shown = util::FormatShortest(std::floor(share * 10) / 10);
    return absl::StrCat(present, " of ", all, " inputs present (", shown,
                        "%), below the coverage of ", util::FormatShortest(needed), "%");
  }
  return std::string();
}

}  // namespace internal
}  // namespace rubric
