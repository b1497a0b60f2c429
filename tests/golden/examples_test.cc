// Every bundled example stays valid: each standard under examples/ passes `rubric check
// --strict`, `rubric fmt --check` and `rubric lint --strict`, scores its data, and each
// deliberate mistake in examples/guide/errors/ prints exactly its `.expected` diagnostics.
#include <algorithm>
#include <filesystem>
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

// The guide's deliberate mistakes: checked against their .expected output, never as standards.
const fs::path kErrorsDir = "examples/guide/errors";

// Paths relative to the repository root, sorted, of the files under `dir` ending in `ext`.
std::vector<fs::path> FilesUnder(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ext) {
      files.push_back(fs::relative(entry.path(), SourceDir()));
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool IsUnder(const fs::path& file, const fs::path& dir) {
  return std::mismatch(dir.begin(), dir.end(), file.begin(), file.end()).first == dir.end();
}

std::vector<fs::path> Standards() {
  std::vector<fs::path> standards;
  for (const fs::path& file : FilesUnder("examples", ".rubric")) {
    if (!IsUnder(file, kErrorsDir)) standards.push_back(file);
  }
  return standards;
}

// Runs `rubric ARGS` from the repository root, so that paths in messages are relative.
CommandResult RunRubric(const std::string& args) {
  return RunCommand("cd " + Quote(SourceDir()) + " && " + Cli() + " " + args);
}

std::string Describe(const CommandResult& result) {
  return "exit " + std::to_string(result.exit_code) + "\nstderr:\n" + result.err + "stdout:\n" +
         result.out;
}

TEST(Examples, StandardsPassCheckStrict) {
  const std::vector<fs::path> standards = Standards();
  EXPECT_GE(standards.size(), 15u);
  for (const fs::path& standard : standards) {
    const CommandResult result = RunRubric("check --strict " + Quote(standard));
    EXPECT_EQ(result.exit_code, 0) << standard << "\n" << Describe(result);
  }
}

TEST(Examples, StandardsAreFormatted) {
  for (const fs::path& standard : Standards()) {
    const CommandResult result = RunRubric("fmt --check " + Quote(standard));
    EXPECT_EQ(result.exit_code, 0) << standard << "\n" << Describe(result);
  }
}

// Without options: a finding an example keeps on purpose is allowed in its source, by a
// `// lint: allow CODE` comment (chapter 4's normalize, docs/guide.md).
TEST(Examples, StandardsLintClean) {
  for (const fs::path& standard : Standards()) {
    const CommandResult result = RunRubric("lint --strict " + Quote(standard));
    EXPECT_EQ(result.exit_code, 0) << standard << "\n" << Describe(result);
  }
}

// The whole folder in one run, as an author checks it: `rubric lint examples/**/*.rubric`
// without the deliberate mistakes exits 0.
TEST(Examples, AllStandardsLintCleanInOneRun) {
  std::string args;
  for (const fs::path& standard : Standards()) args += " " + Quote(standard);
  const CommandResult result = RunRubric("lint" + args);
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
}

struct DataRun {
  fs::path standard;
  fs::path data;
  std::string options;  // the data options the file needs
};

// A standard `S.rubric` scores the files `S.csv` and `S.*.csv` beside it; the examples whose
// data are named otherwise, or need options, are listed.
std::vector<DataRun> DataRuns() {
  std::vector<DataRun> runs = {
      {"examples/consortium/standard.rubric", "examples/consortium/cities.csv", ""},
      {"examples/hdi/hdi.rubric", "examples/hdi/hdi.csv",
       "--entity-column iso3 --period-column year --ignore country,hdi_published"},
  };
  const auto listed = [&runs](const fs::path& data) {
    return std::any_of(runs.begin(), runs.end(),
                       [&](const DataRun& run) { return run.data == data; });
  };
  for (const fs::path& standard : Standards()) {
    const std::string prefix = standard.stem().string() + ".";
    for (const fs::path& data : FilesUnder(standard.parent_path(), ".csv")) {
      if (data.parent_path() != standard.parent_path() ||
          data.filename().string().rfind(prefix, 0) != 0 || listed(data)) {
        continue;
      }
      runs.push_back({standard, data, ""});
    }
  }
  return runs;
}

TEST(Examples, DataScores) {
  const std::vector<DataRun> runs = DataRuns();
  EXPECT_GE(runs.size(), 14u);
  for (const DataRun& run : runs) {
    const CommandResult result =
        RunRubric("score " + Quote(run.standard) + " " + Quote(run.data) + " " + run.options);
    EXPECT_EQ(result.exit_code, 0) << run.standard << " " << run.data << "\n" << Describe(result);
    EXPECT_NE(result.out.find("rank"), std::string::npos) << run.standard << " " << run.data;
  }
}

TEST(Examples, ErrorExamplesPrintTheirExpectedDiagnostics) {
  const std::vector<fs::path> mistakes = FilesUnder(kErrorsDir, ".rubric");
  EXPECT_GE(mistakes.size(), 3u);
  for (const fs::path& mistake : mistakes) {
    fs::path expected_path = mistake;
    expected_path.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(SourceDir() / expected_path)) << expected_path << " is missing";
    const std::string expected = testing::ReadFileOrDie(SourceDir() / expected_path);
    const CommandResult result = RunRubric("check " + Quote(mistake));
    EXPECT_EQ(result.exit_code, 1) << mistake << "\n" << Describe(result);
    EXPECT_EQ(result.err, expected) << mistake;
    EXPECT_EQ(result.out, "") << mistake;
  }
  for (const fs::path& expected : FilesUnder(kErrorsDir, ".expected")) {
    fs::path mistake = expected;
    mistake.replace_extension(".rubric");
    EXPECT_TRUE(fs::exists(SourceDir() / mistake)) << expected << " has no " << mistake;
  }
}

}  // namespace
}  // namespace rubric
