// The synthetic data generator: deterministic, valid for the standard, and the same
// through the API as through CSV.
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
