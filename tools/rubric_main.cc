// The `rubric` command: check standards and score data with them. Uses only the public C++
// API (include/rubric/).
//
//   rubric check STANDARD...
//   rubric score STANDARD DATA.csv [--format table|csv|json] [--out FILE]
//                [--entity-column NAME] [--period-column NAME] [--ignore COL,...]
//
// Exit status: 0 success, 1 errors in a standard or in data, 2 usage or I/O errors.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "rubric/data.h"
#include "rubric/diagnostic.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "rubric/version.h"

namespace {

constexpr int kOk = 0;
constexpr int kErrors = 1;
constexpr int kUsage = 2;

constexpr const char* kUsageText =
    "usage: rubric check STANDARD...\n"
    "       rubric score STANDARD DATA.csv [--format table|csv|json] [--out FILE]\n"
    "                    [--entity-column NAME] [--period-column NAME] [--ignore COL,...]\n"
    "       rubric --version\n";

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

// Writes `text` to `path` atomically: a temporary file in the same folder, then a rename, so
// a failure leaves either the old file or the complete new one.
bool WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".rubric-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << text;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      return false;
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

// Compiles the standard at `path`, printing its diagnostics. Exit status in `*status`.
std::optional<rubric::Standard> CompileFile(const std::string& path, int* status) {
  std::optional<std::string> source = ReadFile(path);
  if (!source) {
    std::cerr << "rubric: cannot read " << path << "\n";
    *status = kUsage;
    return std::nullopt;
  }
  rubric::CompileResult result = rubric::Standard::Compile(*source, path);
  std::cerr << rubric::RenderAll(result.diagnostics, *source);
  if (!result.ok()) {
    *status = kErrors;
    return std::nullopt;
  }
  *status = kOk;
  return std::move(result.standard);
}

int Check(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << kUsageText;
    return kUsage;
  }
  int worst = kOk;
  for (const std::string& path : args) {
    int status = kOk;
    std::optional<rubric::Standard> standard = CompileFile(path, &status);
    if (standard) {
      std::cerr << path << ": ok: standard '" << standard->id() << "', "
                << standard->inputs().size() << " inputs, " << standard->nodes().size()
                << " nodes, " << standard->vetoes().size() << " vetoes\n";
    }
    worst = std::max(worst, status);
  }
  return worst;
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

int Score(const std::vector<std::string>& args) {
  std::vector<std::string> positional;
  std::string format = "table";
  std::string out_path;
  rubric::CsvOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << "rubric: " << flag << " needs a value\n" << kUsageText;
        return std::nullopt;
      }
      return args[++i];
    };
    std::optional<std::string> v;
    if (arg == "--format") {
      if (!(v = value("--format"))) return kUsage;
      format = *v;
    } else if (arg == "--out") {
      if (!(v = value("--out"))) return kUsage;
      out_path = *v;
    } else if (arg == "--entity-column") {
      if (!(v = value("--entity-column"))) return kUsage;
      options.entity_column = *v;
    } else if (arg == "--period-column") {
      if (!(v = value("--period-column"))) return kUsage;
      options.period_column = *v;
    } else if (arg == "--ignore") {
      if (!(v = value("--ignore"))) return kUsage;
      for (std::string& column : SplitCommas(*v)) options.ignore_columns.push_back(column);
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "rubric: unknown option " << arg << "\n" << kUsageText;
      return kUsage;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) {
    std::cerr << kUsageText;
    return kUsage;
  }
  if (format != "table" && format != "csv" && format != "json") {
    std::cerr << "rubric: unknown format '" << format << "' (table, csv or json)\n";
    return kUsage;
  }
  int status = kOk;
  std::optional<rubric::Standard> standard = CompileFile(positional[0], &status);
  if (!standard) return status;
  std::optional<std::string> data = ReadFile(positional[1]);
  if (!data) {
    std::cerr << "rubric: cannot read " << positional[1] << "\n";
    return kUsage;
  }

  rubric::Session session(*standard);
  rubric::LoadReport report = rubric::LoadCsv(session, *data, positional[1], options);
  std::cerr << rubric::RenderAll(report.diagnostics);
  if (!report.ok()) return kErrors;
  std::cerr << positional[1] << ": read " << report.records << " records ("
            << (report.long_format ? "long" : "wide") << "): " << report.rows_added << " rows, "
            << report.entities << " entities, " << report.periods << " periods, "
            << report.values << " values\n";

  session.Evaluate();
  std::size_t unscorable = 0;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (!session.scorable(row)) {
      ++unscorable;
      std::cerr << positional[1] << ": warning: entity '" << session.entity(row) << "', period "
                << session.period(row) << " is not scorable: " << session.unscorable_reason(row)
                << "\n";
    }
  }
  if (unscorable > 0) std::cerr << unscorable << " rows not scorable\n";

  std::ostringstream results;
  if (format == "csv") {
    rubric::WriteResultsCsv(session, results);
  } else if (format == "json") {
    rubric::WriteResultsJson(session, results);
  } else {
    rubric::WriteRankingTable(session, results);
  }
  if (out_path.empty()) {
    std::cout << results.str();
    std::cout.flush();
    return std::cout ? kOk : kUsage;
  }
  if (!WriteFileAtomically(out_path, results.str())) {
    std::cerr << "rubric: cannot write " << out_path << "\n";
    return kUsage;
  }
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsageText;
    return args.empty() ? kUsage : kOk;
  }
  if (args[0] == "--version") {
    std::cout << "rubric " << rubric::VersionString() << "\n";
    return kOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "check") return Check(args);
    if (command == "score") return Score(args);
  } catch (const std::exception& e) {
    std::cerr << "rubric: internal error: " << e.what() << "\n";
    return kUsage;
  }
  std::cerr << "rubric: unknown command '" << command << "'\n" << kUsageText;
  return kUsage;
}
