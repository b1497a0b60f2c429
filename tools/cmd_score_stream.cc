// rubric score STANDARD DATA --stream: scores a CSV file larger than memory, period by
// period. One pass indexes where each period's records are (rubric/data_stream.h); then
// each period is loaded with the periods its rows read (Standard::period_dependence()),
// scored, and its results and warnings spilled to a temporary file in sorted runs, merged
// at the end into what `rubric score` writes for the whole file, byte for byte.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "results_split.h"
#include "rubric/data.h"
#include "rubric/data_stream.h"
#include "rubric/diagnostic.h"
#include "rubric/report.h"
#include "score_support.h"
#include "spill.h"
#include "xlsx.h"

namespace rubric::cli {
namespace {

// The runs the index may hold: past it, the periods' rows are too interleaved to read
// each period where it is (RUBRIC_STREAM_MAX_RUNS changes it, for tests).
std::size_t MaxRuns() {
  if (const char* value = std::getenv("RUBRIC_STREAM_MAX_RUNS")) {
    const long long runs = std::atoll(value);
    if (runs > 0) return static_cast<std::size_t>(runs);
  }
  return std::size_t{1} << 20;
}

bool IsError(const Diagnostic& d) { return d.severity == Severity::kError; }

// What is known of the file once every period is read.
struct Totals {
  LoadReport report;  // records, rows, periods, values, rows_with_value as LoadCsv says
  std::optional<std::set<std::string>> absent;  // inputs no period gives
  std::map<std::string, Diagnostic> absent_warnings;
  std::vector<Diagnostic> records;  // what was said of the records, in any order
  bool errors = false;              // among them
  std::size_t selected_rows = 0;
  ScoreCounts counts;
};

int Refuse(const std::string& standard_path, const std::string& reason, const std::string& why) {
  std::cerr << "rubric: --stream: " << standard_path
            << " cannot be scored period by period: " << reason << ", " << why << "\n"
            << "  hint: score without --stream (the whole file is then held in memory)\n";
  return kErrors;
}

}  // namespace

int ScoreStream(DataCommand& command, const ResultsOptions& shape, const std::string& format) {
  const std::string& standard_path = command.positional[0];
  const std::string& data_path = command.positional[1];
  if (format == "xlsx") {
    std::cerr << "rubric: --stream writes csv, json or table: a workbook is written whole "
                 "(score with --stream to CSV, or without --stream to xlsx)\n";
    return kUsage;
  }
  if (command.values.count("--log")) {
    std::cerr << "rubric: --log is not available with --stream: score without --stream to "
                 "keep a decision log\n";
    return kUsage;
  }
  int status = kOk;
  std::optional<Standard> standard = CompileFile(standard_path, &status);
  if (!standard) return status;
  {
    std::ifstream in(data_path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, sizeof magic);
    if (!command.sheet.empty() ||
        LooksLikeXlsx(data_path, std::string_view(magic, static_cast<std::size_t>(in.gcount())))) {
      std::cerr << "rubric: --stream reads CSV files: save the workbook as CSV, or score it "
                   "without --stream\n";
      return kUsage;
    }
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(data_path, error)) {
    std::cerr << "rubric: cannot read " << data_path << ": "
              << (std::filesystem::is_directory(data_path, error) ? "Is a directory"
                  : std::filesystem::exists(data_path, error)     ? "not a regular file"
                                                                  : "No such file or directory")
              << "\n";
    return kUsage;
  }
  const PeriodDependence dependence = standard->period_dependence();
  if (dependence.across_periods) {
    return Refuse(standard_path, dependence.across_periods_reason,
                  "so each row needs every period's rows at once");
  }
  if (!dependence.look_back) {
    return Refuse(standard_path, dependence.unbounded_reason,
                  "so a row may read any earlier period");
  }
  const std::int64_t look_back = *dependence.look_back;

  CsvIndexOptions limits;
  limits.max_runs = MaxRuns();
  StatusOr<CsvFileIndex> indexed = IndexCsvFile(data_path, command.csv, limits);
  if (!indexed.ok()) {
    if (indexed.status().code() == StatusCode::kFailedPrecondition) {
      std::cerr << "rubric: --stream: " << data_path << ": " << indexed.status().message()
                << "\n  hint: --stream reads each period's records where they are, which needs "
                   "a file grouped by period: sort it by period (keeping the header first), "
                   "or score it without --stream\n";
      return kErrors;
    }
    std::cerr << "rubric: "
              << (indexed.status().code() == StatusCode::kOutOfRange
                      ? "--stream: " + data_path + ": "
                      : "")
              << indexed.status().message() << "\n";
    return indexed.status().code() == StatusCode::kOutOfRange ? kErrors : kUsage;
  }
  const CsvFileIndex& index = *indexed;
  Totals totals;
  totals.report.long_format = index.long_format;
  totals.report.records = index.records;
  totals.report.rows_with_value.assign(standard->inputs().size(), 0);
  for (const Diagnostic& d : index.diagnostics) {
    if (d.code == "D0001") {
      totals.records.push_back(d);
      totals.errors = true;
      continue;
    }
    std::cerr << RenderAll(index.diagnostics);  // empty file, invalid UTF-8: nothing else
    return kErrors;
  }
  // The header's own diagnostics (W0001, D0105, D0003), once.
  std::vector<Diagnostic> header;
  auto load = [&](Session& session, std::span<const CsvRun> runs,
                  std::vector<int>* row_lines) -> std::optional<LoadReport> {
    StatusOr<LoadReport> loaded =
        LoadCsvRuns(session, data_path, index, runs, data_path, command.csv, row_lines);
    if (!loaded.ok()) {
      std::cerr << "rubric: " << loaded.status().message() << "\n";
      return std::nullopt;
    }
    return std::move(*loaded);
  };
  // The records' errors, then the inputs never given: a period's load says both.
  auto take = [&](const LoadReport& report) {
    for (const Diagnostic& d : report.diagnostics) {
      if (d.code == "D0009") continue;  // the cut is made over the whole file below
      if (d.line != index.header_line) {
        totals.records.push_back(d);
        totals.errors = totals.errors || IsError(d);
      } else if (d.code == "W0002") {
        const std::size_t open = d.message.find('\'');
        const std::string id =
            d.message.substr(open + 1, d.message.find('\'', open + 1) - open - 1);
        totals.absent_warnings.try_emplace(id, d);
      }
    }
  };
  {
    Session scratch(*standard);
    std::optional<LoadReport> report = load(scratch, {}, nullptr);
    if (!report) return kUsage;
    header = report->diagnostics;
    if (std::any_of(header.begin(), header.end(),
                    [](const Diagnostic& d) { return d.code == "D0003"; })) {
      std::cerr << RenderAll(header);
      return kErrors;
    }
    if (!index.unplaced.empty()) {
      std::optional<LoadReport> unplaced = load(scratch, index.unplaced, nullptr);
      if (!unplaced) return kUsage;
      take(*unplaced);
    }
  }
  const bool header_errors = std::any_of(header.begin(), header.end(), IsError);

  // Spilled beside the --out file (a disk with room for the output), else in $TMPDIR.
  std::string folder;
  if (command.values.count("--out")) {
    const std::filesystem::path out(command.values["--out"]);
    std::error_code error;
    if (std::filesystem::is_regular_file(out, error) || !std::filesystem::exists(out, error)) {
      folder = out.has_parent_path() ? out.parent_path().string() : ".";
    }
  }
  StatusOr<Spill> results = Spill::Create(folder);
  StatusOr<Spill> unscorable = Spill::Create(folder);
  StatusOr<Spill> without_total = Spill::Create(folder);
  StatusOr<Spill> entities = Spill::Create(folder);
  for (const auto* spill : {&results, &unscorable, &without_total, &entities}) {
    if (!spill->ok()) {
      std::cerr << "rubric: " << spill->status().message() << "\n";
      return kUsage;
    }
  }
  const ResultsSplitter splitter(*standard, shape, format);
  auto selected = [&](std::int64_t period) {
    return !shape.first_period || (*shape.first_period <= period && period <= *shape.last_period);
  };
  auto fail = [](const Status& status) {
    std::cerr << "rubric: " << status.message() << "\n";
    return status.code() == StatusCode::kInternal ? kErrors : kUsage;
  };
  const auto& periods = index.periods;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const std::int64_t period = periods[i].first;
    Session window(*standard);
    std::vector<int> row_lines;
    std::optional<LoadReport> report = load(window, periods[i].second, &row_lines);
    if (!report) return kUsage;
    take(*report);
    const std::size_t target_rows = window.row_count();
    totals.report.rows_added += report->rows_added;
    totals.report.periods += report->periods;
    totals.report.values += report->values;
    totals.report.rows_read += report->rows_read;
    for (std::size_t k = 0; k < report->rows_with_value.size(); ++k) {
      totals.report.rows_with_value[k] += report->rows_with_value[k];
    }
    if (report->rows_read > 0) {
      std::set<std::string> absent(report->absent_inputs.begin(), report->absent_inputs.end());
      if (!totals.absent) {
        totals.absent = std::move(absent);
      } else {
        std::erase_if(*totals.absent, [&](const std::string& id) { return !absent.count(id); });
      }
    }
    {
      std::vector<std::string> names;
      for (std::size_t row = 0; row < target_rows; ++row) names.push_back(window.entity(row));
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) entities->Add({name, 0}, {});
      if (Status ended = entities->EndRun(); !ended.ok()) return fail(ended);
    }
    // A file with errors is not scored: its periods are read only for their errors.
    if (header_errors || totals.errors || !selected(period)) continue;
    // The periods this one reads, the file's from period - look_back on.
    for (std::size_t j = i; j > 0 && period - periods[j - 1].first <= look_back; --j) {
      if (!load(window, periods[j - 1].second, nullptr)) return kUsage;
    }
    window.Evaluate();
    totals.selected_rows += target_rows;
    for (std::size_t row = 0; row < target_rows; ++row) {
      const SpillKey key{"", row_lines[row]};
      if (!window.scorable(row)) {
        ++totals.counts.unscorable;
        unscorable->Add(key, UnscorableWarning(data_path, window, row));
      }
      if (std::optional<TotalWarning> warning = TotalWarningOf(data_path, window, row)) {
        ++(warning->missing ? totals.counts.without_total : totals.counts.not_a_number);
        without_total->Add(key, warning->text);
      }
      const std::size_t count = window.imputations(row).size();
      totals.counts.imputed += count;
      totals.counts.rows_with_imputed += count > 0 ? 1 : 0;
    }
    for (auto* spill : {&unscorable, &without_total}) {
      if (Status ended = (*spill)->EndRun(); !ended.ok()) return fail(ended);
    }
    std::vector<std::size_t> rows;
    for (std::size_t row : RowsInOutputOrder(window)) {
      if (window.period(row) == period) rows.push_back(row);
    }
    if (Status added = splitter.Add(window, period, rows, &*results); !added.ok()) {
      return fail(added);
    }
  }

  // What LoadCsv says of the whole file: the header's diagnostics, the records' errors in
  // line order (cut as it cuts them), the inputs no row gives.
  std::stable_sort(totals.records.begin(), totals.records.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  std::vector<Diagnostic> said = header;
  std::size_t errors =
      static_cast<std::size_t>(std::count_if(header.begin(), header.end(), IsError));
  const std::size_t most = command.csv.max_errors;
  for (const Diagnostic& d : totals.records) {
    if (errors >= most) break;
    said.push_back(d);
    if (IsError(d) && ++errors == most) {
      Diagnostic cut;
      cut.code = "D0009";
      cut.file = data_path;
      cut.line = d.line;
      cut.message = "too many errors (" + std::to_string(most) + "); stopped reading";
      cut.hint = "fix the errors above and load again";
      said.push_back(cut);
    }
  }
  if (header_errors || totals.errors) {
    std::cerr << RenderAll(said);
    return kErrors;
  }
  if (totals.report.rows_read > 0) {
    for (const InputInfo& input : standard->inputs()) {
      if (!totals.absent || !totals.absent->count(input.id)) continue;
      totals.report.absent_inputs.push_back(input.id);
      if (auto found = totals.absent_warnings.find(input.id);
          found != totals.absent_warnings.end()) {
        said.push_back(found->second);
      }
    }
  }
  std::cerr << RenderAll(said);
  if (WarningsFail(said)) return kErrors;
  {
    std::string last;
    bool any = false;
    const Status merged = entities->Merge([&](SpillKey key, std::string_view) {
      if (!any || key.text != last) ++totals.report.entities;
      any = true;
      last = std::string(key.text);
    });
    if (!merged.ok()) return fail(merged);
  }
  SayLoaded(data_path, *standard, totals.report);

  if (shape.first_period && totals.selected_rows == 0) {
    std::cerr << "rubric: no row in period"
              << (*shape.first_period == *shape.last_period ? " " : "s ")
              << command.values["--period"] << "\n";
    return kErrors;
  }
  for (const auto* spill : {&unscorable, &without_total}) {
    const Status merged =
        (*spill)->Merge([](SpillKey, std::string_view text) { std::cerr << text; });
    if (!merged.ok()) return fail(merged);
  }
  if (const int finished = FinishScoreWarnings(totals.counts); finished != kOk) return finished;

  Status merged;
  const int emitted = Emit(command, [&](std::ostream& out) {
    if (format == "json" && results->records() == 0) {
      out << splitter.empty();
      return;
    }
    out << splitter.head();
    if (format == "json") out << "\n";
    bool first = true;
    merged = results->Merge([&](SpillKey, std::string_view part) {
      if (!first) out << (format == "json" ? ",\n" : format == "table" ? "\n" : "");
      first = false;
      out << part;
    });
    if (!merged.ok()) {
      out.setstate(std::ios::badbit);  // an --out file is then not put in place
      return;
    }
    if (format == "json") out << "\n  ]\n}\n";
  });
  if (!merged.ok()) return fail(merged);
  return emitted;
}

}  // namespace rubric::cli
