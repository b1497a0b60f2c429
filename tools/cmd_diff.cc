// rubric diff A B [--data DATA.csv] [--format text|json]: what changed from standard A to
// standard B and, with data, whose grades and ranks move. Exit status as diff(1): 0 the
// same, 1 different, 2 trouble (usage, unreadable files, standards or data with errors).
#include "cli_support.h"
#include "rubric/diff.h"

namespace rubric::cli {

int Diff(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args, {"--data", "--format"}, {}, &command)) return kUsage;
  if (command.positional.size() != 2) {
    std::cerr << kUsageText;
    return kUsage;
  }
  const std::string format = command.values.count("--format") ? command.values["--format"] : "text";
  if (format != "text" && format != "json") {
    std::cerr << "rubric: unknown format '" << format << "' (text or json)\n";
    return kUsage;
  }
  // Both are compiled, so that the errors of both are shown; errors are trouble, not a
  // difference.
  int status = kOk;
  std::optional<rubric::Standard> a = CompileFile(command.positional[0], &status);
  std::optional<rubric::Standard> b = CompileFile(command.positional[1], &status);
  if (!a || !b) return kUsage;
  const std::vector<rubric::StandardChange> changes = rubric::DiffStandards(*a, *b);

  std::optional<rubric::ScoreDiff> scores;
  if (command.values.count("--data")) {
    const std::string& path = command.values["--data"];
    std::optional<std::string> data = ReadDataFile(path);
    if (!data) return kUsage;
    rubric::StatusOr<rubric::ScoreDiff> diff = rubric::DiffScores(*a, *b, *data, path, command.csv);
    if (!diff.ok()) {
      std::cerr << diff.status().message();
      return kUsage;
    }
    scores = std::move(*diff);
    std::cerr << rubric::RenderAll(scores->warnings);
    if (WarningsFail(scores->warnings)) return kUsage;
  }

  if (format == "json") {
    std::cout << rubric::RenderDiffJson(changes, scores ? &*scores : nullptr);
  } else {
    std::cout << rubric::RenderStandardDiff(changes);
    if (scores) std::cout << (changes.empty() ? "" : "\n") << rubric::RenderScoreDiff(*scores);
  }
  const bool differ = !changes.empty() || (scores && !scores->rows_changed.empty());
  return differ ? kErrors : kOk;
}

}  // namespace rubric::cli
