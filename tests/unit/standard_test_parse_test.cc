// The parser of test files (include/rubric/standard_test.h): what each statement becomes,
// positions in code points, defaults, and the file a standard's tests are read from.
#include <string>

#include "gtest/gtest.h"
#include "rubric/standard_test.h"

namespace rubric {
namespace {

using Kind = TestExpectation::Kind;

TEST(StandardTestParse, EveryStatement) {
  const TestFile file = ParseTestFile(
      "// 注释\n"
      "test \"常州 2024\" {\n"
      "  data \"cities.csv\" entity \"常州\" period 2024\n"
      "  given { p1 = 是  p2 = \"1,300\"  p3 = missing }\n"
      "  expect total 91.2 within 0.01\n"
      "  expect grade 优秀\n"
      "  expect points T6_1 = 2\n"
      "  expect vetoes none\n"
      "  expect veto T16_1\n"
      "  expect missing total\n"
      "  expect missing T9_1  // a node's missing points\n"
      "}\n"
      "test \"second\" { entity \"AFG\" column \"iso3\" period -3 column \"year\" "
      "expect total 1e3 }\n",
      "x.tests");
  ASSERT_TRUE(file.ok()) << RenderAll(file.diagnostics);
  ASSERT_EQ(file.cases.size(), 2u);
  const TestCase& a = file.cases[0];
  EXPECT_EQ(a.name, "常州 2024");
  EXPECT_EQ(a.at.line, 2);
  EXPECT_EQ(a.data, "cities.csv");
  EXPECT_EQ(a.entity, "常州");
  EXPECT_EQ(a.period, 2024);
  ASSERT_EQ(a.given.size(), 3u);
  EXPECT_EQ(a.given[0].input, "p1");
  EXPECT_EQ(a.given[0].value, "是");
  EXPECT_EQ(a.given[1].value, "1,300");
  EXPECT_EQ(a.given[2].value, "");  // missing
  EXPECT_EQ(a.given[1].at.line, 4);
  // Columns count code points: `  given { p1 = 是  p2` puts p2 at column 19.
  EXPECT_EQ(a.given[1].at.column, 19);
  ASSERT_EQ(a.expectations.size(), 7u);
  EXPECT_EQ(a.expectations[0].kind, Kind::kTotal);
  EXPECT_EQ(a.expectations[0].value, 91.2);
  EXPECT_EQ(a.expectations[0].tolerance, 0.01);
  EXPECT_EQ(a.expectations[0].text, "total 91.2 within 0.01");
  EXPECT_EQ(a.expectations[1].kind, Kind::kGrade);
  EXPECT_EQ(a.expectations[1].name, "优秀");
  EXPECT_EQ(a.expectations[2].kind, Kind::kPoints);
  EXPECT_EQ(a.expectations[2].name, "T6_1");
  EXPECT_EQ(a.expectations[2].value, 2);
  EXPECT_EQ(a.expectations[2].tolerance, kDefaultTestTolerance);
  EXPECT_EQ(a.expectations[3].kind, Kind::kNoVetoes);
  EXPECT_EQ(a.expectations[4].kind, Kind::kVeto);
  EXPECT_EQ(a.expectations[4].name, "T16_1");
  EXPECT_EQ(a.expectations[5].kind, Kind::kMissing);
  EXPECT_EQ(a.expectations[5].name, "");
  EXPECT_EQ(a.expectations[6].name, "T9_1");
  const TestCase& b = file.cases[1];
  EXPECT_EQ(b.entity_column, "iso3");
  EXPECT_EQ(b.period_column, "year");
  EXPECT_EQ(b.period, -3);
  EXPECT_EQ(b.expectations[0].value, 1000);
}

TEST(StandardTestParse, DefaultsWithoutData) {
  const TestFile file = ParseTestFile("test \"t\" { expect total 0 }", "x.tests");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file.cases[0].data, "");
  EXPECT_EQ(file.cases[0].entity, "");
  EXPECT_FALSE(file.cases[0].period.has_value());
}

TEST(StandardTestParse, EmptyFileHasNoCases) {
  const TestFile file = ParseTestFile("// only a comment\n", "x.tests");
  EXPECT_TRUE(file.ok());
  EXPECT_TRUE(file.cases.empty());
}

// One error, where the mistake is, with the line and a caret.
TEST(StandardTestParse, SyntaxErrorsHavePositions) {
  const TestFile file = ParseTestFile("test \"a\" {\n  expect total 1 within -1\n}\n", "x.tests");
  ASSERT_EQ(file.diagnostics.size(), 1u);
  const Diagnostic& d = file.diagnostics[0];
  EXPECT_EQ(d.code, "T0001");
  EXPECT_EQ(d.file, "x.tests");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 25);
  EXPECT_EQ(d.source_line, "  expect total 1 within -1");
  EXPECT_EQ(Render(d),
            "x.tests:2:25: error: the tolerance is negative [T0001]\n"
            "  expect total 1 within -1\n"
            "                        ^~\n"
            "hint: write how far the value may be, e.g. within 0.01\n");
}

TEST(StandardTestParse, NumbersAreNumbers) {
  for (const char* bad : {"九十", "1,5", "inf", "nan", "1e999", "0x10"}) {
    const TestFile file =
        ParseTestFile(std::string("test \"a\" { expect total ") + bad + " }", "x.tests");
    EXPECT_FALSE(file.ok()) << bad;
  }
}

TEST(StandardTestParse, InvalidUtf8IsAnError) {
  const TestFile file = ParseTestFile("test \"\xff\" { expect total 1 }", "x.tests");
  ASSERT_EQ(file.diagnostics.size(), 1u);
  EXPECT_EQ(file.diagnostics[0].code, "T0001");
  EXPECT_TRUE(file.cases.empty());
}

// Whatever the bytes, the parser ends with cases or one diagnostic, never a crash.
TEST(StandardTestParse, TruncationsOfAValidFile) {
  const std::string text =
      "test \"a\" {\n  data \"d.csv\" entity \"常州\" column \"c\" period 2024\n"
      "  given { x = 是  y = \"1\" }\n  expect points T = 1 within 0.5\n"
      "  expect missing total\n}\n";
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const std::string part = text.substr(0, n);
    const TestFile file = ParseTestFile(part, "x.tests");
    EXPECT_TRUE(file.ok() || file.diagnostics.size() == 1u) << part;
  }
}

TEST(StandardTestParse, TestFileBesideTheStandard) {
  EXPECT_EQ(TestFileFor("examples/guide/06_grades.rubric"), "examples/guide/06_grades.tests");
  EXPECT_EQ(TestFileFor("standard.rubric"), "standard.tests");
  EXPECT_EQ(TestFileFor("dir.v2/standard"), "dir.v2/standard.tests");
  EXPECT_EQ(TestFileFor(".hidden"), ".hidden.tests");
}

}  // namespace
}  // namespace rubric
