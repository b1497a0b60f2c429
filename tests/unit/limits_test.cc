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

}  // namespace
}  // namespace rubric
