// Standard::period_dependence(): the look-back in periods and cohorts across periods, for
// each construct that reads another period, and for the consortium standard.
#include <string>

#include "gtest/gtest.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

PeriodDependence Of(const std::string& body) {
  const std::string source = "standard t {\n" + body + "\n}\n";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  if (!compiled.ok()) {
    ADD_FAILURE() << RenderAll(compiled.diagnostics, source);
    return {};
  }
  return compiled.standard->period_dependence();
}

TEST(PeriodDependenceTest, NoOtherPeriod) {
  const PeriodDependence d = Of(R"(
  input x : number
  let r = cohort_rank(x)
  indicator a { value x + r })");
  EXPECT_FALSE(d.across_periods);
  EXPECT_EQ(d.look_back, 0);
  EXPECT_EQ(d.unbounded_reason, "");
}

TEST(PeriodDependenceTest, PrevOfAnInputIsOnePeriod) {
  EXPECT_EQ(Of("input x : number\nindicator a { value x - prev(x) }").look_back, 1);
  EXPECT_EQ(Of("input x : number\nindicator a { value missing(prev(x)) }").look_back, 1);
}

TEST(PeriodDependenceTest, ChainsThroughLetsAndNodesAddUp) {
  // b reads a one period back, and a reads x one period back: two in all.
  EXPECT_EQ(Of(R"(
  input x : number
  let a = prev(x) + x
  let b = prev(a)
  indicator n { value b })")
                .look_back,
            2);
  // Through a node: c reads node n's previous value, n reads prev(x).
  EXPECT_EQ(Of(R"(
  input x : number
  indicator n { value prev(x) }
  indicator c { value prev(n) + prev(prev_n) }
  let prev_n = prev(n))")
                .look_back,
            3);
}

TEST(PeriodDependenceTest, VetoesAndMissingOfAPreviousLet) {
  // The veto reads breach one period back; missing(prev(g)) asks whether the previous row
  // is there and, when g can be missing, whether g had a value there, and g reads x one
  // more period back. With x's default, g is never missing: only the row is asked for.
  const std::string rules = R"(
  let g = x - prev(x)
  indicator a {
    value missing(prev(g))
    veto when breach and prev(breach)
  })";
  EXPECT_EQ(Of("input breach : bool\ninput x : number" + rules).look_back, 1);
  EXPECT_EQ(Of("input breach : bool\ninput x : number missing exclude" + rules).look_back, 2);
}

TEST(PeriodDependenceTest, FunctionsAreExpanded) {
  EXPECT_EQ(Of(R"(
  input x : number
  function growth (v) = v - prev(v)
  let g = growth(x)
  indicator a { value prev(g) })")
                .look_back,
            2);
}

TEST(PeriodDependenceTest, ImputePreviousCountsItsPeriods) {
  EXPECT_EQ(Of("input x : number missing impute previous 3\nindicator a { value x }").look_back, 3);
  EXPECT_EQ(Of("input x : number\nlet p = prev(x)\nindicator a { value impute(p, previous 2) }")
                .look_back,
            3);
  const PeriodDependence any =
      Of("input x : number missing impute previous\nindicator a { value x }");
  EXPECT_FALSE(any.look_back.has_value());
  EXPECT_EQ(any.unbounded_reason,
            "'impute previous' of input 'x' has no number of periods (in node 'a')");
}

TEST(PeriodDependenceTest, ALetReadingItsOwnPrevIsUnbounded) {
  const PeriodDependence d = Of(R"(
  input x : number
  let running = prev(running) + x
  indicator a { value running })");
  EXPECT_FALSE(d.look_back.has_value());
  EXPECT_EQ(d.unbounded_reason,
            "let 'running' reads its own prev() (through a chain of prev() over every earlier "
            "period)");
  // Through another let.
  EXPECT_FALSE(Of(R"(
  input x : number
  let a = prev(b) + x
  let b = a * 2
  indicator n { value b })")
                   .look_back.has_value());
}

TEST(PeriodDependenceTest, CohortsAcrossPeriods) {
  const PeriodDependence d = Of(R"(
  input x : number
  let r = cohort_rank(x across periods)
  indicator a { value r })");
  EXPECT_TRUE(d.across_periods);
  EXPECT_EQ(d.across_periods_reason, "a cohort function in let 'r' ranges across periods");
  EXPECT_EQ(d.look_back, 0);
  // A cohort of this period over values read one period back.
  const PeriodDependence p = Of(R"(
  input x : number
  let r = cohort_rank(prev(x))
  indicator a { value r })");
  EXPECT_FALSE(p.across_periods);
  EXPECT_EQ(p.look_back, 1);
}

TEST(PeriodDependenceTest, ConsortiumReadsOnePeriodBack) {
  // Its only reads of other periods are prev() of inputs (the changes of p12_1_*, the
  // vetoes on two years in a row): one period.
  CompileResult compiled = Standard::Compile(
      testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric"),
      "standard.rubric");
  ASSERT_TRUE(compiled.ok());
  const PeriodDependence d = compiled.standard->period_dependence();
  EXPECT_FALSE(d.across_periods);
  EXPECT_EQ(d.look_back, 1);
}

}  // namespace
}  // namespace rubric
