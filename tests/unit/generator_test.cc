// The synthetic data generator: deterministic, valid for the standard, and the same
// through the API as through CSV.
#include <cmath>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/generate.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

Standard Consortium() {
  return *Standard::Compile(
              testing::ReadFileOrDie(testing::SourceDir() / "examples/consortium/standard.rubric"),
              "standard.rubric")
              .standard;
}

std::string Csv(const Standard& standard, const GenerateOptions& options, bool wide) {
  std::ostringstream out;
  GenerateCsv(standard, options, wide, out);
  return out.str();
}

TEST(GeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const Standard standard = Consortium();
  GenerateOptions options;
  options.entities = 20;
  options.periods = 3;
  EXPECT_EQ(Csv(standard, options, false), Csv(standard, options, false));
  GenerateOptions other = options;
  other.seed = 2;
  EXPECT_NE(Csv(standard, options, false), Csv(standard, other, false));
}

TEST(GeneratorTest, CsvLoadsCleanlyAndMatchesTheApiPath) {
  const Standard standard = Consortium();
  GenerateOptions options;
  options.entities = 40;
  options.periods = 3;
  options.missing = 0.1;
  for (bool wide : {false, true}) {
    Session from_csv(standard);
    const LoadReport report = LoadCsv(from_csv, Csv(standard, options, wide), "generated.csv");
    ASSERT_TRUE(report.ok()) << RenderAll(report.diagnostics);
    EXPECT_TRUE(report.diagnostics.empty());
    EXPECT_EQ(report.rows_added, 120u);
    // About 10% of the values are missing.
    const double share = static_cast<double>(report.values) / (120.0 * standard.inputs().size());
    EXPECT_NEAR(share, 0.9, 0.03);

    Session direct(standard);
    ASSERT_TRUE(GenerateInto(direct, options).ok());
    ASSERT_EQ(direct.row_count(), from_csv.row_count());
    for (std::size_t row = 0; row < direct.row_count(); ++row) {
      const std::size_t other = *from_csv.FindRow(direct.entity(row), direct.period(row));
      EXPECT_EQ(direct.total(row), from_csv.total(other));
    }
  }
}

TEST(GeneratorTest, RespectsTypesAndBounds) {
  CompileResult compiled = Standard::Compile(R"(
standard g {
  input a : number >= 10 <= 20
  input b : integer >= 1 <= 3
  input c : rank
  input d : enum { x, y }
  input e : bool
  input f : text
})",
                                             "g.rubric");
  ASSERT_TRUE(compiled.ok());
  Session session(*compiled.standard);
  GenerateOptions options;
  options.entities = 50;
  options.missing = 0;
  ASSERT_TRUE(GenerateInto(session, options).ok());
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    EXPECT_GE(session.value(row, 0), 10);
    EXPECT_LE(session.value(row, 0), 20);
    EXPECT_GE(session.value(row, 1), 1);
    EXPECT_LE(session.value(row, 1), 3);
    EXPECT_GE(session.value(row, 2), 1);
    EXPECT_FALSE(session.is_missing(row, 5));
  }
}

// Generated data look like real data on the bundled standard: about 3% of rows vetoed (the
// negative list fires seldom), percentages within 0 to 100, and a count of conversions
// (p13_3_4) never above the patents it is a share of (`p13_3_4 / max(1, p13_3_1 + ...)`).
TEST(GeneratorTest, ConsortiumDataLookReal) {
  Session session(Consortium());
  GenerateOptions options;  // 250 entities, 4 periods
  ASSERT_TRUE(GenerateInto(session, options).ok());
  session.Evaluate();
  const Standard& standard = session.standard();
  const std::size_t part = *standard.FindInput("p13_3_4");
  std::size_t vetoed = 0;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    if (session.vetoed(row)) ++vetoed;
    double whole = 0;
    for (const char* id : {"p13_3_1", "p13_3_2", "p13_3_3"}) {
      whole += session.value(row, *standard.FindInput(id));
    }
    EXPECT_LE(session.value(row, part), whole) << "row " << row;
    for (std::size_t input = 0; input < standard.inputs().size(); ++input) {
      if (standard.inputs()[input].unit != "%") continue;
      EXPECT_GE(session.value(row, input), 0);
      EXPECT_LE(session.value(row, input), 100) << standard.inputs()[input].id;
    }
  }
  const double share = static_cast<double>(vetoed) / static_cast<double>(session.row_count());
  EXPECT_GT(share, 0.015);
  EXPECT_LT(share, 0.05);
}

// Where one input is bounded by another in the rules (a share of a whole, a veto on `a > b`),
// generated values respect it; a veto on `not x` is kept safe by x = true.
TEST(GeneratorTest, PartsStayWithinTheirWholes) {
  CompileResult compiled = Standard::Compile(R"(
standard villages {
  input planned "规划村庄数" : integer [个] >= 0
  input villages "村庄总数" : integer [个] >= 0
  input spent "已支出" : number [万元] >= 0
  input budget "预算" : number [万元] >= 0
  input signed "是否签约" : bool
  indicator a points 5 { score piecewise(planned / max(1, villages)) { 0 -> 0, 1 -> 1 } }
  indicator b points 5 { score ratio(budget, 500) }
  veto overspent "超支" when spent > budget
  veto unsigned "未签约" when not signed
})",
                                             "v.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  Session session(*compiled.standard);
  GenerateOptions options;
  options.entities = 200;
  ASSERT_TRUE(GenerateInto(session, options).ok());
  std::size_t vetoed = 0;
  for (std::size_t row = 0; row < session.row_count(); ++row) {
    EXPECT_LE(session.value(row, 0), session.value(row, 1)) << "row " << row;
    EXPECT_EQ(session.value(row, 0), std::floor(session.value(row, 0)));
    if (!session.is_missing(row, 2) && session.value(row, 2) > session.value(row, 3)) ++vetoed;
    if (session.vetoed(row)) ++vetoed;
  }
  EXPECT_LT(static_cast<double>(vetoed) / static_cast<double>(session.row_count()), 0.06);
}

TEST(GeneratorTest, SyntheticStandardsCompileWithTheRequestedShape) {
  for (std::size_t indicators : {1u, 7u, 100u, 2000u}) {
    StandardShape shape;
    shape.indicators = indicators;
    shape.fanout = 5;
    shape.cohort_share = 0.2;
    shape.prev_share = 0.1;
    const std::string source = GenerateStandardSource(shape);
    EXPECT_EQ(source, GenerateStandardSource(shape));  // deterministic
    CompileResult compiled = Standard::Compile(source, "synthetic.rubric");
    ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
    std::size_t leaves = 0;
    for (const NodeInfo& node : compiled.standard->nodes()) {
      leaves += node.kind == NodeKind::kIndicator ? 1 : 0;
      EXPECT_LE(node.children.size(), 5u);
    }
    EXPECT_EQ(leaves, indicators);
    EXPECT_EQ(*compiled.standard->total_points(), static_cast<double>(indicators));
    // Scores for generated data, and incremental equals full after an edit.
    Session session(*compiled.standard);
    GenerateOptions options;
    options.entities = 20;
    options.periods = 2;
    ASSERT_TRUE(GenerateInto(session, options).ok());
    EXPECT_GE(session.total(0), 0.0);
    ASSERT_TRUE(session.SetNumber(3, 0, 5).ok());
    EXPECT_TRUE(session.VerifyAgainstFullEvaluation().ok());
  }
}

}  // namespace
}  // namespace rubric
