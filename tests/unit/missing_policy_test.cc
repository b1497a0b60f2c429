// The three missing-data policies: default, exclude (redistribution) and unscorable.
#include <string>

#include "gtest/gtest.h"
#include "rubric/explain.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard ex {
  total 10
  input a : number missing exclude
  input b : number
  input c : number missing exclude
  group g points 10 {
    indicator i1 points 4 { score a / 10 }
    indicator i2 points 6 { score b / 10 }
  }
  group h points 0 {
    indicator j points 0 { score c }
  }
}
)";

Standard Compile(const char* source) {
  CompileResult result = Standard::Compile(source, "ex.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

TEST(MissingPolicyTest, ExcludedIndicatorRedistributesItsPointsOverItsSiblings) {
  const Standard standard = Compile(kSource);
  EXPECT_EQ(standard.inputs()[0].missing, MissingPolicy::kExclude);
  Session session(standard);
  const std::size_t full = *session.AddRow("full", 2024);
  const std::size_t partial = *session.AddRow("partial", 2024);
  ASSERT_TRUE(session.SetNumber(full, 0, 10).ok());
  ASSERT_TRUE(session.SetNumber(full, 1, 5).ok());
  ASSERT_TRUE(session.SetNumber(full, 2, 0).ok());
  ASSERT_TRUE(session.SetNumber(partial, 1, 5).ok());  // a and c missing
  const std::size_t g = *standard.FindNode("g");
  const std::size_t i1 = *standard.FindNode("i1");
  EXPECT_DOUBLE_EQ(session.node_value(full, g), 7.0);  // 4 + 3
  EXPECT_DOUBLE_EQ(session.total(full), 7.0);
  EXPECT_TRUE(IsMissing(session.node_value(partial, i1)));
  EXPECT_DOUBLE_EQ(session.node_value(partial, g), 5.0);  // 3 x 10 / 6
  EXPECT_DOUBLE_EQ(session.total(partial), 5.0);
  EXPECT_TRUE(session.scorable(partial));

  // Filling the value in brings the indicator back, incrementally.
  ASSERT_TRUE(session.SetNumber(partial, 0, 5).ok());
  EXPECT_DOUBLE_EQ(session.node_value(partial, g), 5.0);  // 2 + 3
  ASSERT_TRUE(session.Clear(partial, 0).ok());
  EXPECT_DOUBLE_EQ(session.node_value(partial, g), 5.0);
  ASSERT_TRUE(session.Clear(partial, 1).ok());  // b follows `default`: 0
  EXPECT_DOUBLE_EQ(session.node_value(partial, g), 0.0);
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

TEST(MissingPolicyTest, DefaultPolicyUsesZeroAndUnscorableNamesTheInput) {
  const Standard standard = Compile(R"(
standard s {
  input x : number
  input y : number missing unscorable
  indicator a points 1 { score x + y }
})");
  Session session(standard);
  const std::size_t row = *session.AddRow("e", 1);
  ASSERT_TRUE(session.SetNumber(row, 1, 0.25).ok());
  EXPECT_DOUBLE_EQ(session.total(row), 0.25);  // x missing: 0
  ASSERT_TRUE(session.Clear(row, 1).ok());
  EXPECT_FALSE(session.scorable(row));
  EXPECT_EQ(session.unscorable_reason(row), "missing input 'y'");
  ASSERT_TRUE(session.SetNumber(row, 1, 0.5).ok());
  EXPECT_TRUE(session.scorable(row));
  EXPECT_DOUBLE_EQ(session.total(row), 0.5);
}

TEST(MissingPolicyTest, StandardWidePolicyAppliesToInputsWithoutTheirOwn) {
  const Standard standard = Compile(R"(
standard s {
  missing exclude
  input x : number
  input y : number missing default
  indicator a points 1 { score x }
})");
  EXPECT_EQ(standard.inputs()[0].missing, MissingPolicy::kExclude);
  EXPECT_EQ(standard.inputs()[1].missing, MissingPolicy::kDefault);
}

TEST(MissingPolicyTest, ExplanationsSayWhatWasDroppedAndHowTheSumIsScaled) {
  const Standard standard = Compile(kSource);
  Session session(standard);
  const std::size_t row = *session.AddRow("partial", 2024);
  ASSERT_TRUE(session.SetNumber(row, 1, 5).ok());  // a missing: i1 is dropped
  const StatusOr<Explanation> group = session.Explain(row, *standard.FindNode("g"));
  ASSERT_TRUE(group.ok());
  ASSERT_EQ(group->children.size(), 2u);
  EXPECT_TRUE(group->children[0].dropped);
  EXPECT_FALSE(group->children[1].dropped);
  EXPECT_NE(group->rule.find("scaled by 10 / 6"), std::string::npos) << group->rule;
  EXPECT_NE(ExplanationToJson(*group).find("\"dropped\": true"), std::string::npos);

  const StatusOr<Explanation> indicator = session.Explain(row, *standard.FindNode("i1"));
  ASSERT_TRUE(indicator.ok());
  EXPECT_TRUE(indicator->dropped);
  ASSERT_EQ(indicator->inputs.size(), 1u);
  EXPECT_TRUE(indicator->inputs[0].missing);
  EXPECT_FALSE(indicator->inputs[0].defaulted);
  EXPECT_NE(indicator->inputs[0].shown.find("excluded"), std::string::npos);

  ASSERT_TRUE(session.SetNumber(row, 0, 5).ok());  // present again
  EXPECT_FALSE(session.Explain(row, *standard.FindNode("i1"))->dropped);
}

// A dropped indicator is missing, whatever its rule would give with the missing input's
// default (here 1 - 0 = all its points): a sum leaves it out, a value rule reads it as
// missing (and is missing itself), unless it tests for it.
TEST(MissingPolicyTest, DroppedIndicatorIsMissingWhateverItsRuleWouldGiveWithTheDefault) {
  const Standard standard = Compile(R"(
standard s {
  input a : number missing exclude
  input b : number
  group summed points 10 {
    indicator i1 points 4 { score 1 - a / 10 }
    indicator i2 points 6 { score b / 10 }
  }
  group valued {
    indicator j1 points 4 { score 1 - a / 10 }
    indicator j2 points 6 { score b / 10 }
    value j1 + j2
  }
  group tested {
    indicator k1 points 4 { score 1 - a / 10 }
    indicator k2 points 6 { score b / 10 }
    value if missing(k1) then k2 else k1 + k2
  }
})");
  Session session(standard);
  const std::size_t row = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetNumber(row, 1, 5).ok());  // a missing
  EXPECT_TRUE(IsMissing(session.node_value(row, *standard.FindNode("i1"))));
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("summed")), 5.0);  // 3 x 10 / 6
  EXPECT_TRUE(IsMissing(session.node_value(row, *standard.FindNode("j1"))));
  EXPECT_TRUE(IsMissing(session.node_value(row, *standard.FindNode("valued"))));
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("tested")), 3.0);
  ASSERT_TRUE(session.SetNumber(row, 0, 5).ok());
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("j1")), 2.0);
  EXPECT_DOUBLE_EQ(session.node_value(row, *standard.FindNode("valued")), 5.0);
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

// The explanation of a dropped node says what its parent did with it, which depends on
// the parent's rule and on the siblings.
TEST(MissingPolicyTest, ExplanationSaysWhatBecameOfADroppedNodesPoints) {
  const Standard standard = Compile(R"(
standard s {
  input a : number missing exclude
  input b : number
  input c : number missing exclude
  group summed points 10 {
    indicator i1 points 4 { score a }
    indicator i2 points 6 { score b }
  }
  group valued {
    indicator j1 points 4 { score a }
    indicator j2 points 6 { score b }
    value j1 + j2
  }
  group outer points 4 {
    group all_dropped points 2 {
      indicator k1 points 1 { score a }
      indicator k2 points 1 { score c }
    }
    indicator o1 points 1 { score c }
    indicator o2 points 1 { score b }
  }
  group unknown_points {
    indicator m1 points 1 { score a }
    indicator m2 { value b }
  }
})");
  Session session(standard);
  const std::size_t row = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetNumber(row, 1, 0.5).ok());  // a and c missing
  auto effect = [&](const char* node) {
    const StatusOr<Explanation> e = session.Explain(row, *standard.FindNode(node));
    EXPECT_TRUE(e.ok() && e->dropped) << node;
    return e.ok() ? e->dropped_effect : std::string();
  };
  EXPECT_EQ(effect("i1"), "missing data; its points go to its siblings");
  EXPECT_EQ(effect("j1"),
            "missing data; the value rule of 'valued' reads it as missing and does not "
            "redistribute points");
  EXPECT_EQ(effect("k1"),
            "missing data, like every child of 'all_dropped': 'all_dropped' is "
            "missing too");
  EXPECT_EQ(effect("all_dropped"), "missing data; its points go to its present siblings");
  EXPECT_EQ(effect("m1"),
            "missing data; it counts 0 in the sum of 'unknown_points', which cannot "
            "redistribute points: not every part of it has points");
  const StatusOr<Explanation> present = session.Explain(row, *standard.FindNode("i2"));
  ASSERT_TRUE(present.ok());
  EXPECT_FALSE(present->dropped);
  EXPECT_EQ(present->dropped_effect, "");
  const StatusOr<Explanation> j1 = session.Explain(row, *standard.FindNode("j1"));
  EXPECT_NE(ExplanationToJson(*j1).find("\"dropped_effect\": \"missing data; the value rule"),
            std::string::npos);
}

}  // namespace
}  // namespace rubric

namespace rubric {
namespace {

// missing(prev(x)) of a node is 1 when the previous period's value is missing, and follows
// that value incrementally.
TEST(MissingPolicyTest, MissingOfPreviousNodeValueSeesAMissingValue) {
  const Standard standard = Compile(R"(
standard s {
  input a : number missing exclude
  indicator i points 10 { score a / 10 }
  indicator first points 10 { score if missing(prev(i)) then 1 else 0 }
})");
  Session session(standard);
  const std::size_t before = *session.AddRow("e", 2023);
  const std::size_t now = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetNumber(now, 0, 5).ok());
  const std::size_t first = *standard.FindNode("first");
  EXPECT_DOUBLE_EQ(session.node_value(now, first), 10);  // 2023's i is missing
  ASSERT_TRUE(session.SetNumber(before, 0, 5).ok());
  EXPECT_DOUBLE_EQ(session.node_value(now, first), 0);
  ASSERT_TRUE(session.Clear(before, 0).ok());
  EXPECT_DOUBLE_EQ(session.node_value(now, first), 10);
  EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
}

}  // namespace
}  // namespace rubric
