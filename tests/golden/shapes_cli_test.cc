// The output shapes of `rubric score`, `report` and `explain` (--wide, --labels, --period,
// --decimals, the rank) on tests/golden/shapes/, and the help of every command
// (tests/golden/shapes/help/). Run with RUBRIC_UPDATE_GOLDEN=1 to rewrite the golden files
// after an intended change, then review the diff.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::RunCommand;

std::filesystem::path GoldenDir() { return testing::SourceDir() / "tests/golden/shapes"; }

std::string Rubric(const std::string& command, const std::string& arguments) {
  return testing::Cli() + " " + command + " " + Quote(GoldenDir() / "standard.rubric") + " " +
         Quote(GoldenDir() / "data.csv") + arguments;
}

void ExpectGolden(const std::string& actual, const std::filesystem::path& path) {
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, testing::ReadFileOrDie(path)) << path.filename();
}

// Runs `rubric score` with `arguments`, expects exit 0, and returns standard output.
std::string Score(const std::string& arguments) {
  const auto run = RunCommand(Rubric("score", arguments));
  EXPECT_EQ(run.exit_code, 0) << arguments << ": " << run.err;
  return run.out;
}

TEST(ShapesCliTest, WideCsv) {
  ExpectGolden(Score(" --format csv --wide"), GoldenDir() / "wide.csv");
}

// docs/tools.md shows the output of this very command (indented in a list item).
TEST(ShapesCliTest, ToolsGuideShowsTheWideOutput) {
  const std::string out = Score(" --format csv --wide --period 2023");
  std::string shown =
      "  $ rubric score standard.rubric data.csv --format csv --wide --period 2023\n";
  for (std::size_t at = 0; at < out.size();) {
    const std::size_t end = out.find('\n', at);
    shown += "  " + out.substr(at, end - at + 1);
    at = end + 1;
  }
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/tools.md");
  EXPECT_NE(doc.find(shown + "  ```\n"), std::string::npos) << shown;
}

TEST(ShapesCliTest, WideCsvWithLabelsForOnePeriod) {
  ExpectGolden(Score(" --format csv --wide --labels --period 2025"),
               GoldenDir() / "wide_labels_2025.csv");
}

TEST(ShapesCliTest, TableForOnePeriod) {
  ExpectGolden(Score(" --period 2024"), GoldenDir() / "table_2024.txt");
}

TEST(ShapesCliTest, LongCsvForARangeHasARankLinePerRow) {
  const std::string csv = Score(" --format csv --period 2023..2024");
  ExpectGolden(csv, GoldenDir() / "long_2023_2024.csv");
  // Tied totals share a rank; the vetoed row has none.
  EXPECT_NE(csv.find("B,2023,rank,2\n"), std::string::npos);
  EXPECT_NE(csv.find("C,2023,rank,2\n"), std::string::npos);
  EXPECT_NE(csv.find("D,2023,rank,\n"), std::string::npos);
  EXPECT_EQ(csv.find(",2025,"), std::string::npos);
}

TEST(ShapesCliTest, JsonForOnePeriodHasARankField) {
  const std::string json = Score(" --format json --period 2023");
  ExpectGolden(json, GoldenDir() / "json_2023.json");
  const auto doc = nlohmann::json::parse(json);
  ASSERT_EQ(doc["rows"].size(), 4u);
  EXPECT_EQ(doc["rows"][0]["rank"], 1);
  EXPECT_EQ(doc["rows"][1]["rank"], 2);
  EXPECT_EQ(doc["rows"][2]["rank"], 2);
  EXPECT_EQ(doc["rows"][3]["rank"], nullptr);  // vetoed
}

TEST(ShapesCliTest, DecimalsRoundTheTable) {
  ExpectGolden(Score(" --decimals 4"), GoldenDir() / "table_decimals_4.txt");
  EXPECT_NE(Score(" --decimals 0 --period 2024").find(" 9  A\n"), std::string::npos);
}

TEST(ShapesCliTest, DecimalsLeaveCsvAndJsonAlone) {
  for (const std::string format : {" --format csv", " --format csv --wide", " --format json"}) {
    EXPECT_EQ(Score(format + " --decimals 1"), Score(format)) << format;
  }
  EXPECT_NE(Score(" --format csv --decimals 1").find("A,2024,total,5.714285714285714\n"),
            std::string::npos);
}

TEST(ShapesCliTest, ExplainWithDecimals) {
  const auto run = RunCommand(Rubric("explain", " --entity A --period 2024 --decimals 2"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ExpectGolden(run.out, GoldenDir() / "explain_decimals_2.txt");
  // JSON keeps every digit.
  const auto json = RunCommand(Rubric("explain", " --entity A --period 2024 --format json"));
  const auto with_decimals =
      RunCommand(Rubric("explain", " --entity A --period 2024 --format json --decimals 2"));
  EXPECT_EQ(json.out, with_decimals.out);
}

TEST(ShapesCliTest, ExplainTakesOnePeriod) {
  const auto run = RunCommand(Rubric("explain", " --entity A --period 2023..2024"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(run.err.find("explain takes one period"), std::string::npos) << run.err;
}

TEST(ShapesCliTest, ReportTakesARange) {
  const auto run =
      RunCommand("SOURCE_DATE_EPOCH=0 " + Rubric("report", " --period 2024..2025 --decimals 1"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::size_t sections = 0;
  for (std::size_t at = run.out.find("<section class=\"period\""); at != std::string::npos;
       at = run.out.find("<section class=\"period\"", at + 1)) {
    ++sections;
  }
  EXPECT_EQ(sections, 2u);
  EXPECT_EQ(run.out.find("id=\"period-2023\""), std::string::npos);
  EXPECT_NE(run.out.find(">5.7</td>"), std::string::npos);  // A's 2024 total, 1 decimal
  const auto empty = RunCommand(Rubric("report", " --period 2030..2031"));
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("no row in periods 2030..2031"), std::string::npos) << empty.err;
}

TEST(ShapesCliTest, UsageErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {" --period 2025..2023", "the first period is after the last"},
      {" --period 20x4", "--period takes a period or a range"},
      {" --period 2023..", "--period takes a period or a range"},
      {" --wide", "--wide is for --format csv"},
      {" --format csv --labels", "--labels is for --format csv --wide"},
      {" --decimals 13", "--decimals takes a whole number from 0 to 12"},
      {" --decimals -1", "--decimals takes a whole number"},
  };
  for (const auto& [arguments, message] : cases) {
    const auto run = RunCommand(Rubric("score", arguments));
    EXPECT_EQ(run.exit_code, 2) << arguments;
    EXPECT_TRUE(run.out.empty()) << arguments;
    EXPECT_NE(run.err.find(message), std::string::npos) << arguments << ": " << run.err;
  }
  const auto none = RunCommand(Rubric("score", " --period 2030"));
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no row in period 2030"), std::string::npos) << none.err;
}

// Tests run without a terminal: no progress indicator, not a byte of it.
TEST(ShapesCliTest, NoProgressWithoutATerminal) {
  for (const std::string command : {"score", "sensitivity"}) {
    const auto run = RunCommand(Rubric(command, command == "score" ? "" : " --samples 20"));
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err.find('\r'), std::string::npos) << command;
    EXPECT_EQ(run.err.find('\033'), std::string::npos) << command;
    EXPECT_EQ(run.err.find("..."), std::string::npos) << command << ": " << run.err;
  }
}

const std::vector<std::string>& AllCommands() {
  static const std::vector<std::string> commands = {
      "check",  "fmt",         "lint",     "graph",
      "diff",   "test",        "score",    "replay",
      "report", "whatif",      "explain",  "attribute",
      "goal",   "sensitivity", "generate", "generate-standard",
      "serve",  "lsp"};
  return commands;
}

TEST(ShapesCliTest, EveryCommandHasHelp) {
  for (const std::string& command : AllCommands()) {
    const auto help = RunCommand(testing::Cli() + " help " + command);
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_EQ(help.err, "") << command;
    ExpectGolden(help.out, GoldenDir() / "help" / (command + ".txt"));
    EXPECT_NE(help.out.find("usage: rubric " + command), std::string::npos) << command;
    EXPECT_NE(help.out.find("\nexample:\n  rubric " + command), std::string::npos) << command;
    // --help and -h, anywhere after the command, print the same.
    for (const std::string spelling : {" --help", " -h", " x.rubric --help"}) {
      const auto run = RunCommand(testing::Cli() + " " + command + spelling);
      EXPECT_EQ(run.exit_code, 0) << command << spelling;
      EXPECT_EQ(run.out, help.out) << command << spelling;
    }
  }
}

TEST(ShapesCliTest, HelpListsTheCommands) {
  const auto run = RunCommand(testing::Cli() + " help");
  EXPECT_EQ(run.exit_code, 0);
  ExpectGolden(run.out, GoldenDir() / "help" / "commands.txt");
  for (const std::string& command : AllCommands()) {
    EXPECT_NE(run.out.find("\n  " + command + " "), std::string::npos) << command;
  }
  const auto unknown = RunCommand(testing::Cli() + " help frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(unknown.out.empty());
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  // The old spellings still print the usage of every command.
  for (const std::string spelling : {" --help", " -h"}) {
    const auto usage = RunCommand(testing::Cli() + spelling);
    EXPECT_EQ(usage.exit_code, 0);
    EXPECT_EQ(usage.out.rfind("usage: rubric check", 0), 0u) << usage.out;
  }
}

}  // namespace
}  // namespace rubric
