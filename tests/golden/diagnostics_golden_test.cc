// Golden tests of every diagnostic the compiler emits: each tests/golden/diagnostics/*.rubric
// compiles to exactly the text in the .expected file next to it (what `rubric check`
// prints). Variants read their bases from tests/golden/diagnostics/bases/. Run with
// RUBRIC_UPDATE_GOLDEN=1 to rewrite the .expected files after an intended change, then
// review the diff.
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

std::vector<std::string> GoldenFiles() { return testing::FileNames(GoldenDir(), ".rubric"); }

class DiagnosticsGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DiagnosticsGoldenTest, RendersExactly) {
  const std::string name = GetParam();
  const std::string source = testing::ReadFileOrDie(GoldenDir() / name);
  CompileOptions options;
  options.file_name = name;
  // FileBaseLoader within the golden folder, with names relative to it, as the files show.
  options.load_base = [](std::string_view base_id, std::string_view from_path,
                         std::string_view including_file) -> StatusOr<SourceFile> {
    const std::string folder = GoldenDir().string() + "/";
    const auto relative = [&](std::string text) {
      for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder)) {
        text.erase(at, folder.size());
      }
      return text;
    };
    FileBaseOptions bases;
    bases.root = GoldenDir().string();
    StatusOr<SourceFile> file = FileBaseLoader(bases)(
        base_id, from_path, (GoldenDir() / std::string(including_file)).string());
    if (!file.ok()) return Status(file.status().code(), relative(file.status().message()));
    file->name = relative(file->name);
    return file;
  };
  const CompileResult result = Standard::Compile(source, options);
  const std::string rendered = RenderAll(result.diagnostics);
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

// Every E and W code documented in docs/diagnostics.md has a golden file (here, or in
// tests/golden/data_diagnostics for warnings about data), except the limits
// that take a huge input (E0005, E0008: tests/unit/limits_test.cc) and an unreadable file
// (E0009: tests/golden/cli_test.cc), and retired codes, which rubric no longer emits (their
// heading ends with "(retired)").
TEST(DiagnosticsGoldenTest, EveryCodeOfTheCompilerHasAGoldenFile) {
  std::vector<std::string> files = GoldenFiles();
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourceDir() /
                                                               "tests/golden/data_diagnostics")) {
    files.push_back(entry.path().filename().string());  // W0001 is about data
  }
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/diagnostics.md");
  int checked = 0;
  for (std::size_t at = doc.find("\n## "); at != std::string::npos;
       at = doc.find("\n## ", at + 1)) {
    const std::string code = doc.substr(at + 4, 5);
    if (code[0] != 'E' && code[0] != 'W') continue;
    if (code == "E0005" || code == "E0008" || code == "E0009") continue;
    const std::string heading = doc.substr(at + 1, doc.find('\n', at + 1) - at - 1);
    if (heading.ends_with("(retired)")) continue;
    ++checked;
    EXPECT_TRUE(std::any_of(files.begin(), files.end(),
                            [&](const std::string& f) { return f.rfind(code, 0) == 0; }))
        << code << " is documented but has no golden file";
  }
  EXPECT_GT(checked, 30);
}

}  // namespace
}  // namespace rubric
