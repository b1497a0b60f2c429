// rubric goal STANDARD DATA --entity E --period P [--grade G | --total X] [--cost FILE]
//             [--no-plan] [--format table|json] [--out FILE]
// What it would take for a row to reach its next grade (or the grade or total asked for):
// the smallest single changes, the vetoes' clearing changes, and a combined plan, each
// verified on the session (rubric/goal.h, docs/analysis.md).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "rubric/goal.h"
#include "rubric/missing.h"
#include "rubric/report.h"

namespace rubric::cli {
namespace {

std::string Fixed(double value, int decimals) {
  if (rubric::IsMissing(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Numbers for reading: 10 significant digits (JSON has every digit).
std::string Shown(double value) {
  if (rubric::IsMissing(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

// A value as data would write it, numbers shortened as Shown.
std::string ShownText(const std::string& text) {
  if (text.empty()) return text;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end && *end == '\0' ? Shown(value) : text;
}

// Columns on a terminal: a code point from U+1100 on (CJK and the like) takes two.
std::size_t DisplayWidth(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
    width += length >= 3 ? 2 : 1;
    i += length;
  }
  return width;
}

// Rows of cells printed with each column as wide as its widest cell (bytes; labels are ids).
void PrintTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], DisplayWidth(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - DisplayWidth(row[c]) + 2, ' ');
    }
    out << line << "\n";
  }
}

std::string Signed(double v) {
  const std::string text = Shown(v);
  return v > 0 ? "+" + text : text;
}

std::vector<std::string> ChangeRow(const rubric::GoalChange& c) {
  return {c.id,
          c.from_missing ? "(missing)" : ShownText(c.from_text),
          ShownText(c.to_text),
          Signed(c.delta),
          Fixed(100 * c.relative, 1) + "%",
          Shown(c.total),
          c.grade.empty() ? "-" : c.grade,
          c.method};
}

void PrintGoal(const rubric::GoalResult& r, std::ostream& out) {
  out << "entity " << r.entity << ", period " << r.period << ": total " << Shown(r.total)
      << ", grade " << (r.grade.empty() ? "-" : r.grade);
  if (r.vetoed) {
    out << " (vetoed:";
    for (const std::string& v : r.fired_vetoes) out << " " << v;
    out << ")";
  }
  out << "\n";
  out << "target: ";
  if (r.target_grade.empty()) {
    out << "total >= " << Shown(r.target_total) << "\n";
  } else {
    out << "grade " << r.target_grade << " (total >= " << Shown(r.target_total) << ")\n";
  }
  if (r.already) {
    out << "already there" << (r.note.empty() ? "" : ": " + r.note) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> can = {
      {"input", "from", "to", "change", "relative", "total", "grade", "method"}};
  std::vector<std::vector<std::string>> cannot = {{"input", "why not"}};
  std::vector<const rubric::GoalChange*> reachable;
  for (const rubric::GoalChange& c : r.changes) {
    if (c.reachable) {
      reachable.push_back(&c);
    } else {
      cannot.push_back({c.id, c.reason});
    }
  }
  std::stable_sort(reachable.begin(), reachable.end(),
                   [](const auto* a, const auto* b) { return a->cost < b->cost; });
  for (const rubric::GoalChange* c : reachable) can.push_back(ChangeRow(*c));
  out << "\nsingle changes that reach it (" << reachable.size() << " inputs, cheapest first):\n";
  if (reachable.empty()) {
    out << "  none\n";
  } else {
    PrintTable(can, out);
  }
  if (cannot.size() > 1) {
    out << "\ninputs that cannot alone (" << cannot.size() - 1 << "):\n";
    PrintTable(cannot, out);
  }
  for (const rubric::GoalVeto& v : r.vetoes) {
    out << "\nveto " << v.id << " " << v.label << ": ";
    if (v.clearing.empty()) {
      out << "no single input of this row clears it\n";
      continue;
    }
    out << "cleared by\n";
    std::vector<std::vector<std::string>> rows = {
        {"input", "from", "to", "change", "relative", "total", "grade", "method"}};
    for (const rubric::GoalChange& c : v.clearing) rows.push_back(ChangeRow(c));
    PrintTable(rows, out);
  }
  if (r.vetoed) {
    out << "\nclearing every fired veto (the cheapest change of each): "
        << (r.vetoes_cleared ? "all cleared" : "not all cleared") << ", total "
        << Shown(r.clearing_total) << ", grade "
        << (r.clearing_grade.empty() ? "-" : r.clearing_grade)
        << (r.clearing_reaches ? ": reaches the target" : ": does not reach the target") << "\n";
  }
  out << "\nplan: ";
  if (!r.plan.found) {
    out << r.plan.note << "\n";
    return;
  }
  out << r.plan.changes.size() << (r.plan.changes.size() == 1 ? " change" : " changes") << ", cost "
      << Fixed(r.plan.cost, 4) << ", total " << Shown(r.plan.total) << ", grade "
      << (r.plan.grade.empty() ? "-" : r.plan.grade) << " (" << r.plan.note << ")\n";
  std::vector<std::vector<std::string>> rows = {{"input", "from", "to", "change", "cost"}};
  for (const rubric::GoalChange& c : r.plan.changes) {
    rows.push_back({c.id, c.from_missing ? "(missing)" : ShownText(c.from_text),
                    ShownText(c.to_text), Signed(c.delta), Fixed(c.cost, 4)});
  }
  PrintTable(rows, out);
}

// A cost file: lines "input,cost" (a header line "input,cost" is allowed; # comments).
bool ReadCosts(const std::string& path, rubric::GoalOptions* options) {
  std::optional<std::string> text = ReadDataFile(path);
  if (!text) return false;
  std::istringstream lines(*text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = SplitCommas(line);
    if (number == 1 && fields.size() == 2 && fields[0] == "input") continue;
    double cost = 0;
    std::size_t used = 0;
    try {
      if (fields.size() != 2) throw std::invalid_argument("fields");
      cost = std::stod(fields[1], &used);
      if (used != fields[1].size()) throw std::invalid_argument("cost");
    } catch (const std::exception&) {
      std::cerr << path << ":" << number << ": error: expected 'input,cost per unit'\n";
      return false;
    }
    options->cost[fields[0]] = cost;
  }
  return true;
}

}  // namespace

int Goal(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(
          args, {"--entity", "--period", "--grade", "--total", "--cost", "--format", "--out"},
          {"--no-plan"}, &command)) {
    return kUsage;
  }
  const std::string format =
      command.values.count("--format") ? command.values["--format"] : "table";
  if (command.positional.size() != 2 || !command.values.count("--entity") ||
      !command.values.count("--period")) {
    std::cerr << kUsageText;
    return kUsage;
  }
  if (format != "table" && format != "json") {
    std::cerr << "rubric: unknown format '" << format << "' (table or json)\n";
    return kUsage;
  }
  if (command.values.count("--grade") && command.values.count("--total")) {
    std::cerr << "rubric: give --grade or --total, not both\n";
    return kUsage;
  }
  std::int64_t period = 0;
  try {
    std::size_t used = 0;
    period = std::stoll(command.values["--period"], &used);
    if (used != command.values["--period"].size()) throw std::invalid_argument("period");
  } catch (const std::exception&) {
    std::cerr << "rubric: --period must be an integer\n";
    return kUsage;
  }
  rubric::GoalOptions options;
  options.plan = !command.switches.count("--no-plan");
  if (command.values.count("--grade")) options.grade = command.values["--grade"];
  if (command.values.count("--total")) {
    const std::string& text = command.values["--total"];
    try {
      std::size_t used = 0;
      options.total = std::stod(text, &used);
      if (used != text.size()) throw std::invalid_argument("total");
    } catch (const std::exception&) {
      std::cerr << "rubric: --total takes a number, not '" << text << "'\n";
      return kUsage;
    }
  }
  if (command.values.count("--cost") && !ReadCosts(command.values["--cost"], &options)) {
    return kUsage;
  }
  std::vector<std::string> inputs = command.positional;
  if (command.values.count("--cost")) inputs.push_back(command.values["--cost"]);
  if (!OutputIsNoInput(command, inputs)) return kUsage;
  int status = kOk;
  std::optional<rubric::Session> session = LoadSession(command.positional[0], command.positional[1],
                                                       command.csv, &status, command.sheet);
  if (!session) return status;
  const std::string& entity = command.values["--entity"];
  const std::optional<std::size_t> row = session->FindRow(entity, period);
  if (!row) {
    std::cerr << "rubric: no row for entity '" << entity << "', period " << period << "\n";
    return kErrors;
  }
  session->Evaluate();
  rubric::StatusOr<rubric::GoalResult> result = rubric::FindGoal(*session, *row, options);
  if (!result.ok()) {
    std::cerr << "rubric: goal: " << result.status().message() << "\n";
    return result.status().code() == rubric::StatusCode::kInvalidArgument ? kUsage : kErrors;
  }
  return Emit(command, [&](std::ostream& out) {
    if (format == "json") {
      out << rubric::GoalToJson(*result) << "\n";
    } else {
      PrintGoal(*result, out);
    }
  });
}

}  // namespace rubric::cli
