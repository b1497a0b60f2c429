// Golden tests of every diagnostic the compiler emits: each tests/golden/diagnostics/*.rubric
// compiles to exactly the text in the .expected file next to it (what `rubric check`
// prints). Run with RUBRIC_UPDATE_GOLDEN=1 to rewrite the .expected files after an
// intended change, then review the diff.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

std::filesystem::path GoldenDir() { return testing::SourceDir() / "tests/golden/diagnostics"; }

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir())) {
    if (entry.path().extension() == ".rubric") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class DiagnosticsGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DiagnosticsGoldenTest, RendersExactly) {
  const std::string name = GetParam();
  const std::string source = testing::ReadFileOrDie(GoldenDir() / name);
  const CompileResult result = Standard::Compile(source, name);
  const std::string rendered = RenderAll(result.diagnostics, source);
  ASSERT_FALSE(result.diagnostics.empty()) << name << " produces no diagnostic";
  const auto expected_path = GoldenDir() / (name.substr(0, name.size() - 7) + ".expected");
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << rendered;
    GTEST_SKIP() << "updated " << expected_path.filename();
  }
  EXPECT_EQ(rendered, testing::ReadFileOrDie(expected_path));
  // The file is named after the first diagnostic's code.
  if (name[0] == 'E' || name[0] == 'W') {
    EXPECT_EQ(result.diagnostics.front().code, name.substr(0, 5));
  }
}

INSTANTIATE_TEST_SUITE_P(Files, DiagnosticsGoldenTest, ::testing::ValuesIn(GoldenFiles()),
                         [](const auto& info) {
                           std::string id = info.param.substr(0, info.param.size() - 7);
                           std::replace(id.begin(), id.end(), '-', '_');
                           return id;
                         });

TEST(DiagnosticsGoldenTest, EveryCodeOfTheCompilerHasAGoldenFile) {
  const std::vector<std::string> files = GoldenFiles();
  ASSERT_FALSE(files.empty());
  for (const char* code :
       {"E0001", "E0002", "E0003", "E0004", "E0101", "E0102", "E0103", "E0104",
        "E0105", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0208",
        "E0209", "E0211", "E0301", "E0401", "E0402", "E0403", "E0404", "W0401"}) {
    EXPECT_TRUE(std::any_of(files.begin(), files.end(), [&](const std::string& f) {
      return f.rfind(code, 0) == 0;
    })) << code;
  }
}

}  // namespace
}  // namespace rubric
