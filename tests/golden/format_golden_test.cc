// Golden tests of the formatter: each tests/golden/format/*.rubric (written carelessly)
// formats to exactly the .expected file next to it, and the .expected file is a fixed point.
// Run with RUBRIC_UPDATE_GOLDEN=1 to rewrite the .expected files after an intended change,
// then review the diff.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/format.h"
#include "test_support.h"

namespace rubric {
namespace {

std::filesystem::path GoldenDir() { return testing::SourceDir() / "tests/golden/format"; }

std::vector<std::string> GoldenFiles() { return testing::FileNames(GoldenDir(), ".rubric"); }

class FormatGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FormatGoldenTest, FormatsExactly) {
  const std::string name = GetParam();
  const std::string source = testing::ReadFileOrDie(GoldenDir() / name);
  const FormatResult result = FormatSource(source, name);
  ASSERT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  const auto expected_path = GoldenDir() / (name.substr(0, name.size() - 7) + ".expected");
  if (std::getenv("RUBRIC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << *result.text;
    GTEST_SKIP() << "updated " << expected_path.filename();
  }
  const std::string expected = testing::ReadFileOrDie(expected_path);
  EXPECT_EQ(*result.text, expected);
  EXPECT_NE(source, expected) << name << " should show what formatting changes";
  const FormatResult again = FormatSource(expected, name);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again.text, expected) << "the canonical form is not a fixed point";
}

INSTANTIATE_TEST_SUITE_P(Files, FormatGoldenTest, ::testing::ValuesIn(GoldenFiles()),
                         [](const auto& info) {
                           return info.param.substr(0, info.param.size() - 7);
                         });

}  // namespace
}  // namespace rubric
