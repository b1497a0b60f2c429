// rubric graph STANDARD [--format dot|json] [--out FILE]: the dependency graph of a
// standard, as Graphviz DOT (`rubric graph s.rubric | dot -Tsvg > s.svg`) or JSON.
#include "cli_support.h"
#include "rubric/graph.h"

namespace rubric::cli {

int Graph(const std::vector<std::string>& args) {
  DataCommand command;
  if (!ParseDataCommand(args, {"--format", "--out"}, {}, &command)) return kUsage;
  const rubric::CsvOptions no_data;
  const bool data_options = command.csv.entity_column != no_data.entity_column ||
                            command.csv.period_column != no_data.period_column ||
                            !command.csv.ignore_columns.empty();
  if (command.positional.size() != 1 || data_options) {
    std::cerr << kUsageText;
    return kUsage;
  }
  const std::string format = command.values.count("--format") ? command.values["--format"] : "dot";
  if (format != "dot" && format != "json") {
    std::cerr << "rubric: unknown format '" << format << "' (dot or json)\n";
    return kUsage;
  }
  if (!OutputIsNoInput(command, command.positional)) return kUsage;
  int status = kOk;
  std::optional<rubric::Standard> standard = CompileFile(command.positional[0], &status);
  if (!standard) return status;
  const rubric::DependencyGraphView graph = rubric::DescribeDependencies(*standard);
  const std::string text =
      format == "json" ? rubric::GraphToJson(graph)
                       : rubric::GraphToDot(
                             graph, standard->title().empty() ? standard->id() : standard->title());
  return Emit(command, [&](std::ostream& out) { out << text; });
}

}  // namespace rubric::cli
