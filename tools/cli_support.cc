#include "cli_support.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "rubric/file.h"
#include "xlsx.h"

namespace rubric::cli {

const char* const kUsageText =
    "usage: rubric check [--canonical] STANDARD...\n"
    "       rubric fmt [--check] STANDARD...\n"
    "       rubric lint [--allow CODE,...] [--deny CODE,...] STANDARD...\n"
    "       rubric graph STANDARD [--format dot|json] [--out FILE]\n"
    "       rubric diff A B [--data DATA.csv] [--format text|json]\n"
    "       rubric test STANDARD [TESTS...]\n"
    "       rubric score STANDARD DATA.csv [--format table|csv|json|xlsx] [--out FILE]\n"
    "                    [--wide] [--labels] [--period P|FIRST..LAST] [--decimals N]\n"
    "                    [--entity-column NAME] [--period-column NAME] [--ignore COL,...]\n"
    "                    [--sheet NAME] [--stamp] [--log DECISIONS.jsonl] [--stream]\n"
    "         (DATA is CSV or an Excel workbook .xlsx; --format xlsx needs --out FILE)\n"
    "       rubric report STANDARD DATA.csv [--out report.html] [--period P|FIRST..LAST]\n"
    "                     [--lang zh|en] [--decimals N]\n"
    "       rubric whatif STANDARD DATA.csv EDITS.csv [--verify]\n"
    "       rubric explain STANDARD DATA.csv --entity E --period P [--node N]\n"
    "                      [--format text|json] [--decimals N]\n"
    "       rubric attribute STANDARD DATA.csv --entity E --from P1 --to P2\n"
    "                        [--data-to DATA2.csv] [--standard-to VARIANT] [--period P]\n"
    "                        [--samples N] [--seed S] [--exact-players K]\n"
    "                        [--format table|json] [--out FILE]\n"
    "       rubric goal STANDARD DATA.csv --entity E --period P [--grade G | --total X]\n"
    "                   [--cost FILE] [--no-plan] [--format table|json] [--out FILE]\n"
    "       rubric replay DECISIONS.jsonl [STANDARD] [--format text|json]\n"
    "       rubric lsp [--stdio]\n"
    "       rubric sensitivity STANDARD DATA.csv [--samples N] [--seed S] [--vary P%]\n"
    "                          [--factors FILE] [--sobol] [--threads T]\n"
    "                          [--format table|csv|json] [--out FILE]\n"
    "  (report, whatif, explain, attribute, goal and sensitivity take the data options of score\n"
    "   too)\n"
    "       rubric generate STANDARD [--entities N] [--periods P] [--first-period Y]\n"
    "                       [--seed S] [--missing F] [--wide] [--out FILE]\n"
    "       rubric generate-standard [--indicators N] [--fanout F] [--cohort-share X]\n"
    "                                [--prev-share Y] [--seed S] [--out FILE]\n"
    "       rubric serve --standard FILE... [--listen 127.0.0.1:8080] [--token-file F]\n"
    "                    [--log decisions.jsonl] [limits: rubric help serve]\n"
    "       rubric help [COMMAND], rubric COMMAND --help\n"
    "       rubric --version\n"
    "  --strict (any command): warnings are errors\n"
    "  --allow-any-base (any command): read the bases of variants from any path, not only\n"
    "                   from the folder of the standard and its subfolders\n";

std::optional<std::string> ReadDataFile(const std::string& path) {
  rubric::StatusOr<std::string> text = rubric::ReadInputFile(path, rubric::kMaxDataFileBytes);
  if (!text.ok()) {
    std::cerr << "rubric: " << text.status().message() << "\n";
    return std::nullopt;
  }
  return std::move(*text);
}

bool strict = false;
bool allow_any_base = false;

bool HasWarnings(const std::vector<rubric::Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const rubric::Diagnostic& d) {
    return d.severity == rubric::Severity::kWarning;
  });
}

// Under --strict, says so and returns true when there were warnings.
bool WarningsFail(const std::vector<rubric::Diagnostic>& diagnostics) {
  if (!strict || !HasWarnings(diagnostics)) return false;
  std::cerr << "rubric: warnings are errors with --strict\n";
  return true;
}

// Compiles the standard at `path` (and the bases of a variant), printing its diagnostics.
// Exit status in `*status`.
std::optional<rubric::Standard> CompileFile(const std::string& path, int* status) {
  rubric::CompileFileOptions options;
  options.allow_any_base = allow_any_base;
  rubric::CompileResult result = rubric::Standard::CompileFile(path, options);
  std::cerr << rubric::RenderAll(result.diagnostics);
  if (!result.ok() && !result.diagnostics.empty() && result.diagnostics[0].code == "E0009") {
    *status = kUsage;
    return std::nullopt;
  }
  if (!result.ok() || WarningsFail(result.diagnostics)) {
    *status = kErrors;
    return std::nullopt;
  }
  *status = kOk;
  return std::move(result.standard);
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// Parses `args`: `value_flags` take a value, `switch_flags` do not. Returns false (after
// printing why) on a usage error.
bool ParseDataCommand(const std::vector<std::string>& args,
                      const std::set<std::string>& value_flags,
                      const std::set<std::string>& switch_flags, DataCommand* out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 1 && arg[0] == '-') {
      const bool data_flag = arg == "--entity-column" || arg == "--period-column" ||
                             arg == "--ignore" || arg == "--sheet";
      if (switch_flags.count(arg)) {
        out->switches.insert(arg);
        continue;
      }
      if (!data_flag && !value_flags.count(arg)) {
        std::cerr << "rubric: unknown option " << arg << "\n" << kUsageText;
        return false;
      }
      if (i + 1 >= args.size()) {
        std::cerr << "rubric: " << arg << " needs a value\n" << kUsageText;
        return false;
      }
      const std::string& value = args[++i];
      if (arg == "--entity-column") {
        out->csv.entity_column = value;
      } else if (arg == "--period-column") {
        out->csv.period_column = value;
      } else if (arg == "--sheet") {
        out->sheet = value;
      } else if (arg == "--ignore") {
        for (std::string& column : SplitCommas(value)) out->csv.ignore_columns.push_back(column);
      } else {
        out->values[arg] = value;
      }
      continue;
    }
    out->positional.push_back(arg);
  }
  return true;
}

void SayLoaded(const std::string& data_path, const rubric::Standard& standard,
               const rubric::LoadReport& report) {
  std::cerr << data_path << ": read " << report.records << " records ("
            << (report.long_format ? "long" : "wide") << "): " << report.rows_added << " rows, "
            << report.entities << " entities, " << report.periods << " periods, " << report.values
            << " values\n";
  // Inputs some rows lack (those no row has are warnings W0002 above), fewest values first.
  std::vector<std::pair<std::size_t, std::string>> partial;
  const auto inputs = standard.inputs();
  for (std::size_t i = 0; i < report.rows_with_value.size() && i < inputs.size(); ++i) {
    const std::size_t given = report.rows_with_value[i];
    const bool absent = std::find(report.absent_inputs.begin(), report.absent_inputs.end(),
                                  inputs[i].id) != report.absent_inputs.end();
    if (!absent && given < report.rows_read) partial.emplace_back(given, inputs[i].id);
  }
  std::stable_sort(partial.begin(), partial.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!partial.empty()) {
    constexpr std::size_t kShown = 10;
    std::cerr << data_path << ": values given in only some rows:";
    for (std::size_t k = 0; k < partial.size() && k < kShown; ++k) {
      std::cerr << (k == 0 ? " " : ", ") << partial[k].second << " in " << partial[k].first
                << " of " << report.rows_read;
    }
    if (partial.size() > kShown) std::cerr << ", and " << partial.size() - kShown << " more inputs";
    std::cerr << "\n";
  }
}

// Compiles STANDARD and loads DATA into a new session. Exit status in `*status`.
std::optional<rubric::Session> LoadSession(const std::string& standard_path,
                                           const std::string& data_path,
                                           const rubric::CsvOptions& csv, int* status,
                                           const std::string& sheet) {
  std::optional<rubric::Standard> standard = CompileFile(standard_path, status);
  if (!standard) return std::nullopt;
  std::optional<std::string> data = ReadDataFile(data_path);
  if (!data) {
    *status = kUsage;
    return std::nullopt;
  }
  rubric::Session session(*standard);
  std::optional<Progress> progress(std::in_place, "loading " + data_path);
  rubric::LoadReport report;
  const bool workbook = LooksLikeXlsx(data_path, *data);
  if (!workbook && !sheet.empty()) {
    std::cerr << "rubric: --sheet is for Excel workbooks (.xlsx), and " << data_path
              << " is not one\n";
    *status = kUsage;
    return std::nullopt;
  }
  if (workbook) {
    XlsxSheet read = ReadXlsx(*data, data_path, sheet);
    data->clear();
    std::cerr << rubric::RenderAll(read.diagnostics);
    if (!read.ok() || WarningsFail(read.diagnostics)) {
      *status = kErrors;
      return std::nullopt;
    }
    report = rubric::LoadTable(session, read.table, data_path, csv);
  } else {
    report = rubric::LoadCsv(session, *data, data_path, csv);
  }
  progress.reset();
  std::cerr << rubric::RenderAll(report.diagnostics);
  if (!report.ok() || WarningsFail(report.diagnostics)) {
    *status = kErrors;
    return std::nullopt;
  }
  SayLoaded(data_path, session.standard(), report);
  *status = kOk;
  return session;
}

bool OutputIsNoInput(DataCommand& command, const std::vector<std::string>& inputs) {
  if (!command.values.count("--out")) return true;
  const rubric::Status checked = CheckOutputIsNoInput(command.values["--out"], inputs);
  if (checked.ok()) return true;
  std::cerr << "rubric: " << checked.message() << "\n";
  return false;
}

// Writes to --out (see WriteOutputFile) or to standard output, which main() checks once
// every command is done.
int Emit(DataCommand& command, const Writer& write) {
  if (!command.values.count("--out")) {
    write(std::cout);
    return kOk;
  }
  const rubric::Status written = WriteOutputFile(command.values["--out"], write);
  if (!written.ok()) {
    std::cerr << "rubric: " << written.message() << "\n";
    return kUsage;
  }
  return kOk;
}

bool PeriodRangeOption(DataCommand& command, std::optional<std::int64_t>* first,
                       std::optional<std::int64_t>* last) {
  if (!command.values.count("--period")) return true;
  const std::string& text = command.values["--period"];
  auto parse = [](std::string_view part, std::int64_t* value) {
    const char* const end = part.data() + part.size();
    auto [ptr, ec] = std::from_chars(part.data(), end, *value);
    return !part.empty() && ec == std::errc() && ptr == end;
  };
  const std::size_t dots = text.find("..");
  std::int64_t a = 0, b = 0;
  const bool ok = dots == std::string::npos
                      ? parse(text, &a) && (b = a, true)
                      : parse(std::string_view(text).substr(0, dots), &a) &&
                            parse(std::string_view(text).substr(dots + 2), &b);
  if (!ok) {
    std::cerr << "rubric: --period takes a period or a range FIRST..LAST (2024, 2023..2025), not '"
              << text << "'\n";
    return false;
  }
  if (a > b) {
    std::cerr << "rubric: --period " << text << ": the first period is after the last\n";
    return false;
  }
  *first = a;
  *last = b;
  return true;
}

bool DecimalsOption(DataCommand& command, std::optional<int>* out) {
  if (!command.values.count("--decimals")) return true;
  int decimals = 0;
  if (!NumberOption(command, "--decimals", &decimals)) return false;
  if (decimals < 0 || decimals > 12) {
    std::cerr << "rubric: --decimals takes a whole number from 0 to 12, not '"
              << command.values["--decimals"] << "'\n";
    return false;
  }
  *out = decimals;
  return true;
}

struct Progress::State {
  std::string what;
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  bool drawn = false;
  std::thread thread;
};

Progress::Progress(std::string what) {
  if (!::isatty(STDERR_FILENO)) return;
  state_ = new State;
  state_->what = std::move(what);
  State* const state = state_;
  state_->thread = std::thread([state] {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(state->mutex);
    if (state->done_signal.wait_for(lock, std::chrono::milliseconds(500),
                                    [state] { return state->done; })) {
      return;
    }
    do {
      const auto seconds =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
              .count();
      std::cerr << "\r\033[Krubric: " << state->what << "... " << seconds << "s" << std::flush;
      state->drawn = true;
    } while (!state->done_signal.wait_for(lock, std::chrono::milliseconds(250),
                                          [state] { return state->done; }));
  });
}

Progress::~Progress() {
  if (state_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->done = true;
  }
  state_->done_signal.notify_all();
  state_->thread.join();
  if (state_->drawn) std::cerr << "\r\033[K" << std::flush;
  delete state_;
}

}  // namespace rubric::cli
