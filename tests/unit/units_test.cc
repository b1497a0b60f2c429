// Units: quantities convert within a dimension and never meet across dimensions
// (docs/language.md, "Units").
#include <string>

#include "gtest/gtest.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

CompileResult CompileText(const std::string& source) {
  return Standard::Compile(source, "units.rubric");
}

Standard CompileOk(const std::string& source) {
  CompileResult result = CompileText(source);
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics);
  EXPECT_TRUE(result.diagnostics.empty()) << RenderAll(result.diagnostics);
  return std::move(*result.standard);
}

std::vector<std::string> Codes(const CompileResult& result) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : result.diagnostics) codes.push_back(d.code);
  return codes;
}

TEST(UnitsTest, ThresholdInYiYuanAgainstAnInputInWanYuanIsConverted) {
  const Standard standard = CompileOk(R"(
standard s {
  input 投入 : number [万元]
  indicator a points 1 { score threshold(投入, 5 [亿元]) }
  indicator b points 1 { score 投入 >= 0.5 [亿元] }
})");
  Session session(standard);
  const std::size_t below = *session.AddRow("below", 2024);
  const std::size_t at = *session.AddRow("at", 2024);
  ASSERT_TRUE(session.SetNumber(below, 0, 49999).ok());
  ASSERT_TRUE(session.SetNumber(at, 0, 50000).ok());  // 50000 万元 = 5 亿元
  const std::size_t a = *standard.FindNode("a");
  const std::size_t b = *standard.FindNode("b");
  EXPECT_EQ(session.node_value(below, a), 0);
  EXPECT_EQ(session.node_value(at, a), 1);
  EXPECT_EQ(session.node_value(below, b), 1);  // 49999 万元 >= 5000 万元
}

TEST(UnitsTest, InputsOfOneDimensionAreAddedInTheFirstOnesUnit) {
  const Standard standard = CompileOk(R"(
standard s {
  input 地方 : number [万元]
  input 中央 : number [亿元]
  let 合计 = 地方 + 中央
  indicator a { value 合计 }
  indicator b { value max(中央, 地方) }
  indicator c { value 地方 / 中央 }
})");
  Session session(standard);
  const std::size_t row = *session.AddRow("x", 2024);
  ASSERT_TRUE(session.SetNumber(row, 0, 3000).ok());
  ASSERT_TRUE(session.SetNumber(row, 1, 2).ok());
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("a")), 23000);  // 万元
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("b")), 2);      // 亿元
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("c")), 0.15);   // a ratio
}

TEST(UnitsTest, ALetUsedBeforeItsDefinitionKeepsItsUnit) {
  const CompileResult result = CompileText(R"(
standard s {
  input 人数 : number [人]
  indicator a points 1 { score ratio(经费合计, 100 [人]) }
  let 经费合计 = 经费 * 2
  input 经费 : number [万元]
})");
  EXPECT_EQ(Codes(result), std::vector<std::string>{"E0210"});
}

TEST(UnitsTest, MixingDimensionsIsAnErrorNamingBothUnits) {
  const CompileResult result = CompileText(R"(
standard s {
  input 教师 : number [人]
  input 经费 : number [万元]
  indicator a { value 教师 + 经费 }
  indicator b { value if 教师 > 0 then 教师 else 经费 }
  indicator c { value min(教师, 经费) }
  indicator d { value 经费 / 教师 * 2 }
})");
  EXPECT_EQ(Codes(result), (std::vector<std::string>{"E0210", "E0210", "E0210"}));
  EXPECT_NE(result.diagnostics[0].message.find("[人] and [万元]"), std::string::npos);
}

TEST(UnitsTest, NumbersWithoutUnitsFitAnyUnit) {
  CompileOk(R"(
standard s {
  input 教师 : number [人]
  input 比例 : percent
  indicator a points 1 { score ratio(教师, 100) * (比例 >= 60) + 教师 * 0 }
})");
}

TEST(UnitsTest, DeclaredUnitsConvertAndUnknownUnitsWarn) {
  const Standard standard = CompileOk(R"(
standard s {
  unit [亩]
  unit [万亩] = 10000 [亩]
  input 面积 : number [亩]
  indicator a points 1 { score threshold(面积, 1.5 [万亩]) }
})");
  Session session(standard);
  const std::size_t row = *session.AddRow("x", 2024);
  ASSERT_TRUE(session.SetNumber(row, 0, 15000).ok());
  EXPECT_EQ(session.node_value(row, 0), 1);

  const CompileResult unknown = CompileText(R"(
standard s {
  input 面积 : number [平方米]
  indicator a points 1 { score 面积 > 5 [平方米] }
})");
  EXPECT_TRUE(unknown.ok());
  EXPECT_EQ(Codes(unknown), std::vector<std::string>{"W0201"});  // reported once
  EXPECT_EQ(unknown.standard->inputs()[0].unit, "平方米");
}

TEST(UnitsTest, BadDeclarationsAreErrors) {
  const CompileResult result = CompileText(R"(
standard s {
  unit [元]
  unit [x] = 2 [nowhere]
  unit [y] = 0 [元]
  unit []
})");
  EXPECT_EQ(Codes(result), (std::vector<std::string>{"E0212", "E0212", "E0212", "E0212"}));
}

}  // namespace
}  // namespace rubric
