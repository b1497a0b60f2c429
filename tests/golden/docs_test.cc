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

}  // namespace
}  // namespace rubric
