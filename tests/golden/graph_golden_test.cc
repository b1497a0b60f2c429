// `rubric graph`: the DOT and JSON of tests/golden/graph/small.rubric are pinned in the .dot
// and .json files beside it (the library's writers and the command print the same), and the
// bundled consortium standard's graph renders with Graphviz when `dot` is installed. Run
// with RUBRIC_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
// review the diff.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "rubric/graph.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::RunCommand;

std::filesystem::path GoldenDir() { return testing::SourceDir() / "tests/golden/graph"; }

void ExpectGolden(const std::string& actual, const std::filesystem::path& path) {
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << path.filename();
  }
  EXPECT_EQ(actual, testing::ReadFileOrDie(path)) << path.filename();
}

TEST(GraphGoldenTest, LibraryWritersMatchTheGoldenFiles) {
  const std::string source = testing::ReadFileOrDie(GoldenDir() / "small.rubric");
  const CompileResult compiled = Standard::Compile(source, "small.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  const DependencyGraphView graph = DescribeDependencies(*compiled.standard);
  ExpectGolden(GraphToDot(graph, compiled.standard->title()), GoldenDir() / "small.dot");
  ExpectGolden(GraphToJson(graph), GoldenDir() / "small.json");
}

TEST(GraphGoldenTest, CommandPrintsTheGoldenFiles) {
  const std::string standard = Quote(GoldenDir() / "small.rubric");
  const auto dot = RunCommand(testing::Cli() + " graph " + standard);
  EXPECT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out, testing::ReadFileOrDie(GoldenDir() / "small.dot"));
  const auto json = RunCommand(testing::Cli() + " graph " + standard + " --format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, testing::ReadFileOrDie(GoldenDir() / "small.json"));
}

TEST(GraphGoldenTest, CommandWritesOutAndRejectsBadUsage) {
  const auto out = std::filesystem::temp_directory_path() /
                   ("rubric-graph-" + std::to_string(::getpid()) + ".dot");
  const auto written = RunCommand(testing::Cli() + " graph " + Quote(GoldenDir() / "small.rubric") +
                                  " --out " + Quote(out));
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(written.out, "");
  EXPECT_EQ(testing::ReadFileOrDie(out), testing::ReadFileOrDie(GoldenDir() / "small.dot"));
  std::filesystem::remove(out);

  const std::string standard = Quote(GoldenDir() / "small.rubric");
  EXPECT_EQ(RunCommand(testing::Cli() + " graph").exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " graph " + standard + " --format svg").exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " graph " + standard + " --ignore x").exit_code, 2);
  EXPECT_EQ(RunCommand(testing::Cli() + " graph /nonexistent.rubric").exit_code, 2);
}

// Graphviz is not a dependency of rubric: without `dot` this test is skipped.
TEST(GraphGoldenTest, ConsortiumGraphRendersWithGraphviz) {
  if (RunCommand("command -v dot").exit_code != 0) GTEST_SKIP() << "dot is not installed";
  const auto dot = std::filesystem::temp_directory_path() /
                   ("rubric-graph-" + std::to_string(::getpid()) + "-consortium.dot");
  const auto graph = RunCommand(testing::Cli() + " graph " + testing::ConsortiumStandardArg() +
                                " --out " + Quote(dot));
  ASSERT_EQ(graph.exit_code, 0) << graph.err;
  const auto result = RunCommand("dot -Tsvg " + Quote(dot));
  std::filesystem::remove(dot);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");  // no syntax warnings either
  EXPECT_NE(result.out.find("<svg"), std::string::npos);
  EXPECT_NE(result.out.find("T16_3.veto"), std::string::npos);
}

}  // namespace
}  // namespace rubric
