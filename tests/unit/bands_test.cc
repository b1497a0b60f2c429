// Bands (`band(e) { ... }`), grades named by numbers, named outputs (`output let`) and
// `total` in expressions (docs/language.md "Bands" and "Outputs").
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/missing.h"
#include "rubric/report.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

constexpr char kGdiBands[] =
    "band(abs(1 - gdi)) { 1 <= 0.025  2 <= 0.05  3 <= 0.075  4 <= 0.1  5 otherwise }";

// Compiles a standard with input gdi (missing exclude), `let b = BAND` as an output and an
// indicator that shows it, and evaluates one row with gdi = `value` ("" = missing).
double Eval(const std::string& band, const std::string& value, std::string* text = nullptr) {
  const std::string source =
      "standard t {\n  input gdi : number missing exclude\n  output let b = " + band +
      "\n  indicator r { value b }\n}\n";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  if (!compiled.ok()) {
    ADD_FAILURE() << RenderAll(compiled.diagnostics, source);
    return std::nan("");
  }
  Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("e", 2024);
  const Status status = session.SetFromString(row, *compiled.standard->FindInput("gdi"), value);
  EXPECT_TRUE(status.ok()) << status.message();
  if (text != nullptr) *text = session.output_text(row, 0);
  return session.node_value(row, *compiled.standard->FindNode("r"));
}

TEST(BandsTest, UndpGdiGroups) {
  // 1 - 0.975 is 0.025000000000000022 in binary: the tolerance keeps it in group 1.
  EXPECT_EQ(1, Eval(kGdiBands, "0.975"));
  EXPECT_EQ(2, Eval(kGdiBands, "0.950"));
  EXPECT_EQ(3, Eval(kGdiBands, "0.925"));
  EXPECT_EQ(4, Eval(kGdiBands, "0.9"));
  EXPECT_EQ(5, Eval(kGdiBands, "0.8999"));
  EXPECT_EQ(1, Eval(kGdiBands, "1"));
  EXPECT_EQ(1, Eval(kGdiBands, "1.025"));
  EXPECT_EQ(2, Eval(kGdiBands, "1.026"));
  EXPECT_EQ(5, Eval(kGdiBands, "1.2"));
}

TEST(BandsTest, NamedBandsGiveTheirIndexAndShowTheirName) {
  const std::string hdi =
      "band(gdi) { \"very high\" >= 0.8  high >= 0.7  medium >= 0.55  low otherwise }";
  std::string text;
  EXPECT_EQ(1, Eval(hdi, "0.8", &text));
  EXPECT_EQ("very high", text);
  EXPECT_EQ(1, Eval(hdi, "0.7999999999", &text));  // within the tolerance
  EXPECT_EQ(2, Eval(hdi, "0.799", &text));
  EXPECT_EQ("high", text);
  EXPECT_EQ(3, Eval(hdi, "0.55", &text));
  EXPECT_EQ("medium", text);
  EXPECT_EQ(4, Eval(hdi, "0.549", &text));
  EXPECT_EQ("low", text);
}

TEST(BandsTest, ToleranceMayBeSet) {
  const std::string wide = "band(gdi, tolerance 0.01) { a >= 0.8  b otherwise }";
  EXPECT_EQ(1, Eval(wide, "0.795"));
  EXPECT_EQ(2, Eval(wide, "0.789"));
  const std::string exact = "band(abs(1 - gdi), tolerance 0) { 1 <= 0.025  2 otherwise }";
  EXPECT_EQ(2, Eval(exact, "0.975"));  // 0.025000000000000022 is above 0.025
}

TEST(BandsTest, MissingGivesAMissingBandAndNanNoBand) {
  std::string text = "x";
  EXPECT_TRUE(IsMissing(Eval(kGdiBands, "", &text)));
  EXPECT_EQ("", text);
  const double nan_band = Eval("band(ln(gdi - 1)) { a >= 0  b otherwise }", "0.5", &text);
  EXPECT_TRUE(std::isnan(nan_band));
  EXPECT_FALSE(IsMissing(nan_band));
  EXPECT_EQ("", text);
}

TEST(BandsTest, BandIsACallWithoutBraces) {
  const std::string source =
      "standard t {\n  input band : number\n  indicator r { value band }\n}\n";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  EXPECT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
}

std::string Errors(const std::string& source) {
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  EXPECT_FALSE(compiled.ok());
  return RenderAll(compiled.diagnostics, source);
}

TEST(BandsTest, Diagnostics) {
  const std::string head = "standard t {\n  input x : number\n  let b = ";
  EXPECT_NE(Errors(head + "band(x) { 1 <= 1  2 <= 2 }\n}\n").find("[E0225]"), std::string::npos);
  EXPECT_NE(Errors(head + "band(x) { 1 otherwise  2 <= 2 }\n}\n").find("[E0225]"),
            std::string::npos);
  EXPECT_NE(Errors(head + "band(x) { 1 <= 2  2 <= 1  3 otherwise }\n}\n").find("[E0226]"),
            std::string::npos);
  EXPECT_NE(Errors(head + "band(x) { a >= 1  b >= 1  c otherwise }\n}\n").find("[E0226]"),
            std::string::npos);
  EXPECT_NE(Errors(head + "band(x) { a >= 1  b <= 0  c otherwise }\n}\n").find("[E0226]"),
            std::string::npos);
  EXPECT_NE(Errors(head + "prev(total)\n}\n").find("[E0227]"), std::string::npos);
  // A total that reads an output that reads the total.
  const std::string cycle =
      "standard t {\n  input x : number\n  output let share = x / total\n"
      "  indicator r { value share }\n}\n";
  EXPECT_NE(Errors(cycle).find("[E0301]"), std::string::npos);
}

TEST(BandsTest, GradesMayBeNamedByNumbers) {
  const std::string source =
      "standard t {\n  total 100\n  grades { 1 >= 90  2 >= 80  3 otherwise }\n"
      "  input x : number\n  indicator r points 100 { score x / 100 }\n}\n";
  CompileResult compiled = Standard::Compile(source, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, source);
  Session session(*compiled.standard);
  const std::size_t row = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetNumber(row, 0, 85).ok());
  ASSERT_NE(session.grade(row), nullptr);
  EXPECT_EQ("2", *session.grade(row));
}

constexpr char kOutputs[] = R"(standard t {
  input x : number missing exclude
  input y : number
  let plain = x * 2
  output let share "share of the total" = x / total
  output let tier = band(total) { top >= 10  middle >= 5  bottom otherwise }
  output let step = band(prev(x)) { 1 <= 0  2 <= 5  3 otherwise }
  indicator a { value x }
  indicator b { value y + plain }
}
)";

TEST(OutputsTest, WrittenInCsvAndJson) {
  CompileResult compiled = Standard::Compile(kOutputs, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, kOutputs);
  const Standard& standard = *compiled.standard;
  ASSERT_EQ(3u, standard.outputs().size());
  EXPECT_EQ("share", standard.outputs()[0].id);
  EXPECT_EQ("share of the total", standard.outputs()[0].label);
  EXPECT_EQ((std::vector<std::string>{"top", "middle", "bottom"}),
            standard.outputs()[1].band_names);
  EXPECT_TRUE(standard.outputs()[2].band_names.empty());
  Session session(standard);
  const std::size_t row = *session.AddRow("e", 2024);
  ASSERT_TRUE(session.SetNumber(row, 0, 1).ok());
  ASSERT_TRUE(session.SetNumber(row, 1, 2).ok());
  // total = 1 + (2 + 2) = 5
  EXPECT_EQ(0.2, session.output_value(row, 0));
  EXPECT_EQ("middle", session.output_text(row, 1));
  std::ostringstream csv;
  WriteResultsCsv(session, csv);
  EXPECT_NE(csv.str().find("e,2024,share,0.2\ne,2024,tier,middle\ne,2024,step,1\n"),
            std::string::npos)
      << csv.str();
  std::ostringstream json;
  WriteResultsJson(session, json);
  EXPECT_NE(json.str().find("\"tier\": \"middle\""), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"share\": 0.2"), std::string::npos) << json.str();
}

TEST(OutputsTest, IncrementalEqualsFull) {
  CompileResult compiled = Standard::Compile(kOutputs, "t.rubric");
  ASSERT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics, kOutputs);
  const Standard& standard = *compiled.standard;
  Session session(standard);
  std::vector<std::size_t> rows;
  for (int period = 2020; period < 2024; ++period) {
    for (const char* entity : {"a", "b", "c"}) rows.push_back(*session.AddRow(entity, period));
  }
  const std::vector<std::string> values = {"1", "", "4.5", "0", "12", "-3", "5", "7.25"};
  std::size_t step = 0;
  for (std::size_t row : rows) {
    ASSERT_TRUE(session.SetFromString(row, 0, values[step++ % values.size()]).ok());
    ASSERT_TRUE(session.SetFromString(row, 1, values[(step * 3) % values.size()]).ok());
  }
  ASSERT_TRUE(session.VerifyAgainstFullEvaluation().ok());
  for (int edit = 0; edit < 40; ++edit) {
    const std::size_t row = rows[(static_cast<std::size_t>(edit) * 5) % rows.size()];
    const std::string& value = values[(static_cast<std::size_t>(edit) * 3 + 1) % values.size()];
    ASSERT_TRUE(session.SetFromString(row, static_cast<std::size_t>(edit % 2), value).ok());
    if (edit % 3 == 0) (void)session.output_value(row, 1);
    const Status status = session.VerifyAgainstFullEvaluation();
    ASSERT_TRUE(status.ok()) << "edit " << edit << ": " << status.message();
  }
}

}  // namespace
}  // namespace rubric
