// Golden tests of `rubric lint`: each tests/golden/lint/*.rubric prints exactly the text in
// the .expected file next to it (the findings, then the summary line), run from that folder.
// Files named Lnnnn_* start with a finding of that code; the others are clean. Run with
// RUBRIC_UPDATE_GOLDEN=1 to rewrite the .expected files after an intended change, then review
// the diff. Also: the command's exit statuses and options.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/lint.h"
#include "test_support.h"

namespace rubric {
namespace {

std::filesystem::path GoldenDir() { return testing::SourceDir() / "tests/golden/lint"; }

std::vector<std::string> GoldenFiles() { return testing::FileNames(GoldenDir(), ".rubric"); }

testing::CommandResult RunLint(const std::string& arguments) {
  return testing::RunCommand("cd " + testing::Quote(GoldenDir()) + " && " + testing::Cli() +
                             " lint " + arguments);
}

class LintGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LintGoldenTest, PrintsExactly) {
  const std::string name = GetParam();
  const testing::CommandResult result = RunLint(name);
  EXPECT_EQ(result.err, "");
  const bool clean = name[0] != 'L';
  EXPECT_EQ(result.exit_code, clean ? 0 : 1);
  const auto expected_path = GoldenDir() / (name.substr(0, name.size() - 7) + ".expected");
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << result.out;
    GTEST_SKIP() << "updated " << expected_path.filename();
  }
  EXPECT_EQ(result.out, testing::ReadFileOrDie(expected_path));
  if (clean) {
    EXPECT_EQ(result.out, name + ": clean\n");
  } else {  // the file is named after its first finding's code
    EXPECT_EQ(result.out.find(name + ":"), 0u);
    EXPECT_EQ(result.out.find("[L"), result.out.find("[" + name.substr(0, 5) + "]\n"));
  }
}

INSTANTIATE_TEST_SUITE_P(Files, LintGoldenTest, ::testing::ValuesIn(GoldenFiles()),
                         [](const auto& info) {
                           std::string id = info.param.substr(0, info.param.size() - 7);
                           std::replace(id.begin(), id.end(), '-', '_');
                           return id;
                         });

TEST(LintGoldenTest, EveryCodeHasAGoldenFileAndDocumentation) {
  const std::vector<std::string> files = GoldenFiles();
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/diagnostics.md");
  const std::string tools = testing::ReadFileOrDie(testing::SourceDir() / "docs/tools.md");
  for (const LintCheck& check : LintChecks()) {
    EXPECT_TRUE(std::any_of(files.begin(), files.end(), [&](const std::string& f) {
      return f.rfind(check.code, 0) == 0;
    })) << check.code;
    EXPECT_NE(doc.find("## " + check.code + ":"), std::string::npos) << check.code;
    EXPECT_NE(tools.find("| " + check.code + " |"), std::string::npos) << check.code;
  }
  // The examples of docs/diagnostics.md are the golden files, verbatim.
  for (const std::string& file : files) {
    if (file[0] != 'L') continue;
    const std::string stem = file.substr(0, file.size() - 7);
    EXPECT_NE(doc.find(testing::ReadFileOrDie(GoldenDir() / file)), std::string::npos) << file;
    EXPECT_NE(doc.find(testing::ReadFileOrDie(GoldenDir() / (stem + ".expected"))),
              std::string::npos)
        << stem;
  }
}

TEST(LintGoldenTest, AllowSilencesDenyFailsAndAllCoversEveryCode) {
  const testing::CommandResult allowed = RunLint("--allow all L0006_repeated_label.rubric");
  EXPECT_EQ(allowed.exit_code, 0);
  EXPECT_EQ(allowed.out, "L0006_repeated_label.rubric: clean\n");

  const testing::CommandResult denied =
      RunLint("--deny=L0006 --allow L0001,L0002 L0006_repeated_label.rubric clean_tricky.rubric");
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_NE(denied.out.find(": error: indicator 'T1_2' has the same label"), std::string::npos);
  EXPECT_NE(denied.out.find("L0006_repeated_label.rubric: 2 errors\n"), std::string::npos);
  EXPECT_NE(denied.out.find("clean_tricky.rubric: clean\n"), std::string::npos);
}

TEST(LintGoldenTest, UsageErrors) {
  const testing::CommandResult unknown = RunLint("--allow L0009 clean_tricky.rubric");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "rubric: error: unknown lint code 'L0009' [L0000]\n"
            "hint: did you mean 'L0001'?\n");
  EXPECT_EQ(RunLint("").exit_code, 2);
  EXPECT_EQ(RunLint("--allow").exit_code, 2);
  EXPECT_EQ(RunLint("--fix clean_tricky.rubric").exit_code, 2);
  EXPECT_EQ(RunLint("no_such_file.rubric").exit_code, 2);
}

TEST(LintGoldenTest, ListsTheChecks) {
  const testing::CommandResult list = RunLint("--list");
  EXPECT_EQ(list.exit_code, 0);
  for (const LintCheck& check : LintChecks()) {
    EXPECT_NE(list.out.find(check.code + "  " + check.name), std::string::npos) << list.out;
  }
}

TEST(LintGoldenTest, AStandardThatDoesNotCompileIsAnError) {
  const testing::CommandResult result = testing::RunCommand(
      testing::Cli() + " lint " +
      testing::Quote(testing::SourceDir() / "tests/golden/diagnostics/E0101_unknown_name.rubric"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("[E0101]"), std::string::npos);
}

}  // namespace
}  // namespace rubric
