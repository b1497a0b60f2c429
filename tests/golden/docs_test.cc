// Documentation stays true: the C++ API guide shows the example file that the suite builds.
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

}  // namespace
}  // namespace rubric
