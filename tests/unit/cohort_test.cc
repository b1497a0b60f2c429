// Cohort functions, exactly as docs/language.md defines them, full and incremental.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/explain.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr const char* kSource = R"(
standard c {
  input x : number
  let mm = cohort_minmax(x)
  let rk = cohort_rank(x)
  let pc = cohort_percentile(x)
  let nan_mm = cohort_minmax(ln(x))
  indicator a { value mm }
  indicator b { value rk }
  indicator p { value pc }
  indicator n { value nan_mm }
})";

Standard CompileOrDie(const char* source) {
  CompileResult result = Standard::Compile(source, "c.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

struct Fixture {
  Standard standard;
  Session session;
  explicit Fixture(const char* source) : standard(CompileOrDie(source)), session(standard) {}

  // Rows e0, e1, ... of one period, every input set to the row's value (NaN: missing).
  void AddRows(const std::vector<double>& values, std::int64_t period = 2024) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double value = values[i];
      const std::size_t row = *session.AddRow("e" + std::to_string(i), period);
      for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
        if (!std::isnan(value)) {
          EXPECT_TRUE(session.SetNumber(row, input, value).ok());
        }
      }
    }
  }
  double Value(std::size_t row, const char* node) {
    return session.node_value(row, *standard.FindNode(node));
  }
};

TEST(CohortTest, MinMaxRankAndPercentileWithTies) {
  Fixture f(kSource);
  const double xs[] = {10, 20, 20, 40};
  for (int i = 0; i < 4; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(f.session.SetNumber(row, 0, xs[i]).ok());
  }
  const std::size_t other = *f.session.AddRow("alone", 2025);  // its own cohort
  ASSERT_TRUE(f.session.SetNumber(other, 0, 5).ok());
  const std::size_t a = 0, b = 1, p = 2;
  // minmax: (x - 10) / 30
  EXPECT_DOUBLE_EQ(f.session.node_value(0, a), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, a), 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(3, a), 1.0);
  // rank: 40 -> 1, 20 and 20 share rank 2, 10 -> rank 4; 1 - (rank - 1) / 3
  EXPECT_DOUBLE_EQ(f.session.node_value(3, b), 1.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, b), 1 - 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(2, b), 1 - 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(0, b), 0.0);
  // percentile: rows strictly below / 3
  EXPECT_DOUBLE_EQ(f.session.node_value(0, p), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, p), 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(2, p), 1.0 / 3);
  EXPECT_DOUBLE_EQ(f.session.node_value(3, p), 1.0);
  // A cohort of one.
  EXPECT_DOUBLE_EQ(f.session.node_value(other, a), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(other, b), 1.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(other, p), 1.0);

  // Incrementally: moving the minimum re-scales everyone.
  ASSERT_TRUE(f.session.SetNumber(0, 0, 0).ok());
  EXPECT_DOUBLE_EQ(f.session.node_value(1, a), 0.5);
  ASSERT_TRUE(f.session.RemoveRow(3).ok());
  EXPECT_DOUBLE_EQ(f.session.node_value(1, a), 1.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(1, b), 1.0);
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());
}

TEST(CohortTest, NanIsLeftOutOfMinAndMax) {
  Fixture f(kSource);
  const double xs[] = {-1, 1, std::exp(1.0)};  // ln: NaN, 0, 1
  for (int i = 0; i < 3; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(f.session.SetNumber(row, 0, xs[i]).ok());
  }
  const std::size_t n = 3;
  EXPECT_TRUE(std::isnan(f.session.node_value(0, n)));
  EXPECT_DOUBLE_EQ(f.session.node_value(1, n), 0.0);
  EXPECT_DOUBLE_EQ(f.session.node_value(2, n), 1.0);
}

// A row whose `exclude` input is missing takes no part in the cohort functions over it:
// not with the input's default, which would be the cohort's minimum (or, through a minus
// sign, its best rank).
constexpr const char* kExcluded = R"(
standard ex {
  input r "provincial rank" : rank missing exclude
  input v : number missing exclude
  let doubled = v * 2
  indicator by_rank points 1 { score cohort_rank(-r) }
  indicator by_value points 1 { score cohort_minmax(doubled) }
  indicator share points 1 { score cohort_percentile(v + prev(v)) }
})";

TEST(CohortTest, RowMissingAnExcludedInputTakesNoPartInTheCohort) {
  Fixture f(kExcluded);
  f.AddRows({1, 2, 3, NAN});  // ranks 1 to 3 and values 1 to 3; the last row has neither
  // The best rank is best: a missing rank (0 by default) does not push it down.
  EXPECT_DOUBLE_EQ(f.Value(0, "by_rank"), 1.0);
  EXPECT_DOUBLE_EQ(f.Value(1, "by_rank"), 0.5);
  EXPECT_DOUBLE_EQ(f.Value(2, "by_rank"), 0.0);
  // The minimum is the smallest value present (through a let), not the default 0.
  EXPECT_DOUBLE_EQ(f.Value(0, "by_value"), 0.0);
  EXPECT_DOUBLE_EQ(f.Value(1, "by_value"), 0.5);
  EXPECT_DOUBLE_EQ(f.Value(2, "by_value"), 1.0);
  EXPECT_DOUBLE_EQ(f.Value(1, "share"), 0.5);  // beats one of the two others present
  // The row's own results are missing, and so is its total: no part of it has a value.
  EXPECT_TRUE(IsMissing(f.Value(3, "by_rank")));
  EXPECT_TRUE(IsMissing(f.Value(3, "by_value")));
  EXPECT_TRUE(IsMissing(f.session.total(3)));
  EXPECT_EQ(f.session.missing_reason(3), "no part of the total has a value: missing r, v");
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());

  // Incrementally: the row joins when its values arrive, and leaves when they go.
  ASSERT_TRUE(f.session.SetNumber(3, 0, 4).ok());
  ASSERT_TRUE(f.session.SetNumber(3, 1, 0).ok());
  EXPECT_DOUBLE_EQ(f.Value(0, "by_rank"), 1.0);
  EXPECT_DOUBLE_EQ(f.Value(3, "by_rank"), 0.0);
  EXPECT_DOUBLE_EQ(f.Value(0, "by_value"), 1.0 / 3);
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());
  ASSERT_TRUE(f.session.Clear(0, 0).ok());  // the best rank leaves by_rank only
  EXPECT_DOUBLE_EQ(f.Value(1, "by_rank"), 1.0);
  EXPECT_DOUBLE_EQ(f.Value(0, "by_value"), 1.0 / 3);
  ASSERT_TRUE(f.session.Clear(3, 1).ok());
  EXPECT_DOUBLE_EQ(f.Value(0, "by_value"), 0.0);
  EXPECT_DOUBLE_EQ(f.Value(2, "by_value"), 1.0);
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());
}

// prev() of an excluded input gives its default (docs/language.md): only the current
// period's value decides whether a row takes part.
TEST(CohortTest, AMissingPreviousValueDoesNotExcludeTheRow) {
  Fixture f(kExcluded);
  f.AddRows({1, 2, 3}, 2023);
  f.AddRows({1, 2, 3, 1}, 2024);  // e3 has no 2023 row: 1 + 0
  const std::size_t e3 = *f.session.FindRow("e3", 2024);
  EXPECT_FALSE(f.session.Explain(e3, *f.standard.FindNode("share"))->dropped);
  EXPECT_DOUBLE_EQ(f.Value(e3, "share"), 0.0);
  // e0 (1 + 1) beats e3, which takes part: one of the three others.
  EXPECT_DOUBLE_EQ(f.Value(*f.session.FindRow("e0", 2024), "share"), 1.0 / 3);
}

TEST(CohortTest, ExplanationSaysTheRowTakesNoPart) {
  Fixture f(kExcluded);
  f.AddRows({1, 2, 3, NAN});
  const StatusOr<Explanation> dropped = f.session.Explain(3, *f.standard.FindNode("by_value"));
  ASSERT_TRUE(dropped.ok());
  EXPECT_TRUE(dropped->dropped);
  ASSERT_EQ(dropped->cohorts.size(), 1u);
  EXPECT_FALSE(dropped->cohorts[0].takes_part);
  EXPECT_EQ(dropped->cohorts[0].cohort_size, 3u);
  EXPECT_TRUE(IsMissing(dropped->cohorts[0].result));
  EXPECT_NE(ExplanationToJson(*dropped).find("\"takes_part\": false"), std::string::npos);

  const StatusOr<Explanation> present = f.session.Explain(0, *f.standard.FindNode("by_value"));
  ASSERT_TRUE(present.ok());
  EXPECT_FALSE(present->dropped);
  ASSERT_EQ(present->cohorts.size(), 1u);
  EXPECT_TRUE(present->cohorts[0].takes_part);
  EXPECT_EQ(present->cohorts[0].cohort_size, 3u);
  EXPECT_EQ(present->cohorts[0].min, 2.0);
  EXPECT_EQ(ExplanationToJson(*present).find("takes_part"), std::string::npos);
}

// Cohort functions nest, inline or through a let, in stages: the inner one is computed over
// the period first, and the outer one over its results.
constexpr const char* kNested = R"(
standard nested {
  input x : number
  input w : number missing exclude
  let r = cohort_rank(x)
  let staged = cohort_minmax(r)
  let p = cohort_percentile(w + x)
  let m = cohort_minmax(p * 2)
  indicator let_form { value staged }
  indicator inline_form { value cohort_minmax(cohort_rank(x)) }
  indicator let_form_excluded { value cohort_rank(m - x) }
  indicator inline_form_excluded { value cohort_rank(cohort_minmax(cohort_percentile(w + x) * 2) - x) }
  indicator winsorised { value cohort_minmax(min(x, 30 + cohort_minmax(x))) }
})";

TEST(CohortTest, NestedCohortFunctionsAreStagedLikeLets) {
  Fixture f(kNested);
  const double xs[] = {10, 40, 20, 20, 35, 5};
  for (int i = 0; i < 6; ++i) {
    const std::size_t row = *f.session.AddRow("e" + std::to_string(i), 2024);
    ASSERT_TRUE(f.session.SetNumber(row, 0, xs[i]).ok());
    if (i != 2) {
      ASSERT_TRUE(f.session.SetNumber(row, 1, xs[i] / 5).ok());
    }
  }
  // rank of x: 40 -> 1, 35 -> 0.8, 20 and 20 -> 0.6, 10 -> 0.2, 5 -> 0; min-max of that is
  // the same here (its minimum is 0 and its maximum 1).
  EXPECT_DOUBLE_EQ(f.Value(1, "inline_form"), 1.0);
  EXPECT_DOUBLE_EQ(f.Value(4, "inline_form"), 0.8);
  EXPECT_DOUBLE_EQ(f.Value(0, "inline_form"), 0.2);
  auto same = [&](const char* a, const char* b) {
    for (std::size_t row = 0; row < f.session.row_count(); ++row) {
      const double x = f.Value(row, a), y = f.Value(row, b);
      EXPECT_EQ(std::memcmp(&x, &y, sizeof x), 0) << a << " and " << b << ", row " << row;
    }
  };
  same("let_form", "inline_form");
  same("let_form_excluded", "inline_form_excluded");
  // Row 2 misses w: it takes part in no stage over w, nor in the rank over m - x. For the
  // others w + x = 1.2 x, so p and m are 0, 1/4, ... 1 in the order of x, and m - x orders
  // them the other way round.
  EXPECT_TRUE(IsMissing(f.Value(2, "inline_form_excluded")));
  EXPECT_DOUBLE_EQ(f.Value(5, "inline_form_excluded"), 1.0);
  EXPECT_DOUBLE_EQ(f.Value(3, "inline_form_excluded"), 0.5);
  EXPECT_DOUBLE_EQ(f.Value(4, "inline_form_excluded"), 0.25);
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());

  // Incremental == full after each edit, and the two forms stay equal.
  ASSERT_TRUE(f.session.SetNumber(5, 0, 50).ok());
  same("let_form", "inline_form");
  ASSERT_TRUE(f.session.SetNumber(2, 1, 1).ok());
  same("let_form_excluded", "inline_form_excluded");
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());
  ASSERT_TRUE(f.session.Clear(1, 1).ok());
  ASSERT_TRUE(f.session.RemoveRow(4).ok());
  same("let_form", "inline_form");
  same("let_form_excluded", "inline_form_excluded");
  EXPECT_TRUE(f.session.VerifyAgainstFullEvaluation().ok());
}

}  // namespace
}  // namespace rubric
