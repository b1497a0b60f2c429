// `rubric diff`: the text and JSON it prints for tests/golden/diff/base.rubric against
// changed.rubric on data.csv are pinned in changed.txt and changed.json, and its exit codes
// follow diff(1): 0 the same, 1 different, 2 trouble. Run with RUBRIC_UPDATE_GOLDEN=1 to
// rewrite the golden files after an intended change, then review the diff.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::RunCommand;

std::filesystem::path GoldenDir() { return testing::SourceDir() / "tests/golden/diff"; }

std::string Diff(const std::string& arguments) {
  return testing::Cli() + " diff " + Quote(GoldenDir() / "base.rubric") + " " +
         Quote(GoldenDir() / "changed.rubric") + arguments;
}

void ExpectGolden(const std::string& actual, const std::filesystem::path& path) {
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << path.filename();
  }
  EXPECT_EQ(actual, testing::ReadFileOrDie(path)) << path.filename();
}

TEST(DiffCliTest, TextWithData) {
  const auto result = RunCommand(Diff(" --data " + Quote(GoldenDir() / "data.csv")));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.err, "");
  ExpectGolden(result.out, GoldenDir() / "changed.txt");
}

TEST(DiffCliTest, ToolsGuideShowsTheGoldenOutput) {
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/tools.md");
  const std::string shown = "$ rubric diff base.rubric changed.rubric --data data.csv\n" +
                            testing::ReadFileOrDie(GoldenDir() / "changed.txt") + "```\n";
  EXPECT_NE(doc.find(shown), std::string::npos);
}

TEST(DiffCliTest, JsonWithData) {
  const auto result =
      RunCommand(Diff(" --data " + Quote(GoldenDir() / "data.csv") + " --format json"));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ExpectGolden(result.out, GoldenDir() / "changed.json");
  const nlohmann::json doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["changes"].size(), 8u);
  EXPECT_EQ(doc["scores"]["rows"], 5);
  EXPECT_EQ(doc["scores"]["rows_changed"][2]["rank_a"], nullptr);  // vetoed: no rank
}

TEST(DiffCliTest, TheSameStandardExitsWithZero) {
  const std::string standard = Quote(GoldenDir() / "base.rubric");
  const auto result = RunCommand(testing::Cli() + " diff " + standard + " " + standard +
                                 " --data " + Quote(GoldenDir() / "data.csv"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "5 rows; 0 change grade; 0 change rank\n");
  const auto plain = RunCommand(testing::Cli() + " diff " + standard + " " + standard);
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_EQ(plain.out, "");
}

TEST(DiffCliTest, TroubleExitsWithTwo) {
  EXPECT_EQ(RunCommand(testing::Cli() + " diff " + Quote(GoldenDir() / "base.rubric")).exit_code,
            2);
  EXPECT_EQ(RunCommand(Diff(" --format xml")).exit_code, 2);
  EXPECT_EQ(RunCommand(Diff(" --data /nonexistent.csv")).exit_code, 2);
  const auto missing = RunCommand(testing::Cli() + " diff /nonexistent.rubric " +
                                  Quote(GoldenDir() / "base.rubric"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent.rubric"), std::string::npos) << missing.err;

  // Bad data: the loader's diagnostics, and nothing on stdout.
  const auto bad_data = std::filesystem::temp_directory_path() /
                        ("rubric-diff-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(bad_data, std::ios::binary) << "entity,period,投入\n甲市,2024,很多\n";
  const auto result = RunCommand(Diff(" --data " + Quote(bad_data)));
  std::filesystem::remove(bad_data);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find(".csv:2: error:"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace rubric
