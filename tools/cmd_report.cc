// rubric report STANDARD DATA [--out report.html] [--period P|A..B] [--lang zh|en]
// [--decimals N]: one
// self-contained HTML page of the results (rubric::RenderHtmlReport), for people who read
// rather than program: rankings, distributions, and a page per entity.
#include <filesystem>

#include "cli_support.h"
#include "rubric/file.h"
#include "rubric/report.h"

namespace rubric::cli {

int Report(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args, {"--out", "--period", "--lang", "--decimals"}, {}, &command)) {
    return kUsage;
  }
  if (command.positional.size() != 2) {
    std::cerr << kUsageText;
    return kUsage;
  }
  rubric::HtmlReportOptions options;
  if (command.values.count("--lang")) {
    options.language = command.values["--lang"];
    if (options.language != "zh" && options.language != "en") {
      std::cerr << "rubric: unknown language '" << options.language << "' (zh or en)\n";
      return kUsage;
    }
  }
  // One period (--period 2024) or a range (--period 2023..2025).
  if (!PeriodRangeOption(command, &options.period, &options.last_period) ||
      !DecimalsOption(command, &options.decimals)) {
    return kUsage;
  }
  const std::vector<std::string>& positional = command.positional;
  if (!OutputIsNoInput(command, positional)) return kUsage;
  int status = kOk;
  std::optional<rubric::Session> session =
      LoadSession(positional[0], positional[1], command.csv, &status, command.sheet);
  if (!session) return status;
  // The bytes the standard was compiled from, for the header's SHA-256.
  rubric::StatusOr<std::string> source =
      rubric::ReadInputFile(positional[0], rubric::kMaxStandardFileBytes);
  if (!source.ok()) {
    std::cerr << "rubric: " << source.status().message() << "\n";
    return kUsage;
  }
  options.standard_source = std::move(*source);
  options.standard_file = std::filesystem::path(positional[0]).filename().string();
  options.data_file = std::filesystem::path(positional[1]).filename().string();
  session->Evaluate();
  rubric::StatusOr<std::string> html = rubric::RenderHtmlReport(*session, options);
  if (!html.ok()) {
    std::cerr << "rubric: " << html.status().message() << "\n";
    return html.status().code() == rubric::StatusCode::kNotFound ? kErrors : kUsage;
  }
  return Emit(command, [&](std::ostream& out) { out << *html; });
}

}  // namespace rubric::cli
