// The consortium variant that computes 2.1.2's rank within the province from the parks'
// output (examples/consortium/province_rank.rubric), against an independent computation:
// the ranks counted here, given to the bundled standard as its input p2_1_2b.
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rubric/data.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "test_support.h"

namespace rubric {
namespace {

Standard CompileOrDie(const std::string& path) {
  CompileResult result = Standard::CompileFile(path);
  EXPECT_TRUE(result.ok()) << path;
  return std::move(*result.standard);
}

TEST(ProvinceRankTest, ComputedRankScoresAsTheGivenRankWould) {
  const auto dir = testing::SourceDir() / "examples/consortium";
  const Standard variant = CompileOrDie((dir / "province_rank.rubric").string());
  const Standard base = CompileOrDie((dir / "standard.rubric").string());
  Session computed(variant);
  const std::string data = testing::ReadFileOrDie(dir / "province_rank.csv");
  ASSERT_TRUE(LoadCsv(computed, data, "province_rank.csv").ok());

  // The ranks, counted: 1 + the cities of the same province and year with a greater output.
  const std::size_t output = *variant.FindInput("p2_1_2a");
  const std::size_t province = *variant.FindInput("province");
  std::map<std::pair<std::int64_t, std::string>, std::vector<double>> outputs;
  for (std::size_t row = 0; row < computed.row_count(); ++row) {
    outputs[{computed.period(row), computed.text(row, province)}].push_back(
        computed.value(row, output));
  }
  ASSERT_EQ(outputs.size(), 9u);  // 3 provinces x 3 years

  // The bundled standard, given the same data (its own file: province_rank.csv is it with
  // the provinces instead of the given ranks) and the counted ranks as its input.
  Session given(base);
  ASSERT_TRUE(LoadCsv(given, testing::ReadFileOrDie(dir / "cities.csv"), "cities.csv").ok());
  const std::size_t rank_input = *base.FindInput("p2_1_2b");
  for (std::size_t row = 0; row < computed.row_count(); ++row) {
    const auto& cohort = outputs[{computed.period(row), computed.text(row, province)}];
    const double value = computed.value(row, output);
    double rank = 1;
    for (double other : cohort) rank += other > value ? 1 : 0;
    const std::size_t same = *given.FindRow(computed.entity(row), computed.period(row));
    ASSERT_TRUE(given.SetNumber(same, rank_input, rank).ok());
  }
  const std::size_t t2_1 = *variant.FindNode("T2_1");
  const std::size_t base_t2_1 = *base.FindNode("T2_1");
  for (std::size_t row = 0; row < computed.row_count(); ++row) {
    const std::size_t same = *given.FindRow(computed.entity(row), computed.period(row));
    EXPECT_NEAR(computed.node_value(row, t2_1), given.node_value(same, base_t2_1), 1e-12)
        << computed.entity(row) << " " << computed.period(row);
  }
}

}  // namespace
}  // namespace rubric
