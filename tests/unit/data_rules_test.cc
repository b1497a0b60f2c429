// What the data loader, the edits reader and Session::AddRow make of data that does not say
// what was meant: inputs a file never gives, entities with spaces or control characters,
// values written as spreadsheets write them.
#include <string>

#include "gtest/gtest.h"
#include "io/value_hint.h"
#include "rubric/data.h"
#include "rubric/diff.h"
#include "rubric/session.h"
#include "rubric/standard.h"

namespace rubric {
namespace {

constexpr char kSource[] = R"(standard s {
  input toilet_rate "厕所普及率" : percent >= 0 <= 100
  input amount "金额" : number [万元] >= 0
  input flag : bool missing exclude
  indicator a points 10 { score ratio(toilet_rate, 100) }
  indicator b points 10 { score ratio(amount, 100) + flag }
})";

Standard Compiled() {
  CompileResult compiled = Standard::Compile(kSource, "s.rubric");
  EXPECT_TRUE(compiled.ok()) << RenderAll(compiled.diagnostics);
  return *compiled.standard;
}

std::vector<std::string> Codes(const LoadReport& report) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : report.diagnostics) codes.push_back(d.code);
  return codes;
}

TEST(DataRulesTest, AnInputNoColumnGivesIsAWarningSayingHowItIsScored) {
  Session session(Compiled());
  const LoadReport report =
      LoadCsv(session, "entity,period,toilet_rat,amount\nC1,2024,50,1\nC2,2024,50,\n", "d.csv");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"W0001", "W0002", "W0002"}));
  EXPECT_NE(report.diagnostics[0].hint.find("did you mean 'toilet_rate'?"), std::string::npos);
  EXPECT_EQ(report.diagnostics[0].hint.find("columns that are not inputs"), std::string::npos)
      << "the typo comes first: " << report.diagnostics[0].hint;
  EXPECT_EQ(report.diagnostics[1].message,
            "input 'toilet_rate' is not in the data (no column): every row scores it as "
            "missing, as 0 (missing default)");
  EXPECT_NE(report.diagnostics[1].hint.find("'toilet_rat'"), std::string::npos);
  EXPECT_NE(report.diagnostics[2].message.find("drops the indicators that read it"),
            std::string::npos);
  EXPECT_EQ(report.absent_inputs, (std::vector<std::string>{"toilet_rate", "flag"}));
  EXPECT_EQ(report.rows_read, 2u);
  EXPECT_EQ(report.rows_with_value, (std::vector<std::size_t>{0, 1, 0}));
}

TEST(DataRulesTest, AnInputNoLineGivesIsAWarningInTheLongFormatToo) {
  Session session(Compiled());
  const LoadReport report = LoadCsv(session,
                                    "entity,period,input,value\nC1,2024,toilet_rate,5\n"
                                    "C1,2024,flag,\nC2,2024,toilet_rate,7\n",
                                    "d.csv");
  ASSERT_TRUE(report.ok());
  // flag has a line (with an empty value): given, missing in its row; amount has none.
  EXPECT_EQ(report.absent_inputs, (std::vector<std::string>{"amount"}));
  EXPECT_EQ(report.rows_with_value, (std::vector<std::size_t>{2, 0, 0}));
}

// A variant of kSource whose indicator b reads a new input, `extra`.
CompileResult CompileVariantWithExtraInput() {
  CompileOptions options;
  options.file_name = "v.rubric";
  options.load_base = [](std::string_view, std::string_view, std::string_view) {
    return StatusOr<SourceFile>(SourceFile{"s.rubric", kSource});
  };
  return Standard::Compile(
      "standard v extends s {\n  change b {\n    input extra : number\n"
      "    score ratio(amount, 100) + flag + ratio(extra, 5)\n  }\n}\n",
      options);
}

TEST(DataRulesTest, AVariantsNewInputIsAbsentFromItsBasesData) {
  CompileResult variant = CompileVariantWithExtraInput();
  ASSERT_TRUE(variant.ok()) << RenderAll(variant.diagnostics);
  Session session(*variant.standard);
  const LoadReport report =
      LoadCsv(session, "entity,period,toilet_rate,amount,flag\nC1,2024,50,1,true\n", "old.csv");
  EXPECT_EQ(report.absent_inputs, (std::vector<std::string>{"extra"}));
}

TEST(DataRulesTest, DiffSaysWhichInputsOfEitherStandardTheDataLack) {
  CompileResult variant = CompileVariantWithExtraInput();
  ASSERT_TRUE(variant.ok()) << RenderAll(variant.diagnostics);
  StatusOr<ScoreDiff> diff = DiffScores(
      Compiled(), *variant.standard, "entity,period,toilet_rate,amount\nC1,2024,50,1\n", "old.csv");
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  // flag is absent for both standards (said once), extra for the variant.
  ASSERT_EQ(diff->warnings.size(), 2u);
  EXPECT_NE(diff->warnings[0].message.find("'flag'"), std::string::npos);
  EXPECT_NE(diff->warnings[1].message.find("'extra'"), std::string::npos);
}

TEST(DataRulesTest, NoAbsentInputWarningsOnTopOfErrors) {
  Session session(Compiled());
  const LoadReport report = LoadCsv(session, "entity,period,amount\nC1,2024,x\n", "d.csv");
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"D0102"}));
}

TEST(DataRulesTest, EntitiesAndPeriodsAreTrimmedLikeValues) {
  Session session(Compiled());
  LoadReport report = LoadCsv(session,
                              "entity,period,input,value\nC1,2024,amount,1\n"
                              "C1 , 2024 ,toilet_rate,2\n\" C1\",2024,flag,true\n",
                              "d.csv");
  ASSERT_TRUE(report.ok()) << RenderAll(report.diagnostics);
  EXPECT_EQ(session.row_count(), 1u);
  EXPECT_EQ(report.entities, 1u);
  Session wide(Compiled());
  report = LoadCsv(wide, "entity,period,amount\nC1,2024,1\nC1 ,2024,2\n", "d.csv");
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"D0104"}));
}

TEST(DataRulesTest, AddRowRefusesEmptyEntitiesAndControlCharacters) {
  Session session(Compiled());
  EXPECT_EQ(session.AddRow("", 2024).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session.AddRow("  ", 2024).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session
                .AddRow(std::string("C\0"
                                    "1",
                                    3),
                        2024)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  const StatusOr<std::size_t> escape = session.AddRow("C\x1b[31m", 2024);
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.status().message(), "entity 'C\\x1B[31m' contains the control character U+001B");
  EXPECT_EQ(session.AddRow("C\xC2\x85", 2024).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(session.AddRow("苏州", 2024).ok());
  EXPECT_EQ(session.row_count(), 1u);
}

TEST(DataRulesTest, AnEntityWithANulIsADataError) {
  Session session(Compiled());
  constexpr char kCsv[] =
      "entity,period,amount\nC\0"
      "1,2024,1\n";
  const std::string csv(kCsv, sizeof kCsv - 1);
  const LoadReport report = LoadCsv(session, csv, "d.csv");
  EXPECT_EQ(Codes(report), (std::vector<std::string>{"D0006"}));
  EXPECT_EQ(report.diagnostics[0].message, "entity 'C\\01' contains the control character U+0000");
}

TEST(DataRulesTest, AHugeUnparsableValueIsQuotedShortened) {
  Session session(Compiled());
  const std::string value(1 << 20, '9');
  const LoadReport report =
      LoadCsv(session, "entity,period,amount\nC1,2024,x" + value + "\n", "d.csv");
  ASSERT_EQ(Codes(report), (std::vector<std::string>{"D0102"}));
  EXPECT_LT(report.diagnostics[0].message.size(), 200u);
  EXPECT_NE(report.diagnostics[0].message.find("...(1048577 bytes)"), std::string::npos);
}

TEST(DataRulesTest, HugeUnknownNamesAreQuotedShortened) {
  Session session(Compiled());
  const std::string name(1 << 20, 'x');
  LoadReport report =
      LoadCsv(session, "entity,period,input,value\nC1,2024," + name + ",1\n", "d.csv");
  ASSERT_EQ(Codes(report), (std::vector<std::string>{"D0101"}));
  EXPECT_LT(report.diagnostics[0].message.size(), 200u);
  report = LoadCsv(session, "entity,period,input,value\nC1," + name + ",amount,1\n", "d.csv");
  ASSERT_EQ(Codes(report), (std::vector<std::string>{"D0005"}));
  EXPECT_LT(report.diagnostics[0].message.size(), 200u);
}

TEST(DataRulesTest, NumbersBeyondADoubleAreOutOfRange) {
  Session session(Compiled());
  const std::size_t row = *session.AddRow("C1", 2024);
  const std::size_t amount = *session.standard().FindInput("amount");
  EXPECT_EQ(session.SetFromString(row, amount, "1e309").message(),
            "input 'amount' is number: '1e309' is out of range (numbers go up to about 1.8e308)");
  EXPECT_NE(session.SetFromString(row, amount, "1e-400").message().find("out of range"),
            std::string::npos);
  EXPECT_NE(session.SetFromString(row, amount, "1e3x").message().find("is not a number"),
            std::string::npos);
}

TEST(DataRulesTest, SpreadsheetHabitsGetAHint) {
  const Standard standard = Compiled();
  const InputInfo& rate = standard.inputs()[0];
  const InputInfo& amount = standard.inputs()[1];
  EXPECT_EQ(io::SpreadsheetHint("85%", rate), "write 85: a percent input takes 85 for 85%");
  EXPECT_EQ(io::SpreadsheetHint("８５％", rate),
            "write 85: a percent input takes 85 for 85% (it is written in full-width "
            "characters: use ASCII digits)");
  EXPECT_EQ(io::SpreadsheetHint("1,234,567.5", amount),
            "write 1234567.5, without thousands separators");
  EXPECT_EQ(io::SpreadsheetHint("1.2万", amount),
            "'万' looks like a unit written into the value: write the number alone, in the "
            "input's unit ([万元])");
  EXPECT_EQ(io::SpreadsheetHint("1e309", amount), "");
  EXPECT_EQ(io::SpreadsheetHint("12,34", amount), "");
  EXPECT_EQ(io::SpreadsheetHint("abc", amount), "");
  EXPECT_EQ(io::SpreadsheetHint("5", amount), "");
  // A long value gets no hint, at once: no search over its prefixes.
  EXPECT_EQ(
      io::SpreadsheetHint(std::string(1 << 20, '1') + "e" + std::string(1 << 20, 'e'), amount), "");
}

TEST(DataRulesTest, EditsAreTrimmedAndCheckedWithoutCrashing) {
  const Standard standard = Compiled();
  EditList edits = ReadEdits(standard,
                             "entity,period,input,value\nC1 , 2024 ,amount,5\n"
                             ",2024,amount,5\n\"C\x01\",2024,amount,5\nC1,2024,amount,\"13,500\"\n",
                             "e.csv");
  ASSERT_EQ(edits.edits.size(), 1u);
  EXPECT_EQ(edits.edits[0].entity, "C1");
  EXPECT_EQ(edits.edits[0].period, 2024);
  ASSERT_EQ(edits.diagnostics.size(), 3u);
  EXPECT_EQ(edits.diagnostics[0].code, "D0006");
  EXPECT_EQ(edits.diagnostics[1].code, "D0006");
  EXPECT_EQ(edits.diagnostics[2].code, "D0102");
  EXPECT_EQ(edits.diagnostics[2].hint,
            "in the value field: write 13500, without thousands separators");
  edits = ReadEdits(standard, "entity,period,input,value\nC\xff,2024,amount,5\n", "e.csv");
  ASSERT_EQ(edits.diagnostics.size(), 1u);
  EXPECT_EQ(edits.diagnostics[0].code, "D0007");
  EXPECT_EQ(edits.diagnostics[0].line, 2);
}

}  // namespace
}  // namespace rubric
