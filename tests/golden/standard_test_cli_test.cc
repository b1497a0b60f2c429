// `rubric test`: every example standard ships with tests that pass; the files of
// tests/golden/standard_test/ pin what the command prints for failing cases and for
// mistakes in test files (T0001-T0006), each run on examples/guide/06_grades.rubric.
// Run with RUBRIC_UPDATE_GOLDEN=1 to rewrite the .expected files.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

namespace fs = std::filesystem;
using testing::Cli;
using testing::CommandResult;
using testing::Quote;
using testing::RunCommand;
using testing::SourceDir;

const fs::path kGoldenDir = "tests/golden/standard_test";
constexpr const char* kGrades = "examples/guide/06_grades.rubric";

CommandResult RunRubric(const std::string& args) {
  return RunCommand("cd " + Quote(SourceDir()) + " && " + Cli() + " " + args);
}

std::string Describe(const CommandResult& result) {
  return "exit " + std::to_string(result.exit_code) + "\n" + result.err + result.out;
}

// The example standards, relative to the repository root (the guide's deliberate mistakes
// excepted).
std::vector<fs::path> ExampleStandards() {
  std::vector<fs::path> standards;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / "examples")) {
    const fs::path file = fs::relative(entry.path(), SourceDir());
    if (entry.is_regular_file() && file.extension() == ".rubric" &&
        file.parent_path() != "examples/guide/errors") {
      standards.push_back(file);
    }
  }
  std::sort(standards.begin(), standards.end());
  return standards;
}

// `rubric test STANDARD` alone finds STANDARD's .tests file beside it; each example has one,
// with at least two cases, all passing.
TEST(StandardTests, EveryExampleHasPassingTests) {
  const std::vector<fs::path> standards = ExampleStandards();
  EXPECT_GE(standards.size(), 20u);
  for (const fs::path& standard : standards) {
    fs::path tests = standard;
    tests.replace_extension(".tests");
    EXPECT_TRUE(fs::exists(SourceDir() / tests)) << standard << " has no " << tests;
    const CommandResult result = RunRubric("test " + Quote(standard));
    EXPECT_EQ(result.exit_code, 0) << standard << "\n" << Describe(result);
    EXPECT_EQ(result.out.find("FAIL"), std::string::npos) << Describe(result);
    EXPECT_NE(result.out.find(" passed, 0 failed\n"), std::string::npos) << Describe(result);
    EXPECT_EQ(result.out.find("\n0 passed"), std::string::npos) << Describe(result);
    EXPECT_EQ(result.out.rfind("0 passed", 0), std::string::npos) << Describe(result);
  }
}

std::vector<std::string> GoldenTestFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SourceDir() / kGoldenDir)) {
    if (entry.path().extension() == ".tests") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class StandardTestGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(StandardTestGolden, PrintsExpected) {
  const std::string& name = GetParam();
  const CommandResult result =
      RunRubric(std::string("test ") + kGrades + " " + Quote(kGoldenDir / name));
  const std::string shown = Describe(result);
  // Every golden case fails: a failing case or a mistake in the file is exit 1.
  EXPECT_EQ(result.exit_code, 1) << shown;
  const fs::path expected_path =
      SourceDir() / kGoldenDir / (name.substr(0, name.size() - 6) + ".expected");
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << shown;
    GTEST_SKIP() << "updated " << expected_path.filename();
  }
  EXPECT_EQ(shown, testing::ReadFileOrDie(expected_path));
}

INSTANTIATE_TEST_SUITE_P(Files, StandardTestGolden, ::testing::ValuesIn(GoldenTestFiles()),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.size() - 6);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The failing cases say what differs and explain the node: expected against actual, the
// node's line with its rule, the input it read.
TEST(StandardTests, FailureShowsExpectedActualAndExplanation) {
  const CommandResult result =
      RunRubric(std::string("test ") + kGrades + " " + Quote(kGoldenDir / "failing.tests"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("PASS passes\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("FAIL the points of a node\n"), std::string::npos) << result.out;
  // 无锡 2024 gives 480 万元 of 500: 3 x 480 / 500 = 2.88 points.
  EXPECT_NE(result.out.find("expected points T6_1 = 3, got points T6_1 = 2.88\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("p6_1_2 6.1.2 专项经费实际到位资金（万元） = 480\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\n1 passed, 3 failed\n"), std::string::npos) << result.out;
}

// Exit 2: no test file beside the standard, an unreadable data file, usage.
TEST(StandardTests, MissingFilesAndUsageAreExitTwo) {
  const fs::path dir = fs::temp_directory_path() / ("rubric_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(SourceDir() / "examples/guide/11_check.rubric", dir / "alone.rubric",
                fs::copy_options::overwrite_existing);
  const CommandResult alone = RunRubric("test " + Quote(dir / "alone.rubric"));
  std::ofstream(dir / "no_data.tests")
      << "test \"a\" {\n  data \"absent.csv\" entity \"x\" period 1\n  expect total 0\n}\n";
  const CommandResult no_data =
      RunRubric("test " + Quote(dir / "alone.rubric") + " " + Quote(dir / "no_data.tests"));
  fs::remove_all(dir);
  EXPECT_EQ(no_data.exit_code, 2) << Describe(no_data);
  EXPECT_NE(no_data.out.find("FAIL a\n"), std::string::npos) << Describe(no_data);
  EXPECT_NE(no_data.err.find("absent.csv"), std::string::npos) << Describe(no_data);
  EXPECT_EQ(alone.exit_code, 2) << Describe(alone);
  EXPECT_NE(alone.err.find("alone.tests"), std::string::npos) << alone.err;
  EXPECT_NE(alone.err.find("hint: the tests of "), std::string::npos) << alone.err;
  const CommandResult no_file = RunRubric(std::string("test ") + kGrades + " no-such.tests");
  EXPECT_EQ(no_file.exit_code, 2) << Describe(no_file);
  EXPECT_NE(no_file.err.find("no-such.tests"), std::string::npos) << no_file.err;
  const CommandResult usage = RunRubric("test");
  EXPECT_EQ(usage.exit_code, 2) << Describe(usage);
  const CommandResult option = RunRubric(std::string("test ") + kGrades + " --fast");
  EXPECT_EQ(option.exit_code, 2) << Describe(option);
}

}  // namespace
}  // namespace rubric
