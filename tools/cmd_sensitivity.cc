// rubric sensitivity STANDARD DATA [--samples N] [--seed S] [--vary P%] [--factors FILE]
//   [--sobol] [--threads T] [--format table|csv|json] [--out FILE]: how robust the ranking is
//   to the points of the standard's groups (docs/analysis.md "Sensitivity").
#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "cli_support.h"
#include "rubric/sensitivity.h"

namespace rubric::cli {
namespace {

std::string Fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string Pad(const std::string& text, std::size_t width, bool right) {
  // Width in code points, so that names in any script line up as well as they can.
  std::size_t points = 0;
  for (unsigned char c : text) points += (c & 0xC0) != 0x80 ? 1 : 0;
  if (points >= width) return text;
  const std::string fill(width - points, ' ');
  return right ? fill + text : text + fill;
}

void WriteTable(const SensitivityResult& r, std::ostream& out) {
  out << "sensitivity: " << r.samples << " samples (" << r.runs << " runs), seed " << r.seed << ", "
      << r.factors.size() << (r.factors.size() == 1 ? " factor\n" : " factors\n");
  for (const SensitivityFactorInfo& f : r.factors) {
    out << "  " << f.group << ": " << f.method << " over " << f.children.size() << " children\n";
  }
  for (const std::string& w : r.warnings) out << "  warning: " << w << "\n";
  std::map<std::int64_t, std::vector<const SensitivityRow*>> by_period;
  std::size_t entity_width = 6;
  for (const SensitivityRow& row : r.rows) {
    by_period[row.period].push_back(&row);
    std::size_t points = 0;
    for (unsigned char c : row.entity) points += (c & 0xC0) != 0x80 ? 1 : 0;
    entity_width = std::max(entity_width, points);
  }
  for (auto& [period, rows] : by_period) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const SensitivityRow* a, const SensitivityRow* b) {
                       const int ka = a->ranked ? a->rank : (a->scorable ? 1000000000 : 2000000000);
                       const int kb = b->ranked ? b->rank : (b->scorable ? 1000000000 : 2000000000);
                       return ka < kb;
                     });
    out << "\nperiod " << period;
    for (const SensitivityPeriod& p : r.periods) {
      if (p.period == period) {
        out << ": " << p.stable_pairs << " of " << p.pairs << " pairs never change order ("
            << Fixed(100.0 * p.stable_share, 1) << "%)";
      }
    }
    out << "\n";
    out << Pad("rank", 5, true) << "  " << Pad("entity", entity_width, false) << "  "
        << Pad("total", 8, true) << "  " << Pad("median", 7, true) << "  "
        << Pad("rank 5-95%", 12, true) << "  " << Pad("total 5-95%", 17, true);
    for (const std::string& g : r.grades) out << "  " << Pad("P(" + g + ")", 7, true);
    out << "\n";
    for (const SensitivityRow* row : rows) {
      std::string rank = row->ranked ? std::to_string(row->rank)
                                     : (!row->scorable ? "-" : (row->vetoed ? "veto" : "none"));
      out << Pad(rank, 5, true) << "  " << Pad(row->entity, entity_width, false) << "  "
          << Pad(Fixed(row->total, 2), 8, true) << "  " << Pad(Fixed(row->rank_median, 1), 7, true)
          << "  "
          << Pad(row->ranked ? Fixed(row->rank_p05, 1) + "-" + Fixed(row->rank_p95, 1) : "-", 12,
                 true)
          << "  "
          << Pad(std::isfinite(row->total_p05)
                     ? Fixed(row->total_p05, 2) + "-" + Fixed(row->total_p95, 2)
                     : "-",
                 17, true);
      for (std::size_t g = 0; g < r.grades.size(); ++g) {
        const std::string p =
            g < row->grade_probability.size() ? Fixed(row->grade_probability[g], 3) : "-";
        out << "  " << Pad(p, std::max<std::size_t>(7, r.grades[g].size() + 3), true);
      }
      out << "\n";
    }
    if (!r.sobol) continue;
    out << "\nperiod " << period
        << ": Sobol indices on the rank, first-order / total-effect (largest total effect "
           "first)\n";
    for (const SensitivityRow* row : rows) {
      if (!row->ranked) continue;
      std::vector<std::size_t> order(row->rank_total.size());
      for (std::size_t f = 0; f < order.size(); ++f) order[f] = f;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double ta = std::isfinite(row->rank_total[a]) ? row->rank_total[a] : -1;
        const double tb = std::isfinite(row->rank_total[b]) ? row->rank_total[b] : -1;
        return ta > tb;
      });
      out << Pad(row->entity, entity_width, false) << " ";
      for (std::size_t k = 0; k < std::min<std::size_t>(3, order.size()); ++k) {
        const std::size_t f = order[k];
        out << "  " << r.factors[f].group << " " << Fixed(row->rank_first[f], 3) << " / "
            << Fixed(row->rank_total[f], 3);
      }
      out << "\n";
    }
  }
}

}  // namespace

// rubric sensitivity STANDARD DATA [options]
int Sensitivity(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(
          args, {"--samples", "--seed", "--vary", "--factors", "--threads", "--format", "--out"},
          {"--sobol"}, &command)) {
    return kUsage;
  }
  const std::string format =
      command.values.count("--format") ? command.values["--format"] : "table";
  if (command.positional.size() != 2 ||
      (format != "table" && format != "csv" && format != "json")) {
    std::cerr << kUsageText;
    return kUsage;
  }
  SensitivityOptions options;
  unsigned threads = 1;
  if (!NumberOption(command, "--samples", &options.samples) ||
      !NumberOption(command, "--seed", &options.seed) ||
      !NumberOption(command, "--threads", &threads)) {
    return kUsage;
  }
  options.threads = std::max(1u, threads);
  options.sobol = command.switches.count("--sobol") > 0;
  if (command.values.count("--vary")) {
    std::string text = command.values["--vary"];
    const bool percent = !text.empty() && text.back() == '%';
    if (percent) text.pop_back();
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!percent || ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
      std::cerr << "rubric: --vary takes a percentage (--vary 10%), not '"
                << command.values["--vary"] << "'\n";
      return kUsage;
    }
    options.vary = value / 100.0;
  }
  std::vector<std::string> inputs = command.positional;
  if (command.values.count("--factors")) inputs.push_back(command.values["--factors"]);
  if (!OutputIsNoInput(command, inputs)) return kUsage;
  if (command.values.count("--factors")) {
    std::optional<std::string> text = ReadDataFile(command.values["--factors"]);
    if (!text) return kUsage;
    StatusOr<std::vector<SensitivityFactor>> factors = ParseSensitivityFactors(*text);
    if (!factors.ok()) {
      std::cerr << command.values["--factors"] << ": " << factors.status().message() << "\n";
      return kErrors;
    }
    options.factors = std::move(*factors);
    if (options.factors.empty()) {
      std::cerr << command.values["--factors"] << ": no factor\n";
      return kErrors;
    }
  }
  int status = kOk;
  std::optional<Session> session = LoadSession(command.positional[0], command.positional[1],
                                               command.csv, &status, command.sheet);
  if (!session) return status;
  std::optional<Progress> progress(std::in_place,
                                   "sensitivity: " + std::to_string(options.samples) + " samples");
  StatusOr<SensitivityResult> result = AnalyzeSensitivity(*session, options);
  progress.reset();
  if (!result.ok()) {
    std::cerr << "rubric: " << result.status().message() << "\n";
    return result.status().code() == StatusCode::kInvalidArgument &&
                   command.values.count("--factors") == 0
               ? kUsage
               : kErrors;
  }
  for (const std::string& w : result->warnings) std::cerr << "rubric: warning: " << w << "\n";
  if (strict && !result->warnings.empty()) return kErrors;
  return Emit(command, [&](std::ostream& out) {
    if (format == "json") {
      out << SensitivityToJson(*result) << "\n";
    } else if (format == "csv") {
      out << SensitivityToCsv(*result);
    } else {
      WriteTable(*result, out);
    }
  });
}

}  // namespace rubric::cli
