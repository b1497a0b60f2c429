// rubric attribute STANDARD DATA --entity E --from P1 --to P2 [--data-to DATA2]
//                  [--standard-to VARIANT] [--samples N] [--seed S] [--exact-players K]
//                  [--format table|json] [--out FILE]
// What moved an entity's total: between two periods, or (--data-to, --standard-to) between
// two data files or a standard and its variant, the same period (--period P, or --from P).
// Exit 0 ok, 1 errors (standard, data, no such row), 2 usage or I/O.
#include <charconv>

#include "cli_support.h"
#include "rubric/attribution.h"

namespace rubric::cli {
namespace {

bool PeriodOption(DataCommand& command, const char* flag, std::optional<std::int64_t>* out) {
  if (!command.values.count(flag)) return true;
  const std::string& text = command.values[flag];
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    std::cerr << "rubric: " << flag << " takes a period (a whole number), not '" << text << "'\n";
    return false;
  }
  *out = value;
  return true;
}

}  // namespace

int Attribute(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args,
                        {"--entity", "--from", "--to", "--period", "--data-to", "--standard-to",
                         "--samples", "--seed", "--exact-players", "--format", "--out"},
                        {}, &command)) {
    return kUsage;
  }
  const std::string format =
      command.values.count("--format") ? command.values["--format"] : "table";
  if (command.positional.size() != 2 || !command.values.count("--entity")) {
    std::cerr << kUsageText;
    return kUsage;
  }
  if (format != "table" && format != "json") {
    std::cerr << "rubric: unknown format '" << format << "' (table or json)\n";
    return kUsage;
  }
  const bool two_sessions =
      command.values.count("--data-to") || command.values.count("--standard-to");
  std::optional<std::int64_t> from, to, period;
  if (!PeriodOption(command, "--from", &from) || !PeriodOption(command, "--to", &to) ||
      !PeriodOption(command, "--period", &period)) {
    return kUsage;
  }
  if (period) {
    if (from || to) {
      std::cerr << "rubric: --period is --from and --to at once; give one or the others\n";
      return kUsage;
    }
    from = to = period;
  }
  if (two_sessions && from && !to) to = from;
  if (!from || !to) {
    std::cerr << "rubric: attribute needs --from P1 --to P2 (or, with --data-to or "
                 "--standard-to, --period P)\n";
    return kUsage;
  }
  rubric::AttributionOptions options;
  options.entity = command.values["--entity"];
  options.from = *from;
  options.to = *to;
  if (!NumberOption(command, "--samples", &options.samples) ||
      !NumberOption(command, "--seed", &options.seed) ||
      !NumberOption(command, "--exact-players", &options.exact_players)) {
    return kUsage;
  }
  std::vector<std::string> inputs = command.positional;
  for (const char* flag : {"--data-to", "--standard-to"}) {
    if (command.values.count(flag)) inputs.push_back(command.values[flag]);
  }
  if (!OutputIsNoInput(command, inputs)) return kUsage;

  int status = kOk;
  std::optional<rubric::Session> session, other;
  rubric::StatusOr<rubric::AttributionResult> result =
      rubric::Status(rubric::StatusCode::kInternal, "not run");
  if (command.values.count("--standard-to")) {
    // A standard and its variant: both read the data without the inputs only the other
    // knows, as `rubric diff --data` does.
    std::optional<rubric::Standard> a = CompileFile(command.positional[0], &status);
    std::optional<rubric::Standard> b = CompileFile(command.values["--standard-to"], &status);
    if (!a || !b) return kErrors;
    const std::string& path_from = command.positional[1];
    const std::string path_to =
        command.values.count("--data-to") ? command.values["--data-to"] : path_from;
    std::optional<std::string> data_from = ReadDataFile(path_from);
    if (!data_from) return kUsage;
    std::optional<std::string> data_to = data_from;
    if (path_to != path_from) data_to = ReadDataFile(path_to);
    if (!data_to) return kUsage;
    result = rubric::AttributeStandards(*a, *b, *data_from, path_from, *data_to, path_to,
                                        command.csv, options);
  } else {
    session = LoadSession(command.positional[0], command.positional[1], command.csv, &status,
                          command.sheet);
    if (!session) return status;
    if (command.values.count("--data-to")) {
      other = LoadSession(command.positional[0], command.values["--data-to"], command.csv, &status,
                          command.sheet);
      if (!other) return status;
    }
    result =
        other ? rubric::Attribute(*session, *other, options) : rubric::Attribute(*session, options);
  }
  if (!result.ok()) {
    const std::string& message = result.status().message();
    if (result.status().code() == rubric::StatusCode::kDataError) {
      std::cerr << message;  // rendered diagnostics
    } else {
      std::cerr << "rubric: " << message << "\n";
    }
    return result.status().code() == rubric::StatusCode::kInvalidArgument ? kUsage : kErrors;
  }
  return Emit(command, [&](std::ostream& out) {
    out << (format == "json" ? rubric::AttributionToJson(*result)
                             : rubric::RenderAttribution(*result));
  });
}

}  // namespace rubric::cli
