// Golden tests of every data diagnostic: each tests/golden/data_diagnostics/*.csv, loaded
// against standard.rubric in that folder, reports exactly the text of its .expected file.
// RUBRIC_UPDATE_GOLDEN=1 rewrites the .expected files.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

std::filesystem::path Dir() { return testing::SourceDir() / "tests/golden/data_diagnostics"; }

std::vector<std::string> DataFiles() { return testing::FileNames(Dir(), ".csv"); }

class DataDiagnosticsGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DataDiagnosticsGoldenTest, ReportsExactly) {
  const std::string name = GetParam();
  CompileResult compiled =
      Standard::Compile(testing::ReadFileOrDie(Dir() / "standard.rubric"), "standard.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  Session session(*compiled.standard);
  const LoadReport report = LoadCsv(session, testing::ReadFileOrDie(Dir() / name), name);
  const std::string rendered = RenderAll(report.diagnostics);
  ASSERT_FALSE(report.diagnostics.empty()) << name << " produces no diagnostic";
  // The file is named after the code it shows: the first one, or the last for D0009 (which
  // comes after the errors it counts).
  const std::string& shown = name.rfind("D0009", 0) == 0 ? report.diagnostics.back().code
                                                         : report.diagnostics.front().code;
  EXPECT_EQ(shown, name.substr(0, 5));
  const auto expected_path = Dir() / (name.substr(0, name.size() - 4) + ".expected");
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << rendered;
    GTEST_SKIP() << "updated " << expected_path.filename();
  }
  EXPECT_EQ(rendered, testing::ReadFileOrDie(expected_path));
}

INSTANTIATE_TEST_SUITE_P(Files, DataDiagnosticsGoldenTest, ::testing::ValuesIn(DataFiles()),
                         [](const auto& info) {
                           return info.param.substr(0, info.param.size() - 4);
                         });

}  // namespace
}  // namespace rubric
