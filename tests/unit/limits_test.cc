// Hostile nesting gets a diagnostic, never a stack overflow.
#include <string>

#include "gtest/gtest.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

std::string FirstCode(const std::string& source) {
  const CompileResult result = Standard::Compile(source, "deep.rubric");
  return result.diagnostics.empty() ? "" : result.diagnostics.front().code;
}

TEST(LimitsTest, DeepNestingIsAnErrorNotACrash) {
  EXPECT_EQ(FirstCode("standard s { let x = " + std::string(100000, '(') + "1" +
                      std::string(100000, ')') + " }"),
            "E0004");
  EXPECT_EQ(FirstCode("standard s { let x = " + std::string(100000, '-') + "1 }"), "E0004");
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "not ";
  EXPECT_EQ(FirstCode("standard s { let x = " + nots + "1 }"), "E0004");
  // 190 levels (inside the standard's braces) are fine.
  EXPECT_EQ(FirstCode("standard s { let x = " + std::string(190, '(') + "1" +
                      std::string(190, ')') + " }"),
            "");
  EXPECT_EQ(FirstCode("standard s { let x = " + std::string(150, '-') + "1 }"), "");
}

// `if ... else if ... else if ...` nests one level per `if` without any bracket: counted
// while parsing, before recursing.
TEST(LimitsTest, LongElseIfChainsAreAnErrorNotACrash) {
  auto chain = [](int n) {
    std::string source = "standard s { input a : number\n let x = ";
    for (int i = 0; i < n; ++i)
      source += "if a > " + std::to_string(i) + " then " + std::to_string(i) + " else ";
    return source + "0 }";
  };
  const CompileResult deep = Standard::Compile(chain(100000), "deep.rubric");
  ASSERT_FALSE(deep.diagnostics.empty());
  EXPECT_EQ(deep.diagnostics.front().code, "E0004");
  EXPECT_EQ(deep.diagnostics.size(), 1u);
  EXPECT_NE(deep.diagnostics.front().message.find("nest more than"), std::string::npos);
  EXPECT_EQ(FirstCode(chain(150)), "");
}

}  // namespace
}  // namespace rubric
