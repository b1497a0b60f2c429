// Weighted groups through the language (WEIGHTS.md "AS IMPLEMENTED"): AHP weights of
// published examples, the triangular and the full matrix, the priority options, geomean and
// hmean of a zero, coverage in sum and weighted groups, a derived zero weight, and the
// mean or product of weighting methods. The weights are read back from group values: a
// row whose children are (0, ..., 1, ..., 0) has the mean sum_j w_j x_j = w_k.
#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/diagnostic.h"
#include "rubric/missing.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

Standard CompileOrDie(const std::string& source) {
  CompileResult result = Standard::Compile(source, "weighting.rubric");
  EXPECT_TRUE(result.ok()) << RenderAll(result.diagnostics, source);
  return std::move(*result.standard);
}

std::size_t NodeIndex(const Standard& standard, const std::string& id) {
  for (std::size_t i = 0; i < standard.nodes().size(); ++i) {
    if (standard.nodes()[i].id == id) return i;
  }
  ADD_FAILURE() << "no node " << id;
  return 0;
}

// A standard with inputs x1..xm (missing exclude) and `groups` as its body.
std::string StandardWith(int m, const std::string& groups) {
  std::string source = "standard w {\n";
  for (int j = 1; j <= m; ++j) {
    source += "  input x" + std::to_string(j) + " : number missing exclude\n";
  }
  return source + groups + "}\n";
}

// The children a1..am of a group, indicators with `value xj`.
std::string Children(int m, const std::string& prefix = "a") {
  std::string text;
  for (int j = 1; j <= m; ++j) {
    text +=
        "    indicator " + prefix + std::to_string(j) + " { value x" + std::to_string(j) + " }\n";
  }
  return text;
}

// Rows r0, r1, ... of one period with the given values (NaN: missing); returns the value of
// node `group` in every row.
std::vector<double> GroupValues(const Standard& standard, const std::string& group,
                                const std::vector<std::vector<double>>& rows) {
  Session session(standard);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t row = *session.AddRow("r" + std::to_string(r), 2024);
    for (std::size_t j = 0; j < rows[r].size(); ++j) {
      if (!std::isnan(rows[r][j])) {
        EXPECT_TRUE(session.SetNumber(row, j, rows[r][j]).ok());
      }
    }
  }
  session.Evaluate();
  std::vector<double> values;
  const std::size_t node = NodeIndex(standard, group);
  for (std::size_t r = 0; r < rows.size(); ++r) values.push_back(session.node_value(r, node));
  return values;
}

// The weights of group `g` of a standard with m inputs: its values on the unit rows.
std::vector<double> WeightsOf(const std::string& source, int m) {
  const Standard standard = CompileOrDie(source);
  std::vector<std::vector<double>> rows;
  for (int k = 0; k < m; ++k) {
    std::vector<double> row(static_cast<std::size_t>(m), 0.0);
    row[static_cast<std::size_t>(k)] = 1;
    rows.push_back(row);
  }
  return GroupValues(standard, "g", rows);
}

std::vector<double> AhpWeights(int m, const std::string& options, const std::string& rows) {
  return WeightsOf(StandardWith(m, "  group g {\n    weights ahp " + options + " {\n" + rows +
                                       "    }\n" + Children(m) + "  }\n"),
                   m);
}

// Wikipedia, "Analytic hierarchy process - leader example", criteria experience, education,
// charisma, age (as in tests/unit/ahp_test.cc on branch ahp): priorities .548 .127 .270 .056.
constexpr const char* kLeaderFull =
    "      a1: 1 4 3 7\n      a2: 1/4 1 1/3 3\n      a3: 1/3 3 1 5\n      a4: 1/7 1/3 1/5 1\n";
constexpr const char* kLeaderUpper =
    "      a1: 1 4 3 7\n      a2: 1 1/3 3\n      a3: 1 5\n      a4: 1\n";

TEST(WeightingTest, AhpPublishedExampleThroughTheLanguage) {
  const std::vector<double> w = AhpWeights(4, "", kLeaderFull);
  const std::vector<double> published = {.548, .127, .270, .056};
  ASSERT_EQ(w.size(), 4u);
  double sum = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(w[i], published[i], 0.0005 + 1e-12) << "weight " << i;
    sum += w[i];
  }
  EXPECT_NEAR(sum, 1, 1e-15);
}

TEST(WeightingTest, AhpTriangularIsTheFullMatrix) {
  for (const char* options : {"", "approximate", "geometric", "eigenvector alonso"}) {
    const std::vector<double> full = AhpWeights(4, options, kLeaderFull);
    const std::vector<double> upper = AhpWeights(4, options, kLeaderUpper);
    ASSERT_EQ(full.size(), upper.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      EXPECT_EQ(full[i], upper[i]) << options << " weight " << i;
    }
  }
}

TEST(WeightingTest, AhpRowsInAnotherOrderGiveEachChildItsWeight) {
  // The rows name the children; the columns follow the rows' order.
  const std::vector<double> in_order = AhpWeights(4, "", kLeaderFull);
  const std::vector<double> reordered = AhpWeights(
      4, "",
      "      a3: 1 1/3 3 5\n      a1: 3 1 4 7\n      a2: 1/3 1/4 1 3\n      a4: 1/5 1/7 1/3 1\n");
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(in_order[i], reordered[i], 1e-15) << i;
}

TEST(WeightingTest, AhpApproximateAndGeometricByHand) {
  // a1 : a2 = 3, a1 : a3 = 5, a2 : a3 = 2 (inconsistent: 3 * 2 != 5).
  const char* rows = "      a1: 1 3 5\n      a2: 1 2\n      a3: 1\n";
  const std::vector<double> eigen = AhpWeights(3, "", rows);
  const std::vector<double> approximate = AhpWeights(3, "approximate", rows);
  const std::vector<double> geometric = AhpWeights(3, "geometric", rows);
  // Column sums 23/15, 9/2, 8; each row of the column-normalised matrix averaged.
  const double expected[] = {(15.0 / 23 + 2.0 / 3 + 5.0 / 8) / 3,
                             (5.0 / 23 + 2.0 / 9 + 2.0 / 8) / 3,
                             (3.0 / 23 + 1.0 / 9 + 1.0 / 8) / 3};
  const double g[] = {std::cbrt(15.0), std::cbrt(2.0 / 3), std::cbrt(0.1)};
  bool differs = false;
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(approximate[i], expected[i], 1e-15) << i;
    EXPECT_NEAR(geometric[i], g[i] / (g[0] + g[1] + g[2]), 1e-15) << i;
    differs = differs || std::fabs(approximate[i] - eigen[i]) > 1e-6;
  }
  EXPECT_TRUE(differs) << "`approximate` gives the eigenvector's weights";
}

TEST(WeightingTest, GeomeanAndHmeanOfAZeroAreZero) {
  for (const char* kind : {"geomean", "hmean"}) {
    const Standard standard = CompileOrDie(StandardWith(
        3, std::string("  group g {\n    aggregate ") + kind + "\n" + Children(3) + "  }\n"));
    const std::vector<double> values = GroupValues(standard, "g", {{0, 2, 3}, {1, 2, 4}});
    EXPECT_EQ(values[0], 0.0) << kind;
    EXPECT_GT(values[1], 0.0) << kind;
  }
}

TEST(WeightingTest, CoverageInASumGroupAndInAWeightedGroup) {
  // 60% of 3 children: 2 present (ceil(1.8)).
  const Standard standard = CompileOrDie(StandardWith(
      3,
      "  group s points 30 {\n    coverage >= 60%\n"
      "    indicator p1 points 10 { score x1 }\n    indicator p2 points 10 { score x2 }\n"
      "    indicator p3 points 10 { score x3 }\n  }\n"
      "  group g {\n    aggregate mean\n    coverage >= 60%\n"
      "    indicator a1 weight 2 { value x1 }\n    indicator a2 { value x2 }\n"
      "    indicator a3 { value x3 }\n  }\n"));
  const double nan = std::nan("");
  const std::vector<std::vector<double>> rows = {
      {0.5, 0.5, 0.5}, {0.5, 1, nan}, {0.5, nan, nan}, {nan, nan, nan}};
  const std::vector<double> sum = GroupValues(standard, "s", rows);
  const std::vector<double> mean = GroupValues(standard, "g", rows);
  EXPECT_FALSE(IsMissing(sum[0]));
  EXPECT_FALSE(IsMissing(sum[1]));
  EXPECT_TRUE(IsMissing(sum[2]));
  EXPECT_TRUE(IsMissing(sum[3]));
  EXPECT_DOUBLE_EQ(mean[0], 0.5);
  EXPECT_DOUBLE_EQ(mean[1], (2 * 0.5 + 1) / 3);  // the present children's weights renormalised
  EXPECT_TRUE(IsMissing(mean[2]));
  EXPECT_TRUE(IsMissing(mean[3]));
}

TEST(WeightingTest, ADerivedZeroWeightLeavesItsChildOut) {
  // x3 is constant over the complete rows: entropy weight 0.
  const Standard standard =
      CompileOrDie(StandardWith(3, "  group g {\n    weights entropy\n" + Children(3) + "  }\n"));
  const double nan = std::nan("");
  const std::vector<std::vector<double>> rows = {
      {1, 4, 5}, {2, 1, 5}, {3, 2, 5}, {nan, 3, 5}, {nan, nan, 7}};
  const std::vector<double> values = GroupValues(standard, "g", rows);
  // The weights of x1 and x2 from the complete rows (the first three).
  auto divergence = [](std::vector<double> xs) {
    double s = 0, t = 0;
    for (double x : xs) {
      s += x;
      t += x * std::log(x);
    }
    return 1 + (t / s - std::log(s)) / std::log(3.0);
  };
  const double d1 = divergence({1, 2, 3});
  const double d2 = divergence({4, 1, 2});
  const double w1 = d1 / (d1 + d2);
  const double w2 = d2 / (d1 + d2);
  EXPECT_NEAR(values[0], w1 * 1 + w2 * 4, 1e-14);
  EXPECT_NEAR(values[1], w1 * 2 + w2 * 1, 1e-14);
  // x1 missing: the mean over x2 alone (x3 weighs 0), not pulled towards 5.
  EXPECT_NEAR(values[3], 3, 1e-14);
  // Only the zero-weight child present: no weight to divide by, NaN (not missing).
  EXPECT_TRUE(std::isnan(values[4]));
  EXPECT_FALSE(IsMissing(values[4]));
}

TEST(WeightingTest, ProductAndMeanOfMethods) {
  const std::string children =
      "    indicator a1 weight 1 { value x1 }\n    indicator a2 weight 3 { value x2 }\n";
  const Standard product = CompileOrDie(
      StandardWith(2, "  group g {\n    weights product(given, entropy)\n" + children + "  }\n"));
  const Standard mean = CompileOrDie(
      StandardWith(2, "  group g {\n    weights mean(given, entropy)\n" + children + "  }\n"));
  const std::vector<std::vector<double>> rows = {{1, 2}, {2, 2.5}, {4, 3}, {8, 2}};
  // Entropy weights of the columns (1, 2, 4, 8) and (2, 2.5, 3, 2).
  auto divergence = [](std::vector<double> xs) {
    double s = 0, t = 0;
    for (double x : xs) {
      s += x;
      t += x * std::log(x);
    }
    return 1 + (t / s - std::log(s)) / std::log(static_cast<double>(xs.size()));
  };
  const double d1 = divergence({1, 2, 4, 8});
  const double d2 = divergence({2, 2.5, 3, 2});
  const double e1 = d1 / (d1 + d2), e2 = d2 / (d1 + d2);
  const double g1 = 0.25, g2 = 0.75;
  const double p1 = g1 * e1 / (g1 * e1 + g2 * e2), p2 = g2 * e2 / (g1 * e1 + g2 * e2);
  const double m1 = (g1 + e1) / 2, m2 = (g2 + e2) / 2;
  const std::vector<double> by_product = GroupValues(product, "g", rows);
  const std::vector<double> by_mean = GroupValues(mean, "g", rows);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    EXPECT_NEAR(by_product[r], p1 * rows[r][0] + p2 * rows[r][1], 1e-14) << r;
    EXPECT_NEAR(by_mean[r], m1 * rows[r][0] + m2 * rows[r][1], 1e-14) << r;
  }
  // The two combinations differ here (entropy favours x1, given favours x2).
  EXPECT_GT(std::fabs(by_product[0] - by_mean[0]), 1e-3);
}

TEST(WeightingTest, GivenWeightsAreNormalised) {
  const Standard standard = CompileOrDie(
      StandardWith(2,
                   "  group g {\n    aggregate mean\n    indicator a1 weight 1 { value x1 }\n"
                   "    indicator a2 weight 3 { value x2 }\n  }\n"));
  const std::vector<double> values = GroupValues(standard, "g", {{4, 8}, {1, std::nan("")}});
  EXPECT_DOUBLE_EQ(values[0], 7);
  EXPECT_DOUBLE_EQ(values[1], 1);  // x2 missing: x1's weight alone, renormalised
}

}  // namespace
}  // namespace rubric
