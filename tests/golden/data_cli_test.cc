// `rubric score`, `whatif` and `generate` on data and options that do not say what was
// meant: a misspelt column, edits with bad entities or new rows, numeric options out of
// range, text that would act on a terminal.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::Quote;
using testing::RunCommand;

// A file in a fresh temporary folder, removed with it.
class DataCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rubric-data-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return Quote(dir_ / name);
  }

  std::filesystem::path dir_;
};

constexpr char kStandard[] = R"(standard county "县域评价" {
  total 20
  input toilet_rate "卫生厕所普及率" : percent >= 0 <= 100
  input amount "投入" : number [万元] >= 0
  indicator a "厕所" points 10 { score ratio(toilet_rate, 100) }
  indicator b "投入" points 10 { score ratio(amount, 100) }
})";

TEST_F(DataCliTest, AMisspeltColumnIsNamedAndItsInputSaidAbsent) {
  const std::string standard = Write("s.rubric", kStandard);
  const std::string data =
      Write("d.csv", "entity,period,toilet_rat,amount\nC1,2024,90,100\nC2,2024,80,\n");
  const auto result = RunCommand(testing::Cli() + " score " + standard + " " + data);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("hint: column 'toilet_rat': did you mean 'toilet_rate'?"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("warning: input 'toilet_rate' is not in the data (no column): every "
                            "row scores it as missing, as 0 (missing default) [W0002]"),
            std::string::npos)
      << result.err;
  // The inputs some rows lack, with how many rows have them.
  EXPECT_NE(result.err.find("d.csv: values given in only some rows: amount in 1 of 2\n"),
            std::string::npos)
      << result.err;

  const auto strict = RunCommand(testing::Cli() + " score --strict " + standard + " " + data);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(strict.out, "");
  EXPECT_NE(strict.err.find("[W0002]"), std::string::npos);
}

TEST_F(DataCliTest, TheTablePrintsNoControlCharacter) {
  // A raw ESC in the title: the table escapes it rather than sending it to the terminal.
  std::string source = kStandard;
  source.replace(source.find("县域评价"), 0, "\x1b[2J");
  const std::string standard = Write("s.rubric", source);
  const std::string data = Write("d.csv", "entity,period,toilet_rate,amount\nC1,2024,90,100\n");
  const auto result = RunCommand(testing::Cli() + " score " + standard + " " + data);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_NE(result.out.find("\\x1B[2J县域评价"), std::string::npos) << result.out;
}

TEST_F(DataCliTest, WhatIfReportsBadEntitiesAndSaysWhenAnEditAddsARow) {
  const std::string standard = Write("s.rubric", kStandard);
  const std::string data = Write("d.csv", "entity,period,toilet_rate,amount\nC1,2024,90,100\n");
  const std::string bad = Write("bad.csv", "entity,period,input,value\nC\xff,2024,amount,5\n");
  const auto invalid = RunCommand(testing::Cli() + " whatif " + standard + " " + data + " " + bad);
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.err.find("bad.csv:2: error: invalid UTF-8 byte sequence [D0007]"),
            std::string::npos)
      << invalid.err;
  EXPECT_EQ(invalid.err.find("live row"), std::string::npos) << invalid.err;

  const std::string edits =
      Write("e.csv", "entity,period,input,value\n C1 ,2024,amount,50\nC2,2025,amount,7\n");
  const auto added = RunCommand(testing::Cli() + " whatif " + standard + " " + data + " " + edits);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.err.find("e.csv:3: note: entity 'C2', period 2025 is not in the data: the edit "
                           "adds a row for it"),
            std::string::npos)
      << added.err;
  EXPECT_EQ(added.err.find("e.csv:2: note"), std::string::npos) << "C1 is trimmed: " << added.err;
  EXPECT_NE(added.out.find("C1,2024,amount,14,,"), std::string::npos) << added.out;
}

TEST_F(DataCliTest, GenerateParsesWholeNumbersWithRangeErrors) {
  const std::string standard = Write("s.rubric", kStandard);
  const std::string base = testing::Cli() + " generate " + standard;
  const auto huge = RunCommand(base + " --entities 1e20");
  EXPECT_EQ(huge.exit_code, 2);
  EXPECT_NE(huge.err.find("--entities takes a whole number not below 0, not '1e20'"),
            std::string::npos)
      << huge.err;
  const auto fraction = RunCommand(base + " --periods 2.9");
  EXPECT_EQ(fraction.exit_code, 2);
  EXPECT_NE(fraction.err.find("--periods takes a whole number"), std::string::npos);
  const auto too_big = RunCommand(base + " --entities 99999999999999999999999");
  EXPECT_EQ(too_big.exit_code, 2);
  EXPECT_NE(too_big.err.find("--entities 99999999999999999999999 is out of range"),
            std::string::npos)
      << too_big.err;
  const auto negative = RunCommand(base + " --seed -1");
  EXPECT_EQ(negative.exit_code, 2);
  const auto last = RunCommand(base + " --first-period 9223372036854775807 --periods 2");
  EXPECT_EQ(last.exit_code, 2);
  EXPECT_NE(last.err.find("go past the largest period"), std::string::npos) << last.err;
  const auto edge = RunCommand(base + " --entities 2 --periods 1 --first-period " +
                               std::to_string(INT64_MAX) + " --wide");
  ASSERT_EQ(edge.exit_code, 0) << edge.err;
  EXPECT_NE(edge.out.find("C0002,9223372036854775807,"), std::string::npos) << edge.out;
  const auto negative_period = RunCommand(base + " --entities 1 --periods 1 --first-period -5");
  ASSERT_EQ(negative_period.exit_code, 0) << negative_period.err;
  EXPECT_NE(negative_period.out.find("C0001,-5,"), std::string::npos);
}

}  // namespace
}  // namespace rubric
