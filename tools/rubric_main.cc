// The `rubric` command: check standards and score data with them. Uses only the public C++
// API (include/rubric/).
//
//   rubric check STANDARD...
//   rubric fmt [--check] STANDARD...
//   rubric lint [--allow CODE,...] [--deny CODE,...] STANDARD...
//   rubric graph STANDARD [--format dot|json] [--out FILE]
//   rubric diff A B [--data DATA.csv] [--format text|json]
//   rubric test STANDARD [TESTS...] (cmd_test.cc)
//   rubric score STANDARD DATA [--format table|csv|json|xlsx] [--out FILE] [--sheet NAME]
//                [--wide] [--labels] [--period P|A..B] [--decimals N]
//                [--entity-column NAME] [--period-column NAME] [--ignore COL,...]
//   rubric report STANDARD DATA.csv [--out report.html] [--period P|A..B] [--lang zh|en]
//                 [--decimals N]
//   rubric whatif STANDARD DATA.csv EDITS.csv [--verify]
//   rubric explain STANDARD DATA.csv --entity E --period P [--node N] [--format text|json]
//                  [--decimals N]
//   rubric lsp [--stdio] (cmd_lsp.cc)
//   rubric help [COMMAND], rubric COMMAND --help (cmd_help.cc)
//   rubric attribute STANDARD DATA.csv --entity E --from P1 --to P2 [--data-to DATA2.csv]
//                    [--standard-to VARIANT] [--format table|json] [--out FILE] (cmd_attribute.cc)
//   rubric goal STANDARD DATA.csv --entity E --period P [--grade G | --total X] [--cost FILE]
//               [--no-plan] [--format table|json] [--out FILE]
//   rubric sensitivity STANDARD DATA.csv [--samples N] [--seed S] [--vary P%] [--factors FILE]
//                      [--sobol] [--threads T] [--format table|csv|json] [--out FILE]
//   rubric generate STANDARD [--entities N] [--periods P] [--first-period Y] [--seed S]
//                   [--missing F] [--wide] [--out FILE]
//   rubric generate-standard [--indicators N] [--fanout F] [--cohort-share X]
//                            [--prev-share Y] [--seed S] [--out FILE]
//   rubric serve --standard FILE... [--listen 127.0.0.1:8080] [--token-file F]
//                [--log decisions.jsonl] [limits] (cmd_serve.cc, lib/service/)
//
// Exit status: 0 success, 1 errors in a standard or in data, 2 usage or I/O errors.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "explain_text.h"
#include "fd_stream.h"
#include "rubric/audit.h"
#include "rubric/data.h"
#include "rubric/diagnostic.h"
#include "rubric/explain.h"
#include "rubric/generate.h"
#include "rubric/missing.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "rubric/version.h"
#include "score_support.h"
#include "xlsx.h"

namespace {

using namespace rubric::cli;  // NOLINT: the shared helpers of the commands

int Score(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args, {"--format", "--out", "--period", "--decimals", "--log"},
                        {"--wide", "--labels", "--stamp", "--stream"}, &command)) {
    return kUsage;
  }
  if (command.positional.size() != 2) {
    std::cerr << kUsageText;
    return kUsage;
  }
  // The shape of the results: periods, rank, wide CSV, display decimals (table only).
  rubric::ResultsOptions shape;
  if (!PeriodRangeOption(command, &shape.first_period, &shape.last_period) ||
      !DecimalsOption(command, &shape.decimals)) {
    return kUsage;
  }
  shape.wide = command.switches.count("--wide") > 0;
  shape.labels = command.switches.count("--labels") > 0;
  shape.stamp = command.switches.count("--stamp") > 0;
  const std::string format =
      command.values.count("--format") ? command.values["--format"] : "table";
  if (format != "table" && format != "csv" && format != "json" && format != "xlsx") {
    std::cerr << "rubric: unknown format '" << format << "' (table, csv, json or xlsx)\n";
    return kUsage;
  }
  XlsxOptions xlsx;
  if (!NumberOption(command, "--decimals", &xlsx.decimals)) return kUsage;
  if (xlsx.decimals < 0 || xlsx.decimals > 15) {
    std::cerr << "rubric: --decimals takes a whole number from 0 to 15\n";
    return kUsage;
  }
  if (format == "xlsx" && !command.values.count("--out")) {
    std::cerr << "rubric: --format xlsx writes a binary workbook: name it with --out FILE\n";
    return kUsage;
  }
  if (shape.wide && format != "csv") {
    std::cerr << "rubric: --wide is for --format csv\n";
    return kUsage;
  }
  if (shape.labels && !shape.wide) {
    std::cerr << "rubric: --labels is for --format csv --wide\n";
    return kUsage;
  }
  if (shape.stamp && format != "csv") {
    std::cerr << "rubric: --stamp is for --format csv (JSON, xlsx and reports always carry the "
                 "standard's content hash)\n";
    return kUsage;
  }
  const std::vector<std::string>& positional = command.positional;
  if (!OutputIsNoInput(command, positional)) return kUsage;
  if (command.values.count("--log")) {
    std::vector<std::string> others = positional;
    if (command.values.count("--out")) others.push_back(command.values["--out"]);
    rubric::Status checked = CheckOutputIsNoInput(command.values["--log"], others);
    if (command.values.count("--out") && command.values["--out"] == command.values["--log"]) {
      checked = rubric::Status(rubric::StatusCode::kInvalidArgument,
                               "the decision log cannot also be the --out file");
    }
    if (!checked.ok()) {
      std::cerr << "rubric: --log: " << checked.message() << "\n";
      return kUsage;
    }
  }
  if (command.switches.count("--stream")) return ScoreStream(command, shape, format);
  int status = kOk;
  std::optional<rubric::Session> loaded =
      LoadSession(positional[0], positional[1], command.csv, &status, command.sheet);
  if (!loaded) return status;
  rubric::Session& session = *loaded;

  {
    Progress progress("scoring " + std::to_string(session.row_count()) + " rows");
    session.Evaluate();
  }
  // The rows written: with --period, only their warnings are said (and fail --strict).
  auto selected = [&](std::size_t row) {
    return !shape.first_period || (*shape.first_period <= session.period(row) &&
                                   session.period(row) <= *shape.last_period);
  };
  if (shape.first_period) {
    bool any = false;
    for (std::size_t row = 0; row < session.row_count() && !any; ++row) {
      any = session.live(row) && selected(row);
    }
    if (!any) {
      std::cerr << "rubric: no row in period"
                << (*shape.first_period == *shape.last_period ? " " : "s ")
                << command.values["--period"] << "\n";
      return kErrors;
    }
  }
  ScoreCounts counts;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!selected(row)) continue;
    if (!session.scorable(row)) {
      ++counts.unscorable;
      std::cerr << UnscorableWarning(positional[1], session, row);
    }
  }
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!selected(row)) continue;
    if (std::optional<TotalWarning> warning = TotalWarningOf(positional[1], session, row)) {
      ++(warning->missing ? counts.without_total : counts.not_a_number);
      std::cerr << warning->text;
    }
  }
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!selected(row)) continue;
    if (!session.live(row)) continue;
    const std::size_t count = session.imputations(row).size();
    counts.imputed += count;
    counts.rows_with_imputed += count > 0 ? 1 : 0;
  }
  if (const int finished = FinishScoreWarnings(counts); finished != kOk) return finished;

  // The decision log comes first: no result is published without its record. It holds
  // every row scored, --period or not: a row's results may read other rows (cohorts,
  // prev), and a replay must see them all to give the same results.
  if (command.values.count("--log")) {
    const rubric::Status appended = rubric::AppendDecisionLog(
        command.values["--log"], rubric::DecisionRecords(session, rubric::NewDecisionRunId()));
    if (!appended.ok()) {
      std::cerr << "rubric: " << appended.message() << "\n";
      return kErrors;
    }
  }

  if (format == "xlsx") {
    const rubric::Status written = WriteResultsXlsxFile(session, command.values["--out"], xlsx);
    if (!written.ok()) {
      std::cerr << "rubric: " << written.message() << "\n";
      return kUsage;
    }
    return kOk;
  }
  return Emit(command, [&](std::ostream& out) {
    if (format == "csv") {
      rubric::WriteResultsCsv(session, shape, out);
    } else if (format == "json") {
      rubric::WriteResultsJson(session, shape, out);
    } else {
      rubric::WriteRankingTable(session, shape, out);
    }
  });
}

// `text` as a CSV field: quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// rubric whatif STANDARD DATA EDITS [--verify]: applies each edit incrementally and prints
// the edited row's new total, grade and the ops the edit ran.
int WhatIf(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args, {}, {"--verify"}, &command)) return kUsage;
  if (command.positional.size() != 3) {
    std::cerr << kUsageText;
    return kUsage;
  }
  int status = kOk;
  std::optional<rubric::Session> session = LoadSession(command.positional[0], command.positional[1],
                                                       command.csv, &status, command.sheet);
  if (!session) return status;
  const std::string& edits_path = command.positional[2];
  std::optional<std::string> edits_text = ReadDataFile(edits_path);
  if (!edits_text) return kUsage;
  // Check every edit before applying any: load them into a scratch session.
  rubric::EditList edits = rubric::ReadEdits(session->standard(), *edits_text, edits_path);
  std::cerr << rubric::RenderAll(edits.diagnostics);
  if (!edits.ok()) return kErrors;

  session->Evaluate();
  const rubric::Standard& standard = session->standard();
  std::ostringstream out;
  out << "entity,period,input,total,grade,ops\n";
  for (const rubric::Edit& edit : edits.edits) {
    std::optional<std::size_t> row = session->FindRow(edit.entity, edit.period);
    if (!row) {
      // Allowed, and said: an entity or period the data do not have gets a new row.
      rubric::StatusOr<std::size_t> added = session->AddRow(edit.entity, edit.period);
      if (!added.ok()) {  // ReadEdits checked the entity; kept as a guard
        std::cerr << edits_path << ":" << edit.line << ": error: " << added.status().message()
                  << "\n";
        return kErrors;
      }
      row = *added;
      std::cerr << edits_path << ":" << edit.line << ": note: entity '" << edit.entity
                << "', period " << edit.period
                << " is not in the data: the edit adds a row for it\n";
    }
    const std::optional<std::size_t> input = standard.FindInput(edit.input);
    if (!input) {  // ReadEdits checked the input; kept as a guard
      std::cerr << edits_path << ":" << edit.line << ": error: unknown input '" << edit.input
                << "'\n";
      return kErrors;
    }
    const std::uint64_t before = session->ops();
    const rubric::Status set = session->SetFromString(*row, *input, edit.value);
    if (!set.ok()) {  // checked above; kept as a guard
      std::cerr << edits_path << ": error: " << set.message() << "\n";
      return kErrors;
    }
    const double total = session->total(*row);
    const std::uint64_t ops = session->ops() - before;
    const std::string* grade = session->grade(*row);
    out << CsvField(edit.entity) << "," << edit.period << "," << edit.input << ","
        << (session->scorable(*row) && !rubric::IsMissing(total) ? rubric::FormatNumber(total)
                                                                 : std::string())
        << "," << (grade ? *grade : std::string()) << "," << ops << "\n";
  }
  std::cout << out.str();
  std::cout.flush();
  if (command.switches.count("--verify")) {
    const rubric::Status verified = session->VerifyAgainstFullEvaluation();
    if (!verified.ok()) {
      std::cerr << "rubric: verify: incremental results differ from a full evaluation: "
                << verified.message() << "\n";
      return kErrors;
    }
    std::cerr << "rubric: verify: every value equals a full evaluation, bit for bit\n";
  }
  return kOk;
}

// rubric explain STANDARD DATA --entity E --period P [--node N] [--format text|json]
int Explain(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args, {"--entity", "--period", "--node", "--format", "--decimals"}, {},
                        &command)) {
    return kUsage;
  }
  ExplainStyle style;
  if (!DecimalsOption(command, &style.decimals)) return kUsage;
  if (command.values.count("--period") &&
      command.values["--period"].find("..") != std::string::npos) {
    std::cerr << "rubric: explain takes one period (--period 2024), not a range: run it once "
                 "per period\n";
    return kUsage;
  }
  const std::string format = command.values.count("--format") ? command.values["--format"] : "text";
  if (command.positional.size() != 2 || !command.values.count("--entity") ||
      !command.values.count("--period") || (format != "text" && format != "json")) {
    std::cerr << kUsageText;
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
  int status = kOk;
  std::optional<rubric::Session> session = LoadSession(command.positional[0], command.positional[1],
                                                       command.csv, &status, command.sheet);
  if (!session) return status;
  const std::string& entity = command.values["--entity"];
  std::optional<std::size_t> row = session->FindRow(entity, period);
  if (!row) {
    std::cerr << "rubric: no row for entity '" << entity << "', period " << period << "\n";
    return kErrors;
  }
  std::optional<std::size_t> node;
  if (command.values.count("--node")) {
    node = session->standard().FindNode(command.values["--node"]);
    if (!node) {
      std::cerr << "rubric: unknown node '" << command.values["--node"] << "'\n";
      return kErrors;
    }
  }
  rubric::StatusOr<rubric::Explanation> explanation = session->Explain(*row, node);
  if (!explanation.ok()) {
    std::cerr << "rubric: " << explanation.status().message() << "\n";
    return kErrors;
  }
  if (format == "json") {
    std::cout << rubric::ExplanationToJson(*explanation) << "\n";
    return kOk;
  }
  std::ostringstream out;
  out << entity << ", period " << period << "\n";
  if (!explanation->scorable) out << "not scorable: " << explanation->reason << "\n";
  PrintExplanation(*session, *row, *explanation, 0, style, out);
  std::cout << out.str();
  return kOk;
}

// rubric generate STANDARD ...: deterministic synthetic data for the standard, as CSV.
int Generate(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(
          args, {"--entities", "--periods", "--first-period", "--seed", "--missing", "--out"},
          {"--wide"}, &command) ||
      command.positional.size() != 1) {
    std::cerr << kUsageText;
    return kUsage;
  }
  rubric::GenerateOptions options;
  if (!NumberOption(command, "--entities", &options.entities) ||
      !NumberOption(command, "--periods", &options.periods) ||
      !NumberOption(command, "--first-period", &options.first_period) ||
      !NumberOption(command, "--seed", &options.seed) ||
      !NumberOption(command, "--missing", &options.missing)) {
    return kUsage;
  }
  if (options.missing > 1) {
    std::cerr << "rubric: --missing is a share between 0 and 1\n";
    return kUsage;
  }
  if (options.periods > 0 &&
      options.first_period > INT64_MAX - static_cast<std::int64_t>(std::min<std::size_t>(
                                             options.periods - 1, INT64_MAX))) {
    std::cerr << "rubric: --first-period " << options.first_period << " and --periods "
              << options.periods << " go past the largest period (" << INT64_MAX << ")\n";
    return kUsage;
  }
  if (!OutputIsNoInput(command, command.positional)) return kUsage;
  int status = kOk;
  std::optional<rubric::Standard> standard = CompileFile(command.positional[0], &status);
  if (!standard) return status;
  const bool wide = command.switches.count("--wide") > 0;
  return Emit(command,
              [&](std::ostream& out) { rubric::GenerateCsv(*standard, options, wide, out); });
}

// rubric generate-standard ...: a synthetic standard of a given shape (for benchmarks).
int GenerateStandard(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(
          args, {"--indicators", "--fanout", "--cohort-share", "--prev-share", "--seed", "--out"},
          {}, &command) ||
      !command.positional.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  rubric::StandardShape shape;
  if (!NumberOption(command, "--indicators", &shape.indicators) ||
      !NumberOption(command, "--fanout", &shape.fanout) ||
      !NumberOption(command, "--cohort-share", &shape.cohort_share) ||
      !NumberOption(command, "--prev-share", &shape.prev_share) ||
      !NumberOption(command, "--seed", &shape.seed)) {
    return kUsage;
  }
  return Emit(command, [&](std::ostream& out) { out << rubric::GenerateStandardSource(shape); });
}

int Run(std::vector<std::string> args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsageText;
    return args.empty() ? kUsage : kOk;
  }
  if (args[0] == "help") return Help({args.begin() + 1, args.end()});
  if (args[0] == "--version") {
    std::cout << "rubric " << rubric::VersionString() << "\n";
    return kOk;
  }
  const auto strict_flag = std::find(args.begin(), args.end(), "--strict");
  if (strict_flag != args.end()) {
    strict = true;
    args.erase(strict_flag);
  }
  const auto any_base_flag = std::find(args.begin(), args.end(), "--allow-any-base");
  if (any_base_flag != args.end()) {
    allow_any_base = true;
    args.erase(any_base_flag);
  }
  if (args.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  // COMMAND --help (or -h) anywhere: the command's help, whatever else was given.
  if (std::find_if(args.begin(), args.end(),
                   [](const std::string& arg) { return arg == "--help" || arg == "-h"; }) !=
          args.end() &&
      PrintCommandHelp(command, std::cout)) {
    return kOk;
  }
  try {
    if (command == "check") return Check(args);
    if (command == "fmt") return Fmt(args);
    if (command == "lint") return Lint(args);
    if (command == "graph") return Graph(args);
    if (command == "diff") return Diff(args);
    if (command == "test") return Test(args);
    if (command == "score") return Score(args);
    if (command == "report") return Report(args);
    if (command == "whatif") return WhatIf(args);
    if (command == "explain") return Explain(args);
    if (command == "attribute") return Attribute(args);
    if (command == "goal") return Goal(args);
    if (command == "sensitivity") return Sensitivity(args);
    if (command == "replay") return Replay(args);
    if (command == "lsp") return Lsp(args);
    if (command == "generate") return Generate(args);
    if (command == "generate-standard") return GenerateStandard(args);
    if (command == "serve") return Serve(args);
  } catch (const std::exception& e) {
    std::cerr << "rubric: internal error: " << e.what() << "\n";
    return kUsage;
  }
  std::cerr << "rubric: unknown command '" << command << "'\n" << kUsageText;
  return kUsage;
}

}  // namespace

// Every command writes standard output through one buffer that remembers why a write
// failed; a failure is an I/O error (exit 2) whatever the command found, and is said.
int main(int argc, char** argv) {
  rubric::cli::FdStreamBuf standard_output(STDOUT_FILENO);
  std::streambuf* const original = std::cout.rdbuf(&standard_output);
  int status = Run(std::vector<std::string>(argv + 1, argv + argc));
  std::cout.flush();
  std::cout.rdbuf(original);
  if (standard_output.error() != 0) {
    std::cerr << "rubric: cannot write standard output: " << std::strerror(standard_output.error())
              << "\n";
    status = rubric::cli::kUsage;
  }
  return status;
}
