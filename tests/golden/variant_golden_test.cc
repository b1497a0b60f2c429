// The variant mechanism on a provincial variant of the bundled consortium standard
// (examples/consortium/jiangsu.rubric): what `rubric diff` prints about it, with and
// without the bundled data, is pinned in tests/golden/variant/. Run with
// RUBRIC_UPDATE_GOLDEN=1 to rewrite the pinned files after an intended change.
#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "rubric/diff.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::RunCommand;
using testing::SourceDir;

// Runs `rubric ARGS` in the source folder (paths in the output stay relative).
testing::CommandResult RunInSourceDir(const std::string& args) {
  return RunCommand("cd " + Quote(SourceDir()) + " && " + testing::Cli() + " " + args);
}

void ExpectPinned(const std::string& actual, const std::string& file) {
  const auto path = SourceDir() / "tests/golden/variant" / file;
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << file;
  }
  EXPECT_EQ(actual, testing::ReadFileOrDie(path));
}

TEST(VariantGoldenTest, TheProvincialVariantChecksAndLintsClean) {
  const auto check = RunInSourceDir("check --strict examples/consortium/jiangsu.rubric");
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.err,
            "examples/consortium/jiangsu.rubric: ok: standard 'jiangsu', 128 inputs, 64 nodes, "
            "7 vetoes\n");
  const auto lint = RunInSourceDir("lint examples/consortium/jiangsu.rubric");
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
}

TEST(VariantGoldenTest, DiffListsWhatTheProvinceChanged) {
  const auto diff =
      RunInSourceDir("diff examples/consortium/standard.rubric examples/consortium/jiangsu.rubric");
  EXPECT_EQ(diff.exit_code, 1) << diff.err;  // they differ
  ExpectPinned(diff.out, "jiangsu.diff");
}

TEST(VariantGoldenTest, DiffWithDataShowsWhoseGradesAndRanksMove) {
  const auto diff = RunInSourceDir(
      "diff examples/consortium/standard.rubric examples/consortium/jiangsu.rubric "
      "--data examples/consortium/cities.csv");
  EXPECT_EQ(diff.exit_code, 1) << diff.err;
  ExpectPinned(diff.out, "jiangsu_with_data.diff");
}

// The library agrees with the command: the same changes through the C++ API.
TEST(VariantGoldenTest, TheApiSeesTheSameChanges) {
  const CompileResult base =
      Standard::CompileFile((SourceDir() / "examples/consortium/standard.rubric").string());
  const CompileResult variant =
      Standard::CompileFile((SourceDir() / "examples/consortium/jiangsu.rubric").string());
  ASSERT_TRUE(base.ok() && variant.ok());
  const std::vector<StandardChange> changes = DiffStandards(*base.standard, *variant.standard);
  EXPECT_EQ(RenderStandardDiff(changes),
            testing::ReadFileOrDie(SourceDir() / "tests/golden/variant/jiangsu.diff"));
}

}  // namespace
}  // namespace rubric
