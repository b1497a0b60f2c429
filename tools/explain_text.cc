// The text of explanations (explain_text.h), shared by `rubric explain` and `rubric test`.
#include "explain_text.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "rubric/report.h"

namespace rubric::cli {
namespace {

// Numbers with `decimals` decimals; else in shortest round-trip form.
std::optional<int> explain_decimals;

std::string Shown(double value) {
  if (!explain_decimals || !std::isfinite(value)) return rubric::FormatNumber(value);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", *explain_decimals, value);
  return buffer;
}

std::string Points(double earned, const std::optional<double>& possible) {
  std::string text = Shown(earned);
  if (possible) text += " / " + Shown(*possible);
  return text;
}

void PrintInputs(const std::vector<rubric::InputUse>& inputs, const std::string& indent,
                 std::ostream& out) {
  for (const rubric::InputUse& use : inputs) {
    out << indent << (use.previous_period ? "prev(" + use.id + ")" : use.id)
        << (use.label.empty() ? "" : " " + use.label) << " = " << use.shown << "\n";
  }
}

// One cohort function's part in an explanation: what the row's value was compared with.
void PrintCohortUse(const rubric::CohortUse& c, bool scorable, const std::string& indent,
                    std::ostream& out) {
  // The cohort is named when it is not simply the row's period.
  const bool plain = c.cohort.rfind("period ", 0) == 0 && c.cohort.find(',') == std::string::npos;
  const std::string among = plain ? std::string() : " [" + c.cohort + "]";
  out << indent << "    " << c.function << ": ";
  if (!c.takes_part && c.treatment.empty()) {
    out << "this row takes no part"
        << (!scorable    ? " (not scorable)"
            : !c.has_key ? " (it has no value of the cohort's key)"
                         : " (its argument is missing)")
        << "; " << c.cohort_size << " rows do" << among << "\n";
    return;
  }
  if (c.function == "impute") {
    constexpr std::string_view kImputed = "imputed: ";
    if (c.imputed && c.treatment.rfind(kImputed, 0) == 0) {
      out << "missing -> " << Shown(c.result) << ", the " << c.treatment.substr(kImputed.size())
          << "\n";
    } else {
      out << c.treatment << "\n";
    }
    return;
  }
  if (c.function == "winsorize") {
    out << c.treatment << among << "\n";
    return;
  }
  out << "argument " << Shown(c.argument) << " -> " << Shown(c.result) << " among " << c.cohort_size
      << " rows" << among;
  if (c.function == "cohort_minmax") {
    out << " (min " << Shown(c.min) << ", max " << Shown(c.max) << ")";
  } else if (c.function == "cohort_rank") {
    out << " (rank " << c.rank << ")";
  } else if (c.function == "cohort_percentile") {
    out << " (" << c.below << " below)";
  } else if (c.function == "cohort_zscore") {
    out << " (mean " << Shown(c.statistic) << ", sd " << Shown(c.sd) << ")";
  }
  out << "\n";
}

void PrintNode(const rubric::Session& session, std::size_t row, const rubric::Explanation& e,
               int depth, int max_depth, std::ostream& out) {
  const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  out << indent << e.id << (e.label.empty() ? "" : " " + e.label) << ": "
      << Points(e.earned, e.possible);
  if (e.score) out << " (score " << Shown(*e.score) << ")";
  if (e.dropped) out << " (dropped: " << e.dropped_effect << ")";
  if (e.weight) out << " (weight " << Shown(*e.weight) << ")";
  if (!e.node) {
    out << ", grade " << (e.grade ? *e.grade : std::string("-")) << (e.vetoed ? ", vetoed" : "");
    if (!e.missing_reason.empty()) out << " (no total: " << e.missing_reason << ")";
  }
  out << "  [" << e.rule << "]\n";
  if (!e.weights.empty()) out << indent << "    weights: " << e.weights << "\n";
  PrintInputs(e.inputs, indent + "    ", out);
  for (const rubric::CohortUse& c : e.cohorts) PrintCohortUse(c, e.scorable, indent, out);
  for (const rubric::VetoUse& v : e.vetoes) {
    out << indent << "    veto " << v.id << " " << v.label << ": "
        << (v.fired ? "FIRED" : "not fired") << "\n";
    PrintInputs(v.inputs, indent + "      ", out);
  }
  if (max_depth >= 0 && depth >= max_depth) return;
  for (const rubric::ChildContribution& child : e.children) {
    rubric::StatusOr<rubric::Explanation> sub = session.Explain(row, child.node);
    if (sub.ok()) PrintNode(session, row, *sub, depth + 1, max_depth, out);
  }
}

}  // namespace

void PrintExplanation(const rubric::Session& session, std::size_t row, const rubric::Explanation& e,
                      int depth, const ExplainStyle& style, std::ostream& out) {
  explain_decimals = style.decimals;
  PrintNode(session, row, e, depth, style.max_depth < 0 ? -1 : depth + style.max_depth, out);
}

}  // namespace rubric::cli
