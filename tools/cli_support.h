// What the commands of the `rubric` program share: reading and writing files, compiling a
// standard with its diagnostics, the data options, exit statuses. Public C++ API only.
#ifndef RUBRIC_TOOLS_CLI_SUPPORT_H_
#define RUBRIC_TOOLS_CLI_SUPPORT_H_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "output_file.h"
#include "rubric/data.h"
#include "rubric/diagnostic.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric::cli {

inline constexpr int kOk = 0;
inline constexpr int kErrors = 1;
inline constexpr int kUsage = 2;

extern const char* const kUsageText;

// --strict: warnings (of the standard, of the data, rows that cannot be scored) are errors.
extern bool strict;

// --allow-any-base: bases of variants may be read from anywhere, not only from the folder
// tree of the standard being compiled.
extern bool allow_any_base;

// A data or edits file (ReadInputFile, at most kMaxDataFileBytes); nullopt after saying
// why it cannot be read.
std::optional<std::string> ReadDataFile(const std::string& path);
bool HasWarnings(const std::vector<rubric::Diagnostic>& diagnostics);
bool WarningsFail(const std::vector<rubric::Diagnostic>& diagnostics);
std::optional<rubric::Standard> CompileFile(const std::string& path, int* status);
std::vector<std::string> SplitCommas(const std::string& text);

// Options shared by the commands that read data.
struct DataCommand {
  std::vector<std::string> positional;
  rubric::CsvOptions csv;
  std::map<std::string, std::string> values;  // --flag VALUE
  std::set<std::string> switches;             // --flag
  std::string sheet;                          // --sheet NAME: of a workbook (.xlsx) of data
};

bool ParseDataCommand(const std::vector<std::string>& args,
                      const std::set<std::string>& value_flags,
                      const std::set<std::string>& switch_flags, DataCommand* out);
// DATA is CSV, or an Excel workbook (.xlsx, or the ZIP signature): its first sheet, or
// `sheet` when not empty.
std::optional<rubric::Session> LoadSession(const std::string& standard_path,
                                           const std::string& data_path,
                                           const rubric::CsvOptions& csv, int* status,
                                           const std::string& sheet = {});
// After loading DATA: "DATA: read N records (long): R rows, E entities, P periods, V values",
// then the inputs some rows lack, fewest values first.
void SayLoaded(const std::string& data_path, const rubric::Standard& standard,
               const rubric::LoadReport& report);
// --out, when given, must not name one of `inputs`: false after saying so.
bool OutputIsNoInput(DataCommand& command, const std::vector<std::string>& inputs);
int Emit(DataCommand& command, const Writer& write);

// Reads the numeric option `flag` into *out when given; false (after saying why) when it is
// not a number of T's kind and range. Whole-number options are parsed as integers (no
// 1e20, no 2.9), with an error past T's range; non-negative unless T is signed. Shares
// (doubles) are finite and non-negative.
template <typename T>
bool NumberOption(DataCommand& command, const char* flag, T* out) {
  if (!command.values.count(flag)) return true;
  const std::string& text = command.values[flag];
  const char* const end = text.data() + text.size();
  if constexpr (std::is_integral_v<T>) {
    T value{};
    const bool sign_ok = std::is_signed_v<T> || (!text.empty() && text[0] != '-');
    const char* first = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(first, end, value);
    if (sign_ok && ec == std::errc() && ptr == end && !text.empty()) {
      *out = value;
      return true;
    }
    if (sign_ok && ec == std::errc::result_out_of_range && ptr == end) {
      std::cerr << "rubric: " << flag << " " << text << " is out of range (at most "
                << std::numeric_limits<T>::max() << ")\n";
      return false;
    }
    std::cerr << "rubric: " << flag << " takes a whole number"
              << (std::is_signed_v<T> ? "" : " not below 0") << ", not '" << text << "'\n";
    return false;
  } else {
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc() && ptr == end && !text.empty() && std::isfinite(value) && value >= 0) {
      *out = static_cast<T>(value);
      return true;
    }
    std::cerr << "rubric: " << flag << " takes a non-negative number, not '" << text << "'\n";
    return false;
  }
}

// --period P or --period FIRST..LAST (both included, FIRST <= LAST) into *first and *last
// (equal for one period); true and nothing set when not given; false after saying why.
bool PeriodRangeOption(DataCommand& command, std::optional<std::int64_t>* first,
                       std::optional<std::int64_t>* last);
// --decimals N (0 to 12) into *out when given; false after saying why.
bool DecimalsOption(DataCommand& command, std::optional<int>* out);

// A progress indicator on standard error for long steps (loading, scoring, sensitivity):
// while one lives, after half a second, a line "rubric: WHAT... Ns" is redrawn in place
// each quarter second, and cleared when it ends. Only when standard error is a terminal;
// nothing at all otherwise (pipes, files, tests).
class Progress {
 public:
  explicit Progress(std::string what);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  struct State;
  State* state_ = nullptr;  // null when standard error is not a terminal
};

// --help for every command (cmd_help.cc): the usage, the options and an example of
// `command`, to `out`; false when there is no such command.
bool PrintCommandHelp(const std::string& command, std::ostream& out);
// `rubric help`: the commands, one line each.
void PrintCommandList(std::ostream& out);
// `rubric help [COMMAND]`.
int Help(const std::vector<std::string>& args);

// The commands, one per file (cmd_*.cc).
int Check(const std::vector<std::string>& args);
int Fmt(const std::vector<std::string>& args);
int Lint(const std::vector<std::string>& args);
int Graph(const std::vector<std::string>& args);
int Diff(const std::vector<std::string>& args);
int Attribute(const std::vector<std::string>& args);
int Goal(const std::vector<std::string>& args);
int Report(const std::vector<std::string>& args);
int Sensitivity(const std::vector<std::string>& args);
int Replay(const std::vector<std::string>& args);
int Test(const std::vector<std::string>& args);
int Serve(const std::vector<std::string>& args);
int Lsp(const std::vector<std::string>& args);

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_CLI_SUPPORT_H_
