// Every construct of docs/language.md, evaluated through the public API with values worked
// out by hand.
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

// Compiles `declarations` plus `indicator r { value EXPR }` and evaluates EXPR for one row
// (entity "e", period 2024) with the given input values ("" = missing).
class Evaluator {
 public:
  explicit Evaluator(std::string declarations) : declarations_(std::move(declarations)) {}

  double operator()(const std::string& expr,
                    const std::vector<std::pair<std::string, std::string>>& values = {}) {
    const std::string source =
        "standard t {\n" + declarations_ + "\n  indicator r { value " + expr + " }\n}\n";
    CompileResult compiled = Standard::Compile(source, "t.rubric");
    if (!compiled.ok()) {
      ADD_FAILURE() << RenderAll(compiled.diagnostics, source);
      return std::nan("");
    }
    Session session(*compiled.standard);
    const std::size_t row = *session.AddRow("e", 2024);
    for (const auto& [id, text] : values) {
      const Status status = session.SetFromString(row, *compiled.standard->FindInput(id), text);
      EXPECT_TRUE(status.ok()) << status.message();
    }
    return session.node_value(row, *compiled.standard->FindNode("r"));
  }

 private:
  std::string declarations_;
};

const char* kInputs = R"(
  input x : number
  input y : number
  input b : bool
  input lvl : enum { 其他, 省级, 国家级 }
  let twice = x * 2)";

TEST(LanguageTest, ArithmeticAndPrecedence) {
  Evaluator eval(kInputs);
  EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_DOUBLE_EQ(eval("(1 + 2) * 3"), 9);
  EXPECT_DOUBLE_EQ(eval("10 - 4 - 3"), 3);  // left to right
  EXPECT_DOUBLE_EQ(eval("12 / 3 / 2"), 2);
  EXPECT_DOUBLE_EQ(eval("-x + 1", {{"x", "4"}}), -3);
  EXPECT_DOUBLE_EQ(eval("- -2"), 2);
  EXPECT_DOUBLE_EQ(eval("2.5e1 + .5"), 25.5);
  EXPECT_DOUBLE_EQ(eval("x / y", {{"x", "5"}, {"y", "0"}}), 0);  // division by zero gives 0
  EXPECT_DOUBLE_EQ(eval("twice + 1", {{"x", "3"}}), 7);          // a let
}

TEST(LanguageTest, ComparisonsAndLogic) {
  Evaluator eval(kInputs);
  EXPECT_DOUBLE_EQ(eval("x > 2", {{"x", "3"}}), 1);
  EXPECT_DOUBLE_EQ(eval("x >= 3", {{"x", "3"}}), 1);
  EXPECT_DOUBLE_EQ(eval("x < 3", {{"x", "3"}}), 0);
  EXPECT_DOUBLE_EQ(eval("x <= 3", {{"x", "3"}}), 1);
  EXPECT_DOUBLE_EQ(eval("x == 3", {{"x", "3"}}), 1);
  EXPECT_DOUBLE_EQ(eval("x != 3", {{"x", "3"}}), 0);
  EXPECT_DOUBLE_EQ(eval("2 and 0.5"), 1);  // truthiness: non-zero is true
  EXPECT_DOUBLE_EQ(eval("2 and 0"), 0);
  EXPECT_DOUBLE_EQ(eval("0 or -1"), 1);
  EXPECT_DOUBLE_EQ(eval("not 0"), 1);
  EXPECT_DOUBLE_EQ(eval("not not 5"), 1);
  EXPECT_DOUBLE_EQ(eval("1 or 0 and 0"), 1);  // and binds tighter than or
  EXPECT_DOUBLE_EQ(eval("not 1 == 2"), 1);    // comparison binds tighter than not
  EXPECT_DOUBLE_EQ(eval("true + true"), 2);
  EXPECT_DOUBLE_EQ(eval("false"), 0);
  EXPECT_DOUBLE_EQ(eval("b + 1", {{"b", "true"}}), 2);
}

TEST(LanguageTest, IfThenElse) {
  Evaluator eval(kInputs);
  EXPECT_DOUBLE_EQ(eval("if x > 1 then 10 else 20", {{"x", "2"}}), 10);
  EXPECT_DOUBLE_EQ(eval("if x > 1 then 10 else 20", {{"x", "1"}}), 20);
  EXPECT_DOUBLE_EQ(eval("1 + (if b then 1 else 2)", {{"b", "false"}}), 3);
  EXPECT_DOUBLE_EQ(eval("if 0 then 1 else if 1 then 2 else 3"), 2);
}

TEST(LanguageTest, Functions) {
  Evaluator eval(kInputs);
  EXPECT_DOUBLE_EQ(eval("bool(7)"), 1);
  EXPECT_DOUBLE_EQ(eval("bool(0)"), 0);
  EXPECT_DOUBLE_EQ(eval("min(3, 1, 2)"), 1);
  EXPECT_DOUBLE_EQ(eval("max(3, 1, 2)"), 3);
  EXPECT_DOUBLE_EQ(eval("min(4)"), 4);
  EXPECT_DOUBLE_EQ(eval("clamp(120, 20, 85)"), 85);
  EXPECT_DOUBLE_EQ(eval("clamp(10, 20, 85)"), 20);
  EXPECT_DOUBLE_EQ(eval("clamp(50, 20, 85)"), 50);
  EXPECT_DOUBLE_EQ(eval("abs(-2.5)"), 2.5);
  EXPECT_DOUBLE_EQ(eval("sqrt(16)"), 4);
  EXPECT_DOUBLE_EQ(eval("ln(exp(2))"), 2);
  EXPECT_DOUBLE_EQ(eval("pow(2, 10)"), 1024);
  EXPECT_TRUE(std::isinf(eval("ln(0)")));
  EXPECT_DOUBLE_EQ(eval("sum(1, 2, 3.5)"), 6.5);
  EXPECT_DOUBLE_EQ(eval("mean(1, 2, 6)"), 3);
  EXPECT_DOUBLE_EQ(eval("geomean(2, 8)"), 4);
  EXPECT_DOUBLE_EQ(eval("threshold(x, 100)", {{"x", "100"}}), 1);
  EXPECT_DOUBLE_EQ(eval("threshold(x, 100)", {{"x", "99.9"}}), 0);
  EXPECT_DOUBLE_EQ(eval("ratio(x, 500)", {{"x", "250"}}), 0.5);
  EXPECT_DOUBLE_EQ(eval("ratio(x, 500)", {{"x", "900"}}), 1);
  EXPECT_DOUBLE_EQ(eval("ratio(x, 500)", {{"x", "-3"}}), 0);
}

TEST(LanguageTest, LookupAndPiecewise) {
  Evaluator eval(kInputs);
  const std::string lookup = "lookup(lvl) { 国家级: 1, 省级: 0.6 }";
  EXPECT_DOUBLE_EQ(eval(lookup, {{"lvl", "国家级"}}), 1);
  EXPECT_DOUBLE_EQ(eval(lookup, {{"lvl", "省级"}}), 0.6);
  EXPECT_DOUBLE_EQ(eval(lookup, {{"lvl", "其他"}}), 0);  // unlisted: 0
  EXPECT_DOUBLE_EQ(eval(lookup), 0);                     // missing: the lowest option
  const std::string bands = "piecewise(x) { 40 -> 0, 70 -> 0.6, 90 -> 1 }";
  EXPECT_DOUBLE_EQ(eval(bands, {{"x", "10"}}), 0);    // below the first knot
  EXPECT_DOUBLE_EQ(eval(bands, {{"x", "40"}}), 0);    // on a knot
  EXPECT_DOUBLE_EQ(eval(bands, {{"x", "55"}}), 0.3);  // between knots
  EXPECT_DOUBLE_EQ(eval(bands, {{"x", "80"}}), 0.8);
  EXPECT_DOUBLE_EQ(eval(bands, {{"x", "95"}}), 1);  // above the last
  EXPECT_DOUBLE_EQ(eval("piecewise(x) { -3 -> 0, 0 -> 0.5, 3 -> 1 }", {{"x", "-1.5"}}), 0.25);
}

TEST(LanguageTest, CommentsSpacingAndChineseNames) {
  Evaluator eval(R"(
  // a comment
  # another comment
  input 会议 "1.1.1 是否召开相关会议" : bool   // trailing comment
  let 得分 = if 会议 then 2 else 0)");
  EXPECT_DOUBLE_EQ(eval("得分 *\n   1.5", {{"会议", "是"}}), 3);
  EXPECT_DOUBLE_EQ(eval("得分", {{"会议", "否"}}), 0);
}

TEST(LanguageTest, PrevReadsThePreviousPeriod) {
  const char* source = R"(
standard t {
  input x : number
  input lvl : enum { a, b, c }
  let d = x - prev(x)
  indicator r { value d }
  indicator q { value prev(r) + lookup(prev(lvl)) { c: 100 } }
})";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  Session s(*compiled.standard);
  const std::size_t y1 = *s.AddRow("e", 2022);
  const std::size_t y2 = *s.AddRow("e", 2023);
  const std::size_t y4 = *s.AddRow("e", 2025);  // 2024 absent
  ASSERT_TRUE(s.SetNumber(y1, 0, 10).ok());
  ASSERT_TRUE(s.SetNumber(y2, 0, 15).ok());
  ASSERT_TRUE(s.SetOption(y1, 1, 2).ok());
  ASSERT_TRUE(s.SetNumber(y4, 0, 7).ok());
  const std::size_t r = 0, q = 1;
  EXPECT_DOUBLE_EQ(s.node_value(y1, r), 10);  // no previous row: default 0
  EXPECT_DOUBLE_EQ(s.node_value(y2, r), 5);
  EXPECT_DOUBLE_EQ(s.node_value(y4, r), 7);    // 2024 is absent
  EXPECT_DOUBLE_EQ(s.node_value(y2, q), 110);  // prev of a node, and of an enum
  EXPECT_DOUBLE_EQ(s.node_value(y1, q), 0);
  ASSERT_TRUE(s.Clear(y1, 0).ok());  // a missing previous value: its default
  EXPECT_DOUBLE_EQ(s.node_value(y2, r), 15);
}

TEST(LanguageTest, PointsScoresGroupsAndTotals) {
  const char* source = R"(
standard t "标题" {
  version "v1"
  total 10
  input x : number
  group g "组" points 6 {
    indicator a points 2 { score x }            // points x clamp(score, 0, 1)
    indicator b points 4 { score 2 }            // clamped to 1
  }
  group h points 4 normalize {
    indicator c points 1 { score 1 }
    indicator d points 3 { score 0 - 1 }        // clamped to 0
  }
})";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  const Standard& standard = *compiled.standard;
  EXPECT_EQ(standard.title(), "标题");
  EXPECT_EQ(standard.version(), "v1");
  EXPECT_EQ(*standard.total_points(), 10);
  Session s(standard);
  const std::size_t row = *s.AddRow("e", 1);
  ASSERT_TRUE(s.SetNumber(row, 0, 0.25).ok());
  EXPECT_DOUBLE_EQ(s.node_value(row, *standard.FindNode("a")), 0.5);
  EXPECT_DOUBLE_EQ(s.node_value(row, *standard.FindNode("b")), 4);
  EXPECT_DOUBLE_EQ(s.node_value(row, *standard.FindNode("g")), 4.5);
  EXPECT_DOUBLE_EQ(s.node_value(row, *standard.FindNode("d")), 0);
  EXPECT_DOUBLE_EQ(s.node_value(row, *standard.FindNode("h")), 1.0 * 4 / 4);
  EXPECT_DOUBLE_EQ(s.total(row), 5.5);
  // Inspection: pre-order, parents, children, possible points, depth.
  const auto nodes = standard.nodes();
  ASSERT_EQ(nodes.size(), 6u);
  EXPECT_EQ(nodes[0].id, "g");
  EXPECT_EQ(nodes[1].id, "a");
  EXPECT_EQ(nodes[1].parent, 0);
  EXPECT_EQ(nodes[0].children, (std::vector<int>{1, 2}));
  EXPECT_EQ(*nodes[3].points, 4);
  EXPECT_EQ(nodes[4].depth, 2);
  EXPECT_EQ(nodes[0].kind, NodeKind::kGroup);
  EXPECT_EQ(nodes[1].kind, NodeKind::kIndicator);
}

TEST(LanguageTest, ValueRulesAndFreeFormIndices) {
  const char* source = R"(
standard idx {
  input a : number
  value geomean(p, q)
  indicator p { value a / 10 }              // unclamped
  group q {
    value mean(q1, q2)
    indicator q1 { value 2 }
    indicator q2 { value 4 }
  }
  indicator z { }                            // no rule: 0
})";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  Session s(*compiled.standard);
  const std::size_t row = *s.AddRow("e", 1);
  ASSERT_TRUE(s.SetNumber(row, 0, 120).ok());
  EXPECT_DOUBLE_EQ(s.node_value(row, 0), 12);
  EXPECT_DOUBLE_EQ(s.node_value(row, 1), 3);
  EXPECT_DOUBLE_EQ(s.total(row), std::sqrt(36.0));
  EXPECT_FALSE(compiled.standard->total_points().has_value());
  EXPECT_EQ(s.grade(row), nullptr);  // no grades
}

TEST(LanguageTest, VetoesAndGrades) {
  const char* source = R"(
standard t {
  total 100
  grades (tolerance 0.01) {
    优秀 >= 90
    合格 >= 60
    "不 合 格" otherwise
    否决 when vetoed
  }
  input x : number
  input bad : bool
  indicator a points 100 {
    score x / 100
    veto when bad and prev(bad)
  }
  veto global "全局否决" when x > 99
})";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  const Standard& standard = *compiled.standard;
  ASSERT_EQ(standard.vetoes().size(), 2u);
  EXPECT_EQ(standard.vetoes()[0].id, "a");  // inside an indicator: the indicator's id
  EXPECT_EQ(standard.vetoes()[0].node, 0);
  EXPECT_EQ(standard.vetoes()[1].id, "global");
  EXPECT_EQ(standard.vetoes()[1].label, "全局否决");
  EXPECT_DOUBLE_EQ(standard.grade_tolerance(), 0.01);
  Session s(standard);
  const std::size_t y1 = *s.AddRow("e", 1);
  const std::size_t y2 = *s.AddRow("e", 2);
  ASSERT_TRUE(s.SetNumber(y1, 0, 89.995).ok());  // within the tolerance of 90
  ASSERT_TRUE(s.SetNumber(y1, 1, 1).ok());
  ASSERT_TRUE(s.SetNumber(y2, 0, 70).ok());
  ASSERT_TRUE(s.SetNumber(y2, 1, 1).ok());
  EXPECT_EQ(*s.grade(y1), "优秀");
  EXPECT_FALSE(s.vetoed(y1));         // bad only once
  EXPECT_TRUE(s.vetoed(y2));          // two years in a row
  EXPECT_DOUBLE_EQ(s.total(y2), 70);  // the total is still computed
  EXPECT_EQ(*s.grade(y2), "否决");
  EXPECT_EQ(s.fired_vetoes(y2), (std::vector<std::size_t>{0}));
  ASSERT_TRUE(s.SetNumber(y2, 0, 100).ok());
  EXPECT_EQ(s.fired_vetoes(y2), (std::vector<std::size_t>{0, 1}));
  ASSERT_TRUE(s.SetNumber(y1, 1, 0).ok());
  ASSERT_TRUE(s.SetNumber(y2, 0, 50).ok());
  EXPECT_EQ(*s.grade(y2), "不 合 格");
}

TEST(LanguageTest, InputTypesAndBounds) {
  const char* source = R"(
standard t {
  input n : number [万元] >= 0 <= 100
  input p : percent
  input i : integer [个]
  input r : rank [名]
  input e : enum { 低, "中 等", 高 }
  input s : text
  input b : bool
})";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  const auto inputs = compiled.standard->inputs();
  EXPECT_EQ(inputs[0].unit, "万元");
  EXPECT_EQ(*inputs[0].min, 0);
  EXPECT_EQ(*inputs[0].max, 100);
  EXPECT_EQ(inputs[1].type, InputType::kPercent);
  EXPECT_EQ(inputs[1].unit, "%");
  EXPECT_EQ(inputs[4].options, (std::vector<std::string>{"低", "中 等", "高"}));
  EXPECT_EQ(*compiled.standard->FindOption(4, "高"), 2u);
  Session s(*compiled.standard);
  const std::size_t row = *s.AddRow("e", 1);
  EXPECT_FALSE(s.SetNumber(row, 0, 101).ok());
  EXPECT_FALSE(s.SetFromString(row, 0, "-1").ok());
  EXPECT_TRUE(s.SetFromString(row, 1, "-12.5").ok());  // percent: unbounded
  EXPECT_FALSE(s.SetFromString(row, 2, "2.5").ok());
  EXPECT_TRUE(s.SetFromString(row, 2, "3").ok());
  EXPECT_FALSE(s.SetNumber(row, 3, -1).ok());
  EXPECT_TRUE(s.SetFromString(row, 4, "中 等").ok());
  EXPECT_EQ(s.value(row, 4), 1);
  EXPECT_FALSE(s.SetFromString(row, 4, "中").ok());
  EXPECT_TRUE(s.SetFromString(row, 5, "任何文字").ok());
  EXPECT_EQ(s.text(row, 5), "任何文字");
  for (const char* yes : {"true", "TRUE", "1", "yes", "是"}) {
    EXPECT_TRUE(s.SetFromString(row, 6, yes).ok());
    EXPECT_EQ(s.value(row, 6), 1) << yes;
  }
  for (const char* no : {"false", "0", "no", "否"}) {
    EXPECT_TRUE(s.SetFromString(row, 6, no).ok());
    EXPECT_EQ(s.value(row, 6), 0) << no;
  }
  EXPECT_FALSE(s.SetFromString(row, 6, "maybe").ok());
  EXPECT_TRUE(s.SetFromString(row, 0, "").ok());  // empty: missing
  EXPECT_TRUE(s.is_missing(row, 0));
}

}  // namespace
}  // namespace rubric
