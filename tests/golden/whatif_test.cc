// `rubric whatif --verify` on 10,000 random edits (fixed seed) over the bundled sample, and
// `rubric explain` end to end.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

using testing::CliPath;
using testing::Quote;
using testing::RunCommand;
using testing::SourceDir;

// Random edits of the sample: existing and new cities and years, every input type, missing
// values included.
std::string RandomEdits(const Standard& standard, int count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::ostringstream out;
  out << "entity,period,input,value\n";
  for (int i = 0; i < count; ++i) {
    char entity[16];
    std::snprintf(entity, sizeof entity, "C%04d", static_cast<int>(1 + random() % 33));
    const int period = 2023 + static_cast<int>(random() % 4);
    const InputInfo& input = standard.inputs()[random() % standard.inputs().size()];
    std::string value;
    if (unit(random) >= 0.08) {
      switch (input.type) {
        case InputType::kBool:
          value = unit(random) < 0.5 ? "true" : "false";
          break;
        case InputType::kEnum:
          value = input.options[random() % input.options.size()];
          break;
        case InputType::kText:
          value = "制造业";
          break;
        default:
          value = std::to_string(static_cast<int>(random() % 400));
          break;
      }
    }
    out << entity << "," << period << "," << input.id << "," << value << "\n";
  }
  return out.str();
}

TEST(WhatIfTest, TenThousandRandomEditsVerifyBitForBit) {
  const std::string source =
      testing::ReadFileOrDie(SourceDir() / "examples/consortium/standard.rubric");
  CompileResult compiled = Standard::Compile(source, "standard.rubric");
  ASSERT_TRUE(compiled.ok());
  const auto path = std::filesystem::temp_directory_path() /
                    ("rubric-edits-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << RandomEdits(*compiled.standard, 10000, 20261128);
  const auto result = RunCommand(Quote(CliPath()) + " whatif " + testing::ConsortiumStandardArg() +
                                 " " + testing::CitiesArg() + " " + Quote(path) + " --verify");
  std::filesystem::remove(path);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("every value equals a full evaluation, bit for bit"),
            std::string::npos);
  std::istringstream lines(result.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "entity,period,input,total,grade,ops");
  int edits = 0;
  while (std::getline(lines, line)) {
    ++edits;
    ASSERT_EQ(std::count(line.begin(), line.end(), ','), 5) << line;
  }
  EXPECT_EQ(edits, 10000);
}

TEST(WhatIfTest, BadEditsFailBeforeAnyIsApplied) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("rubric-bad-edits-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << "entity,period,input,value\nC0001,2024,p1_1_1,true\n"
                      << "C0001,2024,nope,1\nC0001,2024,p2_1_1,市级\n";
  const auto result = RunCommand(Quote(CliPath()) + " whatif " + testing::ConsortiumStandardArg() +
                                 " " + testing::CitiesArg() + " " + Quote(path));
  std::filesystem::remove(path);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_NE(result.err.find(":3: error: unknown input 'nope' [D0101]"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(":4: error: input 'p2_1_1': '市级' is not one of its options"),
            std::string::npos)
      << result.err;
}

TEST(WhatIfTest, RowOnlyEditRunsFourOps) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("rubric-one-edit-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << "entity,period,input,value\nC0001,2024,p1_1_1,false\n"
                      << "C0001,2024,p1_1_1,true\n";
  const auto result = RunCommand(Quote(CliPath()) + " whatif " + testing::ConsortiumStandardArg() +
                                 " " + testing::CitiesArg() + " " + Quote(path) + " --verify");
  std::filesystem::remove(path);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  // The value may already be `false` (then nothing changes, 0 ops); the flip back costs 4.
  EXPECT_TRUE(first.ends_with(",4") || first.ends_with(",0")) << first;
  EXPECT_TRUE(second.ends_with(",4") || second.ends_with(",0")) << second;
}

TEST(ExplainTest, TextAndJson) {
  const std::string base = Quote(CliPath()) + " explain " + testing::ConsortiumStandardArg() + " " +
                           testing::CitiesArg() + " --entity C0001 --period 2024";
  const auto text = RunCommand(base + " --node T8_2");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("T8_2 8.2 课程建设: "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("p8_2_2 8.2.2 联合开发课程数（门） = "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("cohort_rank: argument "), std::string::npos) << text.out;

  const auto whole = RunCommand(base);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_NE(whole.out.find("consortium 市域产教联合体建设标准（试行）: "), std::string::npos);
  EXPECT_NE(whole.out.find("veto T16_3 "), std::string::npos);

  const auto json = RunCommand(base + " --node I8 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["node"], "I8");
  EXPECT_EQ(doc["children"].size(), 5u);
  double sum = 0;
  for (const auto& child : doc["children"]) sum += child["earned"].get<double>();
  EXPECT_NEAR(sum, doc["earned"].get<double>(), 1e-12);

  EXPECT_EQ(RunCommand(base + " --node NOPE").exit_code, 1);
  EXPECT_EQ(RunCommand(Quote(CliPath()) + " explain " + testing::ConsortiumStandardArg() + " " +
                       testing::CitiesArg() + " --entity C0001 --period 1999")
                .exit_code,
            1);
  EXPECT_EQ(RunCommand(Quote(CliPath()) + " explain " + testing::ConsortiumStandardArg() + " " +
                       testing::CitiesArg())
                .exit_code,
            2);
}

// A dropped indicator's line says what became of its points, and that the row took no part
// in the cohort function over the missing input.
TEST(ExplainTest, DroppedIndicatorSaysWhatWasComputed) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = "rubric-explain-dropped-" + std::to_string(::getpid());
  const auto standard = dir / (stem + ".rubric");
  const auto data = dir / (stem + ".csv");
  std::ofstream(standard) << R"(standard s {
  input a : number missing exclude
  input b : number
  group g {
    indicator i1 points 4 { score cohort_minmax(a) }
    indicator i2 points 6 { score b }
    value i1 + i2
  }
}
)";
  std::ofstream(data) << "entity,period,a,b\nx,2024,,1\ny,2024,3,1\nz,2024,5,0\n";
  const auto result = RunCommand(Quote(CliPath()) + " explain " + Quote(standard) + " " +
                                 Quote(data) + " --entity x --period 2024 --node g");
  std::filesystem::remove(standard);
  std::filesystem::remove(data);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("i1: missing / 4 (score missing) (dropped: missing data; the value "
                            "rule of 'g' reads it as missing and does not redistribute points)"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("go to its siblings"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("cohort_minmax: this row takes no part (its argument is missing); "
                            "2 rows do"),
            std::string::npos)
      << result.out;
}

}  // namespace
}  // namespace rubric
