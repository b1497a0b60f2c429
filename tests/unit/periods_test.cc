// Reading other periods: missing(x) and missing(prev(x)) say whether a value is there, and
// prev() of a let or node breaks a cycle, so that running totals over periods evaluate
// period after period, in full and incrementally.
#include <string>

#include "gtest/gtest.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

Standard CompileOrDie(const std::string& source) {
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  if (!compiled.ok()) {
    ADD_FAILURE() << RenderAll(compiled.diagnostics, source);
    throw std::runtime_error("does not compile");
  }
  return std::move(*compiled.standard);
}

// The codes of the diagnostics of `source`, space separated.
std::string Codes(const std::string& source) {
  std::string codes;
  for (const Diagnostic& d : Standard::Compile(source, "t.rubric").diagnostics) {
    codes += (codes.empty() ? "" : " ") + d.code;
  }
  return codes;
}

TEST(PeriodsTest, MissingTestsThisRowBeforeThePolicyApplies) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input x : number
  input y : number missing exclude
  input lvl : enum { a, b }
  indicator mx { value missing(x) }
  indicator my { value missing(y) }
  indicator ml { value missing(lvl) }
  indicator both { value x + 10 * missing(x) }
})");
  Session s(standard);
  const std::size_t row = *s.AddRow("e", 2024);
  const std::size_t mx = *standard.FindNode("mx"), my = *standard.FindNode("my");
  const std::size_t ml = *standard.FindNode("ml"), both = *standard.FindNode("both");
  EXPECT_EQ(s.node_value(row, mx), 1);
  EXPECT_EQ(s.node_value(row, my), 1);
  EXPECT_EQ(s.node_value(row, ml), 1);
  EXPECT_EQ(s.node_value(row, both), 10);  // x reads its default, 0
  ASSERT_TRUE(s.SetNumber(row, 0, 3).ok());
  ASSERT_TRUE(s.SetNumber(row, 1, 0).ok());
  ASSERT_TRUE(s.SetOption(row, 2, 0).ok());
  EXPECT_EQ(s.node_value(row, mx), 0);
  EXPECT_EQ(s.node_value(row, my), 0);
  EXPECT_EQ(s.node_value(row, ml), 0);
  EXPECT_EQ(s.node_value(row, both), 3);
  ASSERT_TRUE(s.Clear(row, 0).ok());
  EXPECT_EQ(s.node_value(row, mx), 1);
  EXPECT_EQ(s.node_value(row, both), 10);
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
}

// missing(x) does not read x's value: an indicator that only tests an `exclude` input for a
// value is not dropped when it has none.
TEST(PeriodsTest, MissingDoesNotDropAnIndicator) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input y : number missing exclude
  group g points 2 {
    indicator tested points 1 { score missing(y) }
    indicator other points 1 { score 1 }
  }
})");
  Session s(standard);
  const std::size_t row = *s.AddRow("e", 2024);
  EXPECT_EQ(s.node_value(row, *standard.FindNode("tested")), 1);
  EXPECT_EQ(s.total(row), 2);
}

TEST(PeriodsTest, MissingPrevTellsWhatTheFirstYearEarns) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input x : number
  let growth = x - prev(x)
  indicator g points 1 { score if missing(prev(x)) then 0.5 else growth / 10 }
  indicator first { value missing(prev(g)) }
})");
  Session s(standard);
  const std::size_t y1 = *s.AddRow("e", 2021);
  const std::size_t y2 = *s.AddRow("e", 2022);
  const std::size_t y4 = *s.AddRow("e", 2024);  // 2023 absent
  const std::size_t g = *standard.FindNode("g"), first = *standard.FindNode("first");
  ASSERT_TRUE(s.SetNumber(y1, 0, 10).ok());
  ASSERT_TRUE(s.SetNumber(y2, 0, 15).ok());
  ASSERT_TRUE(s.SetNumber(y4, 0, 30).ok());
  EXPECT_EQ(s.node_value(y1, g), 0.5);  // the first year: said explicitly
  EXPECT_EQ(s.node_value(y2, g), 0.5);  // growth 5 of 10
  EXPECT_EQ(s.node_value(y4, g), 0.5);  // no 2023 row
  EXPECT_EQ(s.node_value(y1, first), 1);
  EXPECT_EQ(s.node_value(y2, first), 0);
  EXPECT_EQ(s.node_value(y4, first), 1);
  ASSERT_TRUE(s.Clear(y1, 0).ok());  // the previous row is there, its value is not
  EXPECT_EQ(s.node_value(y2, g), 0.5);
  ASSERT_TRUE(s.SetNumber(y1, 0, 14).ok());
  EXPECT_DOUBLE_EQ(s.node_value(y2, g), 0.1);
  EXPECT_TRUE(s.RemoveRow(y1).ok());  // a removed row is an absent one
  EXPECT_EQ(s.node_value(y2, g), 0.5);
  EXPECT_EQ(s.node_value(y2, first), 1);
  const std::size_t y3 = *s.AddRow("e", 2023);  // fills the gap
  EXPECT_EQ(s.node_value(y4, first), 0);
  EXPECT_EQ(s.node_value(y4, g), 0.5);  // 2023 is there, but without x
  EXPECT_EQ(s.node_value(y3, g), 0);    // growth 0 - 15, clamped
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
}

// missing() of any expression: E0213, which allowed only inputs and prev, is retired.
TEST(PeriodsTest, MissingTakesAnyExpression) {
  const std::string head = "standard t {\n  input x : number\n  let l = x\n";
  EXPECT_EQ(Codes(head + "  let m = missing(l)\n}\n"), "");
  EXPECT_EQ(Codes(head + "  let m = missing(x + 1)\n}\n"), "");
  EXPECT_EQ(Codes(head + "  let m = missing(prev(x + 1))\n}\n"), "E0211");
  EXPECT_EQ(Codes(head + "  let m = missing(z)\n}\n"), "E0101");
  EXPECT_EQ(Codes(head + "  let m = missing(x, x)\n}\n"), "E0203");
  EXPECT_EQ(Codes(head + "  let m = missing(prev(l)) + missing(x)\n}\n"), "");
}

// 近三年累计投入: a running total over periods.
TEST(PeriodsTest, PrevOfALetBreaksACycle) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input a : number
  let run = prev(run_one) + a
  let run_one = run
  let r1 = prev(run)
  let r2 = prev(r1)
  let r3 = prev(r2)
  let three = run - r3
  indicator total_in { value run }
  indicator last_three { value three }
})");
  Session s(standard);
  // Rows added out of order, so that full evaluation cannot rely on row order.
  const std::size_t y3 = *s.AddRow("e", 2023);
  const std::size_t y1 = *s.AddRow("e", 2021);
  const std::size_t y2 = *s.AddRow("e", 2022);
  const std::size_t y4 = *s.AddRow("e", 2024);
  const std::size_t other = *s.AddRow("f", 2022);
  ASSERT_TRUE(s.SetNumber(y1, 0, 1).ok());
  ASSERT_TRUE(s.SetNumber(y2, 0, 2).ok());
  ASSERT_TRUE(s.SetNumber(y3, 0, 4).ok());
  ASSERT_TRUE(s.SetNumber(y4, 0, 8).ok());
  ASSERT_TRUE(s.SetNumber(other, 0, 100).ok());
  const std::size_t run = *standard.FindNode("total_in");
  const std::size_t three = *standard.FindNode("last_three");
  EXPECT_EQ(s.node_value(y1, run), 1);
  EXPECT_EQ(s.node_value(y2, run), 3);
  EXPECT_EQ(s.node_value(y3, run), 7);
  EXPECT_EQ(s.node_value(y4, run), 15);
  EXPECT_EQ(s.node_value(other, run), 100);
  EXPECT_EQ(s.node_value(y4, three), 14);  // 2 + 4 + 8
  // An edit in 2021 reaches every later period of the entity, incrementally.
  ASSERT_TRUE(s.SetNumber(y1, 0, 11).ok());
  EXPECT_EQ(s.node_value(y4, run), 25);
  EXPECT_EQ(s.node_value(y4, three), 14);
  EXPECT_EQ(s.node_value(y3, three), 17);
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
  // A gap restarts the total.
  ASSERT_TRUE(s.RemoveRow(y2).ok());
  EXPECT_EQ(s.node_value(y3, run), 4);
  EXPECT_EQ(s.node_value(y4, run), 12);
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
}

TEST(PeriodsTest, PrevOfANodeBreaksACycleThroughItsGroup) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input a : number
  group g {
    indicator now points 10 { score a / 10 }
    indicator kept points 10 { score prev(g) / 20 }
  }
})");
  Session s(standard);
  const std::size_t y1 = *s.AddRow("e", 1);
  const std::size_t y2 = *s.AddRow("e", 2);
  ASSERT_TRUE(s.SetNumber(y1, 0, 10).ok());
  ASSERT_TRUE(s.SetNumber(y2, 0, 5).ok());
  EXPECT_EQ(s.total(y1), 10);
  EXPECT_EQ(s.total(y2), 5 + 5);
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
}

TEST(PeriodsTest, SameRowCyclesAndCyclesThroughCohortsAreStillErrors) {
  EXPECT_EQ(Codes("standard t {\n  let a = b + 1\n  let b = a\n}\n"), "E0301");
  EXPECT_EQ(Codes("standard t {\n  let a = prev(a) + b\n  let b = a\n}\n"), "E0301");
  EXPECT_EQ(Codes("standard t {\n  input x : number\n"
                  "  let a = cohort_rank(prev(a)) + x\n}\n"),
            "E0301");
  EXPECT_EQ(Codes("standard t {\n  input x : number\n"
                  "  let a = prev(a) + cohort_rank(x)\n}\n"),
            "");
  CompileResult cohort = Standard::Compile(
      "standard t {\n  input x : number\n  let a = cohort_rank(prev(a)) + x\n}\n", "t.rubric");
  ASSERT_FALSE(cohort.diagnostics.empty());
  EXPECT_EQ(cohort.diagnostics[0].message, "dependency cycle through a cohort function: a -> a");
}

// A cohort function beside a recurrence (not on it) is evaluated before it.
TEST(PeriodsTest, CohortBesideARecurrence) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input x : number
  let run = prev(run) + cohort_rank(x)
  indicator r { value run }
})");
  Session s(standard);
  const std::size_t a1 = *s.AddRow("a", 1), b1 = *s.AddRow("b", 1);
  const std::size_t a2 = *s.AddRow("a", 2), b2 = *s.AddRow("b", 2);
  ASSERT_TRUE(s.SetNumber(a1, 0, 2).ok());
  ASSERT_TRUE(s.SetNumber(b1, 0, 1).ok());
  ASSERT_TRUE(s.SetNumber(a2, 0, 1).ok());
  ASSERT_TRUE(s.SetNumber(b2, 0, 2).ok());
  EXPECT_EQ(s.node_value(a2, 0), 1);
  EXPECT_EQ(s.node_value(b2, 0), 1);
  ASSERT_TRUE(s.SetNumber(b1, 0, 3).ok());
  EXPECT_EQ(s.node_value(a2, 0), 0);
  EXPECT_EQ(s.node_value(b2, 0), 2);
  EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
}

// Many rows, entities added period by period and in several blocks: the recurrence gives
// the same running totals with any number of threads.
TEST(PeriodsTest, RecurrencesWithManyRowsAndThreads) {
  const Standard standard = CompileOrDie(R"(
standard t {
  input a : number
  let run = prev(run) + a
  indicator r { value run }
})");
  for (unsigned threads : {1u, 4u}) {
    Session s(standard);
    constexpr int kEntities = 400, kPeriods = 5;
    for (int p = kPeriods - 1; p >= 0; --p) {  // later periods first
      for (int e = 0; e < kEntities; ++e) {
        const std::size_t row = *s.AddRow("E" + std::to_string(e), 2020 + p);
        ASSERT_TRUE(s.SetNumber(row, 0, e + p).ok());
      }
    }
    s.Evaluate(threads);
    for (int e = 0; e < kEntities; e += 37) {
      for (int p = 0; p < kPeriods; ++p) {
        const std::size_t row = *s.FindRow("E" + std::to_string(e), 2020 + p);
        EXPECT_EQ(s.node_value(row, 0), (p + 1) * e + p * (p + 1) / 2) << e << " " << p;
      }
    }
    EXPECT_TRUE(s.VerifyAgainstFullEvaluation().ok());
  }
}

}  // namespace
}  // namespace rubric
