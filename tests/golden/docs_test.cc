// Documentation stays true: the C++ API guide shows the example file that the suite builds.
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

TEST(DocsTest, CppApiGuideShowsTheBuiltExample) {
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/cpp-api.md");
  const std::string example =
      testing::ReadFileOrDie(testing::SourceDir() / "examples/cpp/embed.cc");
  const std::string fence = "```cpp\n";
  const std::size_t start = doc.find(fence);
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("```\n", start + fence.size());
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(doc.substr(start + fence.size(), end - start - fence.size()), example);
}

TEST(DocsTest, CApiGuideShowsTheEmbeddingExample) {
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/c-api.md");
  const std::string example =
      testing::ReadFileOrDie(testing::SourceDir() / "examples/embed/embed.c");
  const std::string fence = "```c\n";
  const std::size_t start = doc.find(fence);
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("```\n", start + fence.size());
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(doc.substr(start + fence.size(), end - start - fence.size()), example);
}

// Every code a golden file pins has a section in docs/diagnostics.md.
TEST(DocsTest, EveryDiagnosticCodeIsDocumented) {
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/diagnostics.md");
  int checked = 0;
  for (const char* folder : {"tests/golden/diagnostics", "tests/golden/data_diagnostics"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SourceDir() / folder)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".expected" || name.size() < 5) continue;
      if (name[0] != 'E' && name[0] != 'W' && name[0] != 'D') continue;
      EXPECT_NE(doc.find("## " + name.substr(0, 5) + ":"), std::string::npos) << name;
      ++checked;
    }
  }
  EXPECT_GT(checked, 30);
}

// docs/diagnostics.md quotes golden files: "`NAME.rubric`:" then the file in a code block,
// then the block of what rubric prints for it (lint codes: tests/golden/lint). Both must be
// the files of the suite.
TEST(DocsTest, DiagnosticsGuideQuotesTheGoldenFiles) {
  const std::string doc = testing::ReadFileOrDie(testing::SourceDir() / "docs/diagnostics.md");
  const std::filesystem::path compiler = testing::SourceDir() / "tests/golden/diagnostics";
  const std::filesystem::path lint = testing::SourceDir() / "tests/golden/lint";
  auto next_block = [&](std::size_t* at) {
    const std::size_t open = doc.find("```", *at);
    const std::size_t start = doc.find('\n', open) + 1;
    const std::size_t close = doc.find("\n```\n", start);
    *at = close + 5;
    return doc.substr(start, close + 1 - start);
  };
  int checked = 0;
  for (std::size_t at = doc.find("\n`"); at != std::string::npos; at = doc.find("\n`", at + 1)) {
    const std::size_t end = doc.find("`:\n", at + 2);
    if (end == std::string::npos || doc.find('\n', at + 1) < end) continue;
    const std::string name = doc.substr(at + 2, end - at - 2);
    if (name.size() < 8 || name.substr(name.size() - 7) != ".rubric") continue;
    if (name.rfind("E0001", 0) == 0) continue;  // invalid UTF-8: the page shows U+FFFD
    const std::filesystem::path& folder = name[0] == 'L' ? lint : compiler;
    std::size_t cursor = end;
    EXPECT_EQ(next_block(&cursor), testing::ReadFileOrDie(folder / name)) << name;
    const std::string expected = name.substr(0, name.size() - 7) + ".expected";
    EXPECT_EQ(next_block(&cursor), testing::ReadFileOrDie(folder / expected)) << expected;
    ++checked;
  }
  EXPECT_GT(checked, 25);
}

}  // namespace
}  // namespace rubric
