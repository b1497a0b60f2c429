// Every documented limit (docs/limits.md), exceeded: a diagnostic, never a crash or a hang.
#include <string>

#include "grammar/parser.h"
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

// A chain `a + b + c ...` is a tree one level deeper per operator for the later stages:
// past 1,000 levels it is E0004, not a stack overflow in them.
TEST(LimitsTest, LongChainsAreAnErrorNotACrash) {
  auto chain = [](int operators) {
    std::string source = "standard s { input a : number\n let x = a";
    for (int i = 0; i < operators; ++i) source += " + a";
    return source + " }";
  };
  const CompileResult long_chain = Standard::Compile(chain(20000), "chain.rubric");
  ASSERT_EQ(long_chain.diagnostics.size(), 1u);
  EXPECT_EQ(long_chain.diagnostics.front().code, "E0004");
  EXPECT_EQ(FirstCode(chain(1001)), "E0004");
  EXPECT_EQ(FirstCode(chain(998)), "");
  // Brackets and chains together: 150 levels of `(... + a + a)`.
  std::string nested = "a";
  for (int i = 0; i < 150; ++i) nested = "(" + nested + " + a + a)";
  EXPECT_EQ(FirstCode("standard s { input a : number\n let x = " + nested + " }"), "");
}

TEST(LimitsTest, LongNamesAndLabels) {
  const std::string name(grammar::kMaxNameBytes + 1, 'n');
  EXPECT_EQ(FirstCode("standard s { input " + name + " : bool }"), "E0006");
  EXPECT_EQ(FirstCode("standard s { input " + name.substr(1) + " : bool }"), "");
  const std::string label(grammar::kMaxLabelBytes + 1, 'x');
  EXPECT_EQ(FirstCode("standard s { input a \"" + label + "\" : bool }"), "E0007");
  EXPECT_EQ(FirstCode("standard s { input a \"" + label.substr(1) + "\" : bool }"), "");
}

TEST(LimitsTest, SourceSize) {
  // Through the public API: the default limit, 256 MiB.
  const std::string huge = "standard s {" + std::string((std::size_t{256} << 20) + 1, ' ') + "}";
  const CompileResult result = Standard::Compile(huge, "huge.rubric");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics.front().code, "E0005");
  // The same check with a small limit.
  grammar::ParseLimits limits;
  limits.max_source_bytes = 100;
  EXPECT_EQ(grammar::Parse(std::string(101, ' '), limits).errors.front().code, "E0005");
  EXPECT_TRUE(grammar::Parse("standard s { input a : bool }", limits).errors.empty());
}

// The statement limit (2,000,000 by default) checked with a small one: a source of two
// million statements takes seconds to build, the check is the same.
TEST(LimitsTest, Statements) {
  grammar::ParseLimits limits;
  limits.max_statements = 10;
  std::string source = "standard s {\n";
  for (int i = 0; i < 10; ++i) source += "  input a" + std::to_string(i) + " : bool\n";
  EXPECT_TRUE(grammar::Parse(source + "}", limits).errors.empty());
  const grammar::ParseOutput out =
      grammar::Parse(source + "  group g { input z : bool }\n}", limits);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors.front().code, "E0008");
}

// Rows: a session holds at most 2^32 - 2 rows (checked by AddRow); entity names and periods
// are otherwise free. Not exceeded here: 2^32 rows need 300 GB of values.

}  // namespace
}  // namespace rubric
